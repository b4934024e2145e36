"""Step 3, the concretisation meeting: record its outcome and decide how the request goes on.

Paths (:class:`~woo.process.results.MeetingPath`): ``normal`` (collect and decide), ``not_handled`` (the
requester did not specify: Woo 4.1(6)), ``stop`` (withdrawn, forwarded, or waiting for a specification that
has not come yet).
"""

from __future__ import annotations

import datetime as dt

from woo.case import RequestStatus, Resolution, UnitOfWork
from woo.deadlines.engine import specification_period_end
from woo.deadlines.request_dates import compute_for_request
from woo.errors import AnswersInvalid
from woo.letters.context import ForwardingNoticeContext, SpecificationRequestContext, WithdrawalConfirmationContext
from woo.letters.correspondence import organisation, request_summary, requester_recipient, send_letter
from woo.letters.letters import Letter, forwarding_notice, specification_request, withdrawal_confirmation
from woo.privacy import Audience
from woo.process.results import MeetingHeld, MeetingPath
from woo.questions.answers import answers_of
from woo.questions.models import MeetingAnswer, MeetingOutcome
from woo.schemas.audit import AuditAction
from woo.store.models import RequestRow, SuspensionRow

SPECIFICATION = "precisering"


def check_meeting_answer(req: RequestRow, answer: MeetingAnswer, *, today: dt.date) -> list[str]:
    """Domain rules a form cannot express; an empty list means the answer can be used."""
    problems = []
    assert req.received_on is not None
    if answer.held_on < req.received_on:
        problems.append("meeting.held_on: het gesprek kan niet vóór de ontvangst van het verzoek zijn gehouden")
    if answer.held_on > today:
        problems.append("meeting.held_on: de datum ligt in de toekomst")
    spec = answer.specification
    if spec is not None:
        end = spec.received_on or spec.lapsed_on
        assert end is not None
        if end < answer.held_on:
            problems.append("meeting.specification: de precisering kan niet vóór het verzoek daartoe zijn ontvangen")
    return problems


def hold_meeting(uow: UnitOfWork, request_id: str, *, today: dt.date) -> MeetingHeld:
    with uow:
        req = uow.requests.get(request_id)
        answer = answers_of(uow.requests, req).meeting
        if answer is None:
            uow.record(AuditAction.MEETING_RECORDED, request_id=request_id, step="meeting",
                       payload={"outcome": "none_recorded"})
            uow.commit()
            return MeetingHeld(outcome="none_recorded", path=MeetingPath.NORMAL)
        problems = check_meeting_answer(req, answer, today=today)
        if problems:
            raise AnswersInvalid(problems)
        uow.record(AuditAction.MEETING_RECORDED, request_id=request_id, step="meeting", actor=answer.answered_by,
                   legal_basis="Woo 4.1(5)", payload={"outcome": answer.outcome.value, "held_on": answer.held_on,
                                                      "scope_changed": answer.new_scope is not None})
        result = _outcome(uow, req, answer, today=today)
        outgoing = _letter(uow, req, answer, today=today)
        assert req.requester is not None
        name, email = req.requester.name, req.requester.email
        uow.commit()
    if outgoing is not None:
        # Sent once: the outbox key makes a rerun of the meeting step reuse the letter already sent.
        key, letter = outgoing
        send_letter(uow, key=f"{key}:{request_id}", req=req, letter=letter, name=name, email=email,
                    audience=Audience.requester())
    return result


def _letter(uow: UnitOfWork, req: RequestRow, answer: MeetingAnswer, *, today: dt.date
            ) -> tuple[str, Letter] | None:
    """The letter the meeting's outcome calls for, dated the day the step runs (it is sent that day)."""
    assert req.requester is not None
    org, to, summary = organisation(), requester_recipient(req.requester), request_summary(req)
    outcome = answer.outcome
    if outcome is MeetingOutcome.WITHDRAWN:
        return "withdrawal", withdrawal_confirmation(WithdrawalConfirmationContext(
            organisation=org, recipient=to, request=summary, letter_date=today, withdrawn_on=answer.held_on))
    if outcome is MeetingOutcome.FORWARDED:
        assert answer.forwarded_to
        return "forwarding", forwarding_notice(ForwardingNoticeContext(
            organisation=org, recipient=to, request=summary, letter_date=today,
            forwarded_to=answer.forwarded_to, forwarded_on=today))
    # A specification request went out before the flow waited for the answer (invite_to_specify).
    return None


