"""Page text with the box of every character, so text offsets found by regexes become page rectangles.

Invisible text (an OCR layer, render mode 3) is included on purpose: it is extractable by anyone, so it is
searched and redacted like visible text. A page without a usable text layer (a scan), and a large image without
text over it on a page that has text (a pasted screenshot), is read with OCR (:mod:`woo.redaction.ocr`); the
recognised words are appended as extra lines, each character carrying its word's box, so detection sees them
like any other text and the boxes land on the pixels.

**Box geometry.** MuPDF removes a character when its box, shrunk by a tenth of its width and height, touches a
redaction rectangle at all (``pdf_redact_text_filter``). That box runs from the font's descender to its ascender
over the glyph's advance, the same box structured text gives each character, so on tightly set lines it overlaps
the lines above and below. :meth:`PageText.rects` therefore narrows each rectangle, top and bottom (or at the
sides), until no character that is not being redacted touches it by that rule, and never so far that it stops
touching a character it must remove.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

import pymupdf

from woo.redaction.model import RectTuple
from woo.redaction.ocr import OcrPage, OcrRegion, OcrUnavailable, read_page

# Ligatures are expanded so "Griﬃoen" matches "Griffioen"; no clipping to the media box, because text outside
# the visible page is still extractable and must be found.
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE
_SHRINK = 0.1  # MuPDF shrinks a glyph's box by this share of its width and height before testing it
_GAP = 0.05  # points kept between a rectangle and a glyph it must not take; touching already counts
_OCR_PAD = 0.15  # OCR boxes hug the ink; pad by this share of the word height so edge pixels go too


def removal_box(box: RectTuple) -> RectTuple:
    """The part of a character box that MuPDF tests against redaction rectangles."""
    dx = (box[2] - box[0]) * _SHRINK
    dy = (box[3] - box[1]) * _SHRINK
    return (box[0] + dx, box[1] + dy, box[2] - dx, box[3] - dy)


def _touches(a: RectTuple, b: RectTuple) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


@dataclass(slots=True)
class PageText:
    page: int
    text: str
    boxes: list[RectTuple | None]  # per character; None for the newlines we insert
    lines: list[int]  # per character: line number (to build one rectangle per line)
    # Per line: its [start, end) in ``text`` and the union of its characters' boxes.
    line_spans: list[tuple[int, int]] = field(default_factory=list)
    line_boxes: list[RectTuple | None] = field(default_factory=list)
    ocr_lines: set[int] = field(default_factory=set)  # lines read by OCR: pixels, not text objects
    ocr: list[OcrRegion] = field(default_factory=list)  # what OCR read on this page
    # Where the page draws images, read in the same pass as the text; None when the page lists image objects
    # (then asked separately, so their pixels are not copied out with the text).
    image_boxes: list[RectTuple] | None = None
    # Text lines sorted by the top of their box, with the tallest line's height: finds the lines near a box
    # without testing every line of the page (built on first use).
    _tops: list[float] = field(default_factory=list)
    _by_top: list[int] = field(default_factory=list)
    _tallest: float = 0.0

    def rects(self, start: int, end: int) -> tuple[RectTuple, ...]:
        """One rectangle per text line covering the non-blank characters in ``[start, end)``, fitted so that it
        removes those characters and no other (see the module docstring)."""
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
        if not self.line_spans:  # built by hand (tests): no neighbours known
            return tuple((r[0], r[1], r[2], r[3]) for r in by_line.values())
        return tuple(self._fit(line, (r[0], r[1], r[2], r[3]), start, end) for line, r in by_line.items())

    def fit_area(self, rect: RectTuple) -> RectTuple:
        """A rectangle marked by hand, narrowed so it takes no character whose centre lies outside it."""
        inside: set[int] = set()
        own: list[RectTuple] = []
        for k, box in enumerate(self.boxes):
            if box is None or self.text[k].isspace() or self.lines[k] in self.ocr_lines:
                continue
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            if rect[0] <= cx <= rect[2] and rect[1] <= cy <= rect[3]:
                inside.add(k)
                own.append(removal_box(box))
        return self._clear(rect, inside.__contains__, own)

    def _fit(self, line: int, rect: RectTuple, start: int, end: int) -> RectTuple:
        def is_own(k: int) -> bool:
            return start <= k < end

        if line in self.ocr_lines:
            return self._clear(self._pad_ocr(line, rect), is_own, [])
        line_start, line_end = self.line_spans[line]
        own = [removal_box(b) for k in range(max(start, line_start), min(end, line_end))
               if (b := self.boxes[k]) is not None and not self.text[k].isspace()]
        return self._clear(rect, is_own, own) if own else rect

    def _lines_near(self, y0: float, y1: float) -> list[int]:
        """Lines whose box may reach into the band ``[y0, y1]``."""
        if not self._by_top and self.line_boxes:
            order = sorted((b[1], i) for i, b in enumerate(self.line_boxes) if b is not None)
            self._tops = [top for top, _ in order]
            self._by_top = [i for _, i in order]
            self._tallest = max((b[3] - b[1] for b in self.line_boxes if b is not None), default=0.0)
        lo = bisect.bisect_left(self._tops, y0 - self._tallest)
        hi = bisect.bisect_right(self._tops, y1)
        return self._by_top[lo:hi]

    def _pad_ocr(self, line: int, rect: RectTuple) -> RectTuple:
        """OCR boxes hug the ink: pad them, but not into the ink of a neighbouring OCR line."""
        pad = _OCR_PAD * (rect[3] - rect[1])
        x0, y0, x1, y1 = rect[0] - pad, rect[1] - pad, rect[2] + pad, rect[3] + pad
        for other in self.ocr_lines:
            ob = self.line_boxes[other]
            if other == line or ob is None or not _touches(ob, (x0, y0, x1, y1)):
                continue
            if (ob[1] + ob[3]) / 2 < (rect[1] + rect[3]) / 2:
                y0 = min(max(y0, ob[3]), rect[1])
            else:
                y1 = max(min(y1, ob[1]), rect[3])
        return (x0, y0, x1, y1)

    def _clear(self, rect: RectTuple, is_own: Callable[[int], bool], own: list[RectTuple]) -> RectTuple:
        """Narrow ``rect`` until no text character that is not ``is_own`` touches it by MuPDF's rule, keeping
        it on every box in ``own`` (the removal boxes of the characters it must take)."""
        x0, y0, x1, y1 = rect
        band0 = min(b[1] for b in own) if own else y0
        band1 = max(b[3] for b in own) if own else y1
        mid_y = (band0 + band1) / 2
        mid_x = (x0 + x1) / 2
        for other in self._lines_near(y0, y1):
            ob = self.line_boxes[other]
            if ob is None or other in self.ocr_lines or not _touches(ob, (x0, y0, x1, y1)):
                continue
            o_start, o_end = self.line_spans[other]
            for k in range(o_start, o_end):
                box = self.boxes[k]
                # The removal box lies inside the character box: most characters are ruled out without it.
                if box is None or box[2] < x0 or box[0] > x1 or box[3] < y0 or box[1] > y1:
                    continue
                if is_own(k) or self.text[k].isspace():
                    continue
                rb = removal_box(box)
                if not _touches(rb, (x0, y0, x1, y1)):
                    continue
                centre_y = (rb[1] + rb[3]) / 2
                if band0 <= centre_y <= band1:  # beside the rectangle on its own line (or level with it)
                    if (rb[0] + rb[2]) / 2 < mid_x:
                        x0 = rb[2] + _GAP
                    else:
                        x1 = rb[0] - _GAP
                elif centre_y < mid_y:
                    y0 = rb[3] + _GAP
                else:
                    y1 = rb[1] - _GAP
        if own and (x1 <= x0 or y1 <= y0 or any(not _touches(b, (x0, y0, x1, y1)) for b in own)):
            # The neighbours leave no room (lines set on top of each other): a thin strip through the own
            # characters removes them; the check on the saved file reports what else went.
            mid = (max(b[1] for b in own) + min(b[3] for b in own)) / 2
            return (rect[0], mid - 0.25, rect[2], mid + 0.25)
        if x1 <= x0 or y1 <= y0:
            return rect
        return (x0, y0, x1, y1)


def page_text(page: pymupdf.Page, *, ocr: bool = True) -> PageText:
    """The page's text and character boxes; with ``ocr``, what OCR reads on it is appended."""
    chars: list[str] = []
    boxes: list[RectTuple | None] = []
    lines: list[int] = []
    spans: list[tuple[int, int]] = []
    line_boxes: list[RectTuple | None] = []
    line_no = 0
    # A page that lists no image objects can draw at most inline images (small by nature) or images inside a
    # pattern: keeping those in the text page costs next to nothing and spares detection a second pass over the
    # page to find them (``get_image_info`` is that pass).
    listed_images = bool(page.get_images(full=True))
    textpage = page.get_textpage(flags=_FLAGS if listed_images else _FLAGS | pymupdf.TEXT_PRESERVE_IMAGES)
    raw = page.get_text("rawdict", textpage=textpage)
    image_boxes = None if listed_images else [tuple(info["bbox"]) for info in textpage.extractIMGINFO()]
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            first = len(chars)
            for span in line["spans"]:
                for ch in span["chars"]:
                    box: RectTuple = tuple(ch["bbox"])
                    # One glyph can stand for several characters (an expanded ligature): same box for each.
                    for c in ch["c"] or " ":
                        chars.append(" " if c in "\n\r" else c)
                        boxes.append(box)
                        lines.append(line_no)
            spans.append((first, len(chars)))
            line_boxes.append(tuple(line["bbox"]))
            chars.append("\n")
            boxes.append(None)
            lines.append(line_no)
            line_no += 1
        chars.append("\n")
        boxes.append(None)
        lines.append(line_no)
    pt = PageText(page.number or 0, "", boxes, lines, spans, line_boxes, image_boxes=image_boxes)
    if ocr:
        text = "".join(chars)
        try:
            pt.ocr = read_page(page, text, [b for c, b in zip(chars, boxes, strict=True)
                                            if b is not None and not c.isspace()])
        except OcrUnavailable:
            # Nothing was read: the page is held for a person (an empty reading is never "confident").
            pt.ocr = [OcrRegion(None, OcrPage(()))]
        for region in pt.ocr:
            _append_ocr(pt, chars, region.result)
    pt.text = "".join(chars)
    return pt


