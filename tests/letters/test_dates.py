"""Dutch long-form dates, independent of the machine's locale."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from woo.letters import dutch_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 2), "2 november 2026"),
        (date(2026, 1, 1), "1 januari 2026"),
        (date(2026, 3, 31), "31 maart 2026"),
        (date(2027, 5, 5), "5 mei 2027"),
        (date(2026, 12, 25), "25 december 2026"),
    ],
)
def test_long_form(value: date, expected: str) -> None:
    assert dutch_date(value) == expected


def test_every_month_has_its_dutch_name() -> None:
    names = [dutch_date(date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert names == ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                     "september", "oktober", "november", "december"]


def test_weekday_is_optional() -> None:
    assert dutch_date(date(2026, 11, 2), weekday=True) == "maandag 2 november 2026"
    assert dutch_date(date(2026, 11, 8), weekday=True) == "zondag 8 november 2026"


def test_datetime_shows_only_the_day() -> None:
    assert dutch_date(datetime(2026, 11, 2, 23, 59)) == "2 november 2026"


def test_refuses_text() -> None:
    with pytest.raises(TypeError):
        dutch_date("2026-11-02")  # type: ignore[arg-type]
