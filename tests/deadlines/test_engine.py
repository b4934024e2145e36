"""The deadline engine: suspension counting, validation, and the reasoning carried by every date."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

import woo.deadlines
from woo.deadlines import (
    DeadlineInputError,
    LegalCalendar,
    Suspension,
    compute_deadlines,
)

RECEIVED = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("kind", "start", "end", "suspended"),
    [
        # Woo 4.4(3): up to and including the arrival day.
        ("zienswijze", 10, 10, 0),
        ("zienswijze", 10, 11, 1),
        ("zienswijze", 10, 20, 10),
        # Awb 4:15(1)(a): until, not including, the arrival day.
        ("precisering", 10, 10, 0),
        ("precisering", 10, 11, 0),
        ("precisering", 10, 12, 1),
        ("precisering", 10, 20, 9),
    ],
)
def test_each_kind_counts_its_own_end_day(kind: str, start: int, end: int, suspended: int) -> None:
    interval = (date(2026, 3, start), date(2026, 3, end))
    result = compute_deadlines(RECEIVED, **{kind: [interval]})
    assert result.suspended_days == suspended


def test_days_suspended_by_both_kinds_count_once() -> None:
    result = compute_deadlines(
        RECEIVED,
        precisering=[(date(2026, 3, 5), date(2026, 3, 12))],  # 6..11
        zienswijze=[(date(2026, 3, 9), date(2026, 3, 14))],  # 10..14
    )
    assert result.suspended_days == 9  # 6..14
    assert "tellen één keer" in " ".join(result.explanation)


def test_suspension_objects_are_accepted_when_their_kind_matches() -> None:
    s = Suspension("zienswijze", date(2026, 3, 13), date(2026, 3, 27))
    assert compute_deadlines(RECEIVED, zienswijze=[s]).decision_due == date(2026, 4, 13)
    with pytest.raises(DeadlineInputError, match="soort"):
        compute_deadlines(RECEIVED, precisering=[s])


def test_end_before_start_is_refused_naming_both_dates() -> None:
    with pytest.raises(DeadlineInputError, match=r"2026-03-12 tot 2026-03-05.*vóór de begindatum"):
        compute_deadlines(RECEIVED, precisering=[(date(2026, 3, 12), date(2026, 3, 5))])


def test_interval_before_receipt_is_refused() -> None:
    with pytest.raises(DeadlineInputError, match="vóór de ontvangst"):
        compute_deadlines(RECEIVED, zienswijze=[(date(2026, 3, 1), date(2026, 3, 5))])


def test_decision_before_receipt_is_refused() -> None:
    with pytest.raises(DeadlineInputError, match=r"2026-03-01.*vóór de ontvangst"):
        compute_deadlines(RECEIVED, decided=date(2026, 3, 1))


def test_datetimes_and_malformed_intervals_are_refused() -> None:
    with pytest.raises(DeadlineInputError, match="geen datum"):
        compute_deadlines(datetime(2026, 3, 2, 9, 0))
    with pytest.raises(DeadlineInputError, match="paar"):
        compute_deadlines(RECEIVED, zienswijze=[(date(2026, 3, 5),)])  # type: ignore[list-item]
    with pytest.raises(DeadlineInputError, match="onbekende soort"):
        Suspension("bezwaar", date(2026, 3, 5), date(2026, 3, 6))  # type: ignore[arg-type]
    assert issubclass(DeadlineInputError, ValueError)


def test_output_keys_follow_the_contract() -> None:
    plain = compute_deadlines(RECEIVED).to_dict()
    assert set(plain) == {"decision_due", "extension_notice_due", "precisering_due", "suspended_days"}
    decided = compute_deadlines(RECEIVED, decided=date(2026, 3, 20)).to_dict(explain=True)
    assert set(decided) == set(plain) | {"objection_due", "disclosure_on", "explanation"}
    assert all(isinstance(s, str) and s for s in decided["explanation"])


def test_extension_runs_from_the_raw_end_and_rolls_over_once() -> None:
    # 2026-04-17 + 28 = 05-15 (decree day). Rolling that first would give 05-18 + 14 = 06-01;
    # the project rule adds 14 to the raw end (05-29, a Friday) and rolls over only then.
    result = compute_deadlines(date(2026, 4, 17), extended=True)
    assert result.extension_notice_due == date(2026, 5, 18)
    assert result.decision_due == date(2026, 5, 29)


def test_disclosure_without_expected_objection_is_the_decision_day_even_on_a_weekend() -> None:
    result = compute_deadlines(RECEIVED, decided=date(2026, 3, 28))  # a Saturday
    assert result.disclosure_on == date(2026, 3, 28)
    assert result.disclosure is not None and result.disclosure.roll_over is None


def test_every_date_carries_structured_reasoning_and_dutch_text() -> None:
    result = compute_deadlines(date(2026, 3, 6), zienswijze=[(date(2026, 3, 10), date(2026, 3, 10))])
    rule = result.decision
    assert rule.rule == "decision_due"
    assert rule.raw == date(2026, 4, 3)
    assert rule.roll_over is not None
    assert [s.holiday for s in rule.roll_over.skipped] == ["Goede Vrijdag", None, None, "tweede Paasdag"]
    assert "art. 1 en 3 Algemene termijnenwet" in rule.citation
    text = rule.explanation_nl
    assert "dinsdag 7 april 2026" in text
    assert "vrijdag 3 april 2026 (Goede Vrijdag)" in text
    assert "art. 4.4 lid 1 Woo" in text
    sentences = " ".join(result.explanation)
    assert "zienswijze" in sentences and "geen opgeschorte dagen" in sentences
    assert [r.rule for r in result.rules] == ["precisering_due", "extension_notice_due", "decision_due"]


def test_suspension_sentences_cite_their_article_and_name_the_days() -> None:
    result = compute_deadlines(
        RECEIVED,
        precisering=[(date(2026, 3, 5), date(2026, 3, 12))],
        zienswijze=[(date(2026, 3, 13), date(2026, 3, 27))],
    )
    text = "\n".join(result.explanation)
    assert "art. 4:15 lid 1 onder a Awb" in text
    assert "van vrijdag 6 maart 2026 tot en met woensdag 11 maart 2026" in text
    assert "art. 4.4 lid 3 Woo" in text
    assert "van zaterdag 14 maart 2026 tot en met vrijdag 27 maart 2026: 14 dagen" in text
    assert "in totaal 20 dagen opgeschort" in text


def test_objection_and_disclosure_cite_their_articles() -> None:
    result = compute_deadlines(date(2026, 10, 5), decided=date(2026, 10, 30), objection_expected=True)
    assert result.objection is not None and "6:7" in result.objection.explanation_nl
    assert result.disclosure is not None and "art. 4.4 lid 5 Woo" in result.disclosure.explanation_nl


def test_audit_record_is_json_and_holds_inputs_and_rules() -> None:
    result = compute_deadlines(RECEIVED, zienswijze=[(date(2026, 3, 13), date(2026, 3, 27))], extended=True)
    record = json.loads(json.dumps(result.audit_record()))
    assert record["received"] == "2026-03-02"
    assert record["suspensions"][0] == {
        "kind": "zienswijze", "start": "2026-03-13", "end": "2026-03-27", "suspended_days": 14,
        "citation": "art. 4.4 lid 3 Woo",
    }
    decision = next(r for r in record["rules"] if r["rule"] == "decision_due")
    assert [t["days"] for t in decision["terms"]] == [28, 14, 14]
    assert decision["raw"] == "2026-04-27"
    assert decision["rolled_over"] == [{"day": "2026-04-27", "reason": "Koningsdag"}]
    assert decision["on"] == "2026-04-28"


def test_injected_calendar_is_used() -> None:
    result = compute_deadlines(date(2026, 4, 17), calendar=LegalCalendar(decree_days=()))
    assert result.decision_due == date(2026, 5, 15)


def test_public_api_is_pinned() -> None:
    assert sorted(woo.deadlines.__all__) == sorted([
        "DEFAULT_CALENDAR", "ROYAL_DECREE_DAYS", "DatedRule", "DeadlineInputError", "Deadlines", "DecreeDay",
        "LegalCalendar", "Risk", "RollOver", "SkippedDay", "Suspension", "SuspensionInput", "SuspensionKind",
        "Term", "compute_deadlines", "days_left", "easter_sunday", "format_date_nl", "risk", "roll_over",
    ])
    for name in woo.deadlines.__all__:
        assert hasattr(woo.deadlines, name)