def _append_ocr(pt: PageText, chars: list[str], result: OcrPage) -> None:
    """Add the OCR words as lines: one line per OCR line, every character with its word's box."""
    by_line: dict[tuple[int, int, int], list[tuple[str, RectTuple]]] = {}
    for w in result.words:
        by_line.setdefault(w.line, []).append((w.text, w.rect))
    for words in by_line.values():
        line_no = len(pt.line_spans)
        first = len(chars)
        for i, (word, rect) in enumerate(words):
            if i:
                prev = words[i - 1][0]
                # Tesseract splits "06-12345678" at the hyphen; a number is one token for detection.
                if not (prev.endswith("-") and prev[-2:-1].isdigit() and word[:1].isdigit()):
                    chars.append(" ")
                    pt.boxes.append(None)
                    pt.lines.append(line_no)
            for c in word:
                chars.append(c)
                pt.boxes.append(rect)
                pt.lines.append(line_no)
        pt.line_spans.append((first, len(chars)))
        pt.line_boxes.append((min(r[0] for _, r in words), min(r[1] for _, r in words),
                              max(r[2] for _, r in words), max(r[3] for _, r in words)))
        pt.ocr_lines.add(line_no)
        chars.append("\n")
        pt.boxes.append(None)
        pt.lines.append(line_no)
    chars.append("\n")
    pt.boxes.append(None)
    pt.lines.append(len(pt.line_spans))
