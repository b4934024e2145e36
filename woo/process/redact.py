"""Step 6, redact: propose, settle with the reviewer's answer, apply for real, and check the saved file.

``propose`` stores the proposals and writes a review copy per document (proposals highlighted, nothing removed)
for the reviewer; ``redact`` detects again (proposal ids are stable for the same file), settles every proposal
with the review, adds the reviewer's manual redactions and applies them. A document whose check fails (or that
cannot be redacted at all) is kept out of publication with the reason. Large dossiers are redacted in a process
pool, one document per job; each job is a pure function of its files.
"""

from __future__ import annotations

import hashlib
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from woo.questions.answers import answers_of
from woo.questions.models import RedactionReview
from woo.redaction import apply_redactions, load_officials, propose_redactions, write_review_copy
from woo.redaction.errors import RedactionError
from woo.redaction.manual import manual_redactions_for
from woo.redaction.officials import Officials
from woo.redaction.settle import settle
from woo.schemas.audit import AuditAction
from woo.settings import get_settings
from woo.store import audit_log as audit
from woo.store.db import session_scope
from woo.store.models import RedactionRow
from woo.store.queries import documents, get_request

_log = logging.getLogger(__name__)

POOL_THRESHOLD = 16  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Job:
    number: int
    pdf_path: str
    out_path: str


@dataclass
class Outcome:
    number: int
    proposals: list[dict[str, Any]]
    applied: list[dict[str, Any]]
    check_ok: bool
    problems: list[str]
    warnings: list[str]
    redacted_sha256: str | None
    counts_by_ground: dict[str, int]


def redact_one(job: Job, officials: Officials | None, review: RedactionReview | None) -> Outcome:
    """Redact one document; never raises for a bad document, it reports why instead."""
    try:
        proposals = propose_redactions(Path(job.pdf_path), officials=officials)
        settled = {s.proposal_id: s for s in settle(proposals, review)}
        accepted: list[Any] = [p for p in proposals if settled[p.id].accepted]
        # A manual item that cannot be placed (its text is not on its page) holds the document, it never
        # fails the run: the problem reaches the document's record and publication waits for a person.
        manual, manual_problems = manual_redactions_for(
            Path(job.pdf_path), [m for m in (review.manual if review else []) if m.document == job.number],
            document=job.number)
        result = apply_redactions(Path(job.pdf_path), Path(job.out_path), [*accepted, *manual])
    except RedactionError as exc:
        return Outcome(job.number, [], [], False, [str(exc)], [], None, {})
    except Exception as exc:  # one document that breaks MuPDF or OCR must not fail the whole request
        _log.error("redacting document %d failed (%s)", job.number, type(exc).__name__)  # no text in logs
        return Outcome(job.number, [], [], False,
                       [f"Document {job.number} kon niet worden gelakt door een onverwachte fout "
                        f"({type(exc).__name__}); een medewerker moet het beoordelen."], [], None, {})
    digest = hashlib.sha256(Path(job.out_path).read_bytes()).hexdigest() if Path(job.out_path).exists() else None
    return Outcome(
        number=job.number,
        proposals=[{"id": p.id, "page": p.page + 1, "rect": list(p.rects[0]) if p.rects else [],
                    "category": str(p.category), "ground": str(p.ground), "confidence": p.confidence,
                    "accepted": settled[p.id].accepted, "decided_by": settled[p.id].decided_by,
                    "how": settled[p.id].how} for p in proposals],
        applied=[r.to_dict() for r in result.redactions],
        check_ok=result.check.ok and not manual_problems, problems=list(result.check.problems) + manual_problems,
        warnings=result.all_warnings(),
        redacted_sha256=digest, counts_by_ground=result.counts_by_ground,
    )


def _redact_all(jobs: list[Job], officials: Officials | None, review: RedactionReview | None) -> list[Outcome]:
    if len(jobs) < POOL_THRESHOLD:
        return [redact_one(j, officials, review) for j in jobs]
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(redact_one, jobs, [officials] * len(jobs), [review] * len(jobs)))


def _officials() -> Officials | None:
    settings = get_settings()
    return load_officials(settings.officials_file) if settings.officials_file else None


