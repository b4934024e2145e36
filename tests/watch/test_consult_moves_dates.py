"""Consulting a third party suspends the term: the decision date moves and the requester gets both notices."""

from __future__ import annotations

import datetime as dt

from stepping import run_now
from watch_helpers import outbox, pdf_text, registered, request_row

from woo.case import UnitOfWork
from woo.deadlines import compute_deadlines
from woo.deadlines.extension import ExtensionRules
from woo.deadlines.watch import watch
from woo.letters import dutch_date


def test_a_third_partys_view_moves_the_decision_date_and_produces_both_notices(woo_home, tmp_path):
    import woo.process.consult as consultation
    from woo.process.collect import collect

    # Each step runs on the day of its event: the letters are dated the day they are sent.
    received = dt.date.today() - dt.timedelta(days=20)
    asked = received + dt.timedelta(days=3)
    answered = received + dt.timedelta(days=10)
    folder = tmp_path / "documenten"
    folder.mkdir()
    (folder / "brief-aannemer.txt").write_text("Offerte voor de bestrating van het Stationsplein.\n",
                                               encoding="utf-8")
    (folder / "memo.txt").write_text("Interne notitie over de planning.\n", encoding="utf-8")
    answers = {"third_parties": [{
        "key": "aannemer", "name": "Bouwbedrijf De Steen B.V.", "email": "info@desteen.example.nl",
        "documents": ["brief-aannemer.txt"], "asked_on": asked.isoformat(),
        "view_due": (asked + dt.timedelta(days=14)).isoformat(),
        "view": {"received_on": answered.isoformat(), "objects": False}, "answered_by": "m.devries",
    }]}
    rid = registered(received, documents=folder, answers=answers)
    before = request_row(rid).decision_due

    assert run_now(collect, rid).readable == 2
    result = run_now(consultation.consult, rid, today=asked)
    # The views may be recorded by a step of their own once every third party has answered.
    record_views = getattr(consultation, "record_views", None)
    if record_views is not None:
        run_now(record_views, rid, today=answered)

    expected = compute_deadlines(received, zienswijze=[(asked, answered)]).decision_due
    after = request_row(rid).decision_due
    assert result.suspended and after == expected and after > before
    assert {o.idempotency_key for o in outbox(rid)} >= {f"suspension:{rid}", f"suspension-ended:{rid}"}
    [ended] = outbox(rid, "suspension_ended_notice")
    assert dutch_date(after) in " ".join(pdf_text(ended.pdf_path).split())
    assert len(outbox(rid, "suspension_notice")) == 1 and len(outbox(rid, "zienswijze_request")) == 1

    # The watch states the moved date, not the one from registration.
    [row] = watch(UnitOfWork(), dt.date.today(), rules=ExtensionRules(auto_extend=False)).rows
    assert row.decision_due == after
