"""Propose redactions for a PDF: run the text finders on every page and map matches to page rectangles.

Names are searched in the text of the whole document at once, so a surname found with a title on page 1 is
also proposed where it stands alone on page 7, and an official recognised on page 1 stays visible on page 7.
Images big enough to be a signature or a photo of a person are proposed for review with low confidence.

Detection is a function of text and character geometry only (:func:`propose_in_pages`): pages read with OCR
enter through the same function, as :class:`~woo.redaction.textmap.PageText` built from the recognised words
(:func:`page_text_from_words`).
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path

import pymupdf

from woo.redaction.legal import CRIMINAL_REASON, business_ground, criminal_sentences, find_business_data
from woo.redaction.model import DEFAULT_GROUNDS, Category, Proposal, RectTuple, proposal_id
from woo.redaction.names import find_names
from woo.redaction.officials import Officials
from woo.redaction.patterns import TextMatch, find_identifiers, find_organisations
from woo.redaction.pdfio import open_pdf, prepare
from woo.redaction.textmap import PageText, page_text
from woo.schemas.grounds import Ground

_log = logging.getLogger(__name__)

_PAGE_SEPARATOR = "\n\n"
_MIN_IMAGE_SIDE = 12.0  # points; smaller images are bullets and rules, not signatures or photos
_FULL_PAGE_SHARE = 0.8  # an image covering most of the page is a scan, whose text layer is searched instead


def propose_redactions(
    pdf_path: Path,
    *,
    officials: Officials | None = None,
    grounds: Mapping[Category, Ground] | None = None,
) -> list[Proposal]:
    """Everything in ``pdf_path`` that looks like personal data, as proposals for a reviewer."""
    opened = open_pdf(pdf_path)
    try:
        prepare(opened.doc)
        return propose_in_document(opened.doc, opened.fingerprint, officials=officials, grounds=grounds)
    finally:
        opened.doc.close()


def propose_in_document(
    doc: pymupdf.Document,
    fingerprint: str,
    *,
    officials: Officials | None = None,
    grounds: Mapping[Category, Ground] | None = None,
) -> list[Proposal]:
    """Detection on an opened (and prepared) document; shared by :func:`propose_redactions` and the pipeline."""
    pages = [page_text(page) for page in doc]
    proposals = propose_in_pages(pages, fingerprint, officials=officials, grounds=grounds)
    ground_of = {**DEFAULT_GROUNDS, **(grounds or {})}
    for page in doc:
        proposals.extend(_image_proposals(page, pages[page.number or 0], fingerprint, ground_of))
    _log.info("proposed %d redaction(s) on %d page(s)", len(proposals), doc.page_count)
    return proposals


def propose_in_pages(
    pages: Sequence[PageText],
    fingerprint: str,
    *,
    officials: Officials | None = None,
    grounds: Mapping[Category, Ground] | None = None,
) -> list[Proposal]:
    """Text proposals for the pages of one document, each given as text with a box per character.

    ``pages`` are in document order; each :class:`PageText` carries its own page number, so a caller may pass
    text-layer pages and OCR pages side by side.
    """
    ground_of = {**DEFAULT_GROUNDS, **(grounds or {})}
    starts: list[int] = []
    pos = 0
    for pt in pages:
        starts.append(pos)
        pos += len(pt.text) + len(_PAGE_SEPARATOR)
    full_text = _PAGE_SEPARATOR.join(pt.text for pt in pages)

    orgs = find_organisations(full_text)
    matches = find_identifiers(full_text, orgs)
    names = [n for n in find_names(full_text, officials, orgs) if not _overlaps_any(n, matches)]
    business = find_business_data(full_text, matches + names)
    criminal = criminal_sentences(full_text)
    proposals: list[Proposal] = []
    page_list = list(pages)
    for match in sorted(matches + names + business, key=lambda m: m.start):
        ground, reason = ground_of[match.category], match.reason
        if match.category is Category.BUSINESS_DATA and Category.BUSINESS_DATA not in (grounds or {}):
            ground = business_ground(match)
        elif ground is Ground.PRIVACY and any(s <= match.start < e for s, e in criminal):
            # Criminal-law data are special personal data (Woo 5.1(1)(d)), not merely privacy.
            ground, reason = Ground.SPECIAL_PERSONAL_DATA, f"{reason} {CRIMINAL_REASON}"
        proposals.extend(_to_proposals(match, page_list, starts, fingerprint, ground, reason))
    return proposals


def page_text_from_words(
    page: int, words: Iterable[tuple[RectTuple, str, Hashable]]
) -> PageText:
    """A :class:`PageText` from recognised words ``(rect, text, line key)`` in reading order (OCR output).

    Words with the same line key form one text line; each character gets an equal slice of its word's box, so
    a match inside a word ("@janjansen" in a longer token) still maps to the right part of the word.
    """
    chars: list[str] = []
    boxes: list[RectTuple | None] = []
    lines: list[int] = []
    line_no = -1
    current: Hashable = object()
    for rect, word, key in words:
        if not word:
            continue
        if key != current:
            if line_no >= 0:
                chars.append("\n")
                boxes.append(None)
                lines.append(line_no)
            line_no += 1
            current = key
        elif chars:
            chars.append(" ")
            boxes.append(None)
            lines.append(line_no)
        x0, y0, x1, y1 = rect
        step = (x1 - x0) / len(word)
        for k, c in enumerate(word):
            chars.append(c)
            boxes.append((x0 + k * step, y0, x0 + (k + 1) * step, y1))
            lines.append(line_no)
    if line_no >= 0:
        chars.append("\n")
        boxes.append(None)
        lines.append(line_no)
    return PageText(page, "".join(chars), boxes, lines)


def _overlaps_any(match: TextMatch, others: list[TextMatch]) -> bool:
    return any(match.start < o.end and o.start < match.end for o in others)


def _to_proposals(
    match: TextMatch,
    pages: list[PageText],
    starts: list[int],
    fingerprint: str,
    ground: Ground,
    reason: str,
) -> list[Proposal]:
    index = bisect.bisect_right(starts, match.start) - 1
    pt = pages[index]
    local_start = match.start - starts[index]
    local_end = min(match.end - starts[index], len(pt.text))
    rects = pt.rects(local_start, local_end)
    if not rects:
        return []
    text = " ".join(pt.text[local_start:local_end].split())
    return [
        Proposal(
            id=proposal_id(fingerprint, pt.page, rects, text, match.category),
            page=pt.page,
            rects=rects,
            text=text,
            category=match.category,
            ground=ground,
            confidence=match.confidence,
            reason=reason,
            auto_accept=match.auto_accept,
        )
    ]


def _image_proposals(
    page: pymupdf.Page, pt: PageText, fingerprint: str, ground_of: Mapping[Category, Ground]
) -> list[Proposal]:
    out: list[Proposal] = []
    page_area = abs(page.rect)
    closing_y = _closing_line_bottom(pt)
    seen: set[RectTuple] = set()
    drawn = pt.image_boxes if pt.image_boxes is not None else [info["bbox"] for info in page.get_image_info()]
    for bbox in drawn:
        rect = pymupdf.Rect(bbox) & (page.rect * page.derotation_matrix)  # image boxes are unrotated
        if rect.is_empty or rect.width < _MIN_IMAGE_SIDE or rect.height < _MIN_IMAGE_SIDE:
            continue
        if abs(rect) > _FULL_PAGE_SHARE * page_area:
            continue
        box: RectTuple = (rect.x0, rect.y0, rect.x1, rect.y1)
        if box in seen:
            continue
        seen.add(box)
        near_closing = closing_y is not None and 0 <= rect.y0 - closing_y < 150
        confidence, reason = (
            (0.6, "Afbeelding onder de afsluiting van een brief: mogelijk een handtekening.")
            if near_closing
            else (0.3, "Afbeelding: controleer of dit een handtekening of een foto van een persoon is.")
        )
        out.append(Proposal(
            id=proposal_id(fingerprint, pt.page, (box,), "", Category.IMAGE),
            page=pt.page, rects=(box,), text="", category=Category.IMAGE, ground=ground_of[Category.IMAGE],
            confidence=confidence, reason=reason, auto_accept=False,
        ))
    return out


def _closing_line_bottom(pt: PageText) -> float | None:
    low = pt.text.casefold()
    for phrase in ("groet", "hoogachtend"):
        k = low.find(phrase)
        if k >= 0 and pt.boxes[k] is not None:
            return pt.boxes[k][3]  # type: ignore[index]
    return None
