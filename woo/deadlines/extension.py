"""Extending the decision term (verdaging, Woo 4.4(2)): when a request needs it, and doing it once, on time.

The Woo allows one extension of at most two weeks when the volume or complexity of the request justifies it,
announced in writing with reasons before the first term ends. :func:`at_risk` states those reasons from the
request's facts under configurable :class:`ExtensionRules`; :func:`extend` records the extension, moves the dates
and sends the notice exactly once; :func:`prepare_extension_if_at_risk` is what the deadline watch calls.
No Prefect here: the flow layer only calls these functions.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from woo.case import CLOSED, Repository, Step, UnitOfWork
from woo.deadlines import DEFAULT_CALENDAR, LegalCalendar, format_date_nl
from woo.deadlines.request_dates import compute_for_request
from woo.errors import Permanent
from woo.letters.context import ExtensionNoticeContext
from woo.letters.correspondence import organisation, request_summary, requester_recipient, send_letter
from woo.letters.letters import Letter, LetterError, extension_notice
from woo.privacy import Audience
from woo.schemas.audit import AuditAction
from woo.store.models import RequestRow

__all__ = [
    "CLOSED_STATUSES",
    "LEGAL_BASIS",
    "SYSTEM_ACTOR",
    "ExtensionCheck",
    "ExtensionFacts",
    "ExtensionOutcome",
    "ExtensionRefused",
    "ExtensionResult",
    "ExtensionRules",
    "at_risk",
    "extend",
    "extension_key",
    "facts_for",
    "facts_for_many",
    "outcome_without_extending",
    "prepare_extension_if_at_risk",
    "working_days_left",
]

LEGAL_BASIS = "Woo 4.4(2)"
SYSTEM_ACTOR = "system"
# Statuses in which no decision is pending any more; an extension would be meaningless there.
CLOSED_STATUSES = CLOSED

_log = logging.getLogger(__name__)


class ExtensionRefused(Permanent, ValueError):
    """An extension that the law or the state of the request does not allow; the message says why, in Dutch."""


class ExtensionRules(BaseSettings):
    """When a request counts as at risk, and whether the system may extend on its own.

    Read from ``WOO_EXTENSION_*`` variables (``WOO_EXTENSION_MAX_PAGES=300``, ``WOO_EXTENSION_AUTO_EXTEND=false``)
    so the process owner sets the policy without code; set a rule to ``null``/``false`` to switch it off.
    """

    model_config = SettingsConfigDict(env_prefix="WOO_EXTENSION_", extra="ignore", frozen=True)

    auto_extend: bool = Field(default=True, description="The deadline watch extends at-risk requests itself.")
    extend_within_working_days: int = Field(
        default=5, ge=1,
        description="The watch extends only once the notice date is this close (working days), so the term is "
                    "not given up while a decision within four weeks is still possible.")
    third_parties: bool = Field(default=True, description="Hearing third parties justifies an extension.")
    max_pages: int | None = Field(default=500, ge=1, description="More pages than this justify an extension.")
    min_working_days: int | None = Field(
        default=5, ge=1, description="Work still open with fewer working days left than this is at risk.")
    work_steps: tuple[Step, ...] = Field(
        default=(Step.COLLECT, Step.CONSULT, Step.REDACT, Step.DECIDE),
        description="The steps that count as work still to do before the decision.")


@dataclass(frozen=True)
class ExtensionFacts:
    """What :func:`at_risk` weighs, gathered from the store by :func:`facts_for` (or given directly in tests)."""

    third_parties: int = 0
    pages: int = 0
    open_steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class ExtensionResult:
    """A recorded extension: the dates before and after, and how the notice went out."""

    request_id: str
    number: str
    original_due: dt.date
    new_due: dt.date
    letter_key: str
    transport: str
    newly_sent: bool
    resumed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id, "number": self.number, "original_due": self.original_due.isoformat(),
            "new_due": self.new_due.isoformat(), "letter_key": self.letter_key, "transport": self.transport,
            "newly_sent": self.newly_sent, "resumed": self.resumed,
        }


class ExtensionOutcome(StrEnum):
    """What :func:`prepare_extension_if_at_risk` found or did; values are stable, ``label`` is Dutch."""

    EXTENDED = "extended"
    NOT_AT_RISK = "not_at_risk"
    ALREADY_EXTENDED = "already_extended"
    NOT_YET = "not_yet"
    TOO_LATE = "too_late"
    LEFT_TO_OWNER = "left_to_owner"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "extended": "beslistermijn verdaagd",
            "not_at_risk": "geen reden voor verdaging",
            "already_extended": "al verdaagd",
            "not_yet": "verdaging nog niet nodig",
            "too_late": "verdaging niet meer mogelijk",
            "left_to_owner": "verdaging ter beoordeling van de proceseigenaar",
            "closed": "verzoek afgehandeld",
        }[self.value]


@dataclass(frozen=True)
class ExtensionCheck:
    """The outcome for one request, the reasons found (Dutch, no personal data) and the extension if made."""

    request_id: str
    outcome: ExtensionOutcome
    reasons: tuple[str, ...] = ()
    result: ExtensionResult | None = None
    extension_notice_due: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id, "outcome": str(self.outcome), "reasons": list(self.reasons),
            "extension_notice_due": self.extension_notice_due.isoformat() if self.extension_notice_due else None,
            "result": self.result.to_dict() if self.result else None,
        }


def extension_key(request_id: str) -> str:
    """The outbox idempotency key of a request's extension notice: at most one per request, ever."""
    return f"extension:{request_id}"


