"""The deadline watch: where every open request stands against its decision date, and reminders when it slips.

:func:`watch` is meant to run once a day (the ``deadline-watch`` flow, or ``woo watch``). For each open request
it first lets :func:`~woo.deadlines.extension.prepare_extension_if_at_risk` extend where the rules allow, then
recomputes the dates, classifies the request (:func:`~woo.deadlines.risk`) and sends the process owner one
reminder per request, per state, per day. :func:`overview` gives the same rows without changing anything.
Rows carry ids, numbers, statuses and dates only, never personal data. No Prefect here.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from woo.case import Repository, RequestStatus, UnitOfWork
from woo.deadlines import Deadlines, Risk, days_left, format_date_nl, risk
from woo.deadlines.extension import (
    ExtensionCheck,
    ExtensionOutcome,
    ExtensionRules,
    prepare_extension_if_at_risk,
)
from woo.deadlines.request_dates import compute_for_request
from woo.errors import WooError
from woo.letters.letters import reminder_html
from woo.letters.outbox import OutgoingMessage, deliver
from woo.letters.pdf import html_to_pdf
from woo.privacy import Audience
from woo.schemas.audit import AuditAction
from woo.settings import get_settings
from woo.store.models import RequestRow

__all__ = [
    "STATUS_LABELS",
    "Flag",
    "WatchReport",
    "WatchRow",
    "open_request_ids",
    "overview",
    "reminder_key",
    "status_label",
    "watch",
]

STATUS_LABELS = {s.value: s.label for s in RequestStatus}
REMINDER_KIND = "reminder"

_log = logging.getLogger(__name__)


def status_label(status: str) -> str:
    """The Dutch wording of a request status, or the status itself when it has none."""
    return STATUS_LABELS.get(status, status)


class Flag(StrEnum):
    """Why the watch raises a request; the value names the Prefect event (``woo.deadline.<value>``)."""

    AT_RISK = "at-risk"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return {"at-risk": "beslistermijn verloopt binnenkort", "missed": "beslistermijn verstreken"}[self.value]

    @property
    def event(self) -> str:
        return f"woo.deadline.{self.value}"

    @property
    def audit_action(self) -> AuditAction:
        return AuditAction.DEADLINE_MISSED if self is Flag.MISSED else AuditAction.DEADLINE_AT_RISK


@dataclass(frozen=True)
class WatchRow:
    """One open request against its decision date; ids, numbers and dates only."""

    request_id: str
    number: str
    status: str
    decision_due: dt.date
    days_left: int
    risk: Risk
    extended: bool

    @property
    def flag(self) -> Flag | None:
        if self.risk is Risk.OVERDUE:
            return Flag.MISSED
        if self.risk in (Risk.DUE_SOON, Risk.DUE_TODAY):
            return Flag.AT_RISK
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe, for the table artifact and machine-readable output."""
        return {
            "request_id": self.request_id,
            "number": self.number,
            "status": self.status,
            "decision_due": self.decision_due.isoformat(),
            "days_left": self.days_left,
            "risk": str(self.risk),
            "risk_label": self.risk.label,
            "extended": self.extended,
        }


@dataclass
class WatchReport:
    """What one run of the watch saw and did. ``problems`` are Dutch, one per request that could not be watched."""

    today: dt.date
    warn_days: int
    rows: list[WatchRow] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    """Idempotency keys of the reminders newly sent in this run."""
    extensions: list[ExtensionCheck] = field(default_factory=list)
    """Requests the watch extended, or found at risk but could not or may not extend itself."""
    problems: list[str] = field(default_factory=list)

    def add_problem(self, problem: str) -> None:
        if problem not in self.problems:  # one cause failing two stages is one problem for the reader
            self.problems.append(problem)

    @property
    def flagged(self) -> list[WatchRow]:
        return [r for r in self.rows if r.flag is not None]

    @property
    def at_risk(self) -> list[WatchRow]:
        return [r for r in self.rows if r.flag is Flag.AT_RISK]

    @property
    def missed(self) -> list[WatchRow]:
        return [r for r in self.rows if r.flag is Flag.MISSED]

    def table(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.rows]

    def summary(self) -> dict[str, Any]:
        """Counts and ids only: what goes back to Prefect."""
        return {
            "today": self.today.isoformat(),
            "open": len(self.rows),
            "at_risk": len(self.at_risk),
            "missed": len(self.missed),
            "reminders_sent": len(self.reminders),
            "extended": [c.request_id for c in self.extensions if c.outcome is ExtensionOutcome.EXTENDED],
            "problems": len(self.problems),
        }


