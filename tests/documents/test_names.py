"""Display names from untrusted file names, and titles made from them."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woo.documents.names import MAX_NAME_LENGTH, sanitise_name, title_from_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("offerte.pdf", "offerte.pdf"),
        ("../../etc/passwd", "passwd"),
        ("/absolute/path/brief.pdf", "brief.pdf"),
        ("C:\\Users\\jan\\Documenten\\brief.pdf", "brief.pdf"),
        ("..", "naamloos"),
        ("....pdf", "pdf"),
        ("naam\x00met\nstuurtekens\x1b.pdf", "naam met stuurtekens.pdf"),
        ("  spaties   rond  .pdf ", "spaties rond.pdf"),
        (None, "naamloos"),
        ("", "naamloos"),
    ],
)
def test_sanitise_name(raw, expected):
    assert sanitise_name(raw) == expected


def test_long_names_are_shortened_and_keep_their_extension():
    name = sanitise_name("x" * 400 + ".pdf")
    assert len(name) <= MAX_NAME_LENGTH
    assert name.endswith(".pdf")


def test_a_latin1_or_cp1252_file_name_reads_as_written_and_utf8_stays_utf8():
    # A name from a Windows share or an old Unix system arrives as bytes that are not UTF-8.
    assert sanitise_name(b"caf\xe9 \x80 overleg.pdf".decode("utf-8", "surrogateescape")) == "café € overleg.pdf"
    assert sanitise_name("café.pdf".encode().decode("utf-8", "surrogateescape")) == "café.pdf"


def test_bytes_that_fit_no_encoding_become_replacement_characters():
    raw = b"brief-\x81.pdf".decode("utf-8", "surrogateescape")
    assert sanitise_name(raw) == "brief-\ufffd.pdf"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("offerte_bouwbedrijf-jansen.pdf", "Offerte bouwbedrijf jansen"),
        ("2025-03-14 brief.pdf", "2025-03-14 brief"),
        ("scan.PNG", "Scan"),
        ("zonder extensie", "Zonder extensie"),
    ],
)
def test_title_from_name(name, title):
    assert title_from_name(name) == title


@given(st.text(max_size=400))
def test_no_name_can_carry_a_path_or_control_characters(raw):
    name = sanitise_name(raw)
    assert name
    assert len(name) <= MAX_NAME_LENGTH
    assert "/" not in name and "\\" not in name and ".." not in name
    assert not any(unicodedata.category(ch).startswith("C") for ch in name.replace("\ufffd", ""))
