"""After publication: withdraw or replace a published document, and take down expired private links.

A leak found afterwards or a court ruling can require a published document to go. :func:`withdraw_document`
removes it from the publication folder, the requester's private copy, the sitemap and the reading room, leaves a
tombstone page saying when and why (``redenVerwijderingVervanging``: privacy or procedure, plus an optional
public explanation that the privacy gate reads), and records in the audit log who did it. The sitemap's
``lastmod`` changes, so the Woo-index harvests the change. :func:`replace_document` puts a corrected file at the
same address instead. Audit payloads hold the document number, the reason code and file hashes, never the note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

from woo.case import UnitOfWork
from woo.privacy import Audience, Gate, known_data
from woo.privacy.blocks import record_check
from woo.process.publish import _document_date, _origin, refresh_site
from woo.publication import PublicationBlocked, PublicationError, ReplaceReason, change_document, read_manifest
from woo.publication.folder import MANIFEST_NAME, PublicationManifest
from woo.publication.metadata import ReleasedDocument, RequestFacts, document_metadata, own_domains
from woo.publication.moments import existing_share, expired_shares, record_share
from woo.publication.publisher import configured_publisher
from woo.publication.readingroom import ROOM_FILE, Room, request_pages
from woo.publication.targets import target_from_settings
from woo.questions.answers import answers_of
from woo.questions.models import USER_ID_PATTERN
from woo.redaction.titles import public_title
from woo.schemas.audit import AuditAction
from woo.settings import get_settings


def _check_user(by: str) -> str:
    by = by.strip()
    if not re.fullmatch(USER_ID_PATTERN, by):
        raise PublicationError("geef bij --by een gebruikers-id (bijvoorbeeld m.devries), geen naam of e-mailadres")
    return by


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _change(uow: UnitOfWork, number: str, document: int, *, reason: ReplaceReason | str, by: str, note: str | None,
            replacement: Path | None, now: dt.datetime | None) -> dict[str, Any]:
    settings = get_settings()
    by = _check_user(by)
    try:
        reason = ReplaceReason(reason)
    except ValueError as exc:
        raise PublicationError(f"onbekende reden {reason!r}; kies privacy of procedure") from exc
    now = now or dt.datetime.now(dt.UTC)
    with uow:
        req = uow.requests.find(number)
        assert req.number
        folder = settings.publication_dir / req.number
        if not (folder / MANIFEST_NAME).is_file() or not (folder / ROOM_FILE).is_file():
            raise PublicationError(f"{req.number} is niet (openbaar) gepubliceerd; er valt niets in te trekken")
        publisher = configured_publisher(settings)
        room = Room.from_json((folder / ROOM_FILE).read_bytes())
        gate = Gate(known_data(uow.requests, req.id, settings), Audience.public())
        docs = uow.requests.documents(req.id)
        row = next((d for d in docs if d.number == document), None)
        if row is None:
            raise PublicationError(f"{req.number} heeft geen document {document}")
        metadata = None
        stored: Path | None = None
        if replacement is not None:
            replacement = Path(replacement)
            if not replacement.is_file():
                raise PublicationError(f"het vervangende bestand {replacement.name!r} bestaat niet")
            name = f"{document:03d}-vervanging-{_sha256(replacement)[:12]}.pdf"
            stored = settings.request_dir(req.id) / "gelakt" / name
            stored.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(replacement, stored)
            current = read_manifest(folder).document_file(document)
            if current is None:
                raise PublicationError(f"{req.number}: document {document} is niet gepubliceerd")
            facts = RequestFacts(req.number, room.subject, room.received_on, room.decided_on,
                                 room.public_on or room.decided_on, settings.publication_base_url, publisher)
            by_number = {d.number: d for d in docs}
            domains = own_domains(settings.organisation_email, settings.mail_from, settings.organisation_website)
            metadata = document_metadata(facts, ReleasedDocument(
                number=document, title=public_title(row.title), path=current.path,
                on=_document_date(row, by_number),
                origin=_origin(row, by_number, answers_of(uow.requests, req).origins, domains),
                judgement=row.judgement or "", grounds=tuple(row.grounds or ()), replace_reason=reason))

        def apply(target: Path, *, private: bool, expires: dt.date | None = None) -> PublicationManifest:
            return change_document(
                target, document, reason=reason, at=now, gate=gate, note=note, replacement_pdf=stored,
                replacement_metadata=metadata,
                pages=lambda name, published, changes: request_pages(
                    room, published, changes, publisher=publisher.label, folder_name=name, private=private,
                    share_expires=expires))

        try:
            before = read_manifest(folder).document_file(document)
            manifest = apply(folder, private=False)
        except PublicationBlocked as exc:
            for check in exc.checks:
                record_check(uow, req.id, check, step="publish")
            uow.commit()
            raise PublicationError("wijziging tegengehouden door de privacycontrole: "
                                   + "; ".join(c.message for c in exc.checks)) from exc
        folders = [req.number]
        share = existing_share(settings.request_dir(req.id))
        if share is not None and share.removed_on is None:
            private = share.folder(settings.publication_dir)
            if (private / MANIFEST_NAME).is_file() and read_manifest(private).document_file(document) is not None:
                # The requester's copy loses a leaked document too.
                apply(private, private=True, expires=share.expires_on)
                folders.append(private.relative_to(settings.publication_dir).as_posix())
        site = refresh_site(settings, folders=tuple(folders))
        after = manifest.document_file(document)
        if replacement is None:
            row.published_path = row.published_sha256 = None
        else:
            assert stored is not None and after is not None
            row.redacted_path = str(stored)
            row.redacted_sha256 = _sha256(stored)
            row.published_path = str(folder / after.path)
            row.published_sha256 = after.sha256
        action = AuditAction.DOCUMENT_REPLACED if replacement is not None else AuditAction.DOCUMENT_WITHDRAWN
        uow.record(action, request_id=req.id, step="publish", actor=by, legal_basis="Woo 3.3",
                     payload={"document": document, "reason": str(reason), "note": note is not None,
                              "removed_sha256": before.sha256 if before else None,
                              "new_sha256": after.sha256 if after else None,
                              "at": now.isoformat(timespec="seconds"), "sitemap_urls": site["urls"]})
        uow.commit()
        return {"number": req.number, "document": document, "status": "replaced" if replacement else "withdrawn",
                "reason": str(reason), "sitemap_urls": site["urls"], "folders": folders}


def withdraw_document(uow: UnitOfWork, number: str, document: int, *, reason: ReplaceReason | str, by: str,
                      note: str | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Take published document ``document`` of request ``number`` down, with a tombstone saying why."""
    return _change(uow, number, document, reason=reason, by=by, note=note, replacement=None, now=now)


