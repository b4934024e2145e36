"""Page text with the box of every character, so text offsets found by regexes become page rectangles.

Invisible text (an OCR layer, render mode 3) is included on purpose: it is extractable by anyone, so it is
searched and redacted like visible text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from woo.redaction.model import RectTuple

# Ligatures are expanded so "Griﬃoen" matches "Griffioen"; no clipping to the media box, because text outside
# the visible page is still extractable and must be found.
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE


@dataclass(slots=True)
class PageText:
    page: int
    text: str
    boxes: list[RectTuple | None]  # per character; None for the newlines we insert
    lines: list[int]  # per character: line number (to build one rectangle per line)

    def rects(self, start: int, end: int) -> tuple[RectTuple, ...]:
        """One rectangle per text line covering the non-blank characters in ``[start, end)``."""
        by_line: dict[int, list[float]] = {}
        for k in range(start, min(end, len(self.text))):
            box = self.boxes[k]
            if box is None or self.text[k].isspace():
                continue
            acc = by_line.get(self.lines[k])
            if acc is None:
                by_line[self.lines[k]] = list(box)
            else:
                acc[0] = min(acc[0], box[0])
                acc[1] = min(acc[1], box[1])
                acc[2] = max(acc[2], box[2])
                acc[3] = max(acc[3], box[3])
        return tuple((r[0], r[1], r[2], r[3]) for r in by_line.values())


def page_text(page: pymupdf.Page) -> PageText:
    chars: list[str] = []
    boxes: list[RectTuple | None] = []
    lines: list[int] = []
    line_no = 0
    raw = page.get_text("rawdict", flags=_FLAGS)
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            for span in line["spans"]:
                for ch in span["chars"]:
                    box: RectTuple = tuple(ch["bbox"])  # type: ignore[assignment]
                    # One glyph can stand for several characters (an expanded ligature): same box for each.
                    for c in ch["c"] or " ":
                        chars.append(" " if c in "\n\r" else c)
                        boxes.append(box)
                        lines.append(line_no)
            chars.append("\n")
            boxes.append(None)
            lines.append(line_no)
            line_no += 1
        chars.append("\n")
        boxes.append(None)
        lines.append(line_no)
    return PageText(page.number or 0, "".join(chars), boxes, lines)
