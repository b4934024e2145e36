"""Boxes land where the redacted text was, on rotated pages and pages whose crop box is not the media box.

The engine places MuPDF's redaction marks itself (not through ``Page.add_redact_annot``), in the page's displayed
space; these pages check the mapping independently: the text under the box is gone, the neighbouring line stays,
and a render of the saved page is black where the text stood.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from woo.redaction import redact_pdf

BSN = "123456782"


def _page(path: Path, rotation: int, cropped: bool) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((90, 150), f"Bezwaar van Jan Jansen met BSN {BSN} ontvangen.", fontsize=11)
    page.insert_text((90, 170), "Tweede regel blijft gewoon staan.", fontsize=11)
    if cropped:
        page.set_cropbox(pymupdf.Rect(30, 40, 580, 760))
    page.set_rotation(rotation)
    doc.save(path)
    return path


@pytest.mark.parametrize("cropped", [False, True])
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_box_covers_the_redacted_text_and_nothing_else(tmp_path: Path, rotation: int, cropped: bool) -> None:
    src = _page(tmp_path / "in.pdf", rotation, cropped)
    with pymupdf.open(src) as doc:
        where = doc[0].search_for(BSN)[0]  # unrotated page space, as redaction boxes
    out = tmp_path / "out.pdf"
    result = redact_pdf(src, out)
    assert result.check.ok, result.check.problems
    assert result.check.checks["boxes_black"] and result.check.checks["nothing_lost_outside_boxes"]
    with pymupdf.open(out) as doc:
        page = doc[0]
        assert page.rotation == rotation
        text = " ".join(page.get_text().split())
        assert BSN not in text and "Tweede regel blijft gewoon staan." in text and "Bezwaar van" in text
        assert not list(page.annots())  # the marks are gone with what they covered
        centre = (pymupdf.Point((where.x0 + where.x1) / 2, (where.y0 + where.y1) / 2) * page.rotation_matrix)
        pix = page.get_pixmap(colorspace=pymupdf.csRGB, alpha=False)
        assert max(pix.pixel(int(centre.x), int(centre.y))) < 64  # black where the number stood
        below = pymupdf.Point(centre.x, centre.y) + (pymupdf.Point(0, 40) * pymupdf.Matrix(rotation))
        assert min(pix.pixel(int(below.x), int(below.y))) > 192  # white paper a few lines further on
