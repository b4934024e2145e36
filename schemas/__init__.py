"""The pydantic vocabulary of a Woo request: intake, grounds, judgements, audit actions, plain text.

The answers people give at the flow's waiting points are in :mod:`woo.questions` (one model per question).
"""

from woo.schemas.audit import AuditAction
from woo.schemas.errors import describe_validation_error
from woo.schemas.grounds import Ground, GroundKind, check_ground_combination, normalise_ground_code
from woo.schemas.intake import Channel, Intake, Period, RequestDetails, Requester
from woo.schemas.judgement import DecisionType, Judgement

__all__ = [
    "AuditAction", "Channel", "DecisionType", "Ground", "GroundKind", "Intake", "Judgement", "Period",
    "RequestDetails", "Requester", "check_ground_combination", "describe_validation_error", "normalise_ground_code",
]
