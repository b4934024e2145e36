"""The clock: the one place that reads the wall clock's date.

Steps and services below the flow and the command line take ``today`` as a parameter, so a test states its
date instead of depending on when it runs. The flow's tasks and the CLI ask :func:`today` (or a :class:`Clock`
given to them) once and pass the date down.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from typing import Protocol

__all__ = ["DEMO_STEP_DAYS_ENV", "SYSTEM", "Clock", "FixedClock", "SystemClock", "today", "today_for"]

DEMO_STEP_DAYS_ENV = "WOO_DEMO_STEP_DAYS"
"""``woo demo`` replays a request's history in one run: a JSON object ``{step: "YYYY-MM-DD"}`` gives the day each
step happened, so every letter is dated (and states what is true) on the day of its event. Never set in production."""


class Clock(Protocol):
    """Something that knows what day it is."""

    def today(self) -> dt.date: ...


@dataclass(frozen=True)
class SystemClock:
    """The machine's calendar date (the server runs in the body's own time zone)."""

    def today(self) -> dt.date:
        return dt.date.today()


@dataclass(frozen=True)
class FixedClock:
    """Always the same day: for tests and for re-running a day's watch (``woo watch --today``)."""

    day: dt.date

    def today(self) -> dt.date:
        return self.day


SYSTEM = SystemClock()


def today() -> dt.date:
    """Today's date by the system clock."""
    return SYSTEM.today()


def today_for(step: str) -> dt.date:
    """The day a step runs: today, or in the demo's replay the day its event happened (see DEMO_STEP_DAYS_ENV)."""
    raw = os.environ.get(DEMO_STEP_DAYS_ENV)
    if raw:
        day = json.loads(raw).get(step)
        if day:
            return dt.date.fromisoformat(day)
    return today()
