"""Step 8, publish: the decision, inventory, the request text and the released (redacted) documents, once.

Publication waits for the disclosure date (Woo 4.4(5)): when a third party is expected to object, the step
records that publication is scheduled and stops; the deadline watch publishes on the day.
Only documents judged (partly) public whose redaction passed the check on the saved file, whose claimed grounds
match their boxes, and that pass the privacy gate are released. The decision published is its public rendition
(no addressee, no personal data); the inventory is written afresh so it says which documents are held and why.

A document the gate holds back is recorded as a block (:mod:`woo.privacy.blocks`) for a person to settle:
withhold it for good, or recheck it after it was redacted again (:func:`woo.process.gate.settle_block`); a
recheck that passes adds the document to the publication (an amendment: nothing published before changes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from woo.case import Repository, RequestStatus, UnitOfWork
from woo.decision.inventory import inventory_csv
from woo.decision.judging import add_remark
from woo.decision.letters import PUBLIC_DECISION_NAME, inventory_rows, public_decision_letter
from woo.letters.letters import published_request_html
from woo.letters.pdf import html_to_pdf
from woo.privacy import Audience, Gate, KnownData, Outgoing, known_data
from woo.privacy.blocks import BlockStatus, find_block, record_check
from woo.privacy.text import public_text
from woo.process.results import PublicationStatus, Published
from woo.publication import (
    DiWooDocument,
    DocumentKind,
    PublicationBlocked,
    PublishedDocument,
    publish_folder,
    safe_name,
)
from woo.publication.diwoo import diwoo_xml
from woo.publication.folder import document_item, document_label, document_path, metadata_path
from woo.redaction.titles import public_title
from woo.schemas.audit import AuditAction
from woo.settings import get_settings
from woo.store.files import write_atomically
from woo.store.models import DocumentRow, RequestRow

GATE_HELD_REMARK = ("Openbaarmaking aangehouden: bij de controle op persoonsgegevens is in dit document informatie "
                    "gevonden die niet openbaar mag worden; volgt na herstel.")
GATE_WITHHELD_REMARK = ("Niet openbaar gemaakt: bij de controle op persoonsgegevens bleek dit document informatie "
                        "te bevatten die niet openbaar mag worden.")


def request_text_html(req: RequestRow, known: KnownData) -> str:
    """The request as it is published (Woo 3.3(5)(e)): its content without personal data.

    Every value the public may not see is masked as the gate would find it (also split over lines, in another
    notation or case), as is the requester's organisation; the gate still reads the result."""
    requester = req.requester
    extra = (requester.organisation,) if requester and requester.organisation else ()
    text = public_text(req.scope or "", known, extra=tuple(v for v in extra if v))
    subject = public_text(req.subject or "", known, extra=tuple(v for v in extra if v))
    return published_request_html(number=req.number or "", received_on=req.received_on, subject=subject, text=text)


def _decision_pdf(repo: Repository, req: RequestRow) -> bytes:
    """The public rendition filed when the decision was sent; rendered now for decisions sent before it existed."""
    filed = get_settings().request_dir(req.id) / "besluit" / PUBLIC_DECISION_NAME
    return filed.read_bytes() if filed.exists() else public_decision_letter(repo, req).pdf()


REQUEST_TEXT_NAME = "verzoek-openbaar.pdf"


def _request_pdf(req: RequestRow, known: KnownData) -> bytes:
    """The published request text, rendered once and filed: a rendering is not byte-identical to the next, and
    an amendment may not change what was published."""
    filed = get_settings().request_dir(req.id) / "besluit" / REQUEST_TEXT_NAME
    if filed.exists():
        return filed.read_bytes()
    pdf = html_to_pdf(request_text_html(req, known))
    write_atomically(filed, pdf)
    return pdf


def _public_inventory(docs: list[DocumentRow], remarks: dict[int, str]) -> bytes:
    rows = [dataclasses.replace(r, remark=add_remark(r.remark, remarks[r.number])) if r.number in remarks else r
            for r in inventory_rows(docs)]
    return inventory_csv(rows)


