"""`woo answer --file answers.jsonl` against runs that really wait on a served deployment: the good lines resume
their runs, a refused line leaves its request waiting, a broken line is skipped, and nothing else is lost."""

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
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


@pytest.fixture
def served(woo_home: Path, tmp_path: Path) -> Iterator[None]:
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "WOO_HOME": str(woo_home),
               "PREFECT_RUNNER_POLL_FREQUENCY": "1",
               "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml")}
        log = tmp_path / "serve.log"
        proc = subprocess.Popen([sys.executable, "-c", "from woo.cli import main; main()", "serve"], env=env,
                                stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for("the served deployment", deployment_exists, timeout=180)
            yield
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
            print(log.read_text(errors="replace")[-10000:])  # shown when the test failed


def deployment_exists() -> bool:
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_deployment_by_name("woo-request/woo-request")
        except ObjectNotFound:
            return False
    return True


def wait_for(what: str, check: Callable[[], Any], timeout: float = 240) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def waiting_on(request_id: str, question: str) -> Callable[[], Any]:
    from prefect import get_client

    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    def check() -> Any:
        with session_scope() as s:
            row = s.get(RequestRow, request_id)
            if row.waiting_for != question or not row.waiting_flow_run_id:
                return None
            run_id, number = row.waiting_flow_run_id, row.number
        with get_client(sync_client=True) as client:
            state = client.read_flow_run(UUID(run_id)).state
        return number if state is not None and state.type.value == "PAUSED" else None
    return check


def test_bulk_answers_resume_the_good_lines_and_leave_the_rest_waiting(served: None, tmp_path: Path):
    from woo.case import UnitOfWork
    from woo.cli import app
    from woo.deployments.runs import start_request_run
    from woo.process.intake import receive

    received = dt.date.today() - dt.timedelta(days=3)
    ids = []
    for n in (1, 2):
        request_id, _ = receive(UnitOfWork(), {
            "request": {"subject": f"Plein {n}", "description": f"Alle documenten ({n}).",
                        "received_on": received.isoformat()},
            "requester": {"name": "Jolanda Jansen", "email": "jolanda@voorbeeld.nl"}}, documents=None, answers=None)
        start_request_run(request_id, idempotency_key=request_id)
        ids.append(request_id)
    first, second = (wait_for("the meeting question", waiting_on(i, "meeting")) for i in ids)

    def meeting(held_on: dt.date) -> dict[str, str]:
        return {"outcome": "scope_confirmed", "held_on": held_on.isoformat(), "answered_by": "m.devries"}

    file = tmp_path / "antwoorden.jsonl"
    file.write_text("\n".join([
        json.dumps({"request": first, "question": "meeting", "answer": meeting(received + dt.timedelta(days=1))}),
        json.dumps({"request": second, "question": "meeting", "answer": meeting(received - dt.timedelta(days=1))}),
        "dit is geen json",
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["answer", "--file", str(file)])
    out = " ".join(result.output.split())

    assert result.exit_code == 2, result.output
    assert "Samenvatting: 1 beantwoord, 1 geweigerd, 1 overgeslagen." in out
    assert "regel 2 (geweigerd)" in out and "vóór de ontvangst" in out
    assert "regel 3 (overgeslagen): geen geldige JSON" in out
    wait_for("the first request's next question", waiting_on(ids[0], "review"))
    assert waiting_on(ids[1], "meeting")()  # refused: it still waits, with its run suspended

    file.write_text(json.dumps({"request": second, "question": "meeting",
                                "answer": meeting(received + dt.timedelta(days=1))}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["answer", "--file", str(file)])
    assert result.exit_code == 0, result.output
    assert "Samenvatting: 1 beantwoord, 0 geweigerd, 0 overgeslagen." in " ".join(result.output.split())
    wait_for("the second request's next question", waiting_on(ids[1], "review"))