def reminder_key(request_id: str, flag: Flag, today: dt.date) -> str:
    """One reminder per request, per state, per day."""
    return f"reminder:{request_id}:{flag.value}:{today.isoformat()}"


def open_request_ids(repo: Repository) -> list[str]:
    """Requests that still await a decision and have a decision date, earliest date first."""
    return [r.id for r in repo.open_awaiting_decision()]


def _row(uow: UnitOfWork, req: RequestRow, today: dt.date, warn_days: int) -> tuple[WatchRow, Deadlines]:
    deadlines = compute_for_request(uow, req, today=today)
    due = deadlines.decision_due
    row = WatchRow(request_id=req.id, number=req.number or req.id, status=req.status, decision_due=due,
                   days_left=days_left(due, today), risk=risk(due, today, warn_days=warn_days),
                   extended=req.extended)
    return row, deadlines


def _sort(rows: list[WatchRow]) -> list[WatchRow]:
    return sorted(rows, key=lambda r: (r.days_left, r.number))


def _problem(ref: str, exc: Exception) -> str:
    # Our own errors carry Dutch messages without personal data; anything else is named by its type only.
    if isinstance(exc, WooError):
        return f"Verzoek {ref}: {exc}"
    return f"Verzoek {ref}: onverwachte fout ({type(exc).__name__}); zie het logboek van de termijnbewaking."


def overview(uow: UnitOfWork, today: dt.date, *, warn_days: int | None = None) -> tuple[list[WatchRow], list[str]]:
    """The rows of :func:`watch` and the problems, without extending, reminding or storing anything."""
    warn = get_settings().deadline_warn_days if warn_days is None else warn_days
    rows: list[WatchRow] = []
    problems: list[str] = []
    with uow:  # never committed: recomputed dates and their audit events are rolled back
        for request_id in open_request_ids(uow.requests):
            req = uow.requests.get(request_id)
            try:
                with uow.trial():
                    rows.append(_row(uow, req, today, warn)[0])
            except Exception as exc:
                _log.warning("deadline overview: request %s skipped (%s)", request_id, type(exc).__name__)
                problems.append(_problem(req.number or request_id, exc))
    return _sort(rows), problems


def _reminder_lines(row: WatchRow, subject: str, deadlines: Deadlines, check: ExtensionCheck | None,
                    today: dt.date) -> list[str]:
    due = format_date_nl(row.decision_due)
    lines = [f"Verzoek {row.number}" + (f" over '{subject}'" if subject else "") + f" heeft de status "
             f"'{status_label(row.status)}'."]
    if row.flag is Flag.MISSED:
        gone = "1 dag" if row.days_left == -1 else f"{-row.days_left} dagen"
        lines.append(f"De uiterste beslisdatum was {due}; die is {gone} verstreken. Neem zo snel mogelijk een "
                     "besluit. De verzoeker kan het bestuursorgaan in gebreke stellen en twee weken later beroep "
                     "instellen (art. 8.2 Woo, art. 6:12 Awb).")
    elif row.days_left == 0:
        lines.append(f"Vandaag ({due}) is de laatste dag om op het verzoek te beslissen.")
    else:
        left = "1 dag" if row.days_left == 1 else f"{row.days_left} dagen"
        lines.append(f"De uiterste beslisdatum is {due}; er resten nog {left}.")
    if check is not None and check.outcome is ExtensionOutcome.EXTENDED:
        lines.append("De termijnbewaking heeft de beslistermijn vandaag met twee weken verdaagd en de verzoeker "
                     "daarover bericht (art. 4.4 lid 2 Woo).")
    elif not row.extended and today <= deadlines.extension_notice_due:
        lines.append(f"Verdagen met ten hoogste twee weken kan nog tot en met "
                     f"{format_date_nl(deadlines.extension_notice_due)}, met een gemotiveerde brief aan de "
                     "verzoeker (art. 4.4 lid 2 Woo).")
    if check is not None and check.reasons and check.outcome in (ExtensionOutcome.LEFT_TO_OWNER,
                                                                 ExtensionOutcome.NOT_YET):
        lines.append("Aanleiding voor verdaging: " + " ".join(check.reasons))
    return lines


