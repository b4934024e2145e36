"""Step 8, publish: the decision, inventory, the request text and the released (redacted) documents, once.

Publication waits for the disclosure date (Woo 4.4(5)): when a third party is expected to object, the step
records that publication is scheduled and stops; a run scheduled for that day continues. On the disclosure date
the requester gets the documents through a private link (feitelijke verstrekking); the public publication, the
reading room and the sitemaps for the Woo-index follow on the public date (:mod:`woo.publication.moments`).
Only documents judged (partly) public whose redaction passed the check on the saved file, whose claimed grounds
match their boxes, and that pass the privacy gate are released. The decision published is its public rendition
(no addressee, no personal data); the inventory is written afresh so it says which documents are held and why.

A document the gate holds back is recorded as a block (:mod:`woo.privacy.blocks`) for a person to settle:
withhold it for good, or recheck it after it was redacted again (:func:`woo.process.gate.settle_block`); a
recheck that passes adds the document to the publication (an amendment: nothing published before changes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from woo.case import Repository, RequestStatus, Resolution, UnitOfWork
from woo.decision.letters import PUBLIC_DECISION_NAME, public_decision_letter, request_inventory
from woo.letters.letters import published_request_html
from woo.letters.pdf import html_to_pdf
from woo.privacy import Audience, Gate, KnownData, Outgoing, known_data
from woo.privacy.blocks import BlockStatus, find_block, record_check
from woo.privacy.text import public_text
from woo.process.results import PublicationStatus, Published
from woo.publication import PublicationBlocked, PublishedDocument, publish_folder, safe_name
from woo.publication.diwoo import diwoo_xml
from woo.publication.folder import (
    PublicationManifest,
    document_item,
    document_label,
    document_path,
    metadata_path,
    read_manifest,
    zip_name,
)
from woo.publication.metadata import (
    Origin,
    ReleasedDocument,
    RequestFacts,
    date_from_name,
    decision_metadata,
    document_metadata,
    inventory_metadata,
    mail_origin,
    own_domains,
    request_metadata,
)
from woo.publication.moments import Moments, Share, plan, record_share, share_for
from woo.publication.publisher import configured_publisher
from woo.publication.readingroom import Room, inventory_entries, request_pages
from woo.publication.site import build_site, site_files
from woo.publication.targets import target_from_settings
from woo.questions.answers import answers_of
from woo.redaction.titles import public_title
from woo.schemas.audit import AuditAction
from woo.settings import Settings, get_settings
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


def _public_inventory(repo: Repository, req: RequestRow, remarks: dict[int, str], locations: dict[int, str],
                      today: dt.date) -> bytes:
    """The published inventory: every document found, where each released one is, why others are held."""
    return request_inventory(repo, req, day=today).with_locations(locations, remarks).csv()


def _origin(d: DocumentRow, by_number: dict[int, DocumentRow], origins: dict[str, Origin],
            domains: frozenset[str]) -> Origin:
    """Received or own: the answers file first, then an e-mail's (or its attachment's e-mail's) sender."""
    for name in (d.display_name, d.source_path):
        if name in origins:
            return origins[name]
    mail = d if d.media_type == "message/rfc822" else by_number.get(d.parent) if d.parent else None
    if mail is not None and mail.media_type == "message/rfc822" and mail.original_path:
        found = mail_origin(Path(mail.original_path), domains)
        if found is not None:
            return found
    return Origin.RECEIVED


def _document_date(d: DocumentRow, by_number: dict[int, DocumentRow]) -> dt.date | None:
    """The document's own date, an attachment's e-mail date, or a date its file name starts with."""
    parent = by_number.get(d.parent) if d.parent else None
    return d.date or (parent.date if parent else None) or date_from_name(d.display_name)


def refresh_site(settings: Settings, *, folders: tuple[str, ...] = ()) -> dict[str, Any]:
    """Rebuild robots.txt, the sitemaps and the reading room's front page, and push them (and ``folders``,
    relative to the publication root) to the configured target."""
    publisher = configured_publisher(settings)
    root = settings.publication_dir
    site = build_site(root, base_url=settings.publication_base_url, publisher=publisher.label,
                      state_file=settings.home / "publicatie-lastmod.json")
    target = target_from_settings(settings)
    for rel in folders:
        target.push_folder(root / rel, rel)
    target.push_files(root, list(dict.fromkeys([*site_files(root), *site.changed])))
    return {"requests": site.requests, "urls": site.urls, "sitemaps": site.sitemaps, "target": target.name}


