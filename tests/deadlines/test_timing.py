"""Time left before a deadline, as the reminder flows will ask it."""

from __future__ import annotations

from datetime import date

import pytest

from woo.deadlines import Risk, days_left, risk

DUE = date(2026, 4, 7)


def test_days_left_counts_calendar_days_and_goes_negative_after_the_deadline() -> None:
    assert days_left(DUE, date(2026, 3, 31)) == 7
    assert days_left(DUE, DUE) == 0
    assert days_left(DUE, date(2026, 4, 9)) == -2


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 30), Risk.ON_TRACK),
        (date(2026, 3, 31), Risk.DUE_SOON),
        (DUE, Risk.DUE_TODAY),
        (date(2026, 4, 8), Risk.OVERDUE),
    ],
)
def test_risk_classifies_against_the_warning_window(today: date, expected: Risk) -> None:
    assert risk(DUE, today) is expected
    assert expected.label


def test_risk_refuses_a_negative_warning_window() -> None:
    with pytest.raises(ValueError, match="warn_days"):
        risk(DUE, DUE, warn_days=-1)