def working_days_left(today: dt.date, due: dt.date, calendar: LegalCalendar = DEFAULT_CALENDAR) -> int:
    """Working days from ``today`` up to and including ``due`` (today counts when it is a working day)."""
    if due < today:
        return 0
    return sum(
        1 for n in range((due - today).days + 1) if not calendar.is_closed(today + dt.timedelta(days=n))
    )


def facts_for(repo: Repository, req: RequestRow, rules: ExtensionRules | None = None) -> ExtensionFacts:
    """Third parties consulted, pages to review (readable, non-duplicate documents) and work steps not done."""
    rules = rules or ExtensionRules()
    done = set(repo.done_steps(req.id))
    return ExtensionFacts(third_parties=len(repo.third_parties(req.id)), pages=repo.pages_to_review(req.id),
                          open_steps=tuple(s for s in rules.work_steps if s not in done))


def facts_for_many(repo: Repository, request_ids: list[str],
                   rules: ExtensionRules | None = None) -> dict[str, ExtensionFacts]:
    """:func:`facts_for` of many requests at once (the deadline watch weighs thousands a day)."""
    rules = rules or ExtensionRules()
    return {rid: ExtensionFacts(third_parties=parties, pages=pages,
                                open_steps=tuple(s for s in rules.work_steps if s.value not in done))
            for rid, (parties, pages, done) in repo.work_facts(request_ids).items()}


def at_risk(req: RequestRow, facts: ExtensionFacts, today: dt.date, rules: ExtensionRules | None = None) -> list[str]:
    """The Dutch reasons why ``req`` needs more time under ``rules``; empty when it does not.

    The sentences are written so they can stand in the extension notice to the requester, and carry counts only.
    """
    rules = rules or ExtensionRules()
    if req.decided_on is not None or req.status in CLOSED_STATUSES:
        return []
    reasons: list[str] = []
    if rules.third_parties and facts.third_parties > 0:
        who = ("één derde-belanghebbende" if facts.third_parties == 1
               else f"{facts.third_parties} derde-belanghebbenden")
        reasons.append(f"Wij hebben {who} om een zienswijze gevraagd; die zienswijzen moeten wij zorgvuldig "
                       "afwegen voordat wij kunnen beslissen.")
    if rules.max_pages is not None and facts.pages > rules.max_pages:
        reasons.append(f"Het verzoek betreft {facts.pages} pagina's aan documenten (meer dan {rules.max_pages}); "
                       "het beoordelen daarvan kost meer tijd dan de eerste termijn biedt.")
    if rules.min_working_days is not None and facts.open_steps and req.decision_due is not None:
        left = working_days_left(today, req.decision_due)
        if left < rules.min_working_days:
            steps = ", ".join(Step(s).label for s in facts.open_steps)
            days = "één werkdag" if left == 1 else f"{left} werkdagen"
            reasons.append(f"Tot de beslisdatum ({format_date_nl(req.decision_due)}) resten nog {days}, terwijl "
                           f"nog {len(facts.open_steps)} stap(pen) open staan: {steps}.")
    return reasons


