"""Suspensions of the decision term and how many days they add (Woo 4.4(3), Awb 4:15(1)(a)).

The two kinds count differently at the end of the interval: a third-party view suspends *up to and
including* the day it arrives, a specification *until, not including,* the day it arrives. Days are counted as
the union of all intervals, so a day covered twice is suspended once (project rule, woo-law.md section 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from woo.deadlines.errors import DeadlineInputError

__all__ = ["SUSPENSION_CITATIONS", "Suspension", "SuspensionKind", "suspended_day_set"]

SuspensionKind = Literal["precisering", "zienswijze"]

SUSPENSION_CITATIONS: dict[str, str] = {
    "precisering": "art. 4:15 lid 1 onder a Awb",
    "zienswijze": "art. 4.4 lid 3 Woo",
}

_KIND_NL = {"precisering": "preciseren van het verzoek", "zienswijze": "zienswijze van derden"}


def require_date(value: object, what: str) -> date:
    """Refuse anything but a plain date: a datetime would silently compare wrongly with dates."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise DeadlineInputError(f"{what}: '{value}' is geen datum (gebruik JJJJ-MM-DD).")
    return value


@dataclass(frozen=True)
class Suspension:
    """One suspension interval as recorded: ``start`` = day of the notice or invitation, ``end`` = day the
    view or specification arrived or its period lapsed."""

    kind: SuspensionKind
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind not in SUSPENSION_CITATIONS:
            raise DeadlineInputError(
                f"Opschorting: onbekende soort '{self.kind}' (kies 'precisering' of 'zienswijze')."
            )
        require_date(self.start, f"Opschorting ({self.kind}), begindatum")
        require_date(self.end, f"Opschorting ({self.kind}), einddatum")
        if self.end < self.start:
            raise DeadlineInputError(
                f"Opschorting ({self.kind}) {self.start.isoformat()} tot {self.end.isoformat()}: "
                "de einddatum ligt vóór de begindatum."
            )

    @property
    def first_day(self) -> date:
        """Both kinds start the day after the notice (Woo 4.4(3); Awb 4:15(1)(a))."""
        return self.start + timedelta(days=1)

    @property
    def last_day(self) -> date:
        """Woo 4.4(3) counts the arrival day; Awb 4:15(1)(a) stops the day before it."""
        return self.end if self.kind == "zienswijze" else self.end - timedelta(days=1)

    @property
    def days(self) -> tuple[date, ...]:
        """The suspended days of this interval alone; empty when the answer came the next day or sooner."""
        count = (self.last_day - self.first_day).days + 1
        return tuple(self.first_day + timedelta(days=i) for i in range(max(count, 0)))

    @property
    def citation(self) -> str:
        return SUSPENSION_CITATIONS[self.kind]

    @property
    def label_nl(self) -> str:
        return _KIND_NL[self.kind]


def suspended_day_set(suspensions: Iterable[Suspension]) -> frozenset[date]:
    """The union of the suspended days of all intervals: a day is suspended once at most."""
    return frozenset(day for s in suspensions for day in s.days)
