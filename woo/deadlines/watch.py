"""The deadline watch: where every open request stands against its decision date, and one digest a day.

:func:`watch` is meant to run once a day (the ``deadline-watch`` flow, or ``woo watch``) over any number of open
requests (100,000 in ``benchmarks/deadline_watch.py``). It works on sets, not on requests one by one:

1. dates are stored with each request and recomputed only where they can have moved: marked stale by a change
   (:mod:`woo.store.staleness`) or running on because a suspension is still open (a few queries per 1,000);
2. the extension check (:func:`~woo.deadlines.extension.prepare_extension_if_at_risk`) runs only for requests
   whose answer can be new today: notice date near, or newly passed;
3. one query reads every open request's dates; each is classified (:func:`~woo.deadlines.risk`);
4. the process owner gets ONE digest per day through the outbox (sent once, whatever the number of runs);
5. a flag that changed (newly at risk, newly missed) is stored and audited once, not every day.

:func:`overview` gives the same rows without changing anything. Rows carry ids, numbers, statuses and dates
only, never personal data. No Prefect here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from woo.case import RequestStatus, UnitOfWork
from woo.deadlines import Deadlines, Risk, format_date_nl
from woo.deadlines.extension import (
    ExtensionCheck,
    ExtensionOutcome,
    ExtensionRules,
    at_risk,
    facts_for_many,
    prepare_extension_if_at_risk,
    working_days_left,
)
from woo.deadlines.request_dates import deadlines_from
from woo.errors import WooError
from woo.schemas.audit import AuditAction
from woo.settings import get_settings
from woo.store.models import RequestRow, SuspensionRow

__all__ = [
    "DIGEST_KIND",
    "DIGEST_LIMIT",
    "STATUS_LABELS",
    "Flag",
    "WatchReport",
    "WatchRow",
    "digest_key",
    "overview",
    "status_label",
    "watch",
]

STATUS_LABELS = {s.value: s.label for s in RequestStatus}
DIGEST_KIND = "deadline_digest"
DIGEST_LIMIT = 200
"""Requests listed per section of the digest; the rest are counted (``woo deadlines`` lists them all)."""
_CHUNK = 1000  # rows loaded per batch when dates are recomputed: memory stays flat however many are stale

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


class WatchRow(NamedTuple):
    """One open request against its decision date; ids, numbers and dates only.

    A named tuple, not a dataclass: the watch builds one per open request (100,000 in the benchmark), and a
    frozen dataclass costs several times as much to create."""

    request_id: str
    number: str
    status: str
    decision_due: dt.date
    days_left: int
    risk: Risk
    extended: bool
    extension_notice_due: dt.date | None = None
    previous_flag: str | None = None
    """The flag the watch raised on an earlier run (None: none, or never watched)."""

    @property
    def flag(self) -> Flag | None:
        if self.risk is Risk.OVERDUE:
            return Flag.MISSED
        if self.risk in (Risk.DUE_SOON, Risk.DUE_TODAY):
            return Flag.AT_RISK
        return None

    @property
    def flag_changed(self) -> bool:
        return (self.flag.value if self.flag else None) != self.previous_flag

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
    """Idempotency keys of the digests newly sent in this run (one per process owner per day, at most)."""
    extensions: list[ExtensionCheck] = field(default_factory=list)
    """Requests the watch extended, or found at risk but could not or may not extend itself."""
    problems: list[str] = field(default_factory=list)
    recomputed: int = 0
    """Requests whose stored dates were recomputed (stale, or moving with an open suspension)."""
    checked: int = 0
    """Requests whose extension question was asked today."""

    def add_problem(self, problem: str) -> None:
        if problem not in self.problems:  # one cause failing two stages is one problem for the reader
            self.problems.append(problem)

    @property
    def flagged(self) -> list[WatchRow]:
        return [r for r in self.rows if r.flag is not None]

    @property
    def newly_flagged(self) -> list[WatchRow]:
        """Rows whose flag was raised today for the first time (what deserves an event)."""
        return [r for r in self.rows if r.flag is not None and r.flag_changed]

    @property
    def at_risk(self) -> list[WatchRow]:
        return [r for r in self.rows if r.flag is Flag.AT_RISK]

    @property
    def missed(self) -> list[WatchRow]:
        return [r for r in self.rows if r.flag is Flag.MISSED]

    def table(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The rows as dicts, the most urgent first; ``limit`` keeps an artifact readable over a big backlog."""
        return [r.to_dict() for r in (self.rows if limit is None else self.rows[:limit])]

    def summary(self) -> dict[str, Any]:
        """Counts and ids only: what goes back to Prefect."""
        return {
            "today": self.today.isoformat(),
            "open": len(self.rows),
            "at_risk": len(self.at_risk),
            "missed": len(self.missed),
            "newly_flagged": len(self.newly_flagged),
            "reminders_sent": len(self.reminders),
            "extension_checks": self.checked,
            "dates_recomputed": self.recomputed,
            "extended": [c.request_id for c in self.extensions if c.outcome is ExtensionOutcome.EXTENDED],
            "problems": len(self.problems),
        }


