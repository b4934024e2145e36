"""Free-text answers are stored in the store and referred to; Prefect-bound forms and questions hold none."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, func, select, text
from stepping import run_now
from typer.testing import CliRunner

from woo.case import Repository, UnitOfWork
from woo.questions.models import ANSWER_TEXT_PATHS, TEXT_REF_PATTERN, is_text_ref
from woo.questions.texts import locations

RECEIVED = dt.date.today() - dt.timedelta(days=20)
SUBJECT_NAME = "Dorothea Klompenmaker"
SCOPE = "Alleen de brieven van Ambrosius Haverkamp"
PASSAGES = "De alinea over Gerritje Mosterdzaad"
MANUAL = "Hendrikus Pijpestro"
REMARK = "Overleg met Jacoba Lindeboom"
REASON = "Hendrikus Pijpestro is een buurman zonder publieke rol; zijn naam zegt niets over het besluit"
FORWARDED = "Gemeente Utrecht, t.a.v. Barend Snoeijink"


def _intake(subject: str = f"Klacht van {SUBJECT_NAME}") -> dict[str, Any]:
    return {"request": {"subject": subject, "description": "Alle documenten over het plein.",
                        "received_on": RECEIVED.isoformat()},
            "requester": {"name": "J. Jansen", "email": "j.jansen@voorbeeld.nl"}}


def _answers(*, reasons: bool = True) -> dict[str, Any]:
    review: dict[str, Any] = {"answered_by": "m.devries",
                              "manual": [{"document": 1, "page": 1, "text": MANUAL, "ground": "5.1.2e"}]}
    if reasons:  # answers stored before the reasons existed (the migration test) have none
        review["reasons"] = [{"document": 1, "ground": "5.1.2e", "reason": REASON}]
    return {
        "meeting": {"held_on": (RECEIVED + dt.timedelta(days=2)).isoformat(), "outcome": "scope_narrowed",
                    "new_scope": SCOPE, "answered_by": "m.devries"},
        "third_parties": [{"key": "derde-1", "name": "Stichting Plein", "documents": ["brief.txt"],
                           "view": {"received_on": RECEIVED.isoformat(), "passages": PASSAGES}}],
        "redaction_review": review,
        "decision": {"signed_by": "a.bakker", "approve": False, "remark": REMARK},
    }


def _texts_in(answers: dict[str, Any]) -> list[Any]:
    return [c[k] for path in ANSWER_TEXT_PATHS for c, k, _ in locations(answers, path)]


def _registered(answers: dict[str, Any] | None = None, subject: str | None = None) -> str:
    from woo.process.intake import receive
    from woo.process.register import register

    rid, _ = receive(UnitOfWork(), _intake(*(subject,) if subject else ()), documents=None, answers=answers)
    run_now(register, rid)
    return rid


def test_an_answers_file_s_free_texts_are_stored_once_and_read_back_through_their_references(woo_home):
    from woo.process.intake import receive
    from woo.process.meeting import hold_meeting
    from woo.questions.answers import answers_of
    from woo.store.db import session_scope
    from woo.store.models import AnswerTextRow, AuditRow, RequestRow

    rid = _registered(_answers())
    with session_scope() as s:
        req = s.get(RequestRow, rid)
        refs = _texts_in(req.answers)
        assert len(refs) == 5 and all(is_text_ref(r) for r in refs)
        assert not {SCOPE, PASSAGES, MANUAL, REMARK, REASON} & {str(v) for v in json.dumps(req.answers).split('"')}
        answers = answers_of(Repository(s), req)
        assert answers.meeting.new_scope == SCOPE and answers.third_parties[0].view.passages == PASSAGES
        assert answers.redaction_review.manual[0].text == MANUAL and answers.decision.remark == REMARK
        assert answers.redaction_review.reasons[0].reason == REASON
        rows = {r.id: r for r in s.scalars(select(AnswerTextRow))}
        assert {rows[r].field for r in refs} == {"new_scope", "passages", "manual_text", "remark", "reason"}
        stored = [json.loads(p) for p in s.scalars(select(AuditRow.payload).where(AuditRow.action == "text.stored"))]
        assert sorted(p["text"] for p in stored) == sorted(refs)
        assert all(set(p) == {"text", "field", "sha256", "length"} for p in stored)
    # The same intake and answers again: the same request, the same references, nothing stored twice.
    assert receive(UnitOfWork(), _intake(), documents=None, answers=_answers()) == (rid, False)
    with session_scope() as s:
        assert _texts_in(s.get(RequestRow, rid).answers) == refs
        assert s.scalar(select(func.count()).select_from(AnswerTextRow)) == 5
    # The domain reads the text: the narrowed scope is the text itself.
    assert run_now(hold_meeting, rid).path == "normal"
    with session_scope() as s:
        assert s.get(RequestRow, rid).scope == SCOPE


def test_a_form_answer_with_text_where_a_reference_belongs_is_refused_without_repeating_it(woo_home):
    from woo.errors import AnswerRefused
    from woo.questions.catalogue import check_and_store
    from woo.store.db import session_scope
    from woo.store.models import AnswerTextRow, RequestRow

    rid = _registered()
    answer = {"held_on": (RECEIVED + dt.timedelta(days=2)).isoformat(), "outcome": "forwarded",
              "forwarded_to": FORWARDED, "answered_by": "m.devries"}
    with session_scope() as s, pytest.raises(AnswerRefused) as refused:
        check_and_store(UnitOfWork.joining(s), s.get(RequestRow, rid), "meeting", answer, today=dt.date.today())
    assert refused.value.raw_text
    [problem] = refused.value.problems
    assert problem.startswith("meeting.forwarded_to: hier hoort een verwijzing naar een opgeslagen tekst")
    assert "Snoeijink" not in problem and "woo answer" in problem
    with session_scope() as s:
        assert s.get(RequestRow, rid).answers is None
        assert s.scalar(select(func.count()).select_from(AnswerTextRow)) == 0


def test_a_reference_must_exist_for_this_request_and_this_field(woo_home):
    from woo.errors import AnswerRefused
    from woo.questions.answers import answers_of
    from woo.questions.catalogue import check_and_store
    from woo.questions.models import TextField
    from woo.questions.texts import store_text
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    rid, other = _registered(), _registered(subject="Een ander verzoek")
    with session_scope() as s:
        mine = store_text(UnitOfWork.joining(s), rid, TextField.NEW_SCOPE, SCOPE, by="m.devries")
        theirs = store_text(UnitOfWork.joining(s), other, TextField.NEW_SCOPE, SCOPE, by="m.devries")
        remark = store_text(UnitOfWork.joining(s), rid, TextField.REMARK, REMARK, by="m.devries")
    assert mine != theirs and len({mine, theirs, remark}) == 3
    base = {"held_on": (RECEIVED + dt.timedelta(days=2)).isoformat(), "outcome": "scope_narrowed",
            "answered_by": "m.devries"}
    cases = {"tekst-0123456789abcdef": "onbekende tekstverwijzing", theirs: "onbekende tekstverwijzing",
             remark: "hoort bij een ander veld (remark)"}
    for ref, reason in cases.items():
        with session_scope() as s, pytest.raises(AnswerRefused, match=re.escape(reason)) as refused:
            check_and_store(UnitOfWork.joining(s), s.get(RequestRow, rid), "meeting", {**base, "new_scope": ref},
                            today=dt.date.today())
        assert not refused.value.raw_text
    with session_scope() as s:
        req = s.get(RequestRow, rid)
        check_and_store(UnitOfWork.joining(s), req, "meeting", {**base, "new_scope": mine}, today=dt.date.today())
        assert req.answers["meeting"]["new_scope"] == mine
        assert answers_of(Repository(s), req).meeting.new_scope == SCOPE


def test_woo_answer_stores_no_text_for_an_answer_it_refuses(woo_home, tmp_path: Path):
    from woo.cli import app
    from woo.store.db import session_scope
    from woo.store.models import AnswerTextRow, AuditRow, RequestRow

    rid = _registered()
    with session_scope() as s:
        req = s.get(RequestRow, rid)
        req.waiting_for, req.waiting_flow_run_id = "meeting", "00000000-0000-0000-0000-000000000000"
    answer = tmp_path / "meeting.yaml"
    answer.write_text(yaml.safe_dump({"held_on": (RECEIVED - dt.timedelta(days=1)).isoformat(),
                                      "outcome": "scope_narrowed", "new_scope": SCOPE,
                                      "answered_by": "m.devries"}), encoding="utf-8")
    result = CliRunner().invoke(app, ["answer", rid, "meeting", "--file", str(answer)])
    assert result.exit_code == 2 and "vóór de ontvangst" in result.output
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(AnswerTextRow)) == 0
        assert s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.action == "text.stored")) == 0


def _reference_fields(form: str, schema: dict[str, Any], node: dict[str, Any],
                      where: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Where a form's JSON schema takes text references; fails on any other unconstrained text."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    found: set[tuple[str, ...]] = set()
    for prop, sub in node.get("properties", {}).items():
        if sub.get("pattern") in (TEXT_REF_PATTERN, f"^$|{TEXT_REF_PATTERN}"):  # a reference, or left empty
            found.add((*where, prop))
            assert f"woo answer <zaaknummer> {form} --file" in sub["description"]
        elif sub.get("type") == "array":
            items = sub.get("items", {})  # a tuple (prefixItems) holds numbers
            if items.get("type") == "string":
                assert "pattern" in items or "enum" in items, f"{form}.{prop}: free text in a Prefect form"
            else:
                found |= _reference_fields(form, schema, items, (*where, prop, "*"))
        elif "$ref" in sub:
            found |= _reference_fields(form, schema, sub, (*where, prop))
        elif sub.get("type") == "string" and "format" not in sub:
            assert "pattern" in sub or "enum" in sub, f"{form}.{prop}: free text in a Prefect form"
    return found


def test_every_free_text_field_of_a_form_takes_a_reference_and_says_how_to_give_the_text():
    from woo.questions.forms import FORM_TEXT_PATHS, FORMS

    for name, form in FORMS.items():
        schema = form.model_json_schema()
        assert _reference_fields(name, schema, schema) == set(FORM_TEXT_PATHS[name]), name


def test_a_question_shown_in_prefect_names_the_request_by_number_not_by_its_subject(woo_home):
    from woo.questions.catalogue import QUESTIONS, describe
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    rid = _registered()
    with session_scope() as s:
        req = s.get(RequestRow, rid)
        for name in QUESTIONS:
            markdown = describe(Repository(s), req, name, ["meeting.held_on: de datum ligt in de toekomst"])
            assert req.number in markdown and SUBJECT_NAME not in markdown and "Klacht" not in markdown


def test_refusal_reasons_bound_for_prefect_leave_out_what_was_typed():
    from woo.flows.asking import _no_echo, response_key

    assert _no_echo("review.manual.0.ground: onbekende weigeringsgrond 'Jan Jansen'; bekende gronden: 5.1.2e") == \
        "review.manual.0.ground: onbekende weigeringsgrond '…'; bekende gronden: 5.1.2e"
    # Where Prefect keeps a form's answer (see prefect.input.run_input.keyset_from_paused_state).
    assert response_key("meeting-1a2b3c4d-r1-a0") == "suspended-meeting-1a2b3c4d-r1-a0-response"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_migration_moves_existing_texts_into_the_store_and_back(backend, tmp_path, request):
    from alembic import command

    from woo.store.migrate import alembic_config, upgrade

    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url").replace("postgresql://", "postgresql+psycopg://", 1)
    else:
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    engine = create_engine(url)
    upgrade(engine, "0003")
    answers = _answers(reasons=False)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO requests (id, intake_sha256, intake, answers, status, extended, created_at, "
                          "updated_at) VALUES ('wr-1', 'x', '{}', :answers, 'received', false, :now, :now)"),
                     {"answers": json.dumps(answers), "now": dt.datetime.now(dt.UTC)})
    upgrade(engine, "head")
    with engine.connect() as conn:
        stored = json.loads(conn.scalar(text("SELECT answers FROM requests")) if backend == "sqlite"
                            else json.dumps(conn.scalar(text("SELECT answers FROM requests"))))
        rows = {r.id: r for r in conn.execute(text("SELECT id, field, text, created_by FROM answer_texts"))}
    refs = _texts_in(stored)
    assert len(refs) == 4 and all(is_text_ref(r) for r in refs)
    assert sorted(rows[r].text for r in refs) == sorted([SCOPE, PASSAGES, MANUAL, REMARK])
    assert {rows[r].created_by for r in refs} == {"migration"}
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    with engine.connect() as conn:
        back = conn.scalar(text("SELECT answers FROM requests"))
    assert (json.loads(back) if isinstance(back, str) else back) == answers
    engine.dispose()
