"""The publication's ZIP is read by the privacy gate member by member, like every other published file."""

from __future__ import annotations

import io
import zipfile

from woo.privacy import Audience, Gate, KnownData, Outgoing, person_values

KNOWN = KnownData(values=tuple(person_values("requester", name="Jeroen Smit", email="j.smit@voorbeeld.nl",
                                             address=None, phone=None, requester=True)))


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def check(data: bytes):  # type: ignore[no-untyped-def]
    return Gate(KNOWN, Audience.public()).check("file:x.zip", [Outgoing("x.zip", data)])


def test_a_clean_zip_passes_and_a_leak_in_a_member_or_its_name_is_found() -> None:
    assert check(_zip({"inventaris.csv": b"nummer;omschrijving\r\n1;Offerte\r\n"})).passed
    leak = check(_zip({"inventaris.csv": b"1;Brief van Jeroen Smit\r\n"}))
    assert not leak.passed and {f.file for f in leak.findings} == {"x.zip, inventaris.csv"}
    named = check(_zip({"documenten/001-brief-jeroen-smit.txt": b"geen inhoud"}))
    assert not named.passed
    nested = check(_zip({"binnen.zip": _zip({"a.txt": b"mail j.smit@voorbeeld.nl"})}))
    assert not nested.passed


def test_a_zip_that_cannot_be_read_is_held() -> None:
    broken = check(b"PK\x03\x04 kapot")
    assert not broken.passed and [f.category.value for f in broken.findings] == ["unreadable_file"]