def digest_key(today: dt.date, recipient: str) -> str:
    """One digest per process owner per day."""
    return f"digest:{recipient.lower()}:{today.isoformat()}"


def _problem(ref: str, exc: Exception) -> str:
    # Our own errors carry Dutch messages without personal data; anything else is named by its type only.
    if isinstance(exc, WooError):
        return f"Verzoek {ref}: {exc}"
    return f"Verzoek {ref}: onverwachte fout ({type(exc).__name__}); zie het logboek van de termijnbewaking."


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _recompute(uow: UnitOfWork, today: dt.date, *, store: bool) -> tuple[dict[str, Deadlines], dict[str, str]]:
    """Dates of the open requests whose stored dates may have moved, computed in batches.

    With ``store`` the new dates are written (and a changed decision date audited, as
    :func:`~woo.deadlines.request_dates.compute_for_request` does) and committed per batch; without, nothing
    is kept. Returns the dates by request and the problems (Dutch) by request.
    """
    with uow:
        stale = uow.requests.stale_dates(today)
    fresh: dict[str, Deadlines] = {}
    problems: dict[str, str] = {}
    # Requests with the same inputs have the same dates; many share them (same receipt day, suspension still
    # open until today), and the engine also writes every explanation, so each distinct case is computed once.
    memo: dict[tuple[Any, ...], Deadlines | Exception] = {}
    for ids in _chunks(stale):
        with uow:
            rows: list[RequestRow] = uow.requests.many(ids)
            suspensions: dict[str, list[SuspensionRow]] = defaultdict(list)
            for s in uow.requests.suspensions_of(ids):
                suspensions[s.request_id].append(s)
            objecting = uow.requests.objecting(ids)
            events: list[dict[str, Any]] = []
            for req in rows:
                own = sorted(suspensions[req.id], key=lambda s: (s.start, s.id))
                key = (req.received_on, tuple((s.kind, s.start, s.end or max(today, s.start)) for s in own),
                       req.extended, req.decided_on, req.id in objecting)
                if key not in memo:
                    try:
                        memo[key] = deadlines_from(req, own, today=today, decided=req.decided_on,
                                                   objection_expected=req.id in objecting)
                    except Exception as exc:
                        memo[key] = exc
                result = memo[key]
                if isinstance(result, Exception):
                    _log.warning("deadline watch: dates of request %s failed (%s)", req.id, type(result).__name__)
                    problems[req.id] = _problem(req.number or req.id, result)
                    continue
                fresh[req.id] = result
                if store:
                    if result.decision_due != req.decision_due:
                        events.append({"action": AuditAction.DEADLINE_COMPUTED, "request_id": req.id,
                                       "step": "deadlines", "legal_basis": "Woo 4.4; Atw 1 en 3",
                                       "payload": result.to_dict(explain=True)})
                    req.decision_due = result.decision_due
                    req.extension_notice_due = result.extension_notice_due
                    req.dates_on = today
            if store:
                uow.record_many(events)
                uow.commit()
    return fresh, problems


