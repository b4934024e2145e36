"""Scans and images are read: personal data in pixels is found, its pixels are removed, and the saved file is
read again; a page that cannot be read with confidence is held for a person."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from stepping import run_now

from woo.demo.images import scanned_letter_png
from woo.redaction import redact_pdf, verify_redacted
from woo.redaction.ocr import ocr_page
from woo.redaction.verify import OcrRecheck

LETTER = """Rianne de Boer
Stationsplein 7
3511 CE Voorbeeldstad

Aan het college van burgemeester en wethouders
van de gemeente Voorbeeldstad

Betreft: overlast Stationsplein

Geacht college,

Sinds de proefboringen op het Stationsplein trilt mijn
huis. Ik vraag u om een oplossing.

U kunt mij bellen op 06-12345678.

Met vriendelijke groet,

Rianne de Boer"""


def _scan_pdf(path: Path, text: str = LETTER, *, dpi: int = 96, rotation: int = 0) -> Path:
    """A letter as a scanner delivers it (pixels only), turned into a PDF the way the intake does."""
    with pymupdf.open(stream=scanned_letter_png(text, dpi=dpi), filetype="png") as image:
        pdf = pymupdf.open("pdf", image.convert_to_pdf())
    if rotation:
        pdf[0].set_rotation(rotation)
    pdf.save(path)
    return path


def _image_text(path: Path) -> str:
    """What OCR reads in the page's image itself, as anyone extracting it from the file would see it."""
    with pymupdf.open(path) as doc:
        xref = doc[0].get_image_info(xrefs=True)[0]["xref"]
        pix = pymupdf.Pixmap(doc, xref)
        page_doc = pymupdf.open()
        page = page_doc.new_page(width=pix.width, height=pix.height)
        page.insert_image(page.rect, pixmap=pix)
        return ocr_page(page, dpi=72).text


@pytest.mark.parametrize("rotation", [0, 90])
def test_a_scanned_letter_is_read_redacted_in_its_pixels_and_checked_again(tmp_path: Path, rotation: int) -> None:
    src = _scan_pdf(tmp_path / "scan.pdf", rotation=rotation)
    out = tmp_path / "out.pdf"
    result = redact_pdf(src, out)
    categories = {r.category.value for r in result.redactions}
    assert {"phone", "address"} <= categories
    assert result.check.ok, result.check.problems
    assert result.check.checks["ocr_redacted"]
    left = _image_text(out)
    compact = "".join(left.split())
    assert "12345678" not in compact and "3511" not in compact and "Stationsplein7" not in compact
    assert "college" in left and "proefboringen" in left  # the rest of the letter stays readable


def test_a_scan_that_cannot_be_read_with_confidence_is_held_with_a_dutch_reason(tmp_path: Path) -> None:
    # Far too coarse to read: the same letter scanned at 30 dpi.
    src = _scan_pdf(tmp_path / "blurred.pdf", dpi=30)
    result = redact_pdf(src, tmp_path / "out.pdf")
    assert not result.check.ok
    assert result.check.checks["ocr_readable"] is False
    reasons = [p for p in result.check.problems if "een medewerker moet deze pagina beoordelen" in p]
    assert reasons and reasons[0].startswith("Pagina 1 ")