def invite_to_specify(uow: UnitOfWork, request_id: str, *, today: dt.date) -> bool:
    """Send the request to specify (Woo 4.1(5)) once, on the day the meeting asked for it, before the flow waits
    for the answer; its period is the engine's two weeks. Returns whether a letter is (or was) on its way."""
    with uow:
        req = uow.requests.get(request_id)
        answer = answers_of(uow.requests, req).meeting
        if answer is None or answer.outcome is not MeetingOutcome.SPECIFICATION_REQUESTED:
            return False
        if answer.specification is not None:
            return False  # recorded after the fact: the specification came or lapsed; nothing to ask now
        assert req.requester is not None
        letter = specification_request(SpecificationRequestContext(
            organisation=organisation(), recipient=requester_recipient(req.requester),
            request=request_summary(req), letter_date=today, respond_by=specification_period_end(today).on))
        name, email = req.requester.name, req.requester.email
        uow.commit()
    send_letter(uow, key=f"specification:{request_id}", req=req, letter=letter, name=name, email=email,
                audience=Audience.requester())
    return True


def _outcome(uow: UnitOfWork, req: RequestRow, answer: MeetingAnswer, *, today: dt.date) -> MeetingHeld:
    outcome = answer.outcome
    if outcome is MeetingOutcome.SCOPE_NARROWED:
        req.scope = answer.new_scope
    elif outcome is MeetingOutcome.WITHDRAWN:
        req.status, req.resolution = RequestStatus.WITHDRAWN, Resolution.WITHDRAWN
        uow.record(AuditAction.REQUEST_WITHDRAWN, request_id=req.id, step="meeting", actor=answer.answered_by)
        return MeetingHeld(outcome=outcome.value, path=MeetingPath.STOP)
    elif outcome is MeetingOutcome.FORWARDED:
        req.status, req.resolution = RequestStatus.FORWARDED, Resolution.FORWARDED
        uow.record(AuditAction.REQUEST_FORWARDED, request_id=req.id, step="meeting", actor=answer.answered_by,
                   legal_basis="Woo 4.2(1)")
        return MeetingHeld(outcome=outcome.value, path=MeetingPath.STOP)
    elif outcome is MeetingOutcome.SPECIFICATION_REQUESTED:
        return _specification(uow, req, answer, today=today)
    req.status = RequestStatus.IN_PROGRESS
    return MeetingHeld(outcome=outcome.value, path=MeetingPath.NORMAL)


def _specification(uow: UnitOfWork, req: RequestRow, answer: MeetingAnswer, *, today: dt.date) -> MeetingHeld:
    spec = answer.specification
    suspension = uow.requests.suspension(req.id, SPECIFICATION)
    if suspension is None:
        suspension = SuspensionRow(request_id=req.id, kind=SPECIFICATION, start=answer.held_on, end=None,
                                   reason="verzoek om precisering", legal_basis="Awb 4:15(1)(a); Woo 4.1(5)")
        uow.requests.add(suspension)
    suspension.start = answer.held_on
    if spec is None:
        req.status = RequestStatus.AWAITING_SPECIFICATION
        compute_for_request(uow, req, today=today)
        return MeetingHeld(outcome=answer.outcome.value, path=MeetingPath.STOP, waiting_for="specification")
    suspension.end = spec.received_on or spec.lapsed_on
    uow.record(AuditAction.SPECIFICATION_RECORDED, request_id=req.id, step="meeting", actor=answer.answered_by,
               legal_basis="Awb 4:15(1)(a)", payload={"received_on": spec.received_on, "lapsed_on": spec.lapsed_on})
    compute_for_request(uow, req, today=today)
    if spec.received_on is not None:
        req.scope = spec.new_scope
        req.status = RequestStatus.IN_PROGRESS
        return MeetingHeld(outcome=answer.outcome.value, path=MeetingPath.NORMAL, specified=True)
    req.status, req.resolution = RequestStatus.NOT_HANDLED, Resolution.NOT_HANDLED
    return MeetingHeld(outcome=answer.outcome.value, path=MeetingPath.NOT_HANDLED, specified=False)
