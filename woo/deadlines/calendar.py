"""The legal calendar of the Algemene termijnenwet: weekends, public holidays and royal-decree days.

Atw art. 1 moves a term that ends on a Saturday, Sunday or public holiday to the next day that is none of
these; art. 3 lists the holidays and lets royal decrees add days. The calendar is a value passed to the
deadline engine (never read from global settings), so tests and newer decrees can be injected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

__all__ = [
    "DEFAULT_CALENDAR",
    "ROYAL_DECREE_DAYS",
    "DecreeDay",
    "LegalCalendar",
    "RollOver",
    "SkippedDay",
    "easter_sunday",
    "roll_over",
]

_WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@dataclass(frozen=True)
class DecreeDay:
    """A day a royal decree puts on a par with the Atw art. 3(1) holidays (Atw art. 3(3))."""

    day: date
    name: str
    decree: str

    @property
    def label_nl(self) -> str:
        """How the day is named in explanations, making clear it is not a statutory holiday."""
        return f"{self.name}, bij koninklijk besluit gelijkgesteld"


# Atw art. 3(3): decrees usually cover three years. Adding the next decree is one line per day.
_DECREE_2023 = "koninklijk besluit art. 3 lid 3 Atw (2023–2025)"
_DECREE_2026 = "koninklijk besluit art. 3 lid 3 Atw (2026–2028)"
ROYAL_DECREE_DAYS: tuple[DecreeDay, ...] = (
    DecreeDay(date(2023, 4, 28), "vrijdag na Koningsdag", _DECREE_2023),
    DecreeDay(date(2023, 5, 19), "vrijdag na Hemelvaartsdag", _DECREE_2023),
    DecreeDay(date(2024, 5, 10), "vrijdag na Hemelvaartsdag", _DECREE_2023),
    DecreeDay(date(2024, 12, 27), "vrijdag na Kerstmis", _DECREE_2023),
    DecreeDay(date(2025, 5, 30), "vrijdag na Hemelvaartsdag", _DECREE_2023),
    DecreeDay(date(2026, 1, 2), "vrijdag na Nieuwjaarsdag", _DECREE_2026),
    DecreeDay(date(2026, 5, 15), "vrijdag na Hemelvaartsdag", _DECREE_2026),
    DecreeDay(date(2027, 5, 7), "vrijdag na Hemelvaartsdag", _DECREE_2026),
    DecreeDay(date(2028, 4, 28), "vrijdag na Koningsdag", _DECREE_2026),
    DecreeDay(date(2028, 5, 26), "vrijdag na Hemelvaartsdag", _DECREE_2026),
)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm of Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def _statutory_holidays(year: int) -> dict[date, tuple[str, ...]]:
    """The Atw art. 3(1) holidays of one year; a date may carry two names (5 May can be Hemelvaartsdag)."""
    easter = easter_sunday(year)
    # Atw art. 3(1): Koningsdag is the day the King's birthday is celebrated; 26 April when the 27th is a
    # Sunday.
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    named = (
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - timedelta(days=2), "Goede Vrijdag"),
        (easter + timedelta(days=1), "tweede Paasdag"),
        (kings_day, "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag"),
        (easter + timedelta(days=39), "Hemelvaartsdag"),
        (easter + timedelta(days=50), "tweede Pinksterdag"),
        (date(year, 12, 25), "eerste Kerstdag"),
        (date(year, 12, 26), "tweede Kerstdag"),
    )
    holidays: dict[date, tuple[str, ...]] = {}
    for day, name in named:
        holidays[day] = (*holidays.get(day, ()), name)
    return holidays


@dataclass(frozen=True)
class SkippedDay:
    """A day a term could not end on: a weekend day, a holiday (``holiday`` holds its Dutch name) or both."""

    day: date
    holiday: str | None = None

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def reason(self) -> str:
        """In Dutch, e.g. ``zaterdag``, ``Goede Vrijdag`` or ``zondag, Koningsdag``."""
        parts = [_WEEKDAYS_NL[self.day.weekday()]] if self.weekend else []
        return ", ".join([*parts, self.holiday] if self.holiday else parts)


@dataclass(frozen=True)
class RollOver:
    """The Atw art. 1 move of a last day: from ``original`` past ``skipped`` days to ``result``."""

    original: date
    result: date
    skipped: tuple[SkippedDay, ...] = ()

    @property
    def moved(self) -> bool:
        return self.result != self.original


@dataclass(frozen=True)
class LegalCalendar:
    """Weekends, Atw art. 3(1) holidays and the given royal-decree days (Atw art. 3(3))."""

    decree_days: tuple[DecreeDay, ...] = ROYAL_DECREE_DAYS
    _decrees: dict[date, DecreeDay] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A list would make the frozen calendar unhashable; store what was given as a tuple.
        object.__setattr__(self, "decree_days", tuple(self.decree_days))
        object.__setattr__(self, "_decrees", {d.day: d for d in self.decree_days})

    def holidays(self, year: int) -> dict[date, str]:
        """Every Atw holiday and decree day of ``year`` with its Dutch name (weekends not included)."""
        names = {day: " en ".join(n) for day, n in _statutory_holidays(year).items()}
        for decree in self.decree_days:
            if decree.day.year == year:
                names[decree.day] = _join(names.get(decree.day), decree.label_nl)
        return dict(sorted(names.items()))

    def holiday_name(self, day: date) -> str | None:
        """The Dutch name of the holiday or decree day on ``day``, or None for an ordinary day."""
        statutory = _statutory_holidays(day.year).get(day)
        decree = self._decrees.get(day)
        name = " en ".join(statutory) if statutory else None
        return _join(name, decree.label_nl) if decree else name

    def is_holiday(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def is_closed(self, day: date) -> bool:
        """True on a Saturday, Sunday, holiday or decree day: a term cannot end there (Atw art. 1)."""
        return day.weekday() >= 5 or self.is_holiday(day)

    def roll_over_detail(self, day: date) -> RollOver:
        """Atw art. 1: the last day moves to the next day that is not closed; every skipped day is kept."""
        skipped: list[SkippedDay] = []
        current = day
        while self.is_closed(current):
            skipped.append(SkippedDay(current, self.holiday_name(current)))
            current += timedelta(days=1)
        return RollOver(original=day, result=current, skipped=tuple(skipped))


def _join(first: str | None, second: str) -> str:
    return f"{first} en {second}" if first else second


DEFAULT_CALENDAR = LegalCalendar()


def roll_over(day: date, calendar: LegalCalendar = DEFAULT_CALENDAR) -> date:
    """The last day of a term ending on ``day`` after the Atw art. 1 roll-over."""
    return calendar.roll_over_detail(day).result
