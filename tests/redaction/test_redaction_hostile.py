"""Leak tests: hostile inputs must come out clean, checked with PyMuPDF and pypdf on the saved file."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pypdf
import pytest
from redaction_pdfs import assert_absent, assert_present, raw_streams, text_pdf

from woo.redaction import redact_pdf

BSN = "123456782"


def _redact(src: Path, tmp_path: Path):
    out = tmp_path / "out.pdf"
    result = redact_pdf(src, out)
    assert result.check.ok, result.check.problems
    assert pymupdf.open(out).version_count == 1
    return out, result


def test_text_under_a_drawn_black_box_is_removed(tmp_path: Path) -> None:
    src = tmp_path / "overlay.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), f"Betrokkene mevrouw Fatima Bulut, BSN {BSN}.", fontsize=11)
    page.draw_rect(pymupdf.Rect(60, 85, 400, 106), color=(0, 0, 0), fill=(0, 0, 0))  # "redacted" by hiding
    doc.save(src)
    out, _ = _redact(src, tmp_path)
    assert_absent(out, BSN, "Bulut")


def test_invisible_ocr_text_is_redacted_and_the_rest_stays_searchable(tmp_path: Path) -> None:
    src = tmp_path / "ocr.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), f"Geachte heer Pietersen, uw BSN is {BSN}.", fontsize=11, render_mode=3)
    page.insert_text((72, 130), "Deze scan blijft doorzoekbaar.", fontsize=11, render_mode=3)
    doc.save(src)
    out, _ = _redact(src, tmp_path)
    assert_absent(out, BSN, "Pietersen")
    assert_present(out, "Deze scan blijft doorzoekbaar.")


def test_rotated_page_is_redacted_in_the_right_place(tmp_path: Path) -> None:
    src = text_pdf(tmp_path / "rotated.pdf", [f"Bezwaar van Jan Jansen met BSN {BSN} ontvangen."], rotation=90)
    out, result = _redact(src, tmp_path)
    assert_absent(out, BSN, "Jansen")
    assert_present(out, "Bezwaar van")
    assert result.check.checks["boxes_black"]
    assert pymupdf.open(out)[0].rotation == 90


def test_form_field_and_sticky_note_with_personal_data_are_gone(tmp_path: Path) -> None:
    src = tmp_path / "form.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Aanvraagformulier", fontsize=11)
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "aanvrager"
    widget.field_value = f"BSN {BSN}"
    widget.rect = pymupdf.Rect(72, 100, 300, 120)
    page.add_widget(widget)
    note = page.add_text_annot((400, 100), "Bel Karin Smit terug op 06-12345678")
    note.update()
    doc.save(src)
    out, _ = _redact(src, tmp_path)
    assert_absent(out, BSN, "Karin Smit", "06-12345678")
    reader = pypdf.PdfReader(out)
    assert not reader.get_fields()
    assert not reader.pages[0].get("/Annots")
    assert_present(out, "Aanvraagformulier")


def test_metadata_xmp_and_embedded_files_are_removed(tmp_path: Path) -> None:
    src = text_pdf(tmp_path / "meta.pdf", ["Verslag van het overleg."])
    doc = pymupdf.open(src)
    doc.set_metadata({"author": "Anouk Verbeek", "title": "Notitie Anouk Verbeek", "subject": "Anouk Verbeek"})
    doc.set_xml_metadata('<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Anouk Verbeek</dc:creator></x:xmpmeta>')
    doc.embfile_add("persoonsgegevens.txt", f"Anouk Verbeek BSN {BSN}".encode(), filename="persoonsgegevens.txt")
    doc.save(tmp_path / "meta2.pdf")
    out, result = _redact(tmp_path / "meta2.pdf", tmp_path)
    assert_absent(out, "Anouk Verbeek", "Verbeek", BSN, "persoonsgegevens.txt")
    saved = pymupdf.open(out)
    assert saved.embfile_count() == 0
    assert not saved.get_xml_metadata()
    assert not pypdf.PdfReader(out).attachments
    assert result.check.checks["no_metadata"] and result.check.checks["no_xmp"]


def test_page_level_xmp_and_a_script_referenced_from_the_page_are_emptied(tmp_path: Path) -> None:
    # Objects the engine keeps (the page itself) may point at an XMP packet or a JavaScript action under a key
    # no rule names: the object pass empties them, so garbage collection alone is not relied on.
    src = text_pdf(tmp_path / "page-meta.pdf", ["Verslag van het overleg."])
    doc = pymupdf.open(src)
    page = doc[0]
    xmp = doc.get_new_xref()
    doc.update_object(xmp, "<</Type/Metadata/Subtype/XML>>")
    doc.update_stream(xmp, b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Anouk Verbeek</dc:creator></x:xmpmeta>',
                      new=True)
    doc.xref_set_key(page.xref, "Metadata", f"{xmp} 0 R")
    script = doc.get_new_xref()
    doc.update_object(script, "<</S/JavaScript/JS(app.alert('Bel Karin Smit'))>>")
    doc.xref_set_key(page.xref, "WooTest", f"{script} 0 R")
    doc.save(tmp_path / "page-meta2.pdf")
    out, _ = _redact(tmp_path / "page-meta2.pdf", tmp_path)
    assert_absent(out, "Anouk Verbeek", "Karin Smit", "app.alert")
    assert_present(out, "Verslag van het overleg.")


def test_earlier_revision_hidden_by_an_incremental_update_does_not_survive(tmp_path: Path) -> None:
    src = text_pdf(tmp_path / "rev.pdf", ["Melding van Sjoerd Hoekstra over geluidsoverlast.", "Tweede regel."])
    doc = pymupdf.open(src)
    page = doc[0]
    # A careless earlier "redaction": the new revision removes the name, the old revision still holds it.
    page.add_redact_annot(page.search_for("Sjoerd Hoekstra")[0])
    page.apply_redactions()
    doc.save(src, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    doc.close()
    assert pymupdf.open(src).version_count == 2
    raw = raw_streams(src)
    assert b"Hoekstra".hex().encode() in raw.lower() or b"Hoekstra" in raw  # the old revision really is still there
    out, _ = _redact(src, tmp_path)
    assert_absent(out, "Hoekstra")
    assert_present(out, "Tweede regel.")


@pytest.mark.parametrize("needle", [BSN, "1234.56.782"])
def test_checker_finds_text_that_was_not_removed(tmp_path: Path, needle: str) -> None:
    from woo.redaction import verify_redacted

    src = text_pdf(tmp_path / "leak.pdf", [f"Nummer {needle} staat er nog."])
    result = verify_redacted(src, [needle])
    assert not result.ok
    assert not result.checks["pymupdf_text"] and not result.checks["pdfium_text"]
    assert all(needle not in p for p in result.problems)  # problems never repeat the redacted text
