"""Audit events: a closed vocabulary of past-tense actions, and the event as stored in the audit log."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditAction(StrEnum):
    INTAKE_RECEIVED = "intake.received"
    INTAKE_REJECTED = "intake.rejected"
    REQUEST_REGISTERED = "request.registered"
    LETTER_SENT = "letter.sent"
    LETTER_HELD = "letter.held"
    MEETING_RECORDED = "meeting.recorded"
    SPECIFICATION_RECORDED = "specification.recorded"
    REQUEST_WITHDRAWN = "request.withdrawn"
    REQUEST_FORWARDED = "request.forwarded"
    DOCUMENT_COLLECTED = "document.collected"
    DOCUMENT_REJECTED = "document.rejected"
    THIRD_PARTY_ASKED = "third_party.asked"
    THIRD_PARTY_VIEW_RECORDED = "third_party.view_recorded"
    SUSPENSION_RECORDED = "suspension.recorded"
    DEADLINE_COMPUTED = "deadline.computed"
    EXTENSION_RECORDED = "extension.recorded"
    DEADLINE_AT_RISK = "deadline.at_risk"
    DEADLINE_MISSED = "deadline.missed"
    REDACTIONS_PROPOSED = "redactions.proposed"
    REDACTIONS_REVIEWED = "redactions.reviewed"
    DOCUMENT_REDACTED = "document.redacted"
    REDACTION_CHECK_FAILED = "redaction.check_failed"
    DECISION_MADE = "decision.made"
    DECISION_SIGNED = "decision.signed"
    PUBLICATION_SCHEDULED = "publication.scheduled"
    PUBLISHED = "request.published"
    PUBLICATION_AMENDED = "request.publication_amended"
    SHARED_WITH_REQUESTER = "request.shared_with_requester"
    SHARE_EXPIRED = "request.share_expired"
    DOCUMENT_WITHDRAWN = "publication.document_withdrawn"
    DOCUMENT_REPLACED = "publication.document_replaced"
    GATE_PASSED = "privacy_gate.passed"
    GATE_BLOCKED = "privacy_gate.blocked"
    GATE_CLEARED = "privacy_gate.cleared"
    GATE_SETTLED = "privacy_gate.settled"
    STEP_COMPLETED = "step.completed"
    STEP_FAILED = "step.failed"
    RERUN_REQUESTED = "rerun.requested"
    QUESTION_ASKED = "question.asked"
    ANSWER_GIVEN = "answer.given"
    ANSWER_REFUSED = "answer.refused"
    TEXT_STORED = "text.stored"
    FLOW_RUN_STATE = "flow_run.state"


class AuditEvent(BaseModel):
    """One entry of a request's audit trail. Payloads hold ids, counts and hashes, not personal data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int | None = None
    at: dt.datetime
    request_id: str | None
    step: str | None = None
    action: AuditAction
    actor: str = "system"
    flow_run_id: str | None = None
    task_run_id: str | None = None
    legal_basis: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)
    prev_hash: str | None = None
    hash: str | None = None
