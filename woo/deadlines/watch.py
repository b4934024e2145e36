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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, cast

from woo.case import RequestStatus, UnitOfWork
from woo.deadlines import Deadlines, Risk, format_date_nl
from woo.deadlines.extension import (
    ExtensionCheck,
    ExtensionOutcome,
    ExtensionRules,
    at_risk,
    facts_for_many,
    outcome_without_extending,
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
    "look",
    "overview",
    "status_label",
    "watch",
]

STATUS_LABELS = {s.value: s.label for s in RequestStatus}
DIGEST_KIND = "deadline_digest"
DIGEST_LIMIT = 200
ROWS_LISTED = 1000
"""Rows a watch report lists (the most urgent); counts cover all."""
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
    """What one run of the watch saw and did. ``problems`` are Dutch, one per request that could not be watched.

    Over a big backlog the report does not hold every open request: ``counts`` says how many are flagged how,
    ``rows`` lists the most urgent (:data:`ROWS_LISTED`; all of them when fewer), ``changed`` every request whose
    flag changed today, ``sections`` what the digest lists."""

    today: dt.date
    warn_days: int
    rows: list[WatchRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"open": 0, "at_risk": 0, "missed": 0})
    changed: list[WatchRow] = field(default_factory=list)
    """Requests whose flag changed today (newly at risk, newly missed, back on track)."""
    sections: dict[Flag, list[WatchRow]] = field(default_factory=dict)
    reminders: list[str] = field(default_factory=list)
    """Idempotency keys of the digests newly sent in this run (one per process owner per day, at most)."""
    extensions: list[ExtensionCheck] = field(default_factory=list)
    """Requests the watch extended, or found at risk but could not or may not extend itself."""
    problems: list[str] = field(default_factory=list)
    recomputed: int = 0
    """Requests whose stored dates were recomputed (stale, or moving with an open suspension)."""
    checked: int = 0
    """Requests the rules found a reason to extend, among those whose extension question can have a new answer
    today (weighed in bulk; only those to be extended are handled one by one)."""

    def add_problem(self, problem: str) -> None:
        if problem not in self.problems:  # one cause failing two stages is one problem for the reader
            self.problems.append(problem)

    @property
    def flagged(self) -> list[WatchRow]:
        return [r for r in self.rows if r.flag is not None]

    @property
    def newly_flagged(self) -> list[WatchRow]:
        """Requests whose flag was raised today (what deserves an event), however many are listed."""
        return [r for r in self.changed if r.flag is not None]

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
            "open": self.counts["open"],
            "at_risk": self.counts["at_risk"],
            "missed": self.counts["missed"],
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


Record = tuple[str, str | None, str, dt.date, dt.date | None, bool, str | None]
"""A row of :meth:`woo.case.Repository.watch_rows`: id, number, status, dates, extended, stored flag."""


def _record(req: RequestRow) -> Record:
    assert req.decision_due is not None
    return (req.id, req.number, req.status, req.decision_due, req.extension_notice_due, req.extended,
            req.deadline_flag)


def _recompute(uow: UnitOfWork, today: dt.date, *, store: bool
               ) -> tuple[dict[str, Deadlines], dict[str, str], dict[str, Record]]:
    """Dates of the open requests whose stored dates may have moved, computed in batches.

    With ``store`` the new dates are written (and a changed decision date audited, as
    :func:`~woo.deadlines.request_dates.compute_for_request` does) and committed per batch; without, nothing
    is kept. Returns the dates by request, the problems (Dutch) by request, and each one's stored row as it was.
    """
    with uow:
        stale = uow.requests.stale_dates(today)
    fresh: dict[str, Deadlines] = {}
    problems: dict[str, str] = {}
    before: dict[str, Record] = {}
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
                before[req.id] = _record(req)
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
    return fresh, problems, before


def _window_end(today: dt.date, warn_days: int, rules: ExtensionRules) -> dt.date:
    """The last notice date for which the extension check can give a new answer today."""
    end = today
    while working_days_left(today, end + dt.timedelta(days=1)) <= rules.extend_within_working_days:
        end += dt.timedelta(days=1)
    return max(end, today + dt.timedelta(days=warn_days))


def _flag_of(due: dt.date, today: dt.date, warn: int) -> str | None:
    left = (due - today).days
    return "missed" if left < 0 else "at-risk" if left <= warn else None


def _to_rows(records: Iterable[Sequence[Any]], today: dt.date, warn: int) -> list[WatchRow]:
    # risk() and days_left() inlined: over a big backlog this loop runs for many rows.
    overdue, due_today, soon, on_track = Risk.OVERDUE, Risk.DUE_TODAY, Risk.DUE_SOON, Risk.ON_TRACK
    rows = []
    for rid, number, status, due, notice_due, extended, flag in records:
        left = (due - today).days
        level = overdue if left < 0 else due_today if left == 0 else soon if left <= warn else on_track
        rows.append(WatchRow(rid, number or rid, status, due, left, level, bool(extended), notice_due, flag))
    return rows


