"""Waits that end by law: a lapsed view period or specification period answers itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from stepping import run_now

from woo.case import Repository, UnitOfWork
from woo.process.collect import collect
from woo.process.consult import consult, record_views
from woo.process.intake import receive
from woo.process.meeting import hold_meeting
from woo.process.register import register
from woo.questions.catalogue import check_and_store, lapsed_waits
from woo.store.db import session_scope
from woo.store.models import OutboxRow, RequestRow, SuspensionRow

RECEIVED = dt.date.today() - dt.timedelta(days=30)


def _request(tmp_path: Path, answers: dict) -> str:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "brief.txt").write_text("Brief van het bouwbedrijf over de planning.", encoding="utf-8")
    intake = {"request": {"subject": "Stationsplein", "description": "Alle documenten over het plein.",
                          "received_on": RECEIVED.isoformat()},
              "requester": {"name": "J. Jansen", "email": "j.jansen@voorbeeld.nl"}}
    rid, _ = receive(UnitOfWork(), intake, documents=folder, answers=answers)
    run_now(register, rid)
    return rid


def _waiting(rid: str, question: str, due: dt.date) -> None:
    with session_scope() as s:
        req = s.get(RequestRow, rid)
        req.waiting_for, req.waiting_due, req.waiting_flow_run_id = question, due, "run-1"


def test_a_lapsed_view_period_closes_the_suspension_on_its_last_day(woo_home, tmp_path):
    asked = RECEIVED + dt.timedelta(days=3)
    rid = _request(tmp_path, {"third_parties": [{"key": "bouwbedrijf", "name": "Bouwbedrijf B.V.",
                                                 "email": "info@bouwbedrijf.nl", "documents": ["brief.txt"],
                                                 "asked_on": asked.isoformat()}]})
    run_now(collect, rid)
    assert run_now(consult, rid, today=asked).suspended
    view_due = asked + dt.timedelta(days=14)
    _waiting(rid, "views", view_due)
    with session_scope() as s:
        assert lapsed_waits(Repository(s), view_due) == []  # the last day itself still belongs to the period
        [wait] = lapsed_waits(Repository(s), view_due + dt.timedelta(days=1))
        assert wait.answer == {"views": [{"third_party": "bouwbedrijf", "lapsed": True}], "answered_by": "system"}
        check_and_store(UnitOfWork.joining(s), s.get(RequestRow, rid), "views", wait.answer, today=dt.date.today())
    result = run_now(record_views, rid)
    assert result.complete and result.suspension_end == view_due
    with session_scope() as s:
        assert s.scalar(select(SuspensionRow.end)) == view_due
        kinds = set(s.scalars(select(OutboxRow.kind)))
    assert {"suspension_notice", "suspension_ended_notice", "zienswijze_request"} <= kinds
    # The notice says why the suspension ended: the period for the view lapsed (not "a view was received").
    import pymupdf

    with session_scope() as s:
        path = s.scalar(select(OutboxRow.pdf_path).where(OutboxRow.kind == "suspension_ended_notice"))
    with pymupdf.open(path) as doc:
        text = " ".join(" ".join(page.get_text() for page in doc).split())
    assert "de termijn voor het geven van een zienswijze verstreken" in text and "laatste zienswijze" not in text


def test_a_specification_that_never_came_leads_to_not_handling(woo_home, tmp_path):
    held = RECEIVED + dt.timedelta(days=2)
    rid = _request(tmp_path, {"meeting": {"held_on": held.isoformat(), "outcome": "specification_requested",
                                          "answered_by": "m.devries"}})
    due = held + dt.timedelta(days=14)
    _waiting(rid, "specification", due)
    with session_scope() as s:
        [wait] = lapsed_waits(Repository(s), due + dt.timedelta(days=1))
        check_and_store(UnitOfWork.joining(s), s.get(RequestRow, rid), "specification", wait.answer,
                        today=dt.date.today())
    assert run_now(hold_meeting, rid).path == "not_handled"
