"""The recovery sweep against a real Prefect server: what it does to Crashed, Pending and silent request runs,
the retry limit, the audit lines and the events (no worker needed: the runs' states are set by hand)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def _submit(folder: Path) -> str:
    import typer
    from typer.testing import CliRunner

    from woo.cli.operate import submit

    path = folder / "verzoek.yaml"
    path.write_text(yaml.safe_dump({
        "request": {"subject": "Herinrichting plein", "description": "Alle documenten.", "received_on": "2026-11-27"},
        "requester": {"name": "Jolanda Jansen", "email": "jolanda@voorbeeld.nl"}}), encoding="utf-8")
    app = typer.Typer()
    app.command()(submit)
    result = CliRunner().invoke(app, [str(path), "--no-documents"])
    assert result.exit_code == 0, result.output
    return result.output.split()[1]


def _recovery_lines(request_id: str) -> list[tuple[str, dict[str, object]]]:
    from woo.case import UnitOfWork
    from woo.schemas.audit import AuditAction

    with UnitOfWork() as uow:
        return [(e.step or "", json.loads(e.payload)) for e in uow.requests.events(request_id)
                if e.action == AuditAction.FLOW_RUN_RECOVERED.value]


def test_the_sweep_retries_stranded_runs_up_to_the_limit_then_gives_up_once(prefect_server, woo_home, tmp_path,
                                                                             monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
    from prefect.states import Crashed, Pending, Running

    from woo.case.recovery import RecoveryPolicy
    from woo.deployments.automations import RECOVER_CRASHED, STALLED_PENDING, STALLED_RUNNING
    from woo.deployments.production import deploy, profile_from_settings
    from woo.flows.recovery import sweep
    from woo.settings import reset_settings

    monkeypatch.setenv("WOO_WORK_POOL", "woo")
    reset_settings()
    with get_client(sync_client=True) as client:
        deploy(client, profile_from_settings())
        deploy(client, profile_from_settings())  # idempotent: one automation of each kind
        for name in (STALLED_PENDING, STALLED_RUNNING, RECOVER_CRASHED):
            assert len(client.read_automations_by_name(name)) == 1
    request_id = _submit(tmp_path)
    with get_client(sync_client=True) as client:
        tagged = FlowRunFilter(tags=FlowRunFilterTags(all_=[f"woo:{request_id}"]))
        (run,) = client.read_flow_runs(flow_run_filter=tagged)
    policy = RecoveryPolicy(pending_after=dt.timedelta(minutes=5), silent_after=dt.timedelta(minutes=10),
                            max_retries=2)

    def put(state: object) -> None:
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(run.id, state, force=True)  # type: ignore[arg-type]

    def state_now() -> tuple[str, str]:
        with get_client(sync_client=True) as client:
            current = client.read_flow_run(run.id).state
        assert current is not None
        return current.type.value, current.name

    now = dt.datetime.now(dt.UTC)
    # A run that is Scheduled, or Pending or Running only for a moment, is left alone.
    assert sweep(policy, now).retried == 0
    put(Pending())
    assert sweep(policy, dt.datetime.now(dt.UTC)).retried == 0
    # Pending for longer than the threshold: its worker never started it.
    report = sweep(policy, dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6))
    assert (report.retried, state_now()) == (1, ("SCHEDULED", "AwaitingRetry"))
    # Running without a heartbeat for longer than the threshold: its process is gone.
    put(Running())
    assert sweep(policy, dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)).retried == 1
    assert state_now() == ("SCHEDULED", "AwaitingRetry")
    # Crashed again after two retries: given up, left Crashed, recorded once however often the sweep runs.
    put(Crashed())
    report = sweep(policy)
    assert (report.retried, report.given_up) == (0, 1)
    assert sweep(policy).given_up == 0
    assert state_now()[0] == "CRASHED"

    lines = _recovery_lines(request_id)
    assert [(step, p["reason"], p["attempt"]) for step, p in lines] == [
        ("retry", "pending_stale", 1), ("retry", "heartbeat_stale", 2), ("give_up", "crashed", 2)]
    assert all(p["flow_run_id"] == str(run.id) and set(p) == {"flow_run_id", "reason", "attempt", "max_retries",
                                                              "from_state"} for _, p in lines)
