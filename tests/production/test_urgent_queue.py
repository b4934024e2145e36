"""Deadline-aware queues for real: the deploy step sets the pool's limits, and `woo submit` puts a request close
to its decision date on the `urgent` queue (a work pool on a real Prefect server; no worker needed to see it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def _intake(folder: Path, received: dt.date, n: int) -> Path:
    path = folder / f"verzoek-{n}.yaml"
    path.write_text(yaml.safe_dump({
        "request": {"subject": f"Herinrichting plein {n}", "description": f"Alle documenten (verzoek {n}).",
                    "received_on": received.isoformat()},
        "requester": {"name": "Jolanda Jansen", "email": "jolanda@voorbeeld.nl"}}), encoding="utf-8")
    return path


def test_deploy_sets_limits_and_submit_picks_the_queue_by_decision_date(prefect_server, woo_home, tmp_path,
                                                                       monkeypatch):
    import typer
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags

    from woo import clock
    from woo.cli.operate import submit
    from woo.deployments.production import deploy, profile_from_settings
    from woo.settings import reset_settings

    monkeypatch.setenv("WOO_WORK_POOL", "woo")
    monkeypatch.setenv("WOO_WORK_POOL_LIMIT", "3")
    reset_settings()
    with get_client(sync_client=True) as client:
        deploy(client, profile_from_settings())
        deploy(client, profile_from_settings())  # idempotent: a second deploy changes nothing
        pool = client.read_work_pool("woo")
        urgent = client.read_work_queue_by_name("urgent", work_pool_name="woo")
        normal = client.read_work_queue_by_name("normal", work_pool_name="woo")
    assert pool.type == "process" and pool.concurrency_limit == 3
    assert (urgent.priority, urgent.concurrency_limit) == (1, 3)
    assert (normal.priority, normal.concurrency_limit) == (10, 2)

    app = typer.Typer()
    app.command()(submit)
    runner = CliRunner()
    today = clock.today()
    late = runner.invoke(app, [str(_intake(tmp_path, today - dt.timedelta(days=26), 1)), "--no-documents"])
    fresh = runner.invoke(app, [str(_intake(tmp_path, today, 2)), "--no-documents"])
    assert late.exit_code == 0 and fresh.exit_code == 0, late.output + fresh.output

    queues = {}
    with get_client(sync_client=True) as client:
        for run in client.read_flow_runs(flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=["woo"]))):
            request_tag = next(t for t in run.tags if t.startswith("woo:"))
            queues[request_tag] = run.work_queue_name
    assert sorted(queues.values()) == ["normal", "urgent"]
    late_id = late.output.split()[1]
    assert queues[f"woo:{late_id}"] == "urgent"