def test_a_page_without_any_readable_text_is_held_too(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, (0, 0, 300, 400), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    doc.save(tmp_path / "photo.pdf")
    result = redact_pdf(tmp_path / "photo.pdf", tmp_path / "out.pdf")
    assert not result.check.ok
    assert any("geen tekst kon worden gelezen" in p for p in result.check.problems)


def test_the_check_reads_under_the_black_boxes_and_fails_when_pixels_were_only_covered(tmp_path: Path) -> None:
    src = _scan_pdf(tmp_path / "scan.pdf")
    covered = tmp_path / "covered.pdf"
    with pymupdf.open(src) as doc:
        page = doc[0]
        words = [w for w in ocr_page(page).words if "12345678" in w.text]
        assert words
        rect = pymupdf.Rect(words[0].rect)
        # A fake redaction: a black rectangle drawn over the image, the pixels underneath left as they were.
        page.draw_rect(rect, color=None, fill=(0, 0, 0))
        doc.save(covered, garbage=4, deflate=True)
    check = verify_redacted(covered, ["12345678"], boxes=[(0, tuple(rect))],
                            ocr_rechecks={0: OcrRecheck(regions=(None,), strings=("12345678",), before_text="")})
    assert not check.ok
    assert not check.checks["ocr_redacted"]
    assert any("na tekstherkenning nog leesbaar" in p for p in check.problems)
    assert not any("12345678" in p for p in check.problems)


def test_a_screenshot_pasted_into_a_letter_is_read_and_redacted(tmp_path: Path) -> None:
    shot = scanned_letter_png("Van: Rianne de Boer\nE-mail: rianne.deboer@example.nl\nTelefoon: 06-12345678\n"
                              "Ik stuur u de foto's van de scheuren in mijn gevel.", dpi=150)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Memo aan het college over de klachten van bewoners over trillingen.", fontsize=11)
    page.insert_text((72, 90), "Hieronder de e-mail van een bewoner zoals die binnenkwam:", fontsize=11)
    page.insert_image(pymupdf.Rect(72, 100, 372, 525), stream=shot)
    page.insert_text((72, 560), "Het college wordt gevraagd hierover te besluiten.", fontsize=11)
    doc.save(tmp_path / "memo.pdf")
    out = tmp_path / "out.pdf"
    # As the flow does before review: identifiers are applied, the image itself waits for a person.
    result = redact_pdf(tmp_path / "memo.pdf", out, accept="auto")
    categories = {r.category.value for r in result.redactions}
    assert {"email", "phone"} <= categories
    assert result.check.ok, result.check.problems
    with pymupdf.open(out) as done:
        text = done[0].get_text()
    assert "Memo aan het college" in text and "Het college wordt gevraagd" in text
    compact = "".join(_image_text(out).split())
    assert "12345678" not in compact and "example.nl" not in compact


def test_text_drawn_as_outlines_is_read_like_a_scan(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Melding van de bewoner van Stationsplein 7, 3511 CE Utrecht.", fontsize=12)
    page.insert_text((72, 120), "Telefoon 06-12345678, bereikbaar op werkdagen.", fontsize=12)
    outlined = pymupdf.open(stream=page.get_svg_image(text_as_path=True).encode(), filetype="svg")
    pymupdf.open("pdf", outlined.convert_to_pdf()).save(tmp_path / "outlined.pdf")
    with pymupdf.open(tmp_path / "outlined.pdf") as src:
        assert not src[0].get_text().strip()  # no text layer at all
    out = tmp_path / "out.pdf"
    result = redact_pdf(tmp_path / "outlined.pdf", out, accept="auto")
    assert {"phone", "address"} <= {r.category.value for r in result.redactions}
    assert result.check.ok, result.check.problems
    with pymupdf.open(out) as done:
        left = "".join(ocr_page(done[0]).text.split())
    assert "12345678" not in left and "3511" not in left and "bereikbaar" in left


def test_an_unreadable_scan_page_that_is_withheld_entirely_is_not_held(tmp_path: Path) -> None:
    from woo.redaction import ManualRedaction, apply_redactions
    from woo.schemas.grounds import Ground

    src = _scan_pdf(tmp_path / "blurred.pdf", dpi=30)
    result = apply_redactions(src, tmp_path / "out.pdf", [ManualRedaction.page_withheld(0, Ground.PRIVACY)])
    assert result.check.ok, result.check.problems
    assert result.withheld_pages == [0]


def test_the_redact_step_holds_an_unreadable_scan_with_its_reason_on_the_document(woo_home: Path,
                                                                                   tmp_path: Path) -> None:
    from sqlalchemy import select

    from woo.process.redact import redact
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RequestRow

    readable, blurred = _scan_pdf(tmp_path / "scan.pdf"), _scan_pdf(tmp_path / "blurred.pdf", dpi=30)
    with session_scope() as s:
        s.add(RequestRow(id="wr-scan", intake_sha256="0" * 64, intake={}, status="in_progress"))
        s.flush()
        for number, pdf in ((1, readable), (2, blurred)):
            s.add(DocumentRow(request_id="wr-scan", number=number, source_path=str(pdf), display_name=pdf.name,
                              media_type="image/png", pages=1, title="Scan", pdf_path=str(pdf)))
    summary = run_now(redact, "wr-scan")
    assert summary.check_failed == 1
    with session_scope() as s:
        docs = {d.number: d for d in s.scalars(select(DocumentRow).where(DocumentRow.request_id == "wr-scan"))}
        assert docs[1].check_ok is True and docs[1].redacted_path
        assert docs[2].check_ok is False
        assert any(p.startswith("Pagina 1 ") and "een medewerker moet deze pagina beoordelen" in p
                   for p in docs[2].check_problems)


def _searchable_scan(path: Path, *, offset: float = 0.0) -> Path:
    """A scan with an invisible text layer, as scanners write it; ``offset`` misplaces the layer."""
    src = _scan_pdf(path.with_name("plain.pdf"))
    with pymupdf.open(src) as doc:
        page = doc[0]
        for w in ocr_page(page).words:
            r = pymupdf.Rect(w.rect)
            page.insert_text((r.x0, r.y1 + offset), w.text, fontsize=max(4.0, r.height), render_mode=3)
        doc.save(path)
    return path


def test_a_searchable_scan_is_checked_in_its_pixels_too(tmp_path: Path) -> None:
    good = redact_pdf(_searchable_scan(tmp_path / "searchable.pdf"), tmp_path / "out.pdf", accept="auto")
    assert "phone" in {r.category.value for r in good.redactions}
    assert good.check.ok, good.check.problems
    assert good.check.checks["ocr_redacted"]
    # The text layer sits 60 points below the pixels: the boxes follow the layer and miss the ink.
    bad = redact_pdf(_searchable_scan(tmp_path / "misplaced.pdf", offset=60), tmp_path / "out2.pdf", accept="auto")
    assert not bad.check.ok
    assert any("na tekstherkenning nog leesbaar" in p for p in bad.check.problems)


def test_a_box_that_covers_only_part_of_a_redacted_number_fails_the_check_word_by_word(tmp_path: Path) -> None:
    from woo.redaction import Category, Proposal, apply_redactions
    from woo.schemas.grounds import Ground

    src = _scan_pdf(tmp_path / "scan.pdf")
    with pymupdf.open(src) as doc:
        first = next(w for w in ocr_page(doc[0]).words if w.text.startswith("06"))
    x0, y0, x1, y1 = first.rect
    # Only the "06" at the start: the eight digits after it stay in the pixels.
    part = (x0 - 1, y0 - 1, x0 + (x1 - x0) * 0.2, y1 + 1)
    proposal = Proposal(id="p", page=0, rects=(part,), text="06-12345678", category=Category.PHONE,
                        ground=Ground.PRIVACY, confidence=1.0, reason="test", auto_accept=True)
    result = apply_redactions(src, tmp_path / "out.pdf", [proposal])
    assert not result.check.ok
    assert any("gelakt(e) woord(en) leesbaar" in p and p.startswith("Op pagina 1 ") for p in result.check.problems)