_COUNT_KEYS = {"missed": "missed", "at-risk": "at_risk", None: "on_track"}


def _select(uow: UnitOfWork, today: dt.date, warn: int, *, limit: int | None, fresh: dict[str, Deadlines],
            before: dict[str, Record], skip: Iterable[str]) -> tuple[list[WatchRow], dict[str, int]]:
    """The most urgent ``limit`` rows (all with None) and the counts, from the database; ``fresh`` dates computed
    in memory only (the overview) replace the stored ones, and ``skip`` (requests that failed) is left out."""
    skip = set(skip)
    moved = {rid: (*before[rid][:3], d.decision_due, d.extension_notice_due, *before[rid][5:])
             for rid, d in fresh.items()}
    with uow:
        by_flag = uow.requests.deadline_counts(today, warn)
        records = uow.requests.watch_rows(limit=None if limit is None else limit + len(moved) + len(skip))
    # The database counted stored dates: move what was recomputed in memory, drop what failed.
    for rid in (*moved, *skip):
        if rid in before:
            stored = _flag_of(before[rid][3], today, warn)
            by_flag[stored] = by_flag.get(stored, 0) - 1
    for record in moved.values():
        now = _flag_of(record[3], today, warn)
        by_flag[now] = by_flag.get(now, 0) + 1
    counts = {"open": sum(by_flag.values()), "at_risk": by_flag.get("at-risk", 0),
              "missed": by_flag.get("missed", 0)}
    keep = [r for r in records if r[0] not in skip and r[0] not in moved]
    rows = _to_rows([*keep, *moved.values()], today, warn)
    if moved:  # the query's order (stored date, number) no longer holds for dates moved in memory
        rows = _sort(rows)
    return (rows if limit is None else rows[:limit]), counts


def _sort(rows: list[WatchRow]) -> list[WatchRow]:
    return sorted(rows, key=lambda r: (r.days_left, r.number))


def look(uow: UnitOfWork, today: dt.date, *, warn_days: int | None = None, limit: int | None = None
         ) -> tuple[list[WatchRow], dict[str, int], list[str]]:
    """The watch's view without changing anything: the ``limit`` most urgent rows (all with None), the counts
    (``open``, ``at_risk``, ``missed``) and the problems. What ``woo deadlines`` shows."""
    warn = get_settings().deadline_warn_days if warn_days is None else warn_days
    fresh, problems, before = _recompute(uow, today, store=False)
    rows, counts = _select(uow, today, warn, limit=limit, fresh=fresh, before=before, skip=problems)
    return rows, counts, list(problems.values())


def overview(uow: UnitOfWork, today: dt.date, *, warn_days: int | None = None) -> tuple[list[WatchRow], list[str]]:
    """Every row of :func:`watch` and the problems, without extending, reminding or storing anything."""
    rows, _counts, problems = look(uow, today, warn_days=warn_days)
    return rows, problems


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
    counts = report.counts
    extended = [c for c in report.extensions if c.outcome is ExtensionOutcome.EXTENDED]
    lines = [f"Van de {counts['open']} open Woo-verzoeken verloopt bij {counts['at_risk']} de beslistermijn binnen "
             f"{report.warn_days} dagen en is die bij {counts['missed']} verstreken "
             f"({len(report.newly_flagged)} nieuw sinds de vorige termijnbewaking)."]
    if extended:
        lines.append(f"De termijnbewaking heeft vandaag {len(extended)} verzoek(en) verdaagd en de verzoekers "
                     "daarover bericht (art. 4.4 lid 2 Woo).")
    if counts["missed"]:
        lines.append("Bij verstreken termijnen: neem zo snel mogelijk een besluit. De verzoeker kan het "
                     "bestuursorgaan in gebreke stellen en twee weken later beroep instellen "
                     "(art. 8.2 Woo, art. 6:12 Awb).")
    for flag, title, total in ((Flag.AT_RISK, "Beslistermijn verloopt binnenkort", counts["at_risk"]),
                               (Flag.MISSED, "Beslistermijn verstreken", counts["missed"])):
        rows = report.sections.get(flag, [])
        if not rows:
            continue
        lines.append(f"{title} ({total}):")
        for row in rows:
            lines.append(" ".join([_row_line(row), *_extension_lines(row, checks.get(row.request_id),
                                                                     report.today)]))
        if total > len(rows):
            lines.append(f"… en nog {total - len(rows)} verzoek(en); 'woo deadlines' toont ze allemaal.")
    if report.problems:
        lines.append(f"{len(report.problems)} verzoek(en) konden niet worden bewaakt; zie het logboek van de "
                     "termijnbewaking.")
    return lines


