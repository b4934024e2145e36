"""Step 3, the concretisation meeting: record its outcome and decide how the request goes on.

Paths: ``normal`` (collect and decide), ``not_handled`` (the requester did not specify: Woo 4.1(6)),
``stop`` (withdrawn, forwarded, or waiting for a specification that has not come yet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from woo.deadlines.request_dates import compute_for_request
from woo.errors import AnswersInvalid
from woo.questions.answers import answers_of
from woo.questions.models import MeetingAnswer, MeetingOutcome
from woo.schemas.audit import AuditAction
from woo.store import audit_log as audit
from woo.store.db import session_scope
from woo.store.models import RequestRow, SuspensionRow
from woo.store.queries import get_request


def check_meeting_answer(req: RequestRow, answer: MeetingAnswer) -> list[str]:
    """Domain rules a form cannot express; an empty list means the answer can be used."""
    problems = []
    assert req.received_on is not None
    if answer.held_on < req.received_on:
        problems.append("meeting.held_on: het gesprek kan niet vóór de ontvangst van het verzoek zijn gehouden")
    if answer.held_on > dt.date.today():
        problems.append("meeting.held_on: de datum ligt in de toekomst")
    spec = answer.specification
    if spec is not None:
        end = spec.received_on or spec.lapsed_on
        assert end is not None
        if end < answer.held_on:
            problems.append("meeting.specification: de precisering kan niet vóór het verzoek daartoe zijn ontvangen")
    return problems


def hold_meeting(request_id: str) -> dict[str, Any]:
    with session_scope() as s:
        req = get_request(s, request_id)
        answer = answers_of(req).meeting
        if answer is None:
            audit.record(s, AuditAction.MEETING_RECORDED, request_id=request_id, step="meeting",
                         payload={"outcome": "none_recorded"})
            return {"outcome": "none_recorded", "path": "normal"}
        problems = check_meeting_answer(req, answer)
        if problems:
            raise AnswersInvalid(problems)
        audit.record(s, AuditAction.MEETING_RECORDED, request_id=request_id, step="meeting",
                     actor=answer.answered_by, legal_basis="Woo 4.1(5)",
                     payload={"outcome": answer.outcome.value, "held_on": answer.held_on,
                              "scope_changed": answer.new_scope is not None})
        outcome = answer.outcome
        if outcome is MeetingOutcome.SCOPE_NARROWED:
            req.scope = answer.new_scope
        elif outcome is MeetingOutcome.WITHDRAWN:
            req.status = "withdrawn"
            req.resolution = "withdrawn"
            audit.record(s, AuditAction.REQUEST_WITHDRAWN, request_id=request_id, step="meeting",
                         actor=answer.answered_by)
            return {"outcome": outcome.value, "path": "stop"}
        elif outcome is MeetingOutcome.FORWARDED:
            req.status = "forwarded"
            req.resolution = "forwarded"
            audit.record(s, AuditAction.REQUEST_FORWARDED, request_id=request_id, step="meeting",
                         actor=answer.answered_by, legal_basis="Woo 4.2(1)")
            return {"outcome": outcome.value, "path": "stop"}
        elif outcome is MeetingOutcome.SPECIFICATION_REQUESTED:
            return _specification(s, req, answer)
        req.status = "in_progress"
        return {"outcome": outcome.value, "path": "normal"}


def _specification(s: Any, req: RequestRow, answer: MeetingAnswer) -> dict[str, Any]:
    spec = answer.specification
    suspension = s.scalar(select(SuspensionRow).where(SuspensionRow.request_id == req.id,
                                                      SuspensionRow.kind == "precisering"))
    if suspension is None:
        suspension = SuspensionRow(request_id=req.id, kind="precisering", start=answer.held_on, end=None,
                                   reason="verzoek om precisering", legal_basis="Awb 4:15(1)(a); Woo 4.1(5)")
        s.add(suspension)
    suspension.start = answer.held_on
    if spec is None:
        req.status = "awaiting_specification"
        s.flush()
        compute_for_request(s, req)
        return {"outcome": answer.outcome.value, "path": "stop", "waiting": "specification", "incomplete": True}
    suspension.end = spec.received_on or spec.lapsed_on
    audit.record(s, AuditAction.SPECIFICATION_RECORDED, request_id=req.id, step="meeting",
                 actor=answer.answered_by, legal_basis="Awb 4:15(1)(a)",
                 payload={"received_on": spec.received_on, "lapsed_on": spec.lapsed_on})
    s.flush()
    compute_for_request(s, req)
    if spec.received_on is not None:
        req.scope = spec.new_scope
        req.status = "in_progress"
        return {"outcome": answer.outcome.value, "path": "normal", "specified": True}
    req.status = "not_handled"
    req.resolution = "not_handled"
    return {"outcome": answer.outcome.value, "path": "not_handled", "specified": False}
