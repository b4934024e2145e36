"""Unusable inputs get a specific exception with a Dutch message naming the file; others are unaffected."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from redaction_pdfs import text_pdf

from woo.redaction import (
    CorruptPdfError,
    DocumentFailure,
    EncryptedPdfError,
    NotAPdfError,
    RedactionJob,
    RedactionResult,
    propose_redactions,
    redact_many,
    redact_pdf,
)


def _encrypted(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "Geheim", fontsize=11)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="geheim", owner_pw="eigenaar")
    return path


def test_password_protected_pdf_is_refused_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(EncryptedPdfError, match="versleuteld met een wachtwoord; lakken is niet mogelijk"):
        redact_pdf(_encrypted(tmp_path / "slot.pdf"), tmp_path / "out.pdf")


def test_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "brief.pdf"
    src.write_bytes(b"PK\x03\x04 this is a zip archive renamed to pdf")
    with pytest.raises(NotAPdfError, match=r"brief\.pdf is geen PDF-bestand"):
        propose_redactions(src)


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "kapot.pdf"
    src.write_bytes(b"%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> garbage garbage\n%%EOF")
    with pytest.raises(CorruptPdfError, match=r"kapot\.pdf"):
        redact_pdf(src, tmp_path / "out.pdf")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(Exception, match=r"weg\.pdf bestaat niet"):
        redact_pdf(tmp_path / "weg.pdf", tmp_path / "out.pdf")


def test_one_bad_document_does_not_stop_the_dossier(tmp_path: Path) -> None:
    good = text_pdf(tmp_path / "goed.pdf", ["Geachte heer Jansen, uw BSN is 123456782."])
    bad = _encrypted(tmp_path / "slot.pdf")
    report = redact_many(
        [RedactionJob(str(bad), str(tmp_path / "o1.pdf")), RedactionJob(str(good), str(tmp_path / "o2.pdf"))],
        workers=2,
    )
    first, second = report.documents
    assert isinstance(first, DocumentFailure) and "versleuteld" in first.error
    assert isinstance(second, RedactionResult) and second.check.ok
    assert report.blocked == ["slot.pdf"]
    assert report.counts_by_ground == {"5.1.1e": 1, "5.1.2e": 1}


def test_officials_file_with_people_and_variants_keeps_their_names(tmp_path):
    from woo.redaction import load_officials

    f = tmp_path / "officials.yaml"
    f.write_text("officials:\n  - name: Karin Hoekstra\n    function: wethouder\n    variants: [K. Hoekstra]\n",
                 encoding="utf-8")
    officials = load_officials(f)
    assert officials.is_official_name("K. Hoekstra") and officials.is_official_name("Karin Hoekstra")
    assert not officials.is_official_name("Pieter Jansen")
