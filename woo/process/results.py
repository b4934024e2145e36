"""What each step returns: small typed records of ids, codes, counts and dates, never personal data.

The flow branches on these (``meeting.path``, ``views.complete``, ``sent.sent``, ``published.status``); the step
log stores them (:meth:`StepResult.to_log`) so a finished step comes back from the store, not from Prefect.
A result whose :attr:`~StepResult.waiting` is true is not recorded as done: the step runs again next time.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from woo.schemas.judgement import DecisionType

__all__ = [
    "Acknowledged",
    "Collected",
    "Consulted",
    "Decided",
    "DecisionSent",
    "MeetingHeld",
    "MeetingPath",
    "Proposed",
    "PublicationStatus",
    "Published",
    "Redacted",
    "Registered",
    "StepResult",
    "ViewsRecorded",
]


class StepResult(BaseModel):
    """Base of every step's result; ``reused`` is true when it came back from the step log."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reused: bool = False

    @property
    def waiting(self) -> bool:
        """Waiting for a person or a date: the step is not done and runs again next time."""
        return False

    def to_log(self) -> dict[str, Any]:
        """JSON for the step log and the audit event (ids, codes, counts, dates)."""
        return self.model_dump(mode="json", exclude={"reused"})


class Registered(StepResult):
    number: str
    received_on: dt.date | None = None
    decision_due: dt.date | None = None
    already_registered: bool = False


class Acknowledged(StepResult):
    decision_due: dt.date
    transport: str
    newly_sent: bool
    pdf_sha256: str


class MeetingPath(StrEnum):
    """How the request goes on after the concretisation meeting."""

    NORMAL = "normal"
    """collect, consult, redact, decide"""
    NOT_HANDLED = "not_handled"
    """the requester did not specify in time: decide 'not handled' (Woo 4.1(6))"""
    STOP = "stop"
    """withdrawn, forwarded, or waiting for a specification that has not come yet"""


class MeetingHeld(StepResult):
    outcome: str
    path: MeetingPath
    waiting_for: str | None = None
    specified: bool | None = None

    @property
    def waiting(self) -> bool:
        return self.waiting_for is not None


class Collected(StepResult):
    found: int
    readable: int
    errors: int
    duplicates: int
    pages: int
    families: int = 0
    note: str | None = None


class Consulted(StepResult):
    third_parties: int
    suspended: bool
    suspension_start: dt.date | None = None
    views_due: dt.date | None = None
    decision_due: dt.date | None = None
    letters: int = 0
    problems: int = 0
    letters_blocked: int = 0


class ViewsRecorded(StepResult):
    third_parties: int
    complete: bool = True
    suspension_end: dt.date | None = None
    decision_due: dt.date | None = None
    objections: int = 0

    @property
    def waiting(self) -> bool:
        return not self.complete


class Proposed(StepResult):
    documents: int
    proposals: int
    needs_review: int
    review_copies: str


class Redacted(StepResult):
    documents: int
    proposed: int
    applied: int
    per_ground: dict[str, int]
    check_failed: int


class Decided(StepResult):
    decision_type: DecisionType
    documents: int
    judgements: dict[str, int]
    held: int


class DecisionSent(StepResult):
    sent: bool
    reason: str | None = None
    decided_on: dt.date | None = None
    disclosure_on: dt.date | None = None
    objection_due: dt.date | None = None
    objecting_third_parties: int = 0
    letters: int = 0
    letters_blocked: int = 0

    @property
    def waiting(self) -> bool:
        return not self.sent


class PublicationStatus(StrEnum):
    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    """waits for the disclosure date (Woo 4.4(5))"""
    BLOCKED = "blocked"
    """the privacy gate held the decision or the inventory: nothing published yet"""
    NOT_PUBLISHED = "not_published"
    """the request ended without a decision to publish"""


class Published(StepResult):
    status: PublicationStatus
    disclosure_on: dt.date | None = None
    run_on: dt.date | None = None
    """when publish must run again: the disclosure date, or the public date after the private link"""
    shared: bool = False
    """this run wrote the requester's private copy (feitelijke verstrekking)"""
    verstrekking_on: dt.date | None = None
    public_on: dt.date | None = None
    sitemap_urls: int = 0
    folder: str | None = None
    documents: int = 0
    files: int = 0
    withheld_by_check: int = 0
    blocked_by_gate: int = 0
    blocked_items: int = 0
    reason: str | None = None

    @property
    def waiting(self) -> bool:
        return self.status in (PublicationStatus.SCHEDULED, PublicationStatus.BLOCKED)
