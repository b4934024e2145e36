"""A small request in a real store: a requester, two third parties with contact persons, documents with applied
redactions, and helpers that write real PDFs (text, redacted for real, falsely redacted, scanned)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

REQUEST_ID = "wr-gate"
REQUESTER = {"name": "Jeroen Smit", "email": "j.smit@voorbeeld.nl",
             "postal_address": "Dorpsstraat 12\n3512 AB Voorbeeldstad", "phone": "06-87654321"}
BOUW = {"key": "bouwbedrijf", "name": "Bouwbedrijf Gebroeders Jansen B.V.", "email": "info@bouwbedrijf-jansen.nl",
        "contact_person": "Peter Jansen", "phone": "+31 (0)30 123 4567"}
ADVIES = {"key": "adviesbureau", "name": "Adviesbureau Noord", "email": "k.visser@adviesnoord.nl",
          "contact_person": "Karin Visser", "phone": "050-3216549"}


def text_pdf(path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72
    for line in lines:
        page.insert_text((72, y), line, fontsize=11)
        y += 16
    doc.save(path, garbage=4)
    doc.close()
    return path


def pdf_bytes(lines: list[str]) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 72 + 16 * i), line, fontsize=11)
    try:
        return doc.tobytes(garbage=4, no_new_id=True)
    finally:
        doc.close()


def scanned_pdf(path: Path, lines: list[str]) -> Path:
    """A page that is only a picture of text: no text layer at all, as a scanner delivers it."""
    source = pymupdf.open()
    page = source.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + 24 * i), line, fontsize=16)
    png = page.get_pixmap(dpi=200).tobytes("png")
    source.close()
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), stream=png)
    doc.save(path, garbage=4)
    doc.close()
    return path


def redact(source: Path, target: Path, words: list[str], *, really: bool = True) -> list[tuple[int, list[float]]]:
    """Black boxes over ``words``: removed for real, or (``really=False``) only painted over, text kept."""
    boxes: list[tuple[int, list[float]]] = []
    with pymupdf.open(source) as doc:
        for page in doc:
            for word in words:
                for rect in page.search_for(word):
                    boxes.append((page.number + 1, [rect.x0, rect.y0, rect.x1, rect.y1]))
                    if really:
                        page.add_redact_annot(rect, fill=(0, 0, 0))
                    else:
                        page.draw_rect(rect, color=(0, 0, 0), fill=(0, 0, 0))
            if really:
                page.apply_redactions()
        doc.save(target, garbage=4)
    return boxes


@dataclass
class Dossier:
    folder: Path
    request_id: str = REQUEST_ID


@pytest.fixture
def store(woo_home: Path) -> Dossier:
    """The request with its people in the store; documents are added per test with :func:`add_document`."""
    from woo.store.db import session_scope
    from woo.store.models import RequesterRow, RequestRow, ThirdPartyRow

    with session_scope() as s:
        s.add(RequestRow(id=REQUEST_ID, intake_sha256="1" * 64, status="decided", number="WOO-2026-0042",
                         intake={"request": {"subject": "Stationsplein", "description": "Alle stukken"}},
                         subject="Stationsplein", scope="Ik, Jeroen Smit (06-87654321), vraag alle stukken.",
                         received_on=dt.date(2026, 10, 1), decided_on=dt.date(2026, 10, 20),
                         resolution="deels openbaar"))
        s.add(RequesterRow(request_id=REQUEST_ID, **REQUESTER))
        for tp in (BOUW, ADVIES):
            s.add(ThirdPartyRow(request_id=REQUEST_ID, document_numbers=[1], **tp))
    folder = woo_home / "bron"
    folder.mkdir(parents=True)
    return Dossier(folder)


def add_document(number: int, original: Path, redacted: Path | None = None,
                 boxes: list[tuple[int, list[float]]] = (), *, category: str = "person_name",  # type: ignore[assignment]
                 ground: str = "5.1.2e", judgement: str = "deels openbaar", title: str | None = None) -> None:
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RedactionRow

    with session_scope() as s:
        s.add(DocumentRow(request_id=REQUEST_ID, number=number, source_path=original.name,
                          display_name=original.name, media_type="application/pdf", title=title or f"Stuk {number}",
                          pdf_path=str(original), redacted_path=str(redacted or original), check_ok=True,
                          judgement=judgement, grounds=[ground] if boxes else []))
        for page, rect in boxes:
            s.add(RedactionRow(request_id=REQUEST_ID, document_number=number, page=page, rect=rect,
                               category=category, ground=ground, status="applied"))