def propose(request_id: str) -> dict[str, Any]:
    """Store the proposals and write review copies; nothing is removed yet."""
    settings = get_settings()
    officials = _officials()
    review_dir = settings.request_dir(request_id) / "beoordeling"
    review_dir.mkdir(parents=True, exist_ok=True)
    with session_scope() as s:
        docs = [(d.number, d.pdf_path) for d in documents(s, request_id)
                if d.error is None and d.duplicate_of is None and d.pdf_path]
    rows: list[RedactionRow] = []
    problems = 0
    for number, pdf_path in docs:
        try:
            proposals = propose_redactions(Path(pdf_path), officials=officials)
            write_review_copy(Path(pdf_path), review_dir / f"{number:03d}.pdf", proposals)
        except RedactionError:
            problems += 1
            continue
        rows += [RedactionRow(request_id=request_id, document_number=number, proposal_id=p.id, page=p.page + 1,
                              rect=list(p.rects[0]) if p.rects else [], category=str(p.category),
                              ground=str(p.ground), confidence=p.confidence,
                              status="auto" if p.auto_accept else "proposed") for p in proposals]
    with session_scope() as s:
        s.execute(delete(RedactionRow).where(RedactionRow.request_id == request_id))
        s.add_all(rows)
        audit.record(s, AuditAction.REDACTIONS_PROPOSED, request_id=request_id, step="propose",
                     payload={"documents": len(docs), "proposals": len(rows),
                              "needs_review": sum(1 for r in rows if r.status == "proposed"), "problems": problems})
    return {"documents": len(docs), "proposals": len(rows), "needs_review": sum(1 for r in rows if r.status ==
                                                                                 "proposed"),
            "review_copies": str(review_dir)}


def redact(request_id: str) -> dict[str, Any]:
    settings = get_settings()
    officials = _officials()
    out_dir = settings.request_dir(request_id) / "gelakt"
    out_dir.mkdir(parents=True, exist_ok=True)
    with session_scope() as s:
        req = get_request(s, request_id)
        review = answers_of(req).redaction_review
        jobs = [Job(d.number, d.pdf_path, str(out_dir / f"{d.number:03d}.pdf"))
                for d in documents(s, request_id) if d.error is None and d.duplicate_of is None and d.pdf_path]

    outcomes = _redact_all(jobs, officials, review)

    totals: dict[str, int] = {}
    with session_scope() as s:
        s.execute(delete(RedactionRow).where(RedactionRow.request_id == request_id))
        docs = {d.number: d for d in documents(s, request_id)}
        for o in outcomes:
            d = docs[o.number]
            applied_ids = {a["proposal_id"] for a in o.applied}
            for p in o.proposals:
                status = "applied" if p["id"] in applied_ids else ("accepted" if p["accepted"] else "rejected")
                s.add(RedactionRow(request_id=request_id, document_number=o.number, proposal_id=p["id"],
                                   page=p["page"], rect=p["rect"], category=p["category"], ground=p["ground"],
                                   confidence=p["confidence"], status=status, decided_by=p["decided_by"]))
            for a in o.applied:
                if a["proposal_id"] is None:  # the reviewer's own additions: one row per box
                    for rect in a["rects"]:
                        s.add(RedactionRow(request_id=request_id, document_number=o.number, proposal_id=None,
                                           page=a["page"], rect=rect, category=a["category"], ground=a["ground"],
                                           status="applied", text_sha256=a["text_sha256"],
                                           decided_by=review.answered_by if review else "system"))
            d.redacted_path = str(out_dir / f"{o.number:03d}.pdf") if o.redacted_sha256 else None
            d.redacted_sha256 = o.redacted_sha256
            d.check_ok = o.check_ok
            d.check_problems = o.problems + o.warnings
            for ground, n in o.counts_by_ground.items():
                totals[ground] = totals.get(ground, 0) + n
            action = AuditAction.DOCUMENT_REDACTED if o.check_ok else AuditAction.REDACTION_CHECK_FAILED
            audit.record(s, action, request_id=request_id, step="redact", legal_basis="Woo 5.1",
                         payload={"document": o.number, "redacted_sha256": o.redacted_sha256,
                                  "per_ground": o.counts_by_ground, "check_ok": o.check_ok,
                                  "problems": len(o.problems), "warnings": len(o.warnings)})
        accepted = sum(1 for o in outcomes for p in o.proposals if p["accepted"])
        proposed = sum(len(o.proposals) for o in outcomes)
        audit.record(s, AuditAction.REDACTIONS_REVIEWED, request_id=request_id, step="redact",
                     actor=review.answered_by if review else "system",
                     payload={"proposed": proposed, "accepted": accepted, "rejected": proposed - accepted,
                              "unreviewed": sum(1 for o in outcomes for p in o.proposals if p["how"] == "unreviewed")})
    return {"documents": len(outcomes), "proposed": proposed, "applied": sum(totals.values()),
            "per_ground": totals, "check_failed": sum(1 for o in outcomes if not o.check_ok)}
