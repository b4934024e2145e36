"""When a request counts as at risk, and what the watch's extension helper does about it."""

from __future__ import annotations

import datetime as dt

import pytest
from watch_helpers import outbox, registered, request_row

from woo.case import UnitOfWork
from woo.deadlines.extension import (
    ExtensionFacts,
    ExtensionOutcome,
    ExtensionRules,
    at_risk,
    prepare_extension_if_at_risk,
    working_days_left,
)
from woo.store.models import RequestRow

RECEIVED = dt.date(2026, 3, 2)
FIRST_DUE = dt.date(2026, 3, 30)  # a Monday
NO_RULES = ExtensionRules(third_parties=False, max_pages=None, min_working_days=None)


def open_request(due: dt.date = FIRST_DUE, **fields) -> RequestRow:
    return RequestRow(id="wr-test", number="WOO-2026-0001", status="in_progress", received_on=RECEIVED,
                      decision_due=due, extended=False, **fields)


def test_a_request_without_any_rule_firing_is_not_at_risk():
    facts = ExtensionFacts(third_parties=2, pages=900, open_steps=("redact", "decide"))
    assert at_risk(open_request(), facts, dt.date(2026, 3, 27), NO_RULES) == []
    assert at_risk(open_request(), ExtensionFacts(), dt.date(2026, 3, 27), ExtensionRules()) == []


def test_hearing_third_parties_is_a_reason_unless_switched_off():
    facts = ExtensionFacts(third_parties=2)
    reasons = at_risk(open_request(), facts, dt.date(2026, 3, 5), ExtensionRules())
    assert len(reasons) == 1 and "2 derde-belanghebbenden" in reasons[0]
    assert at_risk(open_request(), facts, dt.date(2026, 3, 5), ExtensionRules(third_parties=False)) == []


@pytest.mark.parametrize(("pages", "limit", "expected"), [(501, 500, True), (500, 500, False), (120, 100, True)])
def test_more_pages_than_the_limit_is_a_reason(pages, limit, expected):
    rules = NO_RULES.model_copy(update={"max_pages": limit})
    reasons = at_risk(open_request(), ExtensionFacts(pages=pages), dt.date(2026, 3, 5), rules)
    assert bool(reasons) is expected
    if expected:
        assert f"{pages} pagina's" in reasons[0]


def test_open_work_with_few_working_days_left_is_a_reason():
    rules = NO_RULES.model_copy(update={"min_working_days": 5})
    facts = ExtensionFacts(open_steps=("redact", "decide"))
    # Thursday 26 March to Monday 30 March: Thursday, Friday and Monday remain.
    reasons = at_risk(open_request(), facts, dt.date(2026, 3, 26), rules)
    assert len(reasons) == 1
    assert "3 werkdagen" in reasons[0] and "2 stap(pen)" in reasons[0] and "besluit opstellen" in reasons[0]
    assert at_risk(open_request(), facts, dt.date(2026, 3, 16), rules) == []
    assert at_risk(open_request(), ExtensionFacts(), dt.date(2026, 3, 26), rules) == []


def test_a_decided_request_is_never_at_risk():
    facts = ExtensionFacts(third_parties=1, pages=900, open_steps=("decide",))
    assert at_risk(open_request(decided_on=dt.date(2026, 3, 20)), facts, dt.date(2026, 3, 27)) == []


def test_working_days_skip_weekends_and_atw_holidays():
    # Thursday 2 April 2026 to Tuesday 7 April: Good Friday, the weekend and Easter Monday do not count.
    assert working_days_left(dt.date(2026, 4, 2), dt.date(2026, 4, 7)) == 2
    assert working_days_left(dt.date(2026, 4, 8), dt.date(2026, 4, 7)) == 0


def test_the_watch_helper_extends_an_at_risk_request_while_the_notice_is_on_time(woo_home):
    rid = registered(RECEIVED)  # no steps done yet: all work is still open
    check = prepare_extension_if_at_risk(UnitOfWork(), rid, dt.date(2026, 3, 26), ExtensionRules())

    assert check.outcome is ExtensionOutcome.EXTENDED and check.result is not None
    assert check.result.new_due == dt.date(2026, 4, 13)
    assert request_row(rid).extended
    assert len(outbox(rid, "extension_notice")) == 1
    again = prepare_extension_if_at_risk(UnitOfWork(), rid, dt.date(2026, 3, 27), ExtensionRules())
    assert again.outcome is ExtensionOutcome.ALREADY_EXTENDED
    assert len(outbox(rid, "extension_notice")) == 1


@pytest.mark.parametrize(("today", "rules", "outcome"), [
    (dt.date(2026, 3, 5), ExtensionRules(), ExtensionOutcome.NOT_AT_RISK),
    (dt.date(2026, 3, 26), ExtensionRules(auto_extend=False), ExtensionOutcome.LEFT_TO_OWNER),
    (dt.date(2026, 3, 31), ExtensionRules(), ExtensionOutcome.TOO_LATE),
])
def test_the_watch_helper_leaves_the_term_alone_otherwise(woo_home, today, rules, outcome):
    rid = registered(RECEIVED)
    check = prepare_extension_if_at_risk(UnitOfWork(), rid, today, rules)
    assert check.outcome is outcome
    assert bool(check.reasons) is (outcome is not ExtensionOutcome.NOT_AT_RISK)
    row = request_row(rid)
    assert not row.extended and row.decision_due == FIRST_DUE
    assert outbox(rid, "extension_notice") == []


def test_the_watch_helper_waits_until_the_notice_date_is_near(woo_home):
    from woo.store.db import session_scope
    from woo.store.models import ThirdPartyRow

    rid = registered(RECEIVED)
    with session_scope() as s:
        s.add(ThirdPartyRow(request_id=rid, key="aannemer", name="Bouwbedrijf", document_numbers=[1]))
    rules = ExtensionRules(min_working_days=None, extend_within_working_days=5)

    early = prepare_extension_if_at_risk(UnitOfWork(), rid, dt.date(2026, 3, 9), rules)
    assert early.outcome is ExtensionOutcome.NOT_YET and "derde-belanghebbende" in early.reasons[0]
    assert not request_row(rid).extended
    # Monday 23 March: Monday to Friday and Monday 30 March are six working days; Tuesday 24 March leaves five.
    check = prepare_extension_if_at_risk
    assert check(UnitOfWork(), rid, dt.date(2026, 3, 23), rules).outcome is ExtensionOutcome.NOT_YET
    assert check(UnitOfWork(), rid, dt.date(2026, 3, 24), rules).outcome is ExtensionOutcome.EXTENDED


def test_rules_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("WOO_EXTENSION_MAX_PAGES", "300")
    monkeypatch.setenv("WOO_EXTENSION_AUTO_EXTEND", "false")
    rules = ExtensionRules()
    assert rules.max_pages == 300 and rules.auto_extend is False
