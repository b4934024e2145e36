"""A review copy: the original document with every proposal highlighted, for a reviewer to accept or reject.

Nothing is removed: proposals become highlight (text) or square (image) annotations whose note says the
category, ground, confidence and reason. The copy is internal and must never be published.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pymupdf

from woo.redaction.detect import propose_in_document
from woo.redaction.model import Category, ManualRedaction, Proposal
from woo.redaction.officials import Officials
from woo.redaction.pdfio import open_pdf, prepare
from woo.schemas.grounds import Ground

_AUTO_COLOUR = (1.0, 0.55, 0.0)  # orange: will be redacted unless rejected
_REVIEW_COLOUR = (1.0, 0.9, 0.0)  # yellow: needs a decision


def write_review_copy(pdf_path: Path, out_path: Path, proposals: Sequence[Proposal | ManualRedaction]) -> None:
    """Write ``pdf_path`` with ``proposals`` as highlight annotations to ``out_path``."""
    opened = open_pdf(pdf_path)
    try:
        _annotate_and_save(opened.doc, out_path, proposals)
    finally:
        opened.doc.close()


def propose_with_review_copy(
    pdf_path: Path,
    out_path: Path,
    *,
    officials: Officials | None = None,
    grounds: Mapping[Category, Ground] | None = None,
) -> list[Proposal]:
    """:func:`~woo.redaction.propose_redactions` and :func:`write_review_copy` on one opening of ``pdf_path``.

    The copy is made of the document as detection read it (annotations and form fields baked into the pages,
    see :func:`~woo.redaction.pdfio.prepare`), so each highlight sits on the text it was found in."""
    opened = open_pdf(pdf_path)
    try:
        prepare(opened.doc)
        proposals = propose_in_document(opened.doc, opened.fingerprint, officials=officials, grounds=grounds)
        _annotate_and_save(opened.doc, out_path, proposals)
        return proposals
    finally:
        opened.doc.close()


def _annotate_and_save(doc: pymupdf.Document, out_path: Path, proposals: Sequence[Proposal | ManualRedaction]) -> None:
    for item in proposals:
        if not 0 <= item.page < doc.page_count:
            continue
        page = doc[item.page]
        auto = isinstance(item, Proposal) and item.auto_accept
        note = _note(item)
        rects = item.rects or ((page.rect * page.derotation_matrix),)
        for rect in rects:
            r = pymupdf.Rect(rect)
            if isinstance(item, Proposal) and item.category is not Category.IMAGE:
                # Highlights take quads in the page's visible orientation.
                annot = page.add_highlight_annot(r * page.rotation_matrix)
            else:
                annot = page.add_rect_annot(r * page.rotation_matrix)
            annot.set_colors(stroke=_AUTO_COLOUR if auto else _REVIEW_COLOUR)
            annot.set_info(title="Lakvoorstel", content=note)
            annot.update()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out_path, garbage=3, deflate=True)


def _note(item: Proposal | ManualRedaction) -> str:
    if isinstance(item, Proposal):
        status = "wordt automatisch gelakt" if item.auto_accept else "beoordelen"
        return (f"{item.category.label} – grond {item.ground.value} ({item.ground.label}); "
                f"zekerheid {item.confidence:.0%}; {status}. {item.reason} [id {item.id}]")
    return f"{item.category.label} – grond {item.ground.value} ({item.ground.label}). {item.reason}"
