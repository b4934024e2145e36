"""OCR reads scanned pages with positions in the page's own space, also on rotated pages."""

from __future__ import annotations

import pymupdf
import pytest

from woo.redaction.ocr import needs_ocr, ocr_page


def _scan(rotation: int) -> pymupdf.Page:
    src = pymupdf.open()
    page = src.new_page()
    page.insert_text((72, 100), "Rianne de Boer", fontsize=12)
    page.insert_text((72, 118), "Stationsplein 7, 3511 CE Utrecht", fontsize=12)
    pix = page.get_pixmap(dpi=150)
    scan = pymupdf.open()
    out = scan.new_page(width=page.rect.width, height=page.rect.height)
    out.insert_image(out.rect, pixmap=pix)
    out.set_rotation(rotation)
    return out


@pytest.mark.parametrize("rotation", [0, 90])
def test_a_scanned_page_is_read_with_word_positions_where_the_text_was(rotation: int) -> None:
    page = _scan(rotation)
    assert needs_ocr(page)
    result = ocr_page(page)
    assert "Rianne de Boer" in result.text
    assert "3511 CE" in result.text
    assert result.confident
    first = next(w for w in result.words if w.text == "Rianne")
    assert first.rect[0] == pytest.approx(72, abs=3) and first.rect[3] == pytest.approx(100, abs=3)


def test_a_born_digital_page_needs_no_ocr() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Een gewone brief met een tekstlaag van voldoende lengte.", fontsize=12)
    assert not needs_ocr(page)
