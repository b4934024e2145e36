"""The legal deadline engine of a Woo request: pure date arithmetic with Dutch explanations, no Prefect.

Typical use::

    from woo.deadlines import compute_deadlines
    d = compute_deadlines(date(2026, 3, 2), zienswijze=[(date(2026, 3, 13), date(2026, 3, 27))])
    d.decision_due            # date(2026, 4, 13)
    d.decision.explanation_nl # the reasoning in Dutch, with article citations
"""

from woo.deadlines.calendar import (
    DEFAULT_CALENDAR,
    ROYAL_DECREE_DAYS,
    DecreeDay,
    LegalCalendar,
    RollOver,
    SkippedDay,
    easter_sunday,
    roll_over,
)
from woo.deadlines.engine import SuspensionInput, compute_deadlines
from woo.deadlines.errors import DeadlineInputError
from woo.deadlines.explain import format_date_nl
from woo.deadlines.model import DatedRule, Deadlines, Term
from woo.deadlines.suspensions import Suspension, SuspensionKind
from woo.deadlines.timing import Risk, days_left, risk

__all__ = [
    "DEFAULT_CALENDAR",
    "ROYAL_DECREE_DAYS",
    "DatedRule",
    "DeadlineInputError",
    "Deadlines",
    "DecreeDay",
    "LegalCalendar",
    "Risk",
    "RollOver",
    "SkippedDay",
    "Suspension",
    "SuspensionInput",
    "SuspensionKind",
    "Term",
    "compute_deadlines",
    "days_left",
    "easter_sunday",
    "format_date_nl",
    "risk",
    "roll_over",
]
