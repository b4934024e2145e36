"""The Atw calendar: holidays of 2023–2028 written out by hand, Easter, Koningsdag, decrees, roll-over."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from woo.deadlines import (
    DEFAULT_CALENDAR,
    ROYAL_DECREE_DAYS,
    DecreeDay,
    LegalCalendar,
    easter_sunday,
    roll_over,
)

# Atw art. 3(1) holidays and art. 3(3) decree days, 2023–2028, worked out by hand from the Easter dates
# 2023-04-09, 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16.
HOLIDAYS_2023_2028 = {
    # 2023
    "2023-01-01", "2023-04-07", "2023-04-10", "2023-04-27", "2023-05-05", "2023-05-18", "2023-05-29",
    "2023-12-25", "2023-12-26", "2023-04-28", "2023-05-19",
    # 2024
    "2024-01-01", "2024-03-29", "2024-04-01", "2024-04-27", "2024-05-05", "2024-05-09", "2024-05-20",
    "2024-12-25", "2024-12-26", "2024-05-10", "2024-12-27",
    # 2025: 27 April is a Sunday, so Koningsdag is the 26th
    "2025-01-01", "2025-04-18", "2025-04-21", "2025-04-26", "2025-05-05", "2025-05-29", "2025-06-09",
    "2025-12-25", "2025-12-26", "2025-05-30",
    # 2026
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14", "2026-05-25",
    "2026-12-25", "2026-12-26", "2026-01-02", "2026-05-15",
    # 2027
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-04-27", "2027-05-05", "2027-05-06", "2027-05-17",
    "2027-12-25", "2027-12-26", "2027-05-07",
    # 2028
    "2028-01-01", "2028-04-14", "2028-04-17", "2028-04-27", "2028-05-05", "2028-05-25", "2028-06-05",
    "2028-12-25", "2028-12-26", "2028-04-28", "2028-05-26",
}


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def test_calendar_recognises_exactly_the_holidays_of_2023_to_2028_plus_weekends() -> None:
    expected = {date.fromisoformat(s) for s in HOLIDAYS_2023_2028}
    for day in _days(date(2023, 1, 1), date(2028, 12, 31)):
        assert DEFAULT_CALENDAR.is_holiday(day) == (day in expected), day
        assert DEFAULT_CALENDAR.is_closed(day) == (day in expected or day.weekday() >= 5), day
    listed = {day for year in range(2023, 2029) for day in DEFAULT_CALENDAR.holidays(year)}
    assert listed == expected


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2019, "2019-04-21"), (2024, "2024-03-31"), (2038, "2038-04-25"), (2285, "2285-03-22"), (1818, "1818-03-22")],
)
def test_easter_sunday_matches_known_dates(year: int, easter: str) -> None:
    assert easter_sunday(year) == date.fromisoformat(easter)


def test_every_holiday_has_a_dutch_name() -> None:
    names = DEFAULT_CALENDAR.holidays(2026)
    assert names[date(2026, 4, 3)] == "Goede Vrijdag"
    assert names[date(2026, 4, 6)] == "tweede Paasdag"
    assert names[date(2026, 4, 27)] == "Koningsdag"
    assert names[date(2026, 5, 5)] == "Bevrijdingsdag"
    assert names[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert names[date(2026, 5, 25)] == "tweede Pinksterdag"
    assert "vrijdag na Hemelvaartsdag" in names[date(2026, 5, 15)]
    assert "koninklijk besluit" in names[date(2026, 5, 15)]
    assert all(name.strip() for name in names.values())


def test_koningsdag_moves_to_26_april_only_when_27_april_is_a_sunday() -> None:
    assert DEFAULT_CALENDAR.holiday_name(date(2025, 4, 26)) == "Koningsdag"
    assert DEFAULT_CALENDAR.holiday_name(date(2025, 4, 27)) is None
    # 27 April 2024 is a Saturday: it stays.
    assert DEFAULT_CALENDAR.holiday_name(date(2024, 4, 27)) == "Koningsdag"


def test_two_holidays_on_one_day_keep_both_names() -> None:
    # Easter 2016 fell on 27 March, so Hemelvaartsdag was 5 May.
    assert DEFAULT_CALENDAR.holiday_name(date(2016, 5, 5)) == "Bevrijdingsdag en Hemelvaartsdag"


def test_roll_over_skips_weekend_and_holidays_and_records_why() -> None:
    detail = DEFAULT_CALENDAR.roll_over_detail(date(2026, 4, 3))
    assert detail.result == date(2026, 4, 7)
    assert [(s.day.day, s.reason) for s in detail.skipped] == [
        (3, "Goede Vrijdag"), (4, "zaterdag"), (5, "zondag"), (6, "tweede Paasdag"),
    ]
    assert roll_over(date(2026, 4, 7)) == date(2026, 4, 7)
    assert not DEFAULT_CALENDAR.roll_over_detail(date(2026, 4, 7)).moved


def test_calendar_is_injected_not_global() -> None:
    without_decrees = LegalCalendar(decree_days=())
    assert roll_over(date(2026, 5, 15), without_decrees) == date(2026, 5, 15)
    assert roll_over(date(2026, 5, 15)) == date(2026, 5, 18)
    extra = LegalCalendar(decree_days=(*ROYAL_DECREE_DAYS, DecreeDay(date(2029, 5, 11), "test", "KB test")))
    assert roll_over(date(2029, 5, 11), extra) == date(2029, 5, 14)
    assert roll_over(date(2029, 5, 11)) == date(2029, 5, 11)


def test_decree_days_match_the_project_fact_sheet() -> None:
    law = Path(__file__).resolve().parents[2] / ".." / "shared" / "woo-law.md"
    if not law.exists():
        pytest.skip("../shared/woo-law.md is not beside the repository")
    text = law.read_text(encoding="utf-8")
    months = {"Jan": 1, "Apr": 4, "May": 5, "Dec": 12}
    listed = set()
    for line in text.splitlines():
        if line.strip().startswith("- ") and any(f" {m} 20" in line for m in months):
            for item in line.strip()[2:].split(","):
                day, month, year = item.split()
                listed.add(date(int(year), months[month], int(day)))
    assert listed == {d.day for d in ROYAL_DECREE_DAYS}