def _window_end(today: dt.date, warn_days: int, rules: ExtensionRules) -> dt.date:
    """The last notice date for which the extension check can give a new answer today."""
    end = today
    while working_days_left(today, end + dt.timedelta(days=1)) <= rules.extend_within_working_days:
        end += dt.timedelta(days=1)
    return max(end, today + dt.timedelta(days=warn_days))


def _rows(uow: UnitOfWork, today: dt.date, warn: int, fresh: dict[str, Deadlines],
          skip: set[str]) -> list[WatchRow]:
    rows: list[WatchRow] = []
    with uow:
        records = uow.requests.watch_rows()
    # risk() and days_left() inlined: this loop runs once per open request.
    overdue, today_, soon, on_track = Risk.OVERDUE, Risk.DUE_TODAY, Risk.DUE_SOON, Risk.ON_TRACK
    for rid, number, status, due, notice_due, extended, flag in records:
        if rid in skip:
            continue
        if rid in fresh:  # only the overview: its recomputed dates are not stored
            due, notice_due = fresh[rid].decision_due, fresh[rid].extension_notice_due
        left = (due - today).days
        level = overdue if left < 0 else today_ if left == 0 else soon if left <= warn else on_track
        rows.append(WatchRow(rid, number or rid, status, due, left, level, bool(extended), notice_due, flag))
    # The query orders by stored date and number; dates recomputed only in memory may have moved.
    return _sort(rows) if fresh else rows


def _sort(rows: list[WatchRow]) -> list[WatchRow]:
    return sorted(rows, key=lambda r: (r.days_left, r.number))


def overview(uow: UnitOfWork, today: dt.date, *, warn_days: int | None = None) -> tuple[list[WatchRow], list[str]]:
    """The rows of :func:`watch` and the problems, without extending, reminding or storing anything."""
    warn = get_settings().deadline_warn_days if warn_days is None else warn_days
    fresh, problems = _recompute(uow, today, store=False)
    return _rows(uow, today, warn, fresh, set(problems)), list(problems.values())


def _extension_lines(row: WatchRow, check: ExtensionCheck | None, today: dt.date) -> list[str]:
    lines: list[str] = []
    if check is not None and check.outcome is ExtensionOutcome.EXTENDED:
        lines.append("De termijnbewaking heeft de beslistermijn vandaag met twee weken verdaagd en de verzoeker "
                     "daarover bericht (art. 4.4 lid 2 Woo).")
    elif not row.extended and row.extension_notice_due is not None and today <= row.extension_notice_due:
        lines.append(f"Verdagen met ten hoogste twee weken kan nog tot en met "
                     f"{format_date_nl(row.extension_notice_due)}, met een gemotiveerde brief aan de "
                     "verzoeker (art. 4.4 lid 2 Woo).")
    if check is not None and check.reasons and check.outcome in (ExtensionOutcome.LEFT_TO_OWNER,
                                                                 ExtensionOutcome.NOT_YET):
        lines.append("Aanleiding voor verdaging: " + " ".join(check.reasons))
    return lines


def _row_line(row: WatchRow) -> str:
    due = format_date_nl(row.decision_due)
    if row.days_left < 0:
        when = "1 dag verstreken" if row.days_left == -1 else f"{-row.days_left} dagen verstreken"
    elif row.days_left == 0:
        when = "vandaag de laatste dag"
    else:
        when = "nog 1 dag" if row.days_left == 1 else f"nog {row.days_left} dagen"
    new = " (nieuw)" if row.flag_changed else ""
    return f"{row.number}{new}: '{status_label(row.status)}', beslisdatum {due}, {when}."


