"""Every legal date of one request, recomputed from its stored state, with whether it was met.

The dates come from the deadline engine (``woo.deadlines.compute_deadlines``) fed with the request's stored
suspensions, extension and decision, so the report shows the same reasoning the letters used. What actually
happened is read from the store: the decision date, the first invitation to specify, the extension letter,
the publication event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from woo.case import Repository, RequestStatus
from woo.deadlines import DatedRule, DeadlineInputError, Deadlines, Suspension
from woo.deadlines.request_dates import deadlines_of
from woo.schemas.audit import AuditAction
from woo.store.models import RequestRow, SuspensionRow

__all__ = ["DateCheck", "DateStatus", "LegalDates", "format_moment", "legal_dates", "local_date", "suspension_days"]

_AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class DateStatus(StrEnum):
    MET = "met"
    MISSED = "missed"
    EARLY = "early"
    OPEN = "open"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"
    INFORMATIVE = "informative"

    @property
    def label_nl(self) -> str:
        return _STATUS_NL[self]


_STATUS_NL = {
    DateStatus.MET: "gehaald",
    DateStatus.MISSED: "niet gehaald",
    DateStatus.EARLY: "te vroeg",
    DateStatus.OPEN: "loopt nog",
    DateStatus.OVERDUE: "verstreken, nog niet gedaan",
    DateStatus.NOT_APPLICABLE: "niet van toepassing",
    DateStatus.INFORMATIVE: "ter informatie",
}

_RULE_NL = {
    "precisering_due": "Verzoek om precisering",
    "extension_notice_due": "Mededeling verdaging",
    "decision_due": "Besluit",
    "disclosure_on": "Verstrekking van de informatie",
    "objection_due": "Einde bezwaartermijn",
}


@dataclass(frozen=True)
class DateCheck:
    """One legal date: when it fell, how it was computed, what happened and whether that was in time."""

    rule: str
    label_nl: str
    due: dt.date
    citation: str
    explanation_nl: str
    done_on: dt.date | None
    status: DateStatus


@dataclass(frozen=True)
class LegalDates:
    """The request's dates; ``problem`` is a Dutch message when they could not be computed."""

    checks: tuple[DateCheck, ...]
    deadlines: Deadlines | None
    problem: str | None = None

    def get(self, rule: str) -> DateCheck | None:
        return next((c for c in self.checks if c.rule == rule), None)


def local_date(moment: dt.datetime) -> dt.date:
    """The Dutch calendar day of a stored (UTC) moment."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(_AMSTERDAM).date()


def format_moment(moment: dt.datetime) -> str:
    """A stored moment as Dutch local time, to the minute."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(_AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def suspension_days(row: SuspensionRow, today: dt.date) -> int | None:
    """Days this suspension alone adds (an open one runs until ``today``); ``None`` for unusable dates."""
    try:
        return len(Suspension(row.kind, row.start, row.end or max(today, row.start)).days)  # type: ignore[arg-type]
    except DeadlineInputError:
        return None


def _deadline_status(due: dt.date, done_on: dt.date | None, today: dt.date) -> DateStatus:
    if done_on is not None:
        return DateStatus.MET if done_on <= due else DateStatus.MISSED
    return DateStatus.OPEN if today <= due else DateStatus.OVERDUE


def _check(rule: DatedRule, done_on: dt.date | None, status: DateStatus) -> DateCheck:
    return DateCheck(
        rule=rule.rule,
        label_nl=_RULE_NL.get(rule.rule, rule.rule),
        due=rule.on,
        citation=rule.citation,
        explanation_nl=rule.explanation_nl,
        done_on=done_on,
        status=status,
    )


def legal_dates(repo: Repository, req: RequestRow, *, today: dt.date) -> LegalDates:
    """Recompute the request's dates; an open suspension counts as running until ``today``."""
    if req.received_on is None:
        return LegalDates((), None, "Het verzoek heeft (nog) geen ontvangstdatum; er lopen geen termijnen.")
    suspensions = repo.suspensions(req.id)
    try:
        deadlines = deadlines_of(repo, req, today=today)
    except DeadlineInputError as exc:
        return LegalDates((), None, f"De termijnen konden niet worden berekend: {exc}")

    checks: list[DateCheck] = []
    invited = [x.start for x in suspensions if x.kind == "precisering"]
    if invited:
        first = min(invited)
        status = _deadline_status(deadlines.precisering.on, first, today)
        checks.append(_check(deadlines.precisering, first, status))
    else:
        checks.append(_check(deadlines.precisering, None, DateStatus.NOT_APPLICABLE))

    if req.extended:
        sent = repo.first_sent(req.id, "extension_notice")
        notified = local_date(sent) if sent else None
        checks.append(
            _check(deadlines.extension_notice, notified,
                   _deadline_status(deadlines.extension_notice.on, notified, today))
        )
    else:
        checks.append(_check(deadlines.extension_notice, None, DateStatus.NOT_APPLICABLE))

    if req.decided_on is None and RequestStatus(req.status).ended_without_decision:
        checks.append(_check(deadlines.decision, None, DateStatus.NOT_APPLICABLE))
    else:
        checks.append(
            _check(deadlines.decision, req.decided_on, _deadline_status(deadlines.decision.on, req.decided_on, today))
        )

    if deadlines.disclosure is not None:
        # The information is handed over by the private link, or (before it existed) by the publication.
        shared_at = repo.first_event_at(req.id, AuditAction.SHARED_WITH_REQUESTER)
        published_at = shared_at or repo.first_event_at(req.id, AuditAction.PUBLISHED)
        published = local_date(published_at) if published_at else None
        due = deadlines.disclosure.on
        if published is None:
            status = DateStatus.OPEN if today <= due else DateStatus.OVERDUE
        elif published < due:
            # Releasing before the two weeks a third party has to object (Woo 4.4(5)) is as wrong as late.
            status = DateStatus.EARLY
        else:
            status = DateStatus.MET if published == due else DateStatus.MISSED
        checks.append(_check(deadlines.disclosure, published, status))
    if deadlines.objection is not None:
        checks.append(_check(deadlines.objection, None, DateStatus.INFORMATIVE))
    return LegalDates(tuple(checks), deadlines)
