"""Export a request's audit trail: a compliance report (PDF) for a compliance officer, or the raw events as
CSV or JSON for anyone who wants to check the hashes themselves.

CSV and JSON carry the same events, one per row, with ``payload`` as the exact canonical JSON text that was
hashed, so ``woo.audit.event_hash`` over an exported row gives its ``hash``. The PDF is marked VERTROUWELIJK:
it names the requester.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from woo.audit.legal_dates import LegalDates, format_moment, legal_dates, local_date, suspension_days
from woo.audit.timeline import TimelineEntry, timeline
from woo.audit.verify import ChainReport, verify_chain
from woo.case import Repository
from woo.schemas.audit import AuditAction
from woo.schemas.grounds import Ground
from woo.store.models import AuditRow, DocumentRow

__all__ = [
    "EVENT_FIELDS",
    "ComplianceReport",
    "ExportFormat",
    "build_report",
    "event_records",
    "export_csv",
    "export_json",
    "export_pdf",
    "export_request",
    "report_html",
]

EVENT_FIELDS = (
    "seq",
    "at",
    "request_id",
    "step",
    "action",
    "actor",
    "flow_run_id",
    "task_run_id",
    "legal_basis",
    "payload",
    "prev_hash",
    "hash",
)

_ENV = Environment(
    loader=PackageLoader("woo.audit", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class ExportFormat(StrEnum):
    PDF = "pdf"
    CSV = "csv"
    JSON = "json"


def _iso(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _record(row: AuditRow) -> dict[str, Any]:
    # ``at`` in the same ISO form the hash was computed over, so an exported row can be re-hashed as is.
    return {name: (_iso(row.at) if name == "at" else getattr(row, name)) for name in EVENT_FIELDS}


def event_records(repo: Repository, request_id: str) -> list[dict[str, Any]]:
    """The request's events as flat records (the CSV/JSON rows), in chain order."""
    return [_record(row) for row in repo.events(request_id)]


def export_csv(repo: Repository, request_id: str) -> bytes:
    req = repo.get(request_id)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EVENT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in event_records(repo, req.id):
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue().encode("utf-8")


def export_json(repo: Repository, request_id: str, *, now: dt.datetime | None = None) -> bytes:
    req = repo.get(request_id)
    chain = verify_chain(repo, req.id)
    body = {
        "request_id": req.id,
        "number": req.number,
        "exported_at": _iso(now or dt.datetime.now(dt.UTC)),
        "hash_rule": "hash = sha256(canonical_json({at, request_id, step, action, actor, flow_run_id, "
        "task_run_id, legal_basis, payload, prev_hash})); canonical_json sorts keys, no spaces, UTF-8",
        "chain": chain.to_dict(),
        "events": event_records(repo, req.id),
    }
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- The compliance report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowRunHistory:
    """A Prefect flow run this request went through, with the states recorded for it."""

    flow_run_id: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    steps: tuple[str, ...]
    states: tuple[tuple[dt.datetime, str], ...]


@dataclass(frozen=True)
class ComplianceReport:
    """Everything the PDF shows, gathered from the store; rendering is separate so it can be tested."""

    generated_at: dt.datetime
    request: dict[str, Any]
    entries: list[TimelineEntry]
    dates: LegalDates
    suspensions: list[dict[str, Any]]
    third_parties: list[dict[str, Any]]
    redactions: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    judgement_counts: dict[str, int]
    letters: list[dict[str, Any]]
    published_files: list[tuple[str, str]]
    flow_runs: list[FlowRunHistory]
    chain: ChainReport
    problems: list[str] = field(default_factory=list)


def _flow_runs(entries: list[TimelineEntry]) -> list[FlowRunHistory]:
    seen: dict[str, list[TimelineEntry]] = defaultdict(list)
    for e in entries:
        run = e.flow_run_id or (str(e.payload.get("flow_run_id")) if e.payload.get("flow_run_id") else None)
        if run:
            seen[run].append(e)
    runs = []
    for run, items in seen.items():
        states = tuple(
            (e.at, str(e.payload.get("state") or e.payload.get("state_name") or e.payload.get("state_type") or "?"))
            for e in items
            if e.action == AuditAction.FLOW_RUN_STATE.value
        )
        steps = tuple(dict.fromkeys(e.step for e in items if e.step))
        runs.append(FlowRunHistory(run, items[0].at, items[-1].at, steps, states))
    return sorted(runs, key=lambda r: r.first_seen)


