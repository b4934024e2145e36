"""A decided request in a real store, for the publication tests: the constants and the ``decided_request``
fixture (imported by this folder's conftest)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

REQUEST_ID = "wr-publ"
NUMBER = "WOO-2026-0007"
REQUESTER_NAME = "Jeroen Smit"
CONTRACTOR_MAIL = """From: Peter Jansen <p.jansen@bouwbedrijf-jansen.nl>
To: Projectleider <projecten@voorbeeldstad.nl>
Subject: Offerte Stationsplein
Date: Thu, 20 Feb 2025 10:15:00 +0100
Message-ID: <offerte-1@bouwbedrijf-jansen.nl>
Content-Type: text/plain; charset=utf-8

Hierbij onze offerte.
"""


def text_pdf(path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 72 + 16 * i), line, fontsize=11)
    doc.save(path, garbage=4)
    doc.close()
    return path


@pytest.fixture
def decided_request(woo_home: Path) -> Path:
    """A decided request in a real store: an incoming e-mail with its attachment, an own memo (named in the
    answers' ``origins``), a letter without origin, a document judged not public; the public decision filed."""
    import datetime as dt

    from woo.settings import get_settings
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RequesterRow, RequestRow

    src = woo_home / "bron"
    src.mkdir(parents=True)
    eml = src / "offerte.eml"
    eml.write_text(CONTRACTOR_MAIL)
    files = {
        1: ("2025-02-20 Offerte Stationsplein.eml", "message/rfc822", "Offerte Stationsplein", dt.date(2025, 2, 20),
            None, "openbaar", eml),
        2: ("offerte.pdf", "application/pdf", "Offerte", None, 1, "openbaar", None),
        3: ("2025-06-20 Memo parkeren.pdf", "application/pdf", "Memo parkeren", None, None, "openbaar", None),
        4: ("Brief bewoner.pdf", "application/pdf", "Brief bewoner", dt.date(2025, 6, 16), None, "openbaar", None),
        5: ("Advies.pdf", "application/pdf", "Advies", dt.date(2025, 7, 1), None, "niet openbaar", None),
    }
    with session_scope() as s:
        s.add(RequestRow(id=REQUEST_ID, intake_sha256="7" * 64, status="decided", number=NUMBER,
                         intake={"request": {"subject": "Parkeren Stationsplein", "description": "Alle stukken"}},
                         subject=f"Parkeren Stationsplein (vraag van {REQUESTER_NAME})",
                         scope="Alle stukken over parkeren", received_on=dt.date(2026, 10, 1),
                         decided_on=dt.date.today(), resolution="partly_public",
                         answers={"origins": {"2025-06-20 Memo parkeren.pdf": "eigen"}}))
        s.flush()
        s.add(RequesterRow(request_id=REQUEST_ID, name=REQUESTER_NAME, email="j.smit@voorbeeld.nl"))
        for n, (name, media, title, on, parent, judgement, original) in files.items():
            pdf = text_pdf(src / f"{n}.pdf", [title, f"Document {n} over parkeren op het Stationsplein."])
            s.add(DocumentRow(request_id=REQUEST_ID, number=n, source_path=name, display_name=name, media_type=media,
                              title=title, date=on, parent=parent, family=parent or n,
                              original_path=str(original or pdf), pdf_path=str(pdf), redacted_path=str(pdf),
                              check_ok=True, judgement=judgement,
                              grounds=["5.1.2e"] if judgement == "niet openbaar" else []))
    besluit = get_settings().request_dir(REQUEST_ID) / "besluit"
    besluit.mkdir(parents=True)
    (besluit / "besluit-openbaar.pdf").write_bytes(_decision_pdf())
    return get_settings().publication_dir


def _decision_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), f"Besluit op Woo-verzoek {NUMBER}")
    try:
        return doc.tobytes(garbage=4, no_new_id=True)
    finally:
        doc.close()
