"""Property-based checks of the engine against an independent day-by-day model of the rules."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from woo.deadlines import DEFAULT_CALENDAR, compute_deadlines

received_dates = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 9, 30))


@st.composite
def intervals(draw: st.DrawFn, received: date) -> tuple[date, date]:
    start = received + timedelta(days=draw(st.integers(0, 40)))
    return start, start + timedelta(days=draw(st.integers(0, 30)))


@st.composite
def cases(draw: st.DrawFn) -> dict:
    received = draw(received_dates)
    return {
        "received": received,
        "precisering": draw(st.lists(intervals(received), max_size=3)),
        "zienswijze": draw(st.lists(intervals(received), max_size=3)),
        "extended": draw(st.booleans()),
        "decided": draw(st.none() | st.just(received + timedelta(days=draw(st.integers(0, 120))))),
        "objection_expected": draw(st.booleans()),
    }


def naive_suspended_days(case: dict) -> set[date]:
    """Woo 4.4(3): start+1 .. end; Awb 4:15(1)(a): start+1 .. end-1; union of all."""
    days: set[date] = set()
    for start, end in case["zienswijze"]:
        days |= {start + timedelta(days=i) for i in range(1, (end - start).days + 1)}
    for start, end in case["precisering"]:
        days |= {start + timedelta(days=i) for i in range(1, (end - start).days)}
    return days


@settings(max_examples=300, deadline=None)
@given(cases())
def test_no_deadline_ends_on_a_weekend_or_holiday(case: dict) -> None:
    result = compute_deadlines(**case)
    due = [result.decision_due, result.extension_notice_due, result.precisering_due]
    if result.objection_due:
        due.append(result.objection_due)
    if case["objection_expected"] and result.disclosure_on:
        due.append(result.disclosure_on)
    for day in due:
        assert day.weekday() < 5
        assert not DEFAULT_CALENDAR.is_holiday(day)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_suspended_days_are_the_union_of_the_day_sets(case: dict) -> None:
    result = compute_deadlines(**case)
    expected = naive_suspended_days(case)
    assert result.suspended_day_set == expected
    assert result.suspended_days == len(expected)
    raw = case["received"] + timedelta(days=28 + len(expected) + (14 if case["extended"] else 0))
    assert result.decision.raw == raw
    assert result.decision_due == DEFAULT_CALENDAR.roll_over_detail(raw).result


@settings(max_examples=300, deadline=None)
@given(cases(), st.data())
def test_adding_a_suspension_never_moves_a_date_earlier(case: dict, data: st.DataObject) -> None:
    before = compute_deadlines(**case)
    kind = data.draw(st.sampled_from(["precisering", "zienswijze"]))
    extra = data.draw(intervals(case["received"]))
    after = compute_deadlines(**{**case, kind: [*case[kind], extra]})
    assert after.suspended_days >= before.suspended_days
    assert after.decision_due >= before.decision_due
    assert after.extension_notice_due >= before.extension_notice_due
    assert after.precisering_due == before.precisering_due


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_roll_over_lands_on_the_first_open_day(day: date) -> None:
    detail = DEFAULT_CALENDAR.roll_over_detail(day)
    assert detail.result >= day
    assert not DEFAULT_CALENDAR.is_closed(detail.result)
    between = [day + timedelta(days=i) for i in range((detail.result - day).days)]
    assert [s.day for s in detail.skipped] == between
    assert all(DEFAULT_CALENDAR.is_closed(d) for d in between)