def _motivation(reasons: list[str] | tuple[str, ...]) -> str:
    return ("Wij kunnen niet binnen de eerste termijn zorgvuldig op uw verzoek beslissen vanwege de omvang of "
            "de ingewikkeldheid ervan. " + " ".join(reasons))


def _check_actor(decided_by: str) -> str:
    actor = decided_by.strip()
    if not actor or len(actor) > 64 or any(c.isspace() for c in actor):
        raise ExtensionRefused(
            f"'{decided_by[:64]}' is geen geldige gebruikers-id voor wie de verdaging besluit; gebruik een id "
            "zonder spaties, bijvoorbeeld 'm.devries'.")
    return actor


def _ref(req: RequestRow) -> str:
    return req.number or req.id


def _recorded(repo: Repository, request_id: str) -> dict[str, Any] | None:
    """The payload of the request's extension event, when one was recorded."""
    event = repo.last_event(request_id, AuditAction.EXTENSION_RECORDED)
    recorded: dict[str, Any] | None = json.loads(event.payload) if event else None
    return recorded


def _notice(req: RequestRow, *, letter_date: dt.date, original_due: dt.date, new_due: dt.date,
            motivation: str) -> Letter:
    assert req.requester is not None
    try:
        return extension_notice(ExtensionNoticeContext(
            organisation=organisation(), recipient=requester_recipient(req.requester), request=request_summary(req),
            letter_date=letter_date, original_due=original_due, new_due=new_due, motivation=motivation))
    except LetterError as exc:
        raise ExtensionRefused(f"Verzoek {_ref(req)}: de verdagingsbrief kan niet worden opgesteld: {exc}.") from None


def extend(uow: UnitOfWork, request_id: str, motivation: str, decided_by: str, today: dt.date) -> ExtensionResult:
    """Extend the decision term by two weeks (Woo 4.4(2)), move the dates and send the notice once.

    Refused with :class:`ExtensionRefused` when the notice would be late (``today`` after
    ``extension_notice_due``), when the term was already extended, or when no decision is pending. A call after
    an interrupted delivery of the notice completes that delivery instead of refusing.
    """
    motivation = (motivation or "").strip()
    actor = _check_actor(decided_by)
    key = extension_key(request_id)
    resumed = False
    with uow:
        req = uow.requests.get(request_id)
        ref = _ref(req)
        if not motivation:
            raise ExtensionRefused(f"Verzoek {ref}: de motivering van de verdaging ontbreekt; de Woo eist een "
                                   "gemotiveerde mededeling (art. 4.4 lid 2 Woo).")
        if req.number is None or req.received_on is None:
            raise ExtensionRefused(f"Verzoek {ref}: het verzoek is nog niet geregistreerd en heeft nog geen "
                                   "beslistermijn.")
        if req.requester is None:
            raise ExtensionRefused(f"Verzoek {ref}: er is geen verzoeker vastgelegd aan wie de verdaging kan "
                                   "worden meegedeeld.")
        if req.extended:
            recorded = _recorded(uow.requests, request_id)
            outbox = uow.requests.outbox(key)
            sent = outbox is not None and outbox.status == "sent"
            if recorded is None or sent:
                raise ExtensionRefused(f"Verzoek {ref}: de beslistermijn is al verdaagd; de Woo staat één verdaging "
                                       "van ten hoogste twee weken toe (art. 4.4 lid 2 Woo).")
            # The extension was recorded but its notice never went out (a crash between the two): finish that,
            # with the letter as it was decided, rather than leave the requester uninformed.
            original_due = dt.date.fromisoformat(recorded["original_due"])
            new_due = dt.date.fromisoformat(recorded["new_due"])
            letter = _notice(req, letter_date=dt.date.fromisoformat(recorded["decided_on"]),
                             original_due=original_due, new_due=new_due, motivation=recorded["motivation"])
            resumed = True
        else:
            if req.decided_on is not None or req.status in CLOSED_STATUSES:
                raise ExtensionRefused(f"Verzoek {ref}: er is al beslist of het verzoek is afgesloten; verdagen "
                                       "heeft geen zin meer.")
            if today < req.received_on:
                raise ExtensionRefused(f"Verzoek {ref}: de datum {today.isoformat()} ligt vóór de ontvangst van "
                                       "het verzoek.")
            before = compute_for_request(uow, req, today=today)
            if today > before.extension_notice_due:
                raise ExtensionRefused(
                    f"Verzoek {ref}: verdagen kan niet meer. De verdaging moest uiterlijk op "
                    f"{format_date_nl(before.extension_notice_due)} worden meegedeeld, vóór het einde van de eerste "
                    "termijn (art. 4.4 lid 2 Woo).")
            req.extended = True
            after = compute_for_request(uow, req, today=today)
            original_due, new_due = before.decision_due, after.decision_due
            # Rendered inside the transaction: a letter that cannot be written undoes the extension.
            letter = _notice(req, letter_date=today, original_due=original_due, new_due=new_due,
                             motivation=motivation)
            uow.record(AuditAction.EXTENSION_RECORDED, request_id=request_id, step="extension", actor=actor,
                       legal_basis=LEGAL_BASIS,
                       payload={"motivation": motivation, "decided_on": today.isoformat(),
                                "original_due": original_due.isoformat(), "new_due": new_due.isoformat(),
                                "extension_notice_due": before.extension_notice_due.isoformat(),
                                "letter_key": key})
        number = req.number
        name, email = req.requester.name, req.requester.email
        uow.commit()
    delivery = send_letter(uow, key=key, req=req, letter=letter, name=name, email=email, audience=Audience.requester())
    _log.info("request %s extended (resumed=%s, newly_sent=%s)", request_id, resumed, delivery.newly_sent)
    return ExtensionResult(request_id=request_id, number=number, original_due=original_due, new_due=new_due,
                           letter_key=key, transport=delivery.transport, newly_sent=delivery.newly_sent,
                           resumed=resumed)


