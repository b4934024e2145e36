"""The check reads only the pages it must with PDFium, renders each page once, and still misses nothing."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from redaction_pdfs import text_pdf

from woo.redaction import redact_pdf, verify_redacted
from woo.redaction.verify import glyph_trace, page_texts

BSN = "123456782"


def _pages_pdf(path: Path, pages: list[list[tuple[tuple[float, float], str]]]) -> Path:
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page()
        for point, line in lines:
            page.insert_text(point, line, fontsize=11)
    doc.save(path)
    return path


def test_a_redacted_string_that_moved_to_a_page_without_boxes_is_caught_by_both_parsers(tmp_path: Path) -> None:
    before = _pages_pdf(tmp_path / "in.pdf", [[((72, 100), f"Uw BSN is {BSN}.")], [((72, 100), "Tweede pagina.")]])
    # As if the renderer had put the redacted number on page 2 while removing it from page 1.
    after = _pages_pdf(tmp_path / "out.pdf", [[((72, 100), "Uw BSN is .")],
                                              [((72, 100), f"Tweede pagina. {BSN}")]])
    check = _check_against(before, after, [BSN], [(0, (120, 88, 200, 104))])
    assert not check.checks["pymupdf_text"]
    assert not check.checks["pdfium_text"]  # PDFium read page 2 as well, though it carries no box


def _check_against(before: Path, after: Path, strings: list[str], boxes: list[tuple[int, tuple]]):
    doc = pymupdf.open(before)
    boxed = {page_no for page_no, _ in boxes}
    traces = {i: glyph_trace(doc[i]) for i in range(doc.page_count) if i not in boxed}
    return verify_redacted(after, strings, boxes=boxes, baseline_pages=page_texts(doc), baseline_traces=traces)


def test_the_same_words_left_on_an_untouched_page_do_not_fail_the_check(tmp_path: Path) -> None:
    before = _pages_pdf(tmp_path / "in.pdf", [[((72, 100), f"Melding van Jansen, BSN {BSN}.")],
                                              [((72, 100), "Bouwbedrijf Jansen levert.")]])
    after = _pages_pdf(tmp_path / "out.pdf", [[((72, 100), "Melding van , BSN .")],
                                              [((72, 100), "Bouwbedrijf Jansen levert.")]])
    check = _check_against(before, after, ["Jansen", BSN], [(0, (130, 88, 170, 104)), (0, (200, 88, 270, 104))])
    assert check.checks["pymupdf_text"] and check.checks["pdfium_text"], check.problems


def test_a_string_moved_outside_the_visible_part_of_a_page_without_boxes_is_caught_by_pdfium(tmp_path: Path) -> None:
    # MuPDF's text extraction does not see text outside the page; its glyph trace does, so PDFium reads it.
    before = _pages_pdf(tmp_path / "in.pdf", [[((72, 100), f"Uw BSN is {BSN}.")], [((72, 100), "Tweede pagina.")]])
    after = _pages_pdf(tmp_path / "out.pdf", [[((72, 100), "Uw BSN is .")],
                                              [((72, 100), "Tweede pagina."), ((-400, 100), BSN)]])
    check = _check_against(before, after, [BSN], [(0, (120, 88, 200, 104))])
    assert check.checks["pymupdf_text"]  # MuPDF alone would have passed this file
    assert not check.checks["pdfium_text"]


def test_every_box_on_the_page_gets_the_label_of_its_ground(tmp_path: Path) -> None:
    src = text_pdf(tmp_path / "in.pdf", [f"BSN {BSN} en e-mail a.jansen@example.nl."])
    out = tmp_path / "out.pdf"
    result = redact_pdf(src, out)
    assert result.check.ok, result.check.problems
    words = [w[4] for w in pymupdf.open(out)[0].get_text("words")]
    assert words.count("5.1.1e") == 1 and words.count("5.1.2e") == 1


@pytest.mark.parametrize("rotation", [0, 90])
def test_each_box_on_one_rendered_page_is_judged_on_its_own_pixels(tmp_path: Path, rotation: int) -> None:
    path = tmp_path / "boxes.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(rotation)
    black, red, blank = (72, 100, 200, 120), (72, 200, 200, 220), (72, 300, 200, 320)
    page.draw_rect(pymupdf.Rect(black), color=(0, 0, 0), fill=(0, 0, 0))
    page.draw_rect(pymupdf.Rect(red), color=(1, 0, 0), fill=(1, 0, 0))
    doc.save(path)

    assert verify_redacted(path, [], boxes=[(0, black)]).checks["boxes_black"]
    check = verify_redacted(path, [], boxes=[(0, black), (0, red), (0, blank)])
    assert not check.checks["boxes_black"]
    assert sum("bevat kleur" in p for p in check.problems) == 1
    assert sum("niet egaal zwart" in p for p in check.problems) == 1


def test_a_form_field_without_a_widget_on_any_page_fails_the_check(tmp_path: Path) -> None:
    # The field's value is only in the form, not on a page: no widget count and no page text sees it.
    path = tmp_path / "form.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Aanvraagformulier", fontsize=11)
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "aanvrager"
    widget.field_value = f"BSN {BSN}"
    widget.rect = pymupdf.Rect(72, 100, 300, 120)
    page.add_widget(widget)
    doc.xref_set_key(page.xref, "Annots", "null")
    doc.save(path)

    check = verify_redacted(path, [])
    assert check.checks["no_annotations"], check.problems
    assert not check.checks["no_form"]
    assert not check.ok


def test_a_file_the_independent_parser_cannot_read_fails_the_check(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import woo.redaction.verify as verify

    def refuse(path: object) -> None:
        raise verify.pdfium.PdfiumError("cannot open")

    monkeypatch.setattr(verify.pdfium, "PdfDocument", refuse)
    check = verify_redacted(text_pdf(tmp_path / "plain.pdf", ["Niets gelakt."]), [BSN])
    assert not check.checks["pdfium_text"] and not check.ok
    assert any("PDFium" in p for p in check.problems)