def digest_lines(report: WatchReport, checks: dict[str, ExtensionCheck]) -> list[str]:
    """The digest's text for the process owner: counts first, then the requests that need a decision soon, then
    those whose date passed (each section at most :data:`DIGEST_LIMIT` long). Numbers and dates only."""
    at_risk, missed = report.at_risk, report.missed
    extended = [c for c in report.extensions if c.outcome is ExtensionOutcome.EXTENDED]
    lines = [f"Van de {len(report.rows)} open Woo-verzoeken verloopt bij {len(at_risk)} de beslistermijn binnen "
             f"{report.warn_days} dagen en is die bij {len(missed)} verstreken "
             f"({len(report.newly_flagged)} nieuw sinds de vorige termijnbewaking)."]
    if extended:
        lines.append(f"De termijnbewaking heeft vandaag {len(extended)} verzoek(en) verdaagd en de verzoekers "
                     "daarover bericht (art. 4.4 lid 2 Woo).")
    if missed:
        lines.append("Bij verstreken termijnen: neem zo snel mogelijk een besluit. De verzoeker kan het "
                     "bestuursorgaan in gebreke stellen en twee weken later beroep instellen "
                     "(art. 8.2 Woo, art. 6:12 Awb).")
    for title, rows in (("Beslistermijn verloopt binnenkort", at_risk), ("Beslistermijn verstreken", missed)):
        if not rows:
            continue
        # The newly flagged first: they are what changed since yesterday.
        ordered = sorted(rows, key=lambda r: (not r.flag_changed, r.days_left, r.number))
        lines.append(f"{title} ({len(rows)}):")
        for row in ordered[:DIGEST_LIMIT]:
            lines.append(" ".join([_row_line(row), *_extension_lines(row, checks.get(row.request_id),
                                                                     report.today)]))
        if len(rows) > DIGEST_LIMIT:
            lines.append(f"… en nog {len(rows) - DIGEST_LIMIT} verzoek(en); 'woo deadlines' toont ze allemaal.")
    if report.problems:
        lines.append(f"{len(report.problems)} verzoek(en) konden niet worden bewaakt; zie het logboek van de "
                     "termijnbewaking.")
    return lines


def _send_digest(uow: UnitOfWork, report: WatchReport, checks: dict[str, ExtensionCheck]) -> bool:
    """The day's digest to the process owner, through the outbox (exactly once per day); True when sent now."""
    # Imported here: rendering letters pulls in WeasyPrint, which ``woo deadlines`` (the overview) never needs.
    from woo.letters.letters import reminder_html
    from woo.letters.outbox import OutgoingMessage, deliver
    from woo.letters.pdf import html_to_pdf
    from woo.privacy import Audience

    settings = get_settings()
    key = digest_key(report.today, settings.process_owner_email)
    with uow:
        sent = uow.requests.outbox(key)
        if sent is not None and sent.status == "sent":
            return False  # rendering the PDF only to have the outbox discard it is wasted time
    title = (f"Termijnbewaking {format_date_nl(report.today)}: {len(report.missed)} verstreken, "
             f"{len(report.at_risk)} binnenkort")
    lines = digest_lines(report, checks)
    html = reminder_html(subject=title, organisation=settings.organisation_name,
                         today=format_date_nl(report.today), number=f"overzicht {report.today.isoformat()}",
                         lines=lines)
    delivery = deliver(uow, OutgoingMessage(
        key=key, request_id=None, kind=DIGEST_KIND, subject=title,
        body_text="\n\n".join([*lines, f"Termijnbewaking {settings.organisation_name}"]) + "\n",
        pdf=html_to_pdf(html), pdf_name=f"termijnbewaking-{report.today.isoformat()}.pdf",
        recipient_name="Proceseigenaar Woo", recipient_email=settings.process_owner_email,
        audience=Audience.staff(),
    ), settings)
    return delivery.newly_sent


