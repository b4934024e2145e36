"""Woo 4.4(5): when a third party objects, the requester gets the notice of the disclosure date with the
decision: once, dated the decision day, stating the date the deadline engine gives, also after a rerun."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import pymupdf
import pytest
import yaml
from sqlalchemy import select

from woo.case import UnitOfWork
from woo.deadlines.engine import compute_deadlines
from woo.deadlines.explain import dutch_date
from woo.demo import build_demo_dossier
from woo.process.acknowledge import acknowledge
from woo.process.collect import collect
from woo.process.consult import consult, record_views
from woo.process.decide import decide, send_decision
from woo.process.intake import load_yaml, receive
from woo.process.meeting import hold_meeting
from woo.process.redact import propose, redact
from woo.process.register import register
from woo.store.db import session_scope
from woo.store.models import OutboxRow, RequestRow

RECEIVED = dt.date(2026, 11, 2)
STEPS = (("register", register), ("acknowledge", acknowledge), ("meeting", hold_meeting), ("collect", collect),
         ("consult", consult), ("views", record_views), ("propose", propose), ("redact", redact),
         ("decide", decide), ("send_decision", send_decision))


def _demo_request(tmp_path: Path, *, objects: bool) -> tuple[str, dict[str, dt.date]]:
    dossier = build_demo_dossier(tmp_path / "invoer", received=RECEIVED, decided=RECEIVED + dt.timedelta(days=21))
    answers = yaml.safe_load(dossier.answers_file.read_text(encoding="utf-8"))
    answers["third_parties"][0]["view"]["objects"] = objects
    dossier.answers_file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    rid, _ = receive(UnitOfWork(), load_yaml(dossier.request_file, "verzoek"), documents=dossier.documents_dir,
                     answers=load_yaml(dossier.answers_file, "antwoorden"))
    for step, work in STEPS:
        work(UnitOfWork(), rid, today=dossier.step_days[step])
    return rid, dossier.step_days


def _outbox(request_id: str, kind: str) -> list[OutboxRow]:
    with session_scope() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.request_id == request_id, OutboxRow.kind == kind)).all()
        for r in rows:
            s.expunge(r)
        return list(rows)


def _letter_text(row: OutboxRow) -> tuple[str, str]:
    message = email.message_from_bytes(Path(row.eml_path).read_bytes(), policy=email.policy.default)
    pdf = next(message.iter_attachments()).get_content()
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return " ".join(" ".join(p.get_text() for p in doc).split()), str(message["To"])


@pytest.mark.usefixtures("woo_home")
def test_an_objecting_third_party_gives_the_requester_the_disclosure_date_once(tmp_path: Path) -> None:
    rid, days = _demo_request(tmp_path, objects=True)
    decided = days["send_decision"]
    engine = compute_deadlines(RECEIVED, zienswijze=[(days["consult"], days["views"])], decided=decided,
                               objection_expected=True)
    assert engine.disclosure_on is not None and engine.disclosure_on > decided
    with session_scope() as s:
        req = s.get(RequestRow, rid)
        assert req.disclosure_on == engine.disclosure_on
        requester_email = req.requester.email

    [notice] = _outbox(rid, "disclosure_notice")
    assert notice.status == "sent" and notice.idempotency_key == f"disclosure:{rid}"
    text, to = _letter_text(notice)
    assert requester_email in to
    assert f"Datum {dutch_date(decided)}" in text
    assert dutch_date(engine.disclosure_on, weekday=True) in text and "artikel 4.4, vijfde lid, Woo" in text
    [decision] = _outbox(rid, "decision")
    assert _letter_text(decision)[1] == to  # to the requester, with the decision

    # A rerun of the sending step (a retry, or the flow run again) sends nothing twice.
    send_decision(UnitOfWork(), rid, today=decided + dt.timedelta(days=1))
    assert [r.id for r in _outbox(rid, "disclosure_notice")] == [notice.id]
    assert len(_outbox(rid, "decision")) == 1


@pytest.mark.usefixtures("woo_home")
def test_without_an_objection_the_documents_come_with_the_decision_and_no_notice_is_sent(tmp_path: Path) -> None:
    rid, _ = _demo_request(tmp_path, objects=False)
    assert _outbox(rid, "decision") and not _outbox(rid, "disclosure_notice")


@pytest.mark.integration
@pytest.mark.timeout(900)
def test_the_flow_sends_the_notice_once_also_when_the_request_runs_again(woo_home: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through the Prefect flow (replayed days, a temporary server), and the flow run again."""
    from prefect.testing.utilities import prefect_test_harness

    from woo.flows.woo_request import handle_request

    # Decided three days ago in the replay, so a letter dated on the real day would show.
    received = dt.date.today() - dt.timedelta(days=24)
    dossier = build_demo_dossier(tmp_path / "invoer", received=received, decided=dt.date.today() - dt.timedelta(days=3))
    answers = yaml.safe_load(dossier.answers_file.read_text(encoding="utf-8"))
    answers["third_parties"][0]["view"]["objects"] = True
    dossier.answers_file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    for key, value in dossier.replay_environment().items():
        monkeypatch.setenv(key, value)
    rid, _ = receive(UnitOfWork(), load_yaml(dossier.request_file, "verzoek"), documents=dossier.documents_dir,
                     answers=load_yaml(dossier.answers_file, "antwoorden"))
    with prefect_test_harness(server_startup_timeout=120):
        handle_request(rid)
        handle_request(rid)  # run again (as a scheduled publication run or a resume would): nothing sent twice

    with session_scope() as s:
        req = s.get(RequestRow, rid)
        decided, disclosure = req.decided_on, req.disclosure_on
    assert decided == dossier.step_days["send_decision"] and disclosure is not None and disclosure > decided
    engine = compute_deadlines(received, zienswijze=[(dossier.step_days["consult"], dossier.step_days["views"])],
                               decided=decided, objection_expected=True)
    assert disclosure == engine.disclosure_on
    [notice] = _outbox(rid, "disclosure_notice")
    text, _ = _letter_text(notice)
    assert notice.status == "sent" and dutch_date(disclosure, weekday=True) in text
    # Every letter of the replay is dated its step's day, the decision's on the replayed send day (not today).
    assert f"Datum {dutch_date(decided)}" in text
    [decision] = _outbox(rid, "decision")
    assert f"Datum {dutch_date(decided)}" in _letter_text(decision)[0]
