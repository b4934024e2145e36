"""Step 8, publish: the decision, inventory, the request text and the released (redacted) documents, once.

Publication waits for the disclosure date (Woo 4.4(5)): when a third party is expected to object, the step
records that publication is scheduled and stops; the deadline watch publishes on the day.
Only documents judged (partly) public whose redaction passed the check on the saved file are released.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from schemas.audit import AuditAction
from woo import audit
from woo.pdf import asset_url, html_to_pdf
from woo.process.titles import public_title
from woo.publication import DiWooDocument, DocumentKind, PublishedDocument, publish_folder, safe_name
from woo.publication.folder import document_path
from woo.settings import get_settings
from woo.store.db import session_scope
from woo.store.models import RequestRow
from woo.store.queries import documents, get_request

_CLOSED_WITHOUT_PUBLICATION = ("withdrawn", "forwarded", "awaiting_sign_off", "rejected")


def request_text_html(req: RequestRow) -> str:
    """The request as it is published (Woo 3.3(5)(e)): its content without the requester's personal data."""
    from html import escape

    text = req.scope or ""
    requester = req.requester
    known = [v for v in (requester.name, requester.email, requester.postal_address, requester.organisation)
             if v] if requester else []
    for value in sorted(known, key=len, reverse=True):
        text = re.sub(re.escape(value), "[5.1.2e]", text, flags=re.IGNORECASE)
    text = public_title(text)
    return (f'<html><head><link rel="stylesheet" href="{asset_url("letter.css")}"></head><body>'
            f"<h1>Woo-verzoek {escape(req.number or '')}</h1>"
            f"<p>Ontvangen op {req.received_on}</p><h2>Onderwerp</h2><p>{escape(public_title(req.subject or ''))}"
            f"</p><h2>Verzoek</h2><pre class=\"body\">{escape(text)}</pre>"
            "<p class=\"small\">Persoonsgegevens van de verzoeker zijn weggelaten (Woo 5.1, tweede lid, "
            "onder e).</p></body></html>")


def publish(request_id: str) -> dict[str, Any]:
    settings = get_settings()
    today = dt.date.today()
    with session_scope() as s:
        req = get_request(s, request_id)
        if req.status in _CLOSED_WITHOUT_PUBLICATION:
            return {"status": "not_published", "reason": req.status}
        if req.disclosure_on and req.disclosure_on > today:
            req.status = "publication_scheduled"
            audit.record(s, AuditAction.PUBLICATION_SCHEDULED, request_id=request_id, step="publish",
                         legal_basis="Woo 4.4(5)", payload={"disclosure_on": req.disclosure_on})
            return {"status": "scheduled", "disclosure_on": req.disclosure_on.isoformat(), "incomplete": True}
        assert req.number and req.decided_on
        decided_at = dt.datetime.combine(req.decided_on, dt.time(12, 0), tzinfo=dt.UTC)
        received_at = dt.datetime.combine(req.received_on or req.decided_on, dt.time(12, 0), tzinfo=dt.UTC)

        def meta(identifier: str, title: str, kind: DocumentKind, **extra: Any) -> DiWooDocument:
            return DiWooDocument(identifier=identifier, title=title, document_kind=kind,
                                 publisher_uri=settings.publisher_uri, publisher_label=settings.publisher_label,
                                 dossier=req.number, decided_at=decided_at, **extra)

        released = []
        withheld = 0
        for d in documents(s, request_id):
            judged_public = d.judgement in ("openbaar", "deels openbaar")
            blocked = d.check_ok is not True or not d.redacted_path
            if not judged_public or d.duplicate_of:
                continue
            if blocked:
                withheld += 1
                continue
            released.append(PublishedDocument(
                number=d.number, file_name=safe_name(public_title(d.title)) or f"document-{d.number}",
                pdf_path=Path(d.redacted_path), metadata=meta(f"{req.number}/{d.number}", public_title(d.title),
                                                              DocumentKind.DOCUMENT, created=d.date)))
        decision_dir = settings.request_dir(request_id) / "besluit"
        request_pdf = html_to_pdf(request_text_html(req))
        target = settings.publication_dir / req.number
        manifest = publish_folder(
            target,
            decision_pdf=(decision_dir / "besluit.pdf").read_bytes(),
            inventory_csv=(decision_dir / "inventaris.csv").read_bytes(),
            documents=released,
            request_text_pdf=request_pdf,
            decision_metadata=meta(f"{req.number}/besluit", f"Besluit op Woo-verzoek {req.number}",
                                   DocumentKind.DECISION),
            request_metadata=meta(f"{req.number}/verzoek", f"Woo-verzoek {req.number}", DocumentKind.REQUEST,
                                  received_at=received_at),
        )
        hashes = {f.path: f.sha256 for f in manifest.files}
        paths = {doc.number: document_path(doc.number, doc.file_name) for doc in released}
        for d in documents(s, request_id):
            if d.number in paths:
                d.published_path = str(target / paths[d.number])
                d.published_sha256 = hashes.get(paths[d.number])
        req.status = "published"
        audit.record(s, AuditAction.PUBLISHED, request_id=request_id, step="publish", legal_basis="Woo 3.3(2)(i)",
                     payload={"folder": req.number, "files": hashes, "documents": len(released),
                              "withheld_by_check": withheld})
    return {"status": "published", "folder": str(target), "documents": len(released), "files": len(hashes),
            "withheld_by_check": withheld}
