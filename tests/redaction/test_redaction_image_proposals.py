"""Images under a letter's closing are proposed as a possible signature, drawn as an image object or inline.

Detection reads where a page draws images in the same pass as its text when the page lists no image objects
(then only inline images can be drawn); a page that lists image objects is asked separately. Both must find
the signature.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from woo.redaction import Category, propose_redactions

CLOSING = "Met vriendelijke groet,"


def _letter(path: Path, *, signature: str | None) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()  # A4: 595 x 842
    page.insert_text((72, 100), "Geacht college, hierbij mijn bezwaar.", fontsize=11)
    page.insert_text((72, 130), CLOSING, fontsize=11)
    if signature == "object":
        pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 40, 16), False)
        pix.clear_with(90)
        page.insert_image(pymupdf.Rect(72, 150, 192, 190), pixmap=pix)
    elif signature == "inline":
        # q  w 0 0 h x y cm  BI ... ID <pixels> EI  Q, in PDF space (bottom-up): top-down y 150..190.
        pixels = bytes([0, 64, 128, 255] * 8)
        content = (b"q 120 0 0 40 72 652 cm BI /W 8 /H 4 /CS /G /BPC 8 ID " + pixels + b"\nEI Q\n")
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, content, new=True)
        contents = page.get_contents()
        doc.xref_set_key(page.xref, "Contents", "[" + " ".join(f"{x} 0 R" for x in [*contents, xref]) + "]")
    doc.save(path)
    return path


def _signatures(path: Path) -> list[tuple[float, float, float, float]]:
    return [p.rects[0] for p in propose_redactions(path) if p.category is Category.IMAGE and p.confidence >= 0.6]


def test_an_image_object_under_the_closing_is_proposed_as_a_signature(tmp_path: Path) -> None:
    src = _letter(tmp_path / "object.pdf", signature="object")
    with pymupdf.open(src) as doc:
        assert doc[0].get_images()
    [box] = _signatures(src)
    assert abs(box[1] - 150) < 1 and abs(box[3] - 190) < 1


def test_an_inline_image_under_the_closing_is_proposed_as_a_signature(tmp_path: Path) -> None:
    src = _letter(tmp_path / "inline.pdf", signature="inline")
    with pymupdf.open(src) as doc:
        assert not doc[0].get_images()  # nothing listed: found in the text pass
    [box] = _signatures(src)
    assert abs(box[1] - 150) < 1 and abs(box[3] - 190) < 1 and abs(box[0] - 72) < 1


def test_a_letter_without_images_gets_no_image_proposal(tmp_path: Path) -> None:
    src = _letter(tmp_path / "plain.pdf", signature=None)
    assert not [p for p in propose_redactions(src) if p.category is Category.IMAGE]
