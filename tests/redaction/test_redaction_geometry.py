"""Boxes fit the words: on tightly set lines a box removes its own characters and none of a neighbouring line.

MuPDF removes every character whose (slightly shrunk) font box touches a redaction rectangle; with line
heights at or below the font size those boxes overlap the next line. The documents here are generated with
several fonts and sizes, lines set at 0.9 to 1.1 times the font size, a line of digits under a name, and the
characters outside the boxes are counted before and after with an extraction of their own.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from woo.letters.pdf import html_to_pdf
from woo.redaction import Category, ManualRedaction, Proposal, apply_redactions, redact_pdf
from woo.schemas.grounds import Ground

LINES = [
    "Datum: dinsdag 3 maart 2026",
    "Betreft: melding van Pieter de Vries",
    "1234567890 9876543210 1122334455",
    "Telefoon 0612345678 en BSN 111222333",
    "Geachte heer De Vries, met vriendelijke groet",
    "Mevrouw Fatima Yilmaz",
    "0612345678 3511 CE Utrecht",
    "jgjpqy Ééngezinswoning gÿpq",
]


def _base14(path: Path, font: str, size: float, line_height: float) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 80.0
    for line in LINES:
        page.insert_text((72, y), line, fontname=font, fontsize=size)
        y += size * line_height
    doc.save(path)
    return path


def _html(path: Path, family: str, size: float, line_height: float) -> Path:
    body = "".join(f"<p>{line}</p>" for line in LINES)
    path.write_bytes(html_to_pdf(
        f"<html><body style='font-family:{family};font-size:{size}pt;line-height:{line_height}'>"
        f"<style>p {{ margin: 0 }}</style>{body}</body></html>"))
    return path


def _chars(page: pymupdf.Page) -> list[tuple[int, tuple[float, float, float, float], bool]]:
    """(code point, box, is white) of every non-blank character drawn as text."""
    return [(c[0], c[3], tuple(span["color"]) == (1.0, 1.0, 1.0))
            for span in page.get_texttrace() for c in span["chars"] if not chr(c[0]).isspace()]


def lost_outside_boxes(src: Path, out: Path, boxes: list[tuple[int, tuple[float, float, float, float]]]) -> int:
    """Characters outside every box in ``src`` that ``out`` no longer has (a white ground code in a box aside)."""
    lost = 0
    with pymupdf.open(src) as before, pymupdf.open(out) as after:
        for i in range(before.page_count):
            rects = [pymupdf.Rect(r) for p, r in boxes if p == i]

            def inside(box: tuple[float, float, float, float], rects: list[pymupdf.Rect] = rects) -> bool:
                centre = pymupdf.Point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
                return any(centre in r for r in rects)

            kept = Counter(c for c, box, _ in _chars(before[i]) if not inside(box))
            now = Counter(c for c, box, white in _chars(after[i]) if not (white and inside(box)))
            lost += sum((kept - now).values())
    return lost


FONTS = (("base14", ("helv", "tiro", "cour", "hebo")), ("html", ("sans-serif", "serif", "monospace")))
CASES = [(kind, font, size, lh)
         for kind, fonts in FONTS for font in fonts for size in (8, 11, 14) for lh in (0.9, 1.0, 1.1)]


@pytest.mark.parametrize(("kind", "font", "size", "line_height"), CASES)
def test_tightly_set_lines_lose_no_character_outside_the_boxes(
        tmp_path: Path, kind: str, font: str, size: float, line_height: float) -> None:
    src = (_base14 if kind == "base14" else _html)(tmp_path / "tight.pdf", font, size, line_height)
    out = tmp_path / "out.pdf"
    result = redact_pdf(src, out)
    boxes = [(a.page, r) for a in result.redactions for r in a.rects]
    assert len(boxes) >= 6  # names, phone numbers, the BSN and the address were found and boxed
    assert lost_outside_boxes(src, out, boxes) == 0
    assert result.check.ok, result.check.problems
    assert result.check.checks["nothing_lost_outside_boxes"]
    with pymupdf.open(out) as doc:
        text = doc[0].get_text()
    assert "Datum: dinsdag 3 maart 2026" in text
    assert "1234567890 9876543210 1122334455" in text
    assert "111222333" not in text and "Pieter" not in text


def test_a_box_taller_than_its_line_fails_the_check_by_page_without_quoting(tmp_path: Path) -> None:
    src = _base14(tmp_path / "tight.pdf", "helv", 11, 1.0)
    with pymupdf.open(src) as doc:
        name = doc[0].search_for("Pieter de Vries")[0]
    # Deliberately oversized: from the line above to the line below the name.
    rect = (name.x0, name.y0 - 8, name.x1, name.y1 + 8)
    proposal = Proposal(id="x", page=0, rects=(rect,), text="Pieter de Vries", category=Category.PERSON_NAME,
                        ground=Ground.PRIVACY, confidence=1.0, reason="test", auto_accept=True)
    result = apply_redactions(src, tmp_path / "out.pdf", [proposal])
    assert not result.check.ok
    assert not result.check.checks["nothing_lost_outside_boxes"]
    lost = [p for p in result.check.problems if "verdwenen" in p]
    assert lost and lost[0].startswith("Op pagina 1 ")
    assert not any(word in " ".join(result.check.problems) for word in ("Datum", "maart", "1234567890", "Vries"))


def test_a_hand_drawn_rectangle_over_two_lines_only_takes_the_line_it_mostly_covers(tmp_path: Path) -> None:
    src = _base14(tmp_path / "tight.pdf", "tiro", 11, 1.0)
    with pymupdf.open(src) as doc:
        digits = doc[0].search_for("1234567890")[0]
    # A reviewer's rectangle that strays into the line above and below the line of digits.
    rect = (digits.x0 - 2, digits.y0 - 3, digits.x1 + 2, digits.y1 + 3)
    manual = ManualRedaction(page=0, rects=(rect,), ground=Ground.PRIVACY)
    result = apply_redactions(src, tmp_path / "out.pdf", [manual])
    assert result.check.ok, result.check.problems
    with pymupdf.open(tmp_path / "out.pdf") as doc:
        text = doc[0].get_text()
    assert "1234567890" not in text
    assert "Betreft: melding van Pieter de Vries" in text and "Telefoon 0612345678 en BSN 111222333" in text
