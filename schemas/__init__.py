"""The pydantic vocabulary of a Woo request: intake, answers, grounds, judgements, documents, audit events."""

from schemas.answers import (
    Answers,
    Assessment,
    MeetingAnswer,
    MeetingOutcome,
    RedactionReview,
    SignOff,
    ThirdParty,
    ThirdPartyView,
)
from schemas.audit import AuditAction, AuditEvent
from schemas.documents import DecisionSummary, DocumentInfo, DocumentJudgement, Redaction
from schemas.errors import describe_validation_error
from schemas.grounds import Ground, GroundKind, check_ground_combination, normalise_ground_code
from schemas.intake import Channel, Intake, Period, RequestDetails, Requester
from schemas.judgement import DecisionType, Judgement

__all__ = [
    "Answers", "Assessment", "AuditAction", "AuditEvent", "Channel", "DecisionSummary", "DecisionType",
    "DocumentInfo", "DocumentJudgement", "Ground", "GroundKind", "Intake", "Judgement", "MeetingAnswer",
    "MeetingOutcome", "Period", "Redaction", "RedactionReview", "RequestDetails", "Requester", "SignOff",
    "ThirdParty", "ThirdPartyView", "check_ground_combination", "describe_validation_error",
    "normalise_ground_code",
]
