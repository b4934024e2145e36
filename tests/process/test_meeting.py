"""The concretisation meeting decides how a request goes on."""

from __future__ import annotations

import datetime as dt

import pytest
from stepping import run_now

from woo.case import UnitOfWork
from woo.errors import AnswersInvalid
from woo.process.intake import receive
from woo.process.meeting import hold_meeting
from woo.process.register import register
from woo.store.db import session_scope
from woo.store.models import RequestRow

RECEIVED = dt.date.today() - dt.timedelta(days=20)


def registered(meeting: dict) -> str:
    intake = {"request": {"subject": "Stationsplein", "description": "Alle documenten over het plein.",
                          "received_on": RECEIVED.isoformat()},
              "requester": {"name": "J. Jansen", "email": "j.jansen@voorbeeld.nl"}}
    rid, _ = receive(UnitOfWork(), intake, documents=None, answers={"meeting": {"answered_by": "m.devries", **meeting}})
    run_now(register, rid)
    return rid


def day(n: int) -> str:
    return (RECEIVED + dt.timedelta(days=n)).isoformat()


def test_a_narrowed_scope_replaces_the_scope(woo_home):
    rid = registered({"held_on": day(2), "outcome": "scope_narrowed", "new_scope": "Alleen 2025"})
    assert run_now(hold_meeting, rid).path == "normal"
    with session_scope() as s:
        assert s.get(RequestRow, rid).scope == "Alleen 2025"


def test_a_withdrawn_request_stops(woo_home):
    rid = registered({"held_on": day(2), "outcome": "withdrawn"})
    assert run_now(hold_meeting, rid).path == "stop"
    with session_scope() as s:
        assert s.get(RequestRow, rid).status == "withdrawn"


def test_a_specification_that_never_came_leads_to_not_handling_and_suspends_the_term(woo_home):
    rid = registered({"held_on": day(2), "outcome": "specification_requested",
                      "specification": {"lapsed_on": day(16)}})
    with session_scope() as s:
        before = s.get(RequestRow, rid).decision_due
    assert run_now(hold_meeting, rid).path == "not_handled"
    with session_scope() as s:
        row = s.get(RequestRow, rid)
        assert row.status == "not_handled" and row.decision_due > before


def test_a_meeting_before_receipt_is_refused_with_the_reason(woo_home):
    rid = registered({"held_on": (RECEIVED - dt.timedelta(days=1)).isoformat(), "outcome": "scope_confirmed"})
    with pytest.raises(AnswersInvalid, match="vóór de ontvangst"):
        run_now(hold_meeting, rid)


def _outbox(rid: str) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from woo.store.models import OutboxRow

    with session_scope() as s:
        return [(o.kind, o.status) for o in s.scalars(select(OutboxRow).where(OutboxRow.request_id == rid))]


def test_a_withdrawal_is_confirmed_by_letter_once(woo_home):
    rid = registered({"held_on": day(2), "outcome": "withdrawn"})
    run_now(hold_meeting, rid, today=RECEIVED + dt.timedelta(days=3))
    run_now(hold_meeting, rid, today=RECEIVED + dt.timedelta(days=3))  # a rerun sends nothing again
    assert _outbox(rid) == [("withdrawal_confirmation", "sent")]


def test_a_forwarded_request_is_told_where_it_went(woo_home):
    rid = registered({"held_on": day(2), "outcome": "forwarded", "forwarded_to": "de Provincie Utrecht"})
    run_now(hold_meeting, rid)
    assert _outbox(rid) == [("forwarding_notice", "sent")]


def test_a_request_to_specify_goes_out_before_the_wait_and_only_once(woo_home):
    from woo.process.meeting import invite_to_specify

    rid = registered({"held_on": day(2), "outcome": "specification_requested"})
    assert run_now(invite_to_specify, rid) and run_now(invite_to_specify, rid)
    assert _outbox(rid) == [("specification_request", "sent")]


def test_a_specification_recorded_after_the_fact_is_not_asked_for_again(woo_home):
    from woo.process.meeting import invite_to_specify

    other = registered({"held_on": day(3), "outcome": "specification_requested",
                        "specification": {"lapsed_on": day(17)}})
    assert not run_now(invite_to_specify, other) and _outbox(other) == []


def test_a_very_large_request_gets_the_4_2a_consultation_once(woo_home, tmp_path, monkeypatch):
    from woo.process.collect import collect
    from woo.settings import reset_settings

    monkeypatch.setenv("WOO_LARGE_REQUEST_DOCUMENTS", "2")
    reset_settings()
    folder = tmp_path / "documenten"
    folder.mkdir()
    for i in range(3):
        (folder / f"notitie-{i}.txt").write_text(f"Notitie {i} over het Stationsplein.\n", encoding="utf-8")
    intake = {"request": {"subject": "Stationsplein", "description": "Alle documenten over het plein.",
                          "received_on": RECEIVED.isoformat()},
              "requester": {"name": "J. Jansen", "email": "j.jansen@voorbeeld.nl"}}
    rid, _ = receive(UnitOfWork(), intake, documents=folder, answers=None)
    run_now(register, rid, today=RECEIVED)
    run_now(collect, rid, today=RECEIVED + dt.timedelta(days=3))
    run_now(collect, rid, today=RECEIVED + dt.timedelta(days=3))
    assert _outbox(rid) == [("priority_consultation", "sent")]
