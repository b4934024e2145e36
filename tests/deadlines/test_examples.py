"""The worked examples of the task brief: every one must hold exactly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from woo.deadlines import compute_deadlines


def d(text: str) -> date:
    return date.fromisoformat(text)


EXAMPLES: list[tuple[dict[str, Any], str, dict[str, Any]]] = [
    ({"received": "2026-03-02"}, "2026-03-30", {"precisering_due": "2026-03-16"}),
    ({"received": "2026-03-06"}, "2026-04-07", {}),  # Goede Vrijdag 04-03, tweede Paasdag 04-06
    ({"received": "2026-04-17"}, "2026-05-18", {}),  # decree day 2026-05-15
    ({"received": "2026-11-27"}, "2026-12-28", {}),
    (
        {"received": "2026-03-02", "zienswijze": [("2026-03-13", "2026-03-27")]},
        "2026-04-13",
        {"suspended_days": 14},
    ),
    (
        {"received": "2026-03-02", "precisering": [("2026-03-05", "2026-03-12")]},
        "2026-04-07",
        {"suspended_days": 6},
    ),
    (
        {"received": "2026-09-01", "zienswijze": [("2026-09-10", "2026-09-24"), ("2026-09-20", "2026-10-01")]},
        "2026-10-20",
        {"suspended_days": 21},
    ),
    ({"received": "2026-06-01", "extended": True}, "2026-07-13", {"extension_notice_due": "2026-06-29"}),
    (
        {"received": "2026-06-01", "precisering": [("2026-06-03", "2026-06-03")]},
        "2026-06-29",
        {"suspended_days": 0},
    ),
    (
        {"received": "2026-10-05", "decided": "2026-10-30", "objection_expected": True},
        "2026-11-02",
        {"disclosure_on": "2026-11-13", "objection_due": "2026-12-11"},
    ),
    (
        {"received": "2026-10-05", "decided": "2026-11-13"},
        "2026-11-02",
        {"disclosure_on": "2026-11-13", "objection_due": "2026-12-28"},
    ),
]


@pytest.mark.parametrize(("case", "decision_due", "other"), EXAMPLES)
def test_brief_example_holds(case: dict[str, Any], decision_due: str, other: dict[str, Any]) -> None:
    result = compute_deadlines(
        d(case["received"]),
        precisering=[(d(a), d(b)) for a, b in case.get("precisering", [])],
        zienswijze=[(d(a), d(b)) for a, b in case.get("zienswijze", [])],
        extended=case.get("extended", False),
        decided=d(case["decided"]) if "decided" in case else None,
        objection_expected=case.get("objection_expected", False),
    ).to_dict()
    assert result["decision_due"] == decision_due
    for key, expected in other.items():
        assert result[key] == expected
