"""A value wrapped over two lines is one proposal with two boxes: the store keeps both, so the gate knows both."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from sqlalchemy import select
from stepping import run_now

from woo.case import Repository
from woo.privacy import Audience, Gate, Outgoing, known_data


def _wrapped_name_letter(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Op 3 maart sprak de behandelaar met mevrouw Annelies", fontsize=11)
    page.insert_text((72, 114), "Verhoef-Brinkman over de aanvraag voor de subsidie.", fontsize=11)
    doc.save(path)
    return path


def _pdf_saying(text: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), text, fontsize=11)
    return doc.tobytes()


def test_both_lines_of_a_wrapped_name_are_known_to_the_gate(woo_home: Path, tmp_path: Path) -> None:
    from woo.process.redact import redact
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RedactionRow, RequestRow

    pdf = _wrapped_name_letter(tmp_path / "brief.pdf")
    with session_scope() as s:
        s.add(RequestRow(id="wr-wrap", intake_sha256="1" * 64, intake={}, status="in_progress"))
        s.flush()
        s.add(DocumentRow(request_id="wr-wrap", number=1, source_path=str(pdf), display_name="brief.pdf",
                          media_type="application/pdf", pages=1, title="Brief", pdf_path=str(pdf)))
    run_now(redact, "wr-wrap")
    with session_scope() as s:
        [row] = s.scalars(select(RedactionRow).where(RedactionRow.category == "person_name")).all()
        assert row.status == "applied" and row.rects is not None and len(row.rects) == 2
        known = known_data(Repository(s), "wr-wrap")
    gate = Gate(known, Audience.public())
    # Only the second line's part leaking elsewhere is still a leak the gate must see.
    check = gate.check("elders.pdf", [Outgoing("elders.pdf", _pdf_saying("Gesprek met Verhoef-Brinkman."))])
    assert not check.passed
