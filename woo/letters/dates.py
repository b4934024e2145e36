"""Dutch long-form dates ("2 november 2026") without depending on the system locale."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def dutch_date(value: date, *, weekday: bool = False) -> str:
    """``date(2026, 11, 2)`` -> ``"2 november 2026"`` (or ``"maandag 2 november 2026"`` with ``weekday``)."""
    if not isinstance(value, date):
        raise TypeError(f"dutch_date expects a date, got {type(value).__name__}")
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{WEEKDAYS[value.weekday()]} {text}" if weekday else text