def _resolution_label(value: str | None) -> str:
    """The decision type in Dutch for the reading room; a value stored in an older form is shown as it is."""
    try:
        return Resolution(value).label if value else ""
    except ValueError:
        return value or ""


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
            return Published(status=PublicationStatus.SCHEDULED, disclosure_on=req.disclosure_on,
                             run_on=req.disclosure_on)
        assert req.number and req.decided_on
        publisher = configured_publisher(settings)
        moments = plan(req.decided_on, req.disclosure_on, delay_days=settings.publication_delay_days,
                       link_days=settings.share_link_days)
        share = share_for(settings.request_dir(request_id))
        target = settings.publication_dir / req.number
        existing: PublicationManifest | None = read_manifest(target) if (target / "manifest.json").is_file() else None
        changes = existing.changes if existing else ()
        amend = amend or status is RequestStatus.PUBLISHED

        known = known_data(uow.requests, request_id, settings)
        gate = Gate(known, Audience.public())
        public = Audience.public().code
        requester = req.requester
        org = (requester.organisation,) if requester and requester.organisation else ()
        facts = RequestFacts(number=req.number, subject=public_text(req.subject or "", known, extra=org),
                             received_on=req.received_on or req.decided_on, decided_on=req.decided_on,
                             public_on=moments.public_on, base_url=settings.publication_base_url, publisher=publisher)
        answers = answers_of(uow.requests, req)
        domains = own_domains(settings.organisation_email, settings.mail_from, settings.organisation_website)
        docs = uow.requests.documents(request_id)
        by_number = {d.number: d for d in docs}
        candidates: list[PublishedDocument] = []
        released: dict[int, ReleasedDocument] = {}
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
            change = existing.changed(d.number) if existing else None
            if change is not None and change.kind == "withdrawn":
                continue  # withdrawn after publication: never published again by an amendment
            title = public_title(d.title)
            file_name = safe_name(title) or f"document-{d.number}"
            doc = ReleasedDocument(
                number=d.number, title=title, path=document_path(d.number, file_name),
                on=_document_date(d, by_number), origin=_origin(d, by_number, answers.origins, domains),
                judgement=d.judgement or "", grounds=tuple(d.grounds or ()),
                replace_reason=change.reason if change is not None else None)
            released[d.number] = doc
            candidates.append(PublishedDocument(number=d.number, file_name=file_name, pdf_path=Path(d.redacted_path),
                                                metadata=document_metadata(facts, doc)))

        # The gate checks every document first, so the inventory can say which ones it held back. The folder
        # step checks everything again (from the gate's cache) on exactly the bytes it writes.
        passed: list[PublishedDocument] = []
        for cand in candidates:
            check = gate.check(document_item(cand.number), [
                Outgoing(document_label(cand.number), Path(cand.pdf_path).read_bytes(),
                         name=document_path(cand.number, cand.file_name), document=cand.number),
                Outgoing(metadata_path(cand.number), diwoo_xml(cand.metadata)),
            ])
            record_check(uow, request_id, check, step="publish", document=cand.number)
            if check.passed:
                passed.append(cand)
            else:
                remarks[cand.number] = GATE_HELD_REMARK
                held += 1

        # Vindplaats: where each released document is published (this run's, or an earlier run's file).
        base = f"{settings.publication_base_url.rstrip('/')}/{req.number}"
        locations = {c.number: f"{base}/{document_path(c.number, c.file_name)}" for c in passed}
        if existing is not None:
            for d in docs:
                published_file = existing.document_file(d.number)
                if d.number not in locations and published_file is not None:
                    locations[d.number] = f"{base}/{published_file.path}"
        inventory = _public_inventory(uow.requests, req, remarks, locations, today)
        decision_type = _resolution_label(req.resolution)
        room = Room(number=req.number, subject=facts.subject, received_on=facts.received_on,
                    decided_on=req.decided_on, decision_type=decision_type, public_on=moments.public_on,
                    inventory=inventory_entries(inventory))
        contents: dict[str, Any] = {
            "decision_pdf": _decision_pdf(uow.requests, req), "inventory_csv": inventory, "documents": passed,
            "gate": gate, "request_text_pdf": _request_pdf(req, known),
            "decision_metadata": decision_metadata(facts, [released[d.number] for d in passed]),
            "request_metadata": request_metadata(facts), "inventory_metadata": inventory_metadata(facts),
            "zip_file": zip_name(req.number), "changes": changes,
        }
        try:
            shared = _share(uow, req, share, moments, room, publisher.label, contents)
            if today < moments.public_on:
                req.status = RequestStatus.PUBLICATION_SCHEDULED
                uow.record(AuditAction.PUBLICATION_SCHEDULED, request_id=request_id, step="publish",
                           payload={"verstrekking_on": moments.verstrekking_on, "public_on": moments.public_on})
                uow.commit()
                return Published(status=PublicationStatus.SCHEDULED, shared=shared,
                                 disclosure_on=moments.verstrekking_on, run_on=moments.public_on,
                                 verstrekking_on=moments.verstrekking_on, public_on=moments.public_on)
            manifest = publish_folder(
                target, amend=amend,
                pages=lambda name, published, chg: request_pages(room, published, chg, publisher=publisher.label,
                                                                 folder_name=name),
                **contents)
        except PublicationBlocked as exc:
            for check in exc.checks:
                record_check(uow, request_id, check, step="publish")
            uow.commit()
            return Published(status=PublicationStatus.BLOCKED, blocked_items=len(exc.checks), blocked_by_gate=held)
        for check in manifest.checks:
            if not check.item.startswith("document:"):
                record_check(uow, request_id, check, step="publish")
        published = {doc.number for doc in passed} - {int(c.item.split(":")[1]) for c in manifest.blocked
                                                        if c.item.startswith("document:")}
        hashes = {f.path: f.sha256 for f in manifest.files}
        paths = {doc.number: document_path(doc.number, doc.file_name) for doc in passed if doc.number in published}
        for d in docs:
            if d.number in paths:
                d.published_path = str(target / paths[d.number])
                d.published_sha256 = hashes.get(paths[d.number])
        site = refresh_site(settings, folders=(req.number,))
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
                            "verstrekking_on": moments.verstrekking_on, "public_on": moments.public_on,
                            "sitemap_urls": site["urls"],
                            "target": "remote" if settings.publication_target else "local",
                            "withheld_by_check": withheld, "blocked_by_gate": held + len(manifest.blocked),
                            "withheld_by_person": sum(1 for r in remarks.values() if r == GATE_WITHHELD_REMARK)})
        uow.commit()
    return Published(status=PublicationStatus.PUBLISHED, folder=str(target), documents=len(paths), files=len(hashes),
                     verstrekking_on=moments.verstrekking_on, public_on=moments.public_on, sitemap_urls=site["urls"],
                     withheld_by_check=withheld, blocked_by_gate=held + len(manifest.blocked))


def _share(uow: UnitOfWork, req: RequestRow, share: Share, moments: Moments, room: Room, publisher: str,
           contents: dict[str, Any]) -> bool:
    """The requester's private copy, written once on the verstrekking date; True when this call wrote it."""
    settings = get_settings()
    if share.verstrekking_on is not None:
        return False
    folder = share.folder(settings.publication_dir)
    manifest = publish_folder(
        folder, amend=True,
        pages=lambda name, published, chg: request_pages(room, published, chg, publisher=publisher,
                                                         folder_name=name, private=True,
                                                         share_expires=moments.link_expires_on),
        **contents)
    target = target_from_settings(settings)
    target.push_folder(folder, folder.relative_to(settings.publication_dir).as_posix())
    record_share(settings.request_dir(req.id), Share(share.token, moments.verstrekking_on, moments.public_on,
                                                     moments.link_expires_on))
    uow.record(AuditAction.SHARED_WITH_REQUESTER, request_id=req.id, step="publish", legal_basis="Woo 4.4(5)",
               payload={"token_sha256": share.token_sha256, "verstrekking_on": moments.verstrekking_on,
                        "public_on": moments.public_on, "expires_on": moments.link_expires_on,
                        "files": len(manifest.files)})
    return True
