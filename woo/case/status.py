"""Where a request stands (:class:`RequestStatus`), how it ended (:class:`Resolution`), and the steps of its flow
(:class:`Step`): stable English values for the store and code, Dutch labels for people.

Status and resolution are separate, as in froide: the status moves while the request is handled; the
resolution is set once, when the request ends (withdrawn, forwarded, not handled, or decided with a decision
type). :data:`CLOSED` is the one list of statuses in which no decision is pending any more.
"""

from __future__ import annotations

from enum import StrEnum

from woo.schemas.judgement import DecisionType

__all__ = ["CLOSED", "RequestStatus", "Resolution", "Step"]


class RequestStatus(StrEnum):
    """Where a request stands; set by the steps (the system), never typed by a person."""

    RECEIVED = "received"
    REJECTED = "rejected"
    REGISTERED = "registered"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    AWAITING_SPECIFICATION = "awaiting_specification"
    AWAITING_VIEWS = "awaiting_views"
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    SENT_BACK = "sent_back"
    DECIDED = "decided"
    PUBLICATION_SCHEDULED = "publication_scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    FORWARDED = "forwarded"
    NOT_HANDLED = "not_handled"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def closed(self) -> bool:
        """No decision is pending any more: the decision term no longer runs."""
        return self in CLOSED

    @property
    def ended_without_decision(self) -> bool:
        """The request ended before a decision on its substance (rejected intake, withdrawn, forwarded)."""
        return self in (RequestStatus.REJECTED, RequestStatus.WITHDRAWN, RequestStatus.FORWARDED)


_STATUS_LABELS = {
    RequestStatus.RECEIVED: "ontvangen",
    RequestStatus.REJECTED: "niet geldig",
    RequestStatus.REGISTERED: "geregistreerd",
    RequestStatus.ACKNOWLEDGED: "ontvangst bevestigd",
    RequestStatus.IN_PROGRESS: "in behandeling",
    RequestStatus.AWAITING_SPECIFICATION: "wacht op precisering",
    RequestStatus.AWAITING_VIEWS: "wacht op zienswijzen",
    RequestStatus.AWAITING_SIGN_OFF: "wacht op ondertekening",
    RequestStatus.SENT_BACK: "besluit teruggestuurd",
    RequestStatus.DECIDED: "besloten",
    RequestStatus.PUBLICATION_SCHEDULED: "openbaarmaking gepland",
    RequestStatus.PUBLISHED: "openbaar gemaakt",
    RequestStatus.WITHDRAWN: "ingetrokken",
    RequestStatus.FORWARDED: "doorgezonden",
    RequestStatus.NOT_HANDLED: "niet in behandeling genomen",
}

CLOSED: frozenset[RequestStatus] = frozenset({
    RequestStatus.REJECTED, RequestStatus.WITHDRAWN, RequestStatus.FORWARDED, RequestStatus.NOT_HANDLED,
    RequestStatus.DECIDED, RequestStatus.PUBLICATION_SCHEDULED, RequestStatus.PUBLISHED,
})
"""Statuses in which no decision is pending: the watch skips them, an extension is refused."""


class Resolution(StrEnum):
    """How a request ended: a decision of one :class:`~woo.schemas.judgement.DecisionType`, or no decision."""

    PUBLIC = "public"
    PARTLY_PUBLIC = "partly_public"
    NOT_PUBLIC = "not_public"
    ALREADY_PUBLIC = "already_public"
    NOTHING_FOUND = "nothing_found"
    NOT_HANDLED = "not_handled"
    WITHDRAWN = "withdrawn"
    FORWARDED = "forwarded"

    @property
    def label(self) -> str:
        """Dutch: the decision type as the decision letter names it, or how the request ended."""
        decision = self.decision_type
        if decision is not None:
            return decision.value
        return {"withdrawn": "ingetrokken", "forwarded": "doorgezonden"}[self.value]

    @property
    def decision_type(self) -> DecisionType | None:
        """The decision type of a decided request; None for a request withdrawn or forwarded."""
        return _DECISION_TYPES.get(self)

    @classmethod
    def of(cls, decision: DecisionType) -> Resolution:
        return next(r for r, d in _DECISION_TYPES.items() if d is decision)


_DECISION_TYPES = {
    Resolution.PUBLIC: DecisionType.PUBLIC,
    Resolution.PARTLY_PUBLIC: DecisionType.PARTLY_PUBLIC,
    Resolution.NOT_PUBLIC: DecisionType.NOT_PUBLIC,
    Resolution.ALREADY_PUBLIC: DecisionType.ALREADY_PUBLIC,
    Resolution.NOTHING_FOUND: DecisionType.NOTHING_FOUND,
    Resolution.NOT_HANDLED: DecisionType.NOT_HANDLED,
}


class Step(StrEnum):
    """The steps of a request's flow in the order it runs them; the step log, reruns and the CLI use these."""

    REGISTER = "register"
    ACKNOWLEDGE = "acknowledge"
    MEETING = "meeting"
    COLLECT = "collect"
    CONSULT = "consult"
    VIEWS = "views"
    PROPOSE = "propose"
    REDACT = "redact"
    DECIDE = "decide"
    SEND_DECISION = "send_decision"
    PUBLISH = "publish"

    @property
    def label(self) -> str:
        """Dutch, as the extension notice and the operator's tables name the step."""
        return _STEP_LABELS[self]

    def and_later(self) -> list[Step]:
        """This step and every step the flow runs after it (what a rerun from here redoes)."""
        order = list(Step)
        return order[order.index(self):]


_STEP_LABELS = {
    Step.REGISTER: "registreren",
    Step.ACKNOWLEDGE: "ontvangst bevestigen",
    Step.MEETING: "concretiseringsgesprek",
    Step.COLLECT: "documenten verzamelen",
    Step.CONSULT: "derden raadplegen",
    Step.VIEWS: "zienswijzen verwerken",
    Step.PROPOSE: "lakvoorstellen doen",
    Step.REDACT: "documenten beoordelen en lakken",
    Step.DECIDE: "besluit opstellen",
    Step.SEND_DECISION: "besluit verzenden",
    Step.PUBLISH: "openbaarmaken",
}