def replace_document(uow: UnitOfWork, number: str, document: int, replacement: Path, *,
                     reason: ReplaceReason | str, by: str, note: str | None = None,
                     now: dt.datetime | None = None) -> dict[str, Any]:
    """Put ``replacement`` (a PDF) in place of published document ``document``, at the same address."""
    return _change(uow, number, document, reason=reason, by=by, note=note, replacement=replacement, now=now)


def expire_shares(uow: UnitOfWork, *, today: dt.date) -> list[str]:
    """Remove every private link whose time is up (locally and on the target); returns the request ids."""
    settings = get_settings()
    target = target_from_settings(settings)
    done = []
    for request_id, share in expired_shares(settings.home / "requests", today):
        folder = share.folder(settings.publication_dir)
        shutil.rmtree(folder, ignore_errors=True)
        target.remove_folder(folder.relative_to(settings.publication_dir).as_posix())
        record_share(settings.request_dir(request_id), share.__class__(
            share.token, share.verstrekking_on, share.public_on, share.expires_on, today))
        with uow:
            uow.record(AuditAction.SHARE_EXPIRED, request_id=request_id, step="publish",
                       payload={"token_sha256": share.token_sha256, "expires_on": share.expires_on})
            uow.commit()
        done.append(request_id)
    return done
