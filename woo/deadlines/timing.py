"""How much time is left before a deadline, for reminders and dashboards in the flows."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

__all__ = ["Risk", "days_left", "risk"]


class Risk(StrEnum):
    """Where a request stands against a deadline; values are stable, ``label`` is Dutch."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            Risk.ON_TRACK: "op schema",
            Risk.DUE_SOON: "termijn verloopt binnenkort",
            Risk.DUE_TODAY: "laatste dag",
            Risk.OVERDUE: "termijn verstreken",
        }[self]


def days_left(due: date, today: date) -> int:
    """Calendar days from ``today`` to ``due``: 0 on the last day itself, negative once it has passed."""
    return (due - today).days


def risk(due: date, today: date, *, warn_days: int = 7) -> Risk:
    """Classify ``today`` against ``due``; the last day still counts as in time (a term runs to its end)."""
    if warn_days < 0:
        raise ValueError(f"warn_days must not be negative, got {warn_days}")
    left = days_left(due, today)
    if left < 0:
        return Risk.OVERDUE
    if left == 0:
        return Risk.DUE_TODAY
    if left <= warn_days:
        return Risk.DUE_SOON
    return Risk.ON_TRACK