def _record_flags(uow: UnitOfWork, report: WatchReport) -> None:
    """Store every changed flag in a few statements and audit each newly raised one, once."""
    changed = [r for r in report.rows if r.flag_changed]
    if not changed:
        return
    with uow:
        uow.requests.set_deadline_flags({r.request_id: (r.flag.value if r.flag else None) for r in changed})
        uow.record_many([
            {"action": r.flag.audit_action, "request_id": r.request_id, "step": "deadline-watch",
             "legal_basis": "Woo 4.4", "payload": {"decision_due": r.decision_due.isoformat(),
                                                   "days_left": r.days_left, "risk": str(r.risk)}}
            for r in changed if r.flag is not None])
        uow.commit()


def _at_risk_candidates(uow: UnitOfWork, today: dt.date, until: dt.date, rules: ExtensionRules,
                        skip: set[str]) -> list[str]:
    """The requests whose extension question can have a new answer today AND for which the rules find a reason:
    weighed in bulk, so the one-by-one check (which may write a letter) runs only where it can lead somewhere."""
    with uow:
        ids = [i for i in uow.requests.extension_candidates(today, until) if i not in skip]
    found: list[str] = []
    for chunk in _chunks(ids):
        with uow:
            facts = facts_for_many(uow.requests, list(chunk), rules)
            found += [req.id for req in uow.requests.many(chunk) if at_risk(req, facts[req.id], today, rules)]
    return found


def watch(
    uow: UnitOfWork, today: dt.date, *, warn_days: int | None = None, rules: ExtensionRules | None = None
) -> WatchReport:
    """Run the watch once for ``today``: refresh dates, extend where the rules say so, classify, send the digest,
    record changed flags; returns the report.

    A request that fails (bad dates, an extension letter that cannot be written or delivered) is named in
    ``report.problems`` and never stops the others; a digest that cannot be delivered is a problem too, and the
    next run the same day sends it.
    """
    warn = get_settings().deadline_warn_days if warn_days is None else warn_days
    if warn < 0:
        raise ValueError(f"warn_days must not be negative, got {warn}")
    rules = rules or ExtensionRules()
    report = WatchReport(today=today, warn_days=warn)

    fresh, failed = _recompute(uow, today, store=True)
    report.recomputed = len(fresh)
    for problem in failed.values():
        report.add_problem(problem)

    candidates = _at_risk_candidates(uow, today, _window_end(today, warn, rules), rules, set(failed))
    checks: dict[str, ExtensionCheck] = {}
    for request_id in candidates:
        try:
            check = prepare_extension_if_at_risk(uow, request_id, today, rules)
        except Exception as exc:
            # A failed extension must not also silence the digest: the owner needs it all the more.
            _log.warning("deadline watch: extension check of request %s failed (%s)", request_id,
                         type(exc).__name__)
            with uow:
                ref = uow.requests.get(request_id).number or request_id
            report.add_problem(_problem(ref, exc))
            continue
        checks[request_id] = check
        if check.outcome in (ExtensionOutcome.EXTENDED, ExtensionOutcome.TOO_LATE, ExtensionOutcome.LEFT_TO_OWNER):
            report.extensions.append(check)
    report.checked = len(candidates)

    report.rows = _rows(uow, today, warn, {}, set(failed))
    if report.flagged or report.problems:
        try:
            if _send_digest(uow, report, checks):
                report.reminders.append(digest_key(today, get_settings().process_owner_email))
        except Exception as exc:
            _log.warning("deadline watch: digest not delivered (%s)", type(exc).__name__)
            report.add_problem("Het overzicht voor de proceseigenaar kon niet worden verstuurd "
                               f"({type(exc).__name__}); de volgende termijnbewaking vandaag probeert het opnieuw.")
    _record_flags(uow, report)
    _log.info("deadline watch %s: %d open, %d at risk, %d missed, %d new, %d digest(s), %d problem(s)",
              today.isoformat(), len(report.rows), len(report.at_risk), len(report.missed),
              len(report.newly_flagged), len(report.reminders), len(report.problems))
    return report