def _send_reminder(uow: UnitOfWork, row: WatchRow, subject: str, deadlines: Deadlines, check: ExtensionCheck | None,
                   today: dt.date) -> bool:
    """Send the reminder for ``row`` unless it already went out today; True when sent now."""
    assert row.flag is not None
    key = reminder_key(row.request_id, row.flag, today)
    with uow:
        sent = uow.requests.outbox(key)
        if sent is not None and sent.status == "sent":
            return False  # rendering a PDF only to have the outbox discard it would cost a second per request
    settings = get_settings()
    title = f"Termijnbewaking: {row.flag.label}"
    lines = _reminder_lines(row, subject, deadlines, check, today)
    html = reminder_html(subject=title, organisation=settings.organisation_name, today=format_date_nl(today),
                         number=row.number, lines=lines)
    delivery = deliver(uow, OutgoingMessage(
        key=key, request_id=row.request_id, kind=REMINDER_KIND, subject=f"{title} ({row.number})",
        body_text="\n\n".join([*lines, f"Termijnbewaking {settings.organisation_name}"]) + "\n",
        pdf=html_to_pdf(html), pdf_name=f"termijnbewaking-{row.number}-{today.isoformat()}.pdf",
        recipient_name="Proceseigenaar Woo", recipient_email=settings.process_owner_email,
        audience=Audience.staff(),
    ), settings)
    if delivery.newly_sent:
        with uow:
            uow.record(row.flag.audit_action, request_id=row.request_id, step="deadline-watch",
                       legal_basis="Woo 4.4", payload={"decision_due": row.decision_due.isoformat(),
                                                       "days_left": row.days_left, "risk": str(row.risk),
                                                       "reminder": key})
            uow.commit()
    return delivery.newly_sent


def _watch_one(uow: UnitOfWork, request_id: str, ref: str, today: dt.date, warn_days: int, rules: ExtensionRules,
               report: WatchReport) -> None:
    check: ExtensionCheck | None = None
    try:
        check = prepare_extension_if_at_risk(uow, request_id, today, rules)
    except Exception as exc:
        # A failed extension must not also silence the reminder: the owner needs it all the more.
        _log.warning("deadline watch: extension check of request %s failed (%s)", request_id, type(exc).__name__)
        report.add_problem(_problem(ref, exc))
    if check is not None and check.outcome in (
        ExtensionOutcome.EXTENDED, ExtensionOutcome.TOO_LATE, ExtensionOutcome.LEFT_TO_OWNER
    ):
        report.extensions.append(check)
    with uow:
        req = uow.requests.get(request_id)
        row, deadlines = _row(uow, req, today, warn_days)
        subject = req.subject or ""
        uow.commit()
    report.rows.append(row)
    if row.flag is not None and _send_reminder(uow, row, subject, deadlines, check, today):
        report.reminders.append(reminder_key(row.request_id, row.flag, today))


def watch(
    uow: UnitOfWork, today: dt.date, *, warn_days: int | None = None, rules: ExtensionRules | None = None
) -> WatchReport:
    """Run the watch once for ``today``: extend where the rules say so, classify, remind; returns the report.

    A request that fails (bad dates, a letter that cannot be written or delivered) is named in
    ``report.problems`` and never stops the others.
    """
    warn = get_settings().deadline_warn_days if warn_days is None else warn_days
    if warn < 0:
        raise ValueError(f"warn_days must not be negative, got {warn}")
    rules = rules or ExtensionRules()
    report = WatchReport(today=today, warn_days=warn)
    with uow:
        ids = open_request_ids(uow.requests)
        numbers = {i: uow.requests.get(i).number or i for i in ids}
    for request_id in ids:
        try:
            _watch_one(uow, request_id, numbers[request_id], today, warn, rules, report)
        except Exception as exc:
            _log.warning("deadline watch: request %s failed (%s)", request_id, type(exc).__name__)
            report.add_problem(_problem(numbers[request_id], exc))
    report.rows = _sort(report.rows)
    _log.info("deadline watch %s: %d open, %d at risk, %d missed, %d reminder(s), %d problem(s)",
              today.isoformat(), len(report.rows), len(report.at_risk), len(report.missed),
              len(report.reminders), len(report.problems))
    return report
