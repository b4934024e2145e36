"""What the review page shows: a request's documents, page sizes and proposals, its page images and words.

Read from the store (rows) and the request's own PDF files (PyMuPDF); nothing here talks to Prefect.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from woo.case import UnitOfWork
from woo.errors import Permanent
from woo.redaction.model import Category
from woo.schemas.grounds import Ground

__all__ = ["CATEGORY_COLOURS", "NoSuchPage", "page_png", "page_words", "review_sheet", "waiting_for_review"]

# One colour per category, distinguishable side by side and readable behind a black label (colour-blind safe
# first: Okabe-Ito, then Tol's bright set).
CATEGORY_COLOURS: dict[str, str] = {
    Category.PERSON_NAME: "#E69F00", Category.EMAIL: "#56B4E9", Category.PHONE: "#009E73",
    Category.ADDRESS: "#F0E442", Category.BSN: "#D55E00", Category.IBAN: "#CC79A7",
    Category.ID_NUMBER: "#0072B2", Category.BIRTH_DATE: "#AA3377", Category.LICENCE_PLATE: "#66CCEE",
    Category.CREDIT_CARD: "#EE6677", Category.ONLINE_ID: "#228833", Category.IMAGE: "#BBBBBB",
    Category.MANUAL: "#444444",
}
# Grounds a reviewer typically gives for an extra redaction come first in the list.
_COMMON_GROUNDS = (Ground.PRIVACY, Ground.IDENTIFICATION_NUMBERS, Ground.SPECIAL_PERSONAL_DATA,
                   Ground.CONFIDENTIAL_BUSINESS_DATA, Ground.COMPETITIVE_BUSINESS_DATA, Ground.PERSONAL_POLICY_VIEWS)


class NoSuchPage(Permanent, LookupError):
    """A document or page the request does not have (or a document without a readable PDF)."""


@dataclass(frozen=True)
class _Doc:
    number: int
    title: str
    pdf: Path


def _documents(uow: UnitOfWork, request_id: str) -> list[_Doc]:
    return [_Doc(d.number, d.title or d.display_name, Path(d.pdf_path))
            for d in uow.requests.documents(request_id)
            if d.error is None and d.duplicate_of is None and d.pdf_path and Path(d.pdf_path).is_file()]


def waiting_for_review(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Requests whose run waits for the review of its proposals: number, id and the answer's due date."""
    with uow:
        return [{"number": r.number or r.id, "id": r.id, "due": str(r.waiting_due or "")}
                for r in uow.requests.waiting() if r.waiting_for == "review"]


def review_sheet(uow: UnitOfWork, request: str) -> dict[str, Any]:
    """Everything the page needs for ``request`` (id or number), as JSON-ready data."""
    with uow:
        req = uow.requests.find(request)
        docs = _documents(uow, req.id)
        rows = uow.requests.redactions(req.id)
        sheet: dict[str, Any] = {
            "id": req.id, "number": req.number or req.id, "waiting": req.waiting_for == "review",
            "waiting_for": req.waiting_for, "answer_due": str(req.waiting_due or ""),
            "decision_due": str(req.decision_due or ""), "problems": list(req.waiting_problems or []),
        }
    documents = []
    for doc in docs:
        with pymupdf.open(doc.pdf) as pdf:
            pages = [{"page": i + 1, "width": round(p.rect.width, 2), "height": round(p.rect.height, 2)}
                     for i, p in enumerate(pdf)]
        documents.append({"number": doc.number, "title": doc.title, "pages": pages})
    shown = {d["number"] for d in documents}
    proposals = [{"id": r.proposal_id, "document": r.document_number, "page": r.page,
                  "rects": r.rects or ([r.rect] if r.rect else []), "category": r.category, "ground": r.ground,
                  "confidence": round(r.confidence or 0, 2),
                  # Accepted on a relative ground (5.1.2x, 5.2), it needs a concrete reason for its document.
                  "relative": Ground.parse(r.ground).needs_concrete_reason,
                  # 'auto' proposals (identification numbers) are taken over unless rejected; others need a yes.
                  "status": r.status}
                 for r in rows if r.proposal_id and r.document_number in shown]
    order = list(Category)
    used: list[str] = sorted({str(p["category"]) for p in proposals}, key=lambda c: order.index(Category(c)))
    sheet["documents"] = documents
    sheet["proposals"] = proposals
    sheet["categories"] = [{"code": c, "label": Category(c).label, "colour": CATEGORY_COLOURS.get(c, "#999999")}
                           for c in used]
    grounds = list(_COMMON_GROUNDS) + [g for g in Ground if g not in _COMMON_GROUNDS]
    sheet["grounds"] = [{"code": g.value, "label": g.label, "relative": g.needs_concrete_reason} for g in grounds]
    return sheet


def _pdf_of(request: str, document: int) -> Path:
    uow = UnitOfWork()
    with uow:
        req = uow.requests.find(request)
        for doc in _documents(uow, req.id):
            if doc.number == document:
                return doc.pdf
    raise NoSuchPage(f"verzoek {request} heeft geen leesbaar document {document}")


def _page(pdf: pymupdf.Document, page: int) -> pymupdf.Page:
    if not 1 <= page <= pdf.page_count:
        raise NoSuchPage(f"het document heeft {pdf.page_count} pagina's, geen pagina {page}")
    return pdf[page - 1]


def page_png(request: str, document: int, page: int, *, zoom: float = 1.5) -> bytes:
    """Page ``page`` (from 1) of a document as a PNG, ``zoom`` times its size in PDF points."""
    with pymupdf.open(_pdf_of(request, document)) as pdf:
        pixmap = _page(pdf, page).get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return bytes(pixmap.tobytes("png"))


def page_words(request: str, document: int, page: int) -> list[dict[str, Any]]:
    """The words of a page with their boxes (PDF points) and line, so a reviewer can select words to redact."""
    with pymupdf.open(_pdf_of(request, document)) as pdf:
        words = _page(pdf, page).get_text("words", sort=True)
    return [{"rect": [round(w[0], 2), round(w[1], 2), round(w[2], 2), round(w[3], 2)], "line": f"{w[5]}-{w[6]}"}
            for w in words]
