"""The pins hold: a real Prefect server on PostgreSQL creates the daily watch's scheduled runs.

Prefect 3.8.8's scheduler fails on SQLAlchemy 2.1 (``Can't evaluate bulk DML statement`` in
``_insert_scheduled_flow_runs``), so cron deployments never fire; pyproject pins ``sqlalchemy<2.1``. This test
would fail on the broken combination: no scheduled run appears.
"""

from __future__ import annotations

import time
import zoneinfo

import pytest
from prefect_server import asyncpg_url, prefect_server

pytestmark = pytest.mark.integration


def test_the_daily_watch_deployment_gets_its_scheduled_runs_on_postgresql(postgres_url, woo_home, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from woo.deployments import WATCH
    from woo.deployments.production import Profile, deploy

    fast = {"PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2"}
    with prefect_server(asyncpg_url(postgres_url), tmp_path / "prefect", env=fast) as (api, log), \
            temporary_settings(updates={PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        ids = deploy(client, Profile())
        watch_id = ids[WATCH.full_name]
        runs: list = []
        deadline = time.monotonic() + 120
        while not runs and time.monotonic() < deadline:
            time.sleep(2)
            runs = client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[watch_id])))
        server_log = log.read_text(errors="replace")
        # With the schedule working and a worker alive, woo doctor finds nothing wrong.
        client.send_worker_heartbeat("woo", "test-worker")
        with pytest.MonkeyPatch.context() as mp:
            from woo.cli.production import checks
            from woo.settings import reset_settings

            mp.setenv("WOO_WORK_POOL", "woo")
            reset_settings()
            found = checks()
            reset_settings()

    assert runs, f"no scheduled run within 120 s; server log tail:\n{server_log[-2000:]}"
    assert "bulk DML" not in server_log
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    for run in runs:
        assert run.state is not None and run.state.is_scheduled()
        local = run.expected_start_time.astimezone(amsterdam)
        assert (local.hour, local.minute) == (6, 0)
    failed = [f"{c.name}: {c.message}" for c in found if not c.ok]
    assert failed == [] and {c.name for c in found} >= {"werkpool", "planning", "Prefect-server"}
