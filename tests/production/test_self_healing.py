"""A dead worker's runs heal themselves: production topology, a worker killed with kill -9 mid-step.

Prefect server on PostgreSQL, the store on PostgreSQL, the pool ``woo`` (limit 4) as ``woo deploy`` sets it up,
letters over SMTP to a local aiosmtpd server. One worker takes the requests; one of its flow processes stalls
before Prefect's engine starts (the run stays Pending), the others inside the acknowledge step right after the
letter left (``stall/sitecustomize.py``). The worker and every flow process it
started are killed with SIGKILL, then a second worker starts. Without self-healing the killed runs hold the
pool's slots for good (issue 14) and the second worker sits idle. With it, the automations mark them Crashed,
the recovery sweep puts them back to Scheduled, and every request reaches its first question on the surviving
worker, with a ``flow_run.recovered`` audit line and a ``woo.run.recovered`` event per recovered run, one
acknowledgement per requester, and an audit chain that verifies. Thresholds are short here (settings), so the
test takes a few minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from uuid import UUID

import psutil
import pytest
import yaml
from prefect_server import asyncpg_url, free_port, prefect_server

pytestmark = pytest.mark.integration

REQUESTS = 5
STALL = Path(__file__).parent / "stall"


@contextmanager
def extra_database(base_url: str) -> Iterator[str]:
    """A second throw-away PostgreSQL database (the Prefect server's; the store has its own)."""
    from sqlalchemy import create_engine, text

    name = f"woo_prefect_{secrets.token_hex(4)}"
    admin = create_engine(base_url.replace("postgresql://", "postgresql+psycopg://", 1).rsplit("/", 1)[0]
                          + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def smtp_server() -> Iterator[tuple[int, list[str]]]:
    """A local SMTP server; yields its port and the recipients of every message it accepted."""
    from aiosmtpd.controller import Controller

    received: list[str] = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.extend(envelope.rcpt_tos)
            return "250 OK"

    port = free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def start_worker(name: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", "worker", "start", "--pool", "woo", "--type", "process",
             "--name", name, "--limit", "4"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def kill_worker_and_its_flows(worker: subprocess.Popen[bytes]) -> int:
    """SIGKILL the worker's process group and every process it started (Prefect starts flow processes in their
    own session, so the group alone would spare them); returns how many flow processes died with it."""
    children = psutil.Process(worker.pid).children(recursive=True)
    os.killpg(worker.pid, signal.SIGKILL)
    for child in children:
        with suppress(psutil.NoSuchProcess):
            child.kill()
    worker.wait()
    psutil.wait_procs(children, timeout=10)
    return len(children)


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        for child in psutil.Process(worker.pid).children(recursive=True):
            with suppress(psutil.NoSuchProcess):
                child.kill()
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def _intake(folder: Path, n: int) -> Path:
    path = folder / f"verzoek-{n}.yaml"
    path.write_text(yaml.safe_dump({
        "request": {"subject": f"Herinrichting plein {n}", "description": f"Alle documenten (verzoek {n}).",
                    "received_on": "2026-11-27"},
        "requester": {"name": "Jolanda Jansen", "email": f"verzoeker{n}@voorbeeld.nl"}}), encoding="utf-8")
    return path


def waiting_for_meeting(request_ids: list[str]) -> int:
    from woo.case import UnitOfWork

    with UnitOfWork() as uow:
        return sum(uow.requests.get(r).waiting_for == "meeting" for r in request_ids)


@pytest.mark.timeout(1500)
def test_a_killed_workers_runs_are_retried_on_the_surviving_worker_and_nothing_is_sent_twice(
        postgres_url, woo_home, tmp_path, monkeypatch):
    import typer
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from typer.testing import CliRunner

    from woo.audit.verify import verify_chain
    from woo.case import UnitOfWork
    from woo.cli.operate import submit
    from woo.deployments.production import deploy, profile_from_settings
    from woo.schemas.audit import AuditAction
    from woo.settings import reset_settings
    from woo.store.db import dispose_engines

    with extra_database(postgres_url) as prefect_db, smtp_server() as (smtp_port, received), \
            prefect_server(asyncpg_url(prefect_db), tmp_path / "prefect") as (api, server_log), \
            temporary_settings(updates={PREFECT_API_URL: api}):
        woo_env = {"WOO_DATABASE_URL": postgres_url, "WOO_WORK_POOL": "woo", "WOO_WORK_POOL_LIMIT": "4",
                   "WOO_SMTP_HOST": "127.0.0.1", "WOO_SMTP_PORT": str(smtp_port),
                   # Short thresholds so the test takes minutes: heartbeats every 30 s (Prefect's minimum).
                   "WOO_RECOVERY_PENDING_SECONDS": "60", "WOO_RECOVERY_SILENT_SECONDS": "75",
                   "WOO_RECOVERY_MAX_RETRIES": "2"}
        for key, value in woo_env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("PREFECT_API_URL", api)
        reset_settings()
        dispose_engines()
        with get_client(sync_client=True) as client:
            deploy(client, profile_from_settings())

        app = typer.Typer()
        app.command()(submit)
        request_ids = []
        for n in range(REQUESTS):
            result = CliRunner().invoke(app, [str(_intake(tmp_path, n)), "--no-documents"])
            assert result.exit_code == 0, result.output
            request_ids.append(result.output.split()[1])

        markers = tmp_path / "markers"
        markers.mkdir()
        worker_env = {**os.environ, **woo_env, "PREFECT_API_URL": api, "PREFECT_HOME": str(tmp_path / "worker"),
                      "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30", "PREFECT_WORKER_QUERY_SECONDS": "3",
                      "PREFECT_WORKER_HEARTBEAT_SECONDS": "10", "PREFECT_LOGGING_LEVEL": "INFO"}
        victim = start_worker("werker-1", {**worker_env, "PYTHONPATH": str(STALL), "WOO_TEST_STALL_SECONDS": "900",
                                           "WOO_TEST_STALL_MARKERS": str(markers),
                                           "WOO_TEST_STALL_AT_START": "1"}, tmp_path / "victim.log")
        survivor = None
        try:
            deadline = time.monotonic() + 300
            while not (list(markers.glob("stalled-*")) and list(markers.glob("pending-*"))):
                assert victim.poll() is None, (tmp_path / "victim.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "no run reached the acknowledge step in 300 s:\n" + \
                    (tmp_path / "victim.log").read_text()[-3000:]
                time.sleep(1)
            time.sleep(5)  # let the worker start more runs, so some die Pending or early in Running
            killed_at = time.monotonic()
            stalled = {p.read_text() for p in markers.glob("stalled-*")}
            never_started = {p.read_text() for p in markers.glob("pending-*")}
            flow_processes = kill_worker_and_its_flows(victim)
            assert flow_processes >= 1
            survivor = start_worker("werker-2", worker_env, tmp_path / "survivor.log")

            deadline = time.monotonic() + 600
            while (done := waiting_for_meeting(request_ids)) < REQUESTS:
                assert survivor.poll() is None, (tmp_path / "survivor.log").read_text()[-3000:]
                assert time.monotonic() < deadline, (
                    f"{done}/{REQUESTS} requests at their first question 600 s after the kill\nserver log:\n"
                    f"{server_log.read_text(errors='replace')[-3000:]}\nsurvivor:\n"
                    f"{(tmp_path / 'survivor.log').read_text()[-3000:]}")
                time.sleep(3)
            healed_in = time.monotonic() - killed_at

            with get_client(sync_client=True) as client:
                events = client.read_events(EventFilter(
                    occurred=EventOccurredFilter(since=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)),
                    event=EventNameFilter(name=["woo.run.recovered"])), limit=50).events
                crash_messages = {run_id: [st.message for st in client.read_flow_run_states(UUID(run_id))
                                           if st.type.value == "CRASHED"] for run_id in stalled | never_started}
        finally:
            stop(victim)
            if survivor is not None:
                stop(survivor)

    recovered: dict[str, list[dict[str, object]]] = {}
    letters: Counter[str] = Counter()
    with UnitOfWork() as uow:
        for request_id in request_ids:
            for event in uow.requests.events(request_id):
                if event.action == AuditAction.FLOW_RUN_RECOVERED.value:
                    recovered.setdefault(request_id, []).append(json.loads(event.payload))
                if event.action == AuditAction.LETTER_SENT.value:
                    letters[request_id] += 1
        chain = verify_chain(uow.requests)
    print(f"\n{len(stalled)} run(s) stalled mid-step and {len(never_started)} before starting, {flow_processes} "
          f"flow process(es) killed with the worker; "
          f"{len(recovered)} request(s) recovered; all {REQUESTS} at their first question {healed_in:.0f} s after "
          f"the kill (load {os.getloadavg()[0]:.1f})")

    # Every run the dead worker held was retried automatically, with an audit line and an event.
    assert len(recovered) >= len(stalled | never_started) >= 2
    # The automations did the detecting: a silent Running run and a run stuck Pending, each marked Crashed.
    assert all(any(m and m.startswith("Geen hartslag") for m in crash_messages[r]) for r in stalled), crash_messages
    assert all(any(m and m.startswith("Niet gestart") for m in crash_messages[r]) for r in never_started), \
        crash_messages
    assert all(line["reason"] in {"crashed", "pending_stale", "heartbeat_stale"} and line["attempt"] == 1
               for lines in recovered.values() for line in lines)
    recovered_runs = {str(line["flow_run_id"]) for lines in recovered.values() for line in lines}
    event_runs = {r.id.rsplit(".", 1)[1] for e in events for r in e.related if r.role == "flow-run"}
    assert recovered_runs <= event_runs
    # One acknowledgement per requester: the stalled runs had sent theirs; the retry did not send again.
    assert letters == Counter({r: 1 for r in request_ids})
    assert Counter(received) == Counter({f"verzoeker{n}@voorbeeld.nl": 1 for n in range(REQUESTS)})
    assert chain.ok
