"""Step 6, redact: propose, settle with the reviewer's answer, apply for real, and check the saved file.

``propose`` stores the proposals and writes a review copy per document (proposals highlighted, nothing removed)
for the reviewer; ``redact`` runs the engine's one-pass pipeline (:func:`woo.redaction.redact_many`, the same
the speed benchmark measures): each PDF is opened once to detect (proposal ids are stable for the same file),
settle every proposal with the review, place the reviewer's manual redactions, apply and check the saved file.
A document whose check fails (or that cannot be redacted at all) is kept out of publication with the reason.
Large dossiers are redacted in one process pool, one document per job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from woo.case import UnitOfWork
from woo.process.results import Proposed, Redacted
from woo.questions.answers import answers_of
from woo.redaction import (
    RedactionError,
    RedactionJob,
    RedactionResult,
    load_officials,
    propose_with_review_copy,
    redact_many,
)
from woo.redaction.officials import Officials
from woo.schemas.audit import AuditAction
from woo.settings import get_settings
from woo.store.models import RedactionRow

POOL_THRESHOLD = 16  # documents: from here on always a worker per core
# Fewer documents still go to the pool when they are long: starting the workers costs less than a second, 100
# pages take several seconds on one core, and the speed benchmark's ratio assumes both cores.
POOL_MIN_PAGES = 100


def _officials() -> Officials | None:
    settings = get_settings()
    return load_officials(settings.officials_file) if settings.officials_file else None


def _workers(jobs: int, pages: int) -> int:
    """Worker processes for ``jobs`` documents of ``pages`` pages in all (page counts from the intake)."""
    if jobs < 2 or (jobs < POOL_THRESHOLD and pages < POOL_MIN_PAGES):
        return 1
    return min(jobs, os.cpu_count() or 1)


def propose(uow: UnitOfWork, request_id: str, *, today: dt.date) -> Proposed:
    """Store the proposals and write review copies; nothing is removed yet."""
    settings = get_settings()
    officials = _officials()
    review_dir = settings.request_dir(request_id) / "beoordeling"
    review_dir.mkdir(parents=True, exist_ok=True)
    with uow:
        docs = [(d.number, d.pdf_path) for d in uow.requests.documents(request_id)
                if d.error is None and d.duplicate_of is None and d.pdf_path]
    rows: list[RedactionRow] = []
    problems = 0
    for number, pdf_path in docs:
        try:
            # One opening per document: detection and the review copy read the same parsed file.
            proposals = propose_with_review_copy(Path(pdf_path), review_dir / f"{number:03d}.pdf",
                                                 officials=officials)
        except RedactionError:
            problems += 1
            continue
        rows += [RedactionRow(request_id=request_id, document_number=number, proposal_id=p.id, page=p.page + 1,
                              rect=list(p.rects[0]) if p.rects else [], rects=[list(r) for r in p.rects],
                              category=str(p.category), ground=str(p.ground), confidence=p.confidence,
                              status="auto" if p.auto_accept else "proposed") for p in proposals]
    needs_review = sum(1 for r in rows if r.status == "proposed")
    with uow:
        uow.requests.replace_redactions(request_id, rows)
        uow.record(AuditAction.REDACTIONS_PROPOSED, request_id=request_id, step="propose",
                   payload={"documents": len(docs), "proposals": len(rows), "needs_review": needs_review,
                            "problems": problems})
        uow.commit()
    return Proposed(documents=len(docs), proposals=len(rows), needs_review=needs_review,
                    review_copies=str(review_dir))


def redact(uow: UnitOfWork, request_id: str, *, today: dt.date) -> Redacted:
    settings = get_settings()
    out_dir = settings.request_dir(request_id) / "gelakt"
    out_dir.mkdir(parents=True, exist_ok=True)
    with uow:
        req = uow.requests.get(request_id)
        review = answers_of(uow.requests, req).redaction_review
        officials = _officials()
        todo = [d for d in uow.requests.documents(request_id)
                if d.error is None and d.duplicate_of is None and d.pdf_path]
        jobs = [RedactionJob(in_path=d.pdf_path, out_path=str(out_dir / f"{d.number:03d}.pdf"), officials=officials,
                             accept="review", review=review, document=d.number,
                             manual=tuple(m for m in (review.manual if review else []) if m.document == d.number))
                for d in todo if d.pdf_path]
        pages = sum(d.pages or 0 for d in todo)

    report = redact_many(jobs, workers=_workers(len(jobs), pages))
    reviewer = review.answered_by if review else "system"

    totals: dict[str, int] = {}
    proposed = accepted = unreviewed = failed = 0
    rows: list[RedactionRow] = []
    with uow:
        docs = {d.number: d for d in uow.requests.documents(request_id)}
        for job, outcome in zip(jobs, report.documents, strict=True):
            d = docs[job.document]
            out = Path(job.out_path)
            digest = hashlib.sha256(out.read_bytes()).hexdigest() if out.exists() else None
            if isinstance(outcome, RedactionResult):
                rows += _rows(request_id, job.document, outcome, reviewer)
                check_ok, problems = outcome.check.ok, list(outcome.check.problems)
                warnings, per_ground = outcome.all_warnings(), outcome.counts_by_ground
                proposed += len(outcome.proposals)
                accepted += sum(1 for s in outcome.settled if s.accepted)
                unreviewed += sum(1 for s in outcome.settled if s.how == "unreviewed")
            else:
                check_ok, problems, warnings, per_ground, digest = False, [outcome.error], [], {}, None
            failed += not check_ok
            d.redacted_path = str(out) if digest else None
            d.redacted_sha256 = digest
            d.check_ok = check_ok
            d.check_problems = problems + warnings
            for ground, n in per_ground.items():
                totals[ground] = totals.get(ground, 0) + n
            action = AuditAction.DOCUMENT_REDACTED if check_ok else AuditAction.REDACTION_CHECK_FAILED
            uow.record(action, request_id=request_id, step="redact", legal_basis="Woo 5.1",
                       payload={"document": job.document, "redacted_sha256": digest, "per_ground": per_ground,
                                "check_ok": check_ok, "problems": len(problems), "warnings": len(warnings)})
        uow.requests.replace_redactions(request_id, rows)
        uow.record(AuditAction.REDACTIONS_REVIEWED, request_id=request_id, step="redact", actor=reviewer,
                   payload={"proposed": proposed, "accepted": accepted, "rejected": proposed - accepted,
                            "unreviewed": unreviewed})
        uow.commit()
    return Redacted(documents=len(jobs), proposed=proposed, applied=sum(totals.values()), per_ground=totals,
                    check_failed=failed)


def _rows(request_id: str, number: int, result: RedactionResult, reviewer: str) -> list[RedactionRow]:
    """One row per proposal (applied, accepted or rejected) and one per box the reviewer added by hand."""
    settled = {s.proposal_id: s for s in result.settled}
    applied_ids = {a.proposal_id for a in result.redactions}
    rows = []
    for p in result.proposals:
        s = settled[p.id]
        status = "applied" if p.id in applied_ids else ("accepted" if s.accepted else "rejected")
        rows.append(RedactionRow(request_id=request_id, document_number=number, proposal_id=p.id, page=p.page + 1,
                                 rect=list(p.rects[0]) if p.rects else [], rects=[list(r) for r in p.rects],
                                 category=str(p.category), ground=str(p.ground), confidence=p.confidence, status=status,
                                 decided_by=s.decided_by))
    for a in result.redactions:
        if a.proposal_id is None:  # the reviewer's own additions: one row per box
            rows += [RedactionRow(request_id=request_id, document_number=number, proposal_id=None, page=a.page + 1,
                                  rect=[round(v, 2) for v in rect], category=a.category.value,
                                  ground=a.ground.value, status="applied", text_sha256=a.text_sha256,
                                  decided_by=reviewer) for rect in a.rects]
    return rows
