"""A served request answered with personal data in every free-text field leaves none of it in Prefect.

The request's subject names someone, the requester has a name, e-mail and address, and every question is
answered with free text that names people: through ``woo answer`` (the way it should be done), straight at
Prefect with raw text (the server refuses it), and through a form of an older version whose schema lets raw
text through (the flow refuses it and deletes it from Prefect). After the run has published, Prefect's SQLite
database (every table) and its API (flow runs and their states, run inputs, task runs and their states,
artifacts, logs, events, variables, deployments, blocks) are dumped as text and searched for every planted value.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import yaml
from planted import (
    FORWARDED_TEXT,
    FREE_TEXTS,
    MANUAL_TEXT,
    NEEDLES,
    NOTE_FILE,
    PASSAGES_TEXT,
    REASON_TEXT,
    REMARK_TEXT,
    SCOPE_TEXT,
    SPECIFICATION_TEXT,
    write_dossier,
)
from prefect_dump import dump_api, dump_sqlite, flow_run_inputs, raw_bytes_hits
from served_prefect import PrefectServer, wait_for
from sqlalchemy import func, select
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


def request_row(request_id: str) -> Any:
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        return s.get(RequestRow, request_id)


def run_state(run_id: str) -> str:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(UUID(run_id)).state.type.value


def waiting_on(request_id: str, question: str, *, refused: int = 0) -> Callable[[], Any]:
    def check() -> Any:
        row = request_row(request_id)
        ready = (row.waiting_for == question and row.waiting_flow_run_id
                 and len(row.waiting_problems or []) >= refused)
        return row if ready and run_state(row.waiting_flow_run_id) == "PAUSED" else None
    return check


def current_keyset(run_id: str) -> dict[str, str]:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return dict(client.read_flow_run(UUID(run_id)).state.state_details.run_input_keyset)


def _without_patterns(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _without_patterns(v) for k, v in schema.items() if k != "pattern"}
    if isinstance(schema, list):
        return [_without_patterns(v) for v in schema]
    return schema


def loosen_form(run_id: str) -> None:
    """Make the waiting form accept any text, as the form of a run suspended by an older version did."""
    from prefect.input.actions import create_flow_run_input, delete_flow_run_input, read_flow_run_input

    key = current_keyset(run_id)["schema"]
    schema = read_flow_run_input(key, flow_run_id=UUID(run_id))
    delete_flow_run_input(key, flow_run_id=UUID(run_id))
    create_flow_run_input(key, _without_patterns(schema), flow_run_id=UUID(run_id))


def test_a_served_run_answered_with_personal_data_leaves_none_in_prefect(
        prefect_server: PrefectServer, served: Any, woo_home: Path, tmp_path: Path) -> None:
    from woo.case import Repository
    from woo.cli import app
    from woo.flows.asking import resume_with_answer
    from woo.questions.catalogue import reasons_needed
    from woo.questions.models import RedactionReview
    from woo.schemas.grounds import Ground
    from woo.store.db import session_scope
    from woo.store.models import AnswerTextRow, AuditRow, DocumentRow, RequestRow

    cli = CliRunner()
    received = dt.date.today() - dt.timedelta(days=21)
    dossier = write_dossier(tmp_path / "invoer", received)

    def answer(step: str, data: dict[str, Any]) -> None:
        wait_for(f"the {step} question", waiting_on(request_id, step))
        path = tmp_path / f"{step}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        result = cli.invoke(app, ["answer", request_id, step, "--file", str(path)])
        assert result.exit_code == 0, result.output
        assert "alleen de verwijzing" in result.output

    result = cli.invoke(app, ["submit", str(dossier.request_file), "--documents", str(dossier.documents_dir),
                              "--answers", str(dossier.known_answers)])
    assert result.exit_code == 0, result.output
    request_id = result.output.split()[1]
    meeting_day = (received + dt.timedelta(days=2)).isoformat()

    # 1. Raw text straight at Prefect: the form's schema makes the server refuse it; nothing is stored.
    row = wait_for("the meeting question", waiting_on(request_id, "meeting"))
    run_id = row.waiting_flow_run_id
    with pytest.raises(RuntimeError, match="new_scope"):
        resume_with_answer(UUID(run_id), {"held_on": meeting_day, "outcome": "scope_narrowed",
                                          "new_scope": SCOPE_TEXT, "answered_by": "m.devries"})
    assert run_state(run_id) == "PAUSED"
    assert not any(k.endswith("-response") for k in flow_run_inputs(prefect_server.api_url, run_id))

    # 2. A form whose schema lets raw text through (as one suspended by an older version): the flow refuses the
    #    answer with a Dutch reason and deletes it from Prefect; the run keeps waiting under a new key.
    loosen_form(run_id)
    response = current_keyset(run_id)["response"]
    resume_with_answer(UUID(run_id), {"held_on": meeting_day, "outcome": "forwarded",
                                      "forwarded_to": FORWARDED_TEXT, "answered_by": "m.devries"})
    row = wait_for("the refusal", waiting_on(request_id, "meeting", refused=1))
    assert any("verwijzing naar een opgeslagen tekst" in p for p in row.waiting_problems)
    assert any("uit Prefect verwijderd" in p for p in row.waiting_problems)
    inputs = flow_run_inputs(prefect_server.api_url, run_id)
    assert response not in inputs and not any(FORWARDED_TEXT in v for v in inputs.values())
    assert row.status != "forwarded"

    # 3. The way it is meant to be done: free text in a file, `woo answer` stores it and resumes with references.
    answer("meeting", {"held_on": meeting_day, "outcome": "specification_requested", "new_scope": SCOPE_TEXT,
                       "answered_by": "m.devries"})
    answer("specification", {"received_on": (received + dt.timedelta(days=4)).isoformat(),
                             "new_scope": SPECIFICATION_TEXT, "answered_by": "m.devries"})
    answer("views", {"views": [{"third_party": "derde-1", "received_on": dt.date.today().isoformat(),
                                "objects": False, "passages": PASSAGES_TEXT}], "answered_by": "m.devries"})
    wait_for("the review question", waiting_on(request_id, "review"))
    with session_scope() as s:
        note = s.scalar(select(DocumentRow.number).where(DocumentRow.request_id == request_id,
                                                         DocumentRow.display_name == NOTE_FILE))
    review = {"accept_all": True, "answered_by": "m.devries",
              "manual": [{"document": note, "page": 1, "text": MANUAL_TEXT, "ground": "5.1.2e"}]}
    # Every document with an accepted name (5.1.2e) needs a concrete reason: free text, so it stays in the store.
    with session_scope() as s:
        req = s.get(RequestRow, request_id)
        needed = reasons_needed(Repository(s), req, RedactionReview.model_validate(
            {**review, "manual": [], "answered_by": "m.devries"})) | {(note, Ground.PRIVACY)}
    review["reasons"] = [{"document": d, "ground": g.value, "reason": REASON_TEXT} for d, g in sorted(needed)]
    answer("review", review)
    answer("sign_off", {"approve": True, "remark": REMARK_TEXT, "signed_by": "a.bakker"})
    row = wait_for("publication", lambda: (r := request_row(request_id)).status == "published" and r, timeout=300)
    wait_for("the run to finish", lambda: run_state(run_id) == "COMPLETED", timeout=120)

    # The domain read the texts from the store: the scope is the specified one, the manual text was redacted.
    assert row.scope == SPECIFICATION_TEXT
    with session_scope() as s:
        texts = {t.text: t for t in s.scalars(select(AnswerTextRow).where(AnswerTextRow.request_id == request_id))}
        assert {SCOPE_TEXT, SPECIFICATION_TEXT, PASSAGES_TEXT, MANUAL_TEXT, REMARK_TEXT, REASON_TEXT} <= set(texts)
        assert FORWARDED_TEXT not in texts  # it came in through Prefect and was refused, not stored
        stored = s.scalars(select(AuditRow.payload).where(AuditRow.request_id == request_id,
                                                          AuditRow.action == "text.stored")).all()
        assert {json.loads(p)["sha256"] for p in stored} >= {t.sha256 for t in texts.values()}
        log = "\n".join(s.scalars(select(AuditRow.payload).where(AuditRow.request_id == request_id)))
        assert not [v for v in FREE_TEXTS.values() if v in log]
        redacted = s.scalar(select(func.count()).select_from(DocumentRow).where(
            DocumentRow.request_id == request_id, DocumentRow.number == note, DocumentRow.check_ok.is_(True)))
        assert redacted == 1

    # Everything Prefect holds, through its API and in its database file, without a trace of the planted values.
    api = dump_api(prefect_server.api_url)
    database = dump_sqlite(prefect_server.database)
    # The dump does see what was asked and answered: question texts, the references the answers carried.
    for section in ("api:flow_run_inputs", "sqlite:flow_run_input", "api:artifacts/filter", "sqlite:artifact"):
        assert "Vaststelling van het besluit" in (api.sections | database.sections)[section], section
    assert "tekst-" in api.sections["api:flow_run_inputs"] and row.number in api.sections["api:artifacts/filter"]
    leaks = {"api": api.find(NEEDLES), "sqlite": database.find(NEEDLES)}
    print(f"Prefect dump: API {api.size()} characters in {len(api.sections)} sections, database "
          f"{database.size()} characters in {len(database.sections)} tables; planted values: {len(NEEDLES)}")
    assert leaks == {"api": {}, "sqlite": {}}, leaks

    # On disk: the one refused raw answer was deleted, but SQLite keeps freed pages until they are reused.
    raw = raw_bytes_hits(prefect_server.database, NEEDLES)
    print(f"Raw bytes of the database files still holding a planted value: {raw or 'none'}")
    assert set(raw) <= {FORWARDED_TEXT, "Tjoekema"}, raw