def publish(uow: UnitOfWork, request_id: str, *, today: dt.date, amend: bool = False) -> Published:
    """Publish once; ``amend`` (after a blocked document was settled) adds to an earlier publication."""
    settings = get_settings()
    with uow:
        req = uow.requests.get(request_id)
        status = RequestStatus(req.status)
        if status.ended_without_decision or status is RequestStatus.AWAITING_SIGN_OFF:
            return Published(status=PublicationStatus.NOT_PUBLISHED, reason=status.value)
        if req.disclosure_on and req.disclosure_on > today:
            req.status = RequestStatus.PUBLICATION_SCHEDULED
            uow.record(AuditAction.PUBLICATION_SCHEDULED, request_id=request_id, step="publish",
                       legal_basis="Woo 4.4(5)", payload={"disclosure_on": req.disclosure_on})
            uow.commit()
            return Published(status=PublicationStatus.SCHEDULED, disclosure_on=req.disclosure_on)
        assert req.number and req.decided_on
        amend = amend or status is RequestStatus.PUBLISHED
        decided_at = dt.datetime.combine(req.decided_on, dt.time(12, 0), tzinfo=dt.UTC)
        received_at = dt.datetime.combine(req.received_on or req.decided_on, dt.time(12, 0), tzinfo=dt.UTC)

        def meta(identifier: str, title: str, kind: DocumentKind, **extra: Any) -> DiWooDocument:
            return DiWooDocument(identifier=identifier, title=title, document_kind=kind,
                                 publisher_uri=settings.publisher_uri, publisher_label=settings.publisher_label,
                                 dossier=req.number, decided_at=decided_at, **extra)

        known = known_data(uow.requests, request_id, settings)
        gate = Gate(known, Audience.public())
        public = Audience.public().code
        docs = uow.requests.documents(request_id)
        candidates: list[PublishedDocument] = []
        remarks: dict[int, str] = {}
        withheld = held = 0
        for d in docs:
            judged_public = d.judgement in ("openbaar", "deels openbaar")
            if not judged_public or d.duplicate_of:
                continue
            if d.check_ok is not True or not d.redacted_path or d.held_reason:
                withheld += 1  # the decide step wrote the reason into the remark
                continue
            block = find_block(uow.requests, request_id, document_item(d.number), public)
            if block is not None and block.status == BlockStatus.WITHHELD:
                remarks[d.number] = GATE_WITHHELD_REMARK
                continue
            candidates.append(PublishedDocument(
                number=d.number, file_name=safe_name(public_title(d.title)) or f"document-{d.number}",
                pdf_path=Path(d.redacted_path), metadata=meta(f"{req.number}/{d.number}", public_title(d.title),
                                                              DocumentKind.DOCUMENT, created=d.date)))

        # The gate checks every document first, so the inventory can say which ones it held back. The folder
        # step checks everything again (from the gate's cache) on exactly the bytes it writes.
        released: list[PublishedDocument] = []
        for doc in candidates:
            check = gate.check(document_item(doc.number), [
                Outgoing(document_label(doc.number), Path(doc.pdf_path).read_bytes(),
                         name=document_path(doc.number, doc.file_name), document=doc.number),
                Outgoing(metadata_path(doc.number), diwoo_xml(doc.metadata)),
            ])
            record_check(uow, request_id, check, step="publish", document=doc.number)
            if check.passed:
                released.append(doc)
            else:
                remarks[doc.number] = GATE_HELD_REMARK
                held += 1

        target = settings.publication_dir / req.number
        try:
            manifest = publish_folder(
                target,
                decision_pdf=_decision_pdf(uow.requests, req),
                inventory_csv=_public_inventory(docs, remarks),
                documents=released,
                gate=gate,
                request_text_pdf=_request_pdf(req, known),
                decision_metadata=meta(f"{req.number}/besluit", f"Besluit op Woo-verzoek {req.number}",
                                       DocumentKind.DECISION),
                request_metadata=meta(f"{req.number}/verzoek", f"Woo-verzoek {req.number}", DocumentKind.REQUEST,
                                      received_at=received_at),
                amend=amend,
            )
        except PublicationBlocked as exc:
            for check in exc.checks:
                record_check(uow, request_id, check, step="publish")
            uow.commit()
            return Published(status=PublicationStatus.BLOCKED, blocked_items=len(exc.checks), blocked_by_gate=held)
        for check in manifest.checks:
            if not check.item.startswith("document:"):
                record_check(uow, request_id, check, step="publish")
        published = {doc.number for doc in released} - {int(c.item.split(":")[1]) for c in manifest.blocked
                                                          if c.item.startswith("document:")}
        hashes = {f.path: f.sha256 for f in manifest.files}
        paths = {doc.number: document_path(doc.number, doc.file_name) for doc in released if doc.number in published}
        for d in docs:
            if d.number in paths:
                d.published_path = str(target / paths[d.number])
                d.published_sha256 = hashes.get(paths[d.number])
        first = req.status != RequestStatus.PUBLISHED
        req.status = RequestStatus.PUBLISHED
        uow.record(AuditAction.GATE_PASSED, request_id=request_id, step="publish",
                     payload={"audience": public, "items": len(manifest.checks),
                              "passed": sum(1 for c in manifest.checks if c.passed),
                              "blocked": len(manifest.blocked) + held,
                              "pages": sum(c.pages for c in manifest.checks),
                              "ocr_pages": sum(c.ocr_pages for c in manifest.checks)})
        uow.record(AuditAction.PUBLISHED if first else AuditAction.PUBLICATION_AMENDED, request_id=request_id,
                     step="publish", legal_basis="Woo 3.3(2)(i)",
                     payload={"folder": req.number, "files": hashes, "documents": len(paths),
                              "withheld_by_check": withheld, "blocked_by_gate": held + len(manifest.blocked),
                              "withheld_by_person": sum(1 for r in remarks.values() if r == GATE_WITHHELD_REMARK)})
        uow.commit()
    return Published(status=PublicationStatus.PUBLISHED, folder=str(target), documents=len(paths), files=len(hashes),
                     withheld_by_check=withheld, blocked_by_gate=held + len(manifest.blocked))
