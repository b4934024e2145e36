"""Small PNG images for the demo, drawn with PyMuPDF so the repository holds no binary files."""

from __future__ import annotations

import pymupdf

_PAPER = (0.96, 0.95, 0.91)
_INK = (0.12, 0.12, 0.2)


def scanned_letter_png(text: str, *, dpi: int = 96) -> bytes:
    """A short letter on A5 paper as a scanner would deliver it: only pixels, no text layer."""
    with pymupdf.open() as doc:
        page = doc.new_page(width=420, height=595)
        page.draw_rect(page.rect, color=None, fill=_PAPER)
        page.insert_textbox(pymupdf.Rect(40, 40, 385, 560), text, fontname="tiro", fontsize=10, color=_INK)
        png: bytes = page.get_pixmap(dpi=dpi).tobytes("png")
        return png


def site_sketch_png(caption: str, *, dpi: int = 72) -> bytes:
    """A rough site plan of the square, with labelled areas."""
    with pymupdf.open() as doc:
        page = doc.new_page(width=560, height=360)
        page.draw_rect(page.rect, color=None, fill=(1, 1, 1))
        areas = [
            ((30, 60, 250, 200), (0.80, 0.88, 0.95), "Busstation"),
            ((280, 60, 530, 150), (0.85, 0.93, 0.82), "Groen / plein"),
            ((280, 170, 530, 230), (0.95, 0.90, 0.75), "Fietsenstalling (nieuw)"),
            ((30, 250, 530, 320), (0.85, 0.85, 0.85), "Stationsweg"),
        ]
        for box, fill, label in areas:
            rect = pymupdf.Rect(*box)
            page.draw_rect(rect, color=(0.3, 0.3, 0.3), fill=fill, width=1)
            page.insert_textbox(
                pymupdf.Rect(rect.x0 + 6, rect.y0 + 6, rect.x1 - 6, rect.y1 - 6), label, fontname="helv", fontsize=11
            )
        page.draw_line((250, 130), (280, 130), color=(0.8, 0.1, 0.1), width=3)
        page.insert_text((30, 36), caption, fontname="helv", fontsize=12)
        png: bytes = page.get_pixmap(dpi=dpi).tobytes("png")
        return png
