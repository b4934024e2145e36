"""The process owner's overview finds each request's newest run however many requests are open: the Prefect API
refuses a page above 200 runs, and asking for 10 per request failed every answered run once more than 20
requests were open (found by benchmarks/burst.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_latest_runs_of_many_open_requests_are_read_page_by_page():
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.testing.utilities import prefect_test_harness

    from woo.flows.overview import latest_runs

    @flow(name="woo-overview-paging")
    def nothing() -> None:
        pass

    with prefect_test_harness(server_startup_timeout=120):
        with get_client(sync_client=True) as client:
            made = {f"wr-{i}": client.create_flow_run(nothing, tags=["woo", f"woo:wr-{i}"]).id for i in range(3)}
        newest = latest_runs([f"wr-{i}" for i in range(60)])  # 60 open requests: 600 runs asked for before
    assert {k: v.id for k, v in newest.items()} == made