def _sections(uow: UnitOfWork, report: WatchReport, skip: set[str]) -> dict[Flag, list[WatchRow]]:
    """Per flag, what the digest lists: the newly flagged first, then the most urgent, :data:`DIGEST_LIMIT` in all."""
    sections: dict[Flag, list[WatchRow]] = {}
    for flag in (Flag.AT_RISK, Flag.MISSED):
        new = [r for r in report.newly_flagged if r.flag is flag]
        with uow:
            records = uow.requests.watch_rows(flag=flag.value, today=report.today, warn_days=report.warn_days,
                                              limit=DIGEST_LIMIT + len(skip))
        seen = {r.request_id for r in new}
        rest = [r for r in _to_rows(records, report.today, report.warn_days)
                if r.request_id not in seen and r.request_id not in skip]
        sections[flag] = [*new, *rest][:DIGEST_LIMIT]
    return sections


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
    title = (f"Termijnbewaking {format_date_nl(report.today)}: {report.counts['missed']} verstreken, "
             f"{report.counts['at_risk']} binnenkort")
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


def _flag_event(row: WatchRow) -> dict[str, Any]:
    flag = row.flag
    assert flag is not None
    return {"action": flag.audit_action, "request_id": row.request_id, "step": "deadline-watch",
            "legal_basis": "Woo 4.4", "payload": {"decision_due": row.decision_due.isoformat(),
                                                  "days_left": row.days_left, "risk": str(row.risk)}}


def _record_flags(uow: UnitOfWork, report: WatchReport) -> None:
    """Store every changed flag in a few statements and audit each newly raised one, once."""
    if not report.changed:
        return
    with uow:
        uow.requests.set_deadline_flags({r.request_id: (r.flag.value if r.flag else None) for r in report.changed})
        uow.record_many([_flag_event(r) for r in report.newly_flagged])
        uow.commit()


def _weigh(uow: UnitOfWork, today: dt.date, until: dt.date, rules: ExtensionRules,
           skip: set[str]) -> tuple[list[ExtensionCheck], list[str]]:
    """The extension question for every request whose answer can be new today (notice date near, or newly
    passed), weighed in bulk: the checks decided without extending, and the requests to extend one by one (which
    writes each requester a notice)."""
    with uow:
        candidates = [r for r in uow.requests.extension_candidates(today, until) if r.id not in skip]
    decided: list[ExtensionCheck] = []
    to_extend: list[str] = []
    for start in range(0, len(candidates), _CHUNK):
        chunk = candidates[start:start + _CHUNK]
        with uow:
            facts = facts_for_many(uow.requests, [r.id for r in chunk], rules)
        for req in chunk:
            # The row carries what at_risk() reads (status, decided_on, decision_due), without loading requests.
            reasons = tuple(at_risk(cast(RequestRow, req), facts[req.id], today, rules))
            if not reasons or req.extension_notice_due is None:
                continue
            outcome = outcome_without_extending(reasons, today, req.extension_notice_due, rules)
            if outcome is None:
                to_extend.append(req.id)
            else:
                decided.append(ExtensionCheck(req.id, outcome, reasons,
                                              extension_notice_due=req.extension_notice_due))
    return decided, to_extend


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

    fresh, failed, before = _recompute(uow, today, store=True)
    report.recomputed = len(fresh)
    for problem in failed.values():
        report.add_problem(problem)

    decided, to_extend = _weigh(uow, today, _window_end(today, warn, rules), rules, set(failed))
    checks: dict[str, ExtensionCheck] = {c.request_id: c for c in decided}
    for request_id in to_extend:
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
    report.extensions = [c for c in checks.values() if c.outcome in (
        ExtensionOutcome.EXTENDED, ExtensionOutcome.TOO_LATE, ExtensionOutcome.LEFT_TO_OWNER)]
    report.checked = len(decided) + len(to_extend)

    skip = set(failed)
    report.rows, report.counts = _select(uow, today, warn, limit=ROWS_LISTED, fresh={}, before=before, skip=skip)
    with uow:
        report.changed = [r for r in _to_rows(uow.requests.changed_flags(today, warn), today, warn)
                          if r.request_id not in skip]
    report.sections = _sections(uow, report, skip)
    if report.counts["at_risk"] or report.counts["missed"] or report.problems:
        try:
            if _send_digest(uow, report, checks):
                report.reminders.append(digest_key(today, get_settings().process_owner_email))
        except Exception as exc:
            _log.warning("deadline watch: digest not delivered (%s)", type(exc).__name__)
            report.add_problem("Het overzicht voor de proceseigenaar kon niet worden verstuurd "
                               f"({type(exc).__name__}); de volgende termijnbewaking vandaag probeert het opnieuw.")
    _record_flags(uow, report)
    _log.info("deadline watch %s: %d open, %d at risk, %d missed, %d new, %d digest(s), %d problem(s)",
              today.isoformat(), report.counts["open"], report.counts["at_risk"], report.counts["missed"],
              len(report.newly_flagged), len(report.reminders), len(report.problems))
    return report