def outcome_without_extending(reasons: tuple[str, ...] | list[str], today: dt.date, notice_due: dt.date,
                              rules: ExtensionRules) -> ExtensionOutcome | None:
    """What :func:`prepare_extension_if_at_risk` decides for a request not yet extended, or None when it extends.

    Pure, so the deadline watch can weigh thousands of requests at once and call the one-by-one check (which
    writes the notice) only for those it will extend.
    """
    if not reasons:
        return ExtensionOutcome.NOT_AT_RISK
    if today > notice_due:
        return ExtensionOutcome.TOO_LATE
    if not rules.auto_extend:
        return ExtensionOutcome.LEFT_TO_OWNER
    if working_days_left(today, notice_due) > rules.extend_within_working_days:
        return ExtensionOutcome.NOT_YET
    return None


def prepare_extension_if_at_risk(
    uow: UnitOfWork, request_id: str, today: dt.date, rules: ExtensionRules | None = None
) -> ExtensionCheck:
    """Extend on the system's behalf when ``rules`` find the request at risk and the notice is still on time.

    The system waits until the notice date is within ``rules.extend_within_working_days`` working days
    (:attr:`ExtensionOutcome.NOT_YET` before that; an official may extend earlier by hand). With
    ``rules.auto_extend`` off the reasons are returned for the process owner to weigh
    (:attr:`ExtensionOutcome.LEFT_TO_OWNER`) and nothing changes.
    """
    rules = rules or ExtensionRules()
    with uow:
        req = uow.requests.get(request_id)
        if req.decided_on is not None or req.status in CLOSED_STATUSES or req.received_on is None:
            return ExtensionCheck(request_id, ExtensionOutcome.CLOSED)
        deadlines = compute_for_request(uow, req, today=today)
        notice_due = deadlines.extension_notice_due
        reasons = () if req.extended else tuple(at_risk(req, facts_for(uow.requests, req, rules), today, rules))
        uow.commit()  # the recomputed dates are kept whatever the outcome
        if req.extended:
            return ExtensionCheck(request_id, ExtensionOutcome.ALREADY_EXTENDED, extension_notice_due=notice_due)
    outcome = outcome_without_extending(reasons, today, notice_due, rules)
    if outcome is not None:
        return ExtensionCheck(request_id, outcome, reasons, extension_notice_due=notice_due)
    result = extend(uow, request_id, _motivation(reasons), SYSTEM_ACTOR, today)
    return ExtensionCheck(request_id, ExtensionOutcome.EXTENDED, reasons, result, extension_notice_due=notice_due)