def _published_files(entries: list[TimelineEntry], docs: list[DocumentRow]) -> list[tuple[str, str]]:
    published = [e for e in entries if e.action == AuditAction.PUBLISHED.value]
    if published and isinstance(published[-1].payload.get("files"), dict):
        return sorted((str(k), str(v)) for k, v in published[-1].payload["files"].items())
    # Without a publication event, the documents' own record of what was published is all there is.
    return [(f"document {d.number}", d.published_sha256) for d in docs if d.published_sha256]


def _ground_label(code: str) -> str:
    try:
        return Ground.parse(code).label
    except (ValueError, KeyError):
        return "onbekende grond"


def build_report(
    repo: Repository, request_id: str, *, today: dt.date | None = None, now: dt.datetime | None = None
) -> ComplianceReport:
    """Gather the compliance report of one request; raises ``UnknownRequest``."""
    now = now or dt.datetime.now(dt.UTC)
    today = today or local_date(now)
    req = repo.get(request_id)
    entries = timeline(repo, req.id)
    docs = repo.documents(req.id)
    requester = req.requester
    problems: list[str] = []

    redaction_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in repo.redactions(req.id):
        redaction_counts[r.ground][r.status] += 1
    redactions = [
        {"ground": g, "label": _ground_label(g), "counts": dict(sorted(c.items())), "total": sum(c.values())}
        for g, c in sorted(redaction_counts.items())
    ]

    documents: list[dict[str, Any]] = []
    for d in docs:
        grounds = [str(g) for g in (d.grounds or [])]
        documents.append({
            "number": d.number, "judgement": d.judgement or "nog niet beoordeeld", "grounds": grounds,
            "sha256": d.sha256, "redacted_sha256": d.redacted_sha256, "published_sha256": d.published_sha256,
            "error": bool(d.error),
        })

    suspensions = [
        {"kind": s.kind, "start": s.start, "end": s.end, "days": suspension_days(s, today),
         "legal_basis": s.legal_basis}
        for s in repo.suspensions(req.id)
    ]
    third_parties = [
        {"key": t.key, "documents": len(t.document_numbers or []), "asked_on": t.asked_on, "view_due": t.view_due,
         "view_received_on": t.view_received_on, "lapsed": t.lapsed, "objects": t.objects}
        for t in repo.third_parties(req.id)
    ]
    letters = [
        {"kind": o.kind, "status": o.status, "transport": o.transport,
         "sent_at": format_moment(o.sent_at) if o.sent_at else None, "pdf_sha256": o.pdf_sha256}
        for o in repo.letters(req.id)
    ]
    dates = legal_dates(repo, req, today=today)
    if dates.problem:
        problems.append(dates.problem)
    return ComplianceReport(
        generated_at=now,
        request={
            "id": req.id, "number": req.number, "status": req.status, "resolution": req.resolution,
            "subject": req.subject, "received_on": req.received_on, "decided_on": req.decided_on,
            "decision_due": req.decision_due, "disclosure_on": req.disclosure_on, "extended": req.extended,
            "requester_name": requester.name if requester else None,
            "requester_organisation": requester.organisation if requester else None,
        },
        entries=entries,
        dates=dates,
        suspensions=suspensions,
        third_parties=third_parties,
        redactions=redactions,
        documents=documents,
        judgement_counts=dict(sorted(Counter(d["judgement"] for d in documents).items())),
        letters=letters,
        published_files=_published_files(entries, docs),
        flow_runs=_flow_runs(entries),
        chain=verify_chain(repo, req.id),
        problems=problems,
    )


def report_html(report: ComplianceReport) -> str:
    """The report as HTML (autoescaped; nothing from the store is interpreted as markup)."""
    # woo.letters.pdf loads WeasyPrint, which takes a second; only commands that render should pay for it.
    from woo.letters.pdf import asset_url

    return _ENV.get_template("compliance_report.html").render(
        r=report, css_url=asset_url("letter.css"), moment=format_moment
    )


def export_pdf(repo: Repository, request_id: str, *, today: dt.date | None = None) -> bytes:
    from woo.letters.pdf import html_to_pdf

    return html_to_pdf(report_html(build_report(repo, request_id, today=today)))


def export_request(repo: Repository, request_id: str, fmt: ExportFormat | str, *,
                   today: dt.date | None = None) -> bytes:
    """The export of one request in ``fmt`` (pdf, csv or json); ``today`` dates the report's checks."""
    match ExportFormat(fmt):
        case ExportFormat.PDF:
            return export_pdf(repo, request_id, today=today)
        case ExportFormat.CSV:
            return export_csv(repo, request_id)
        case ExportFormat.JSON:
            return export_json(repo, request_id)
