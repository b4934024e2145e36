"""Dutch wording of computed deadlines, for letters and the audit trail.

Only text lives here; the arithmetic is in :mod:`woo.deadlines.engine`. Dates are written out in full
(``dinsdag 7 april 2026``) because requesters read them in letters. :func:`dutch_date` is the project's one
writer of Dutch dates (letters, the reading room, the demo and collected e-mails use it), here because the
deadline engine is the lowest layer that writes them and may import nothing above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from woo.deadlines.calendar import RollOver
from woo.deadlines.model import Term
from woo.deadlines.suspensions import Suspension

__all__ = [
    "days_nl",
    "dutch_date",
    "format_date_nl",
    "roll_over_citation",
    "roll_over_sentence",
    "rule_sentence",
    "suspension_sentence",
    "union_sentence",
]

_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def dutch_date(value: date, *, weekday: bool = False) -> str:
    """``date(2026, 11, 2)`` -> ``"2 november 2026"`` (or ``"maandag 2 november 2026"`` with ``weekday``).

    Independent of the system locale."""
    if not isinstance(value, date):
        raise TypeError(f"dutch_date expects a date, got {type(value).__name__}")
    text = f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{_WEEKDAYS[value.weekday()]} {text}" if weekday else text


def format_date_nl(day: date) -> str:
    """``dinsdag 7 april 2026``."""
    return dutch_date(day, weekday=True)


def days_nl(count: int, noun: str = "dag", plural: str = "dagen") -> str:
    return f"{count} {noun if count == 1 else plural}"


def roll_over_citation(roll: RollOver) -> str:
    """Atw art. 1 always; art. 3 too when a holiday or decree day was skipped."""
    if any(s.holiday for s in roll.skipped):
        return "art. 1 en 3 Algemene termijnenwet"
    return "art. 1 Algemene termijnenwet"


def roll_over_sentence(roll: RollOver) -> str:
    """Why the last day moved, naming every day skipped; empty when it did not move."""
    if not roll.moved:
        return ""
    skipped = [
        format_date_nl(s.day) + (f" ({s.holiday})" if s.holiday else "") for s in roll.skipped
    ]
    listed = skipped[0] if len(skipped) == 1 else ", ".join(skipped[:-1]) + " en " + skipped[-1]
    return (
        f"Een termijn eindigt niet op een zaterdag, zondag of feestdag; {listed} "
        f"{'valt' if len(skipped) == 1 else 'vallen'} daarom af en de termijn loopt door tot en met "
        f"{format_date_nl(roll.result)} ({roll_over_citation(roll)})."
    )


def rule_sentence(
    headline: str,
    on: date,
    *,
    base_label: str,
    base: date,
    terms: Sequence[Term],
    raw: date,
    roll: RollOver | None,
    note: str = "",
) -> str:
    """``Headline: date. Berekening: base + terms = raw. [roll-over]. [note]`` as one Dutch paragraph."""
    parts = [f"{headline}: {format_date_nl(on)}."]
    if terms:
        added = " + ".join(f"{days_nl(t.days)} {t.label_nl} ({t.citation})" for t in terms if t.days)
        if added:
            parts.append(
                f"Berekening: {base_label} op {format_date_nl(base)} + {added} = {format_date_nl(raw)}."
            )
    if roll is not None and roll.moved:
        parts.append(roll_over_sentence(roll))
    if note:
        parts.append(note)
    return " ".join(parts)


def suspension_sentence(suspension: Suspension) -> str:
    """What one interval was and which days it suspends (Woo 4.4(3) or Awb 4:15(1)(a))."""
    s = suspension
    if s.kind == "zienswijze":
        opening = (
            f"Opschorting voor een zienswijze van derden ({s.citation}): de verzoeker is op "
            f"{format_date_nl(s.start)} geïnformeerd; de zienswijze kwam binnen of de termijn daarvoor "
            f"verstreek op {format_date_nl(s.end)}"
        )
    else:
        opening = (
            f"Opschorting voor het preciseren van het verzoek ({s.citation}): de uitnodiging is op "
            f"{format_date_nl(s.start)} verstuurd; de precisering kwam binnen of de termijn daarvoor "
            f"verstreek op {format_date_nl(s.end)}"
        )
    days = s.days
    if not days:
        return f"{opening}. Dat levert geen opgeschorte dagen op."
    if len(days) == 1:
        return f"{opening}. Opgeschort is {format_date_nl(days[0])}: 1 dag."
    # Awb 4:15(1)(a) stops *before* the arrival day; saying so prevents a reader counting one day too many.
    tail = "" if s.kind == "zienswijze" else " (de dag van ontvangst of verstrijken telt niet mee)"
    return (
        f"{opening}. Opgeschort van {format_date_nl(days[0])} tot en met "
        f"{format_date_nl(days[-1])}{tail}: {days_nl(len(days))}."
    )


def union_sentence(suspensions: Sequence[Suspension], total: int) -> str:
    """The total, saying so when overlapping days were counted once (project rule)."""
    if not suspensions:
        return ""
    if sum(len(s.days) for s in suspensions) > total:
        return (
            "Dagen die in meer dan één opschorting vallen, tellen één keer: "
            f"de termijn is in totaal {days_nl(total)} opgeschort."
        )
    return f"De termijn is in totaal {days_nl(total)} opgeschort."
