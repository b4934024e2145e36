"""A request on a served deployment waits for people (and for the law, when a period lapses), survives a killed
worker, a retry and a rerun, and still sends every letter once, issues one number and publishes once."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[str]:
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


class Server:
    """``woo serve`` in its own process group, so a test can kill it like a crashed worker."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.proc = env, log, None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", "from woo.cli import main; main()", "serve"],
                                     env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)


@pytest.fixture
def server(prefect_api: str, woo_home: Path, tmp_path: Path) -> Iterator[Server]:
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "WOO_HOME": str(woo_home),
           "PREFECT_RUNNER_POLL_FREQUENCY": "1",
           "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml")}
    srv = Server(env, tmp_path / "serve.log")
    srv.start()
    wait_for("the served deployment", deployment_exists, timeout=120)
    yield srv
    srv.kill()
    # Shown by pytest only when the test failed: what the served runner and its flow runs said.
    print(srv.log.read_text(errors="replace")[-20000:])


def deployment_exists() -> bool:
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_deployment_by_name("woo-request/woo-request")
        except ObjectNotFound:
            return False
    return True


def wait_for(what: str, check: Callable[[], Any], timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def request_row(request_id: str):
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        return s.get(RequestRow, request_id)


def waiting_on(request_id: str, question: str) -> Callable[[], Any]:
    def check() -> Any:
        row = request_row(request_id)
        # The store records the question just before Prefect suspends the run; answer once both agree.
        ready = row.waiting_for == question and row.waiting_flow_run_id
        return row if ready and run_state(row.waiting_flow_run_id) == "PAUSED" else None
    return check


def run_state(run_id: str) -> str:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(UUID(run_id)).state.type.value


def test_a_request_waits_for_people_and_survives_kill_retry_and_rerun(server: Server, woo_home: Path, monkeypatch):
    from prefect import get_client
    from prefect.states import Crashed, Scheduled

    from woo.case import Repository
    from woo.cli import app
    from woo.demo import build_demo_dossier
    from woo.flows.asking import resume_with_answer as resume_flow_run
    from woo.questions.catalogue import reasons_needed
    from woo.questions.models import RedactionReview
    from woo.store.db import session_scope
    from woo.store.models import AnswerTextRow, AuditRow, DocumentRow, NumberCounter, OutboxRow, RequestRow

    cli = CliRunner()
    received = dt.date.today() - dt.timedelta(days=21)
    dossier = build_demo_dossier(woo_home.parent / "invoer", received=received)
    answers = yaml.safe_load(dossier.answers_file.read_text(encoding="utf-8"))
    for tp in answers["third_parties"]:
        tp.pop("view")  # views, the meeting, the review and the sign-off come from people while the run waits
    known = woo_home.parent / "known.yaml"
    known.write_text(yaml.safe_dump({"third_parties": answers["third_parties"],
                                     "assessments": answers["assessments"]}), encoding="utf-8")

    # Submitting the same intake twice gives one request and one flow run.
    for _ in range(2):
        result = cli.invoke(app, ["submit", str(dossier.request_file), "--documents", str(dossier.documents_dir),
                                  "--answers", str(known)])
        assert result.exit_code == 0, result.output
    request_id = result.output.split()[1]

    # 1. Meeting: an answer that breaks a domain rule leaves the run waiting, with the reason.
    row = wait_for("the meeting question", waiting_on(request_id, "meeting"))
    assert run_state(row.waiting_flow_run_id) == "PAUSED"
    resume_flow_run(UUID(row.waiting_flow_run_id), answer={
        "held_on": (received - dt.timedelta(days=1)).isoformat(), "outcome": "scope_confirmed",
        "answered_by": "m.devries"})
    row = wait_for("the refusal", lambda: (r := request_row(request_id)).waiting_problems and r)
    assert row.waiting_for == "meeting" and any("vóór de ontvangst" in p for p in row.waiting_problems)
    result = cli.invoke(app, ["pending"])
    assert request_id in result.output
    result = cli.invoke(app, ["answer", request_id, "meeting", "--set", f"held_on={received + dt.timedelta(days=3)}",
                              "--set", "outcome=scope_confirmed", "--set", "answered_by=m.devries"])
    assert result.exit_code == 0, result.output

    # 2. Nobody answers for the third party: its view period has lapsed, so the daily watch answers by law.
    row = wait_for("the views question", waiting_on(request_id, "views"))
    assert row.waiting_due < dt.date.today()
    from woo.flows.deadline_watch import deadline_watch

    assert deadline_watch()["lapsed_resumed"] == 1

    # 3. Waiting for the review, the requester narrows the request: rerun from collect with a new document.
    row = wait_for("the review question", waiting_on(request_id, "review"))
    first_review_run = row.waiting_flow_run_id
    extra = dossier.documents_dir / "2025-10-01 Nagekomen notitie.txt"
    extra.write_text("Notitie over de planning. Contact: 06-87654321.", encoding="utf-8")
    result = cli.invoke(app, ["rerun", request_id, "--from", "collect", "--scope", "Alleen de planning 2025",
                              "--reason", "verzoeker heeft het verzoek beperkt", "--by", "m.devries"])
    assert result.exit_code == 0, result.output
    assert run_state(first_review_run) == "CANCELLED"
    row = wait_for("the review question again", lambda: (r := waiting_on(request_id, "review")())
                   and r.waiting_flow_run_id != first_review_run and r)
    # Accepting every name (5.1.2e) needs a concrete reason per document: free text, so through a file.
    review = {"accept_all": True, "answered_by": "m.devries"}
    with session_scope() as s:
        needed = reasons_needed(Repository(s), s.get(RequestRow, request_id), RedactionReview.model_validate(review))
    review["reasons"] = [{"document": d, "ground": g.value, "reason": "Namen van omwonenden zonder publieke rol "
                          "dragen niets bij aan het inzicht in het besluit."} for d, g in sorted(needed)]
    review_file = woo_home.parent / "review.yaml"
    review_file.write_text(yaml.safe_dump(review, allow_unicode=True), encoding="utf-8")
    result = cli.invoke(app, ["answer", request_id, "review", "--file", str(review_file)])
    assert result.exit_code == 0, result.output

    # 4. The worker dies while redacting; an operator marks the run crashed and retries it.
    review_run = row.waiting_flow_run_id
    out_dir = woo_home / "requests" / request_id / "gelakt"
    wait_for("redaction to start", lambda: out_dir.exists() and any(out_dir.glob("*.pdf")), timeout=120)
    server.kill()
    with get_client(sync_client=True) as client:
        if client.read_flow_run(UUID(review_run)).state.is_running():
            client.set_flow_run_state(UUID(review_run), Crashed(message="worker gestopt"), force=True)
        client.set_flow_run_state(UUID(review_run), Scheduled(message="handmatige retry"), force=True)
    server.start()

    # 5. The retry asks the unanswered sign-off (a new key, because the run count went up); approve it.
    row = wait_for("the sign-off question", waiting_on(request_id, "sign_off"))
    resume_flow_run(UUID(row.waiting_flow_run_id), answer={"approve": True, "signed_by": "a.bakker"})
    row = wait_for("publication", lambda: (r := request_row(request_id)).status == "published" and r)

    with session_scope() as s:
        keys = list(s.scalars(select(OutboxRow.idempotency_key).where(OutboxRow.request_id == request_id)))
        assert len(keys) == len(set(keys))
        assert keys.count(f"acknowledgement:{request_id}") == 1 and keys.count(f"decision:{request_id}") == 1
        assert s.get(NumberCounter, received.year).last == 1
        published = s.scalar(select(func.count()).select_from(AuditRow).where(
            AuditRow.request_id == request_id, AuditRow.action == "request.published"))
        assert published == 1
        rerun = s.scalar(select(AuditRow).where(AuditRow.action == "rerun.requested"))
        # The reason is free text: the audit log refers to it in the store and never holds it.
        assert rerun.actor == "m.devries" and "beperkt" not in rerun.payload
        reason = s.get(AnswerTextRow, json.loads(rerun.payload)["reason_text"])
        assert reason.text == "verzoeker heeft het verzoek beperkt" and reason.field == "rerun_reason"
        refused = s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.action == "answer.refused"))
        assert refused == 1
        lapsed = s.scalar(select(AuditRow).where(AuditRow.action == "third_party.view_recorded"))
        assert lapsed.actor == "system" and '"lapsed":true' in lapsed.payload
        names = set(s.scalars(select(DocumentRow.display_name).where(DocumentRow.request_id == request_id)))
        assert "2025-10-01 Nagekomen notitie.txt" in names
    assert row.scope == "Alleen de planning 2025"
    assert (woo_home / "publicatie" / row.number / "manifest.json").exists()
