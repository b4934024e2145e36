"""Step 4, collect: take every document from the request's folder into the store, errors included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from woo.case import UnitOfWork
from woo.documents import collect_folder
from woo.process.priorities import consult_on_priorities
from woo.process.results import Collected
from woo.schemas.audit import AuditAction
from woo.settings import get_settings
from woo.store.models import DocumentRow


def collect(uow: UnitOfWork, request_id: str, *, today: dt.date) -> Collected:
    settings = get_settings()
    with uow:
        req = uow.requests.get(request_id)
        source = Path(req.documents_source) if req.documents_source else None
        if source is None or not source.is_dir():
            uow.record(AuditAction.DOCUMENT_REJECTED, request_id=request_id, step="collect",
                       payload={"reason": "no_documents_folder"})
            uow.commit()
            return Collected(found=0, readable=0, errors=0, duplicates=0, pages=0,
                             note="geen documentenmap opgegeven of gevonden")

    collection = collect_folder(source, settings.documents_dir, max_file_bytes=settings.max_document_bytes)
    with uow:
        # A rerun after a narrowed scope collects afresh; earlier results must not linger beside the new ones.
        uow.requests.replace_documents(request_id, [DocumentRow(
            request_id=request_id, number=d.index, source_path=d.relative_path, display_name=d.display_name,
            media_type=d.media_type, size_bytes=d.size_bytes, sha256=d.sha256, pages=d.pages, title=d.title,
            date=d.date, family=d.family, parent=d.parent, duplicate_of=d.duplicate_of, error=d.error,
            original_path=str(d.original_path) if d.original_path else None,
            pdf_path=str(d.pdf_path) if d.pdf_path else None,
            message_id=d.message_id, replies_to=list(d.replies_to) or None,
        ) for d in collection.documents])
        for d in collection.documents:
            if d.error:
                uow.record(AuditAction.DOCUMENT_REJECTED, request_id=request_id, step="collect",
                           payload={"document": d.index, "sha256": d.sha256, "reason": d.error})
            else:
                uow.record(AuditAction.DOCUMENT_COLLECTED, request_id=request_id, step="collect",
                           payload={"document": d.index, "sha256": d.sha256, "media_type": d.media_type,
                                    "pages": d.pages, "duplicate_of": d.duplicate_of, "family": d.family})
        uow.commit()
    consult_on_priorities(uow, request_id, today=today)  # Woo 4.2a, for very large requests only
    return Collected.model_validate(collection.counts)
