"""The ``deadline-watch`` flow on a Prefect test server: the table artifact and the events it leaves behind."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from watch_helpers import digests, outbox, registered

pytestmark = pytest.mark.integration

RECEIVED = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def _events(client, name: str, resource_id: str) -> list:
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    page = client.read_events(filter=EventFilter(event=EventNameFilter(name=[name]),
                                                 resource=EventResourceFilter(id=[resource_id])),
                               limit=50)  # the client defaults to 100, which this server refuses
    return list(page.events)


def test_the_flow_publishes_the_table_and_emits_a_missed_event(prefect_server, woo_home):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from woo.flows.deadline_watch import ARTIFACT_KEY, deadline_watch

    late = registered(RECEIVED)
    on_time = registered(dt.date(2026, 3, 30))
    summary = deadline_watch(today=dt.date(2026, 4, 2))

    assert summary["open"] == 2 and summary["missed"] == 1 and summary["reminders_sent"] == 1
    assert len(digests()) == 1 and outbox(late) == [] and outbox(on_time) == []

    with get_client(sync_client=True) as client:
        [artifact] = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])))
        table = json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data
        assert artifact.type == "table"
        by_id = {row["request_id"]: row for row in table}
        assert by_id[late]["risk"] == "overdue" and by_id[late]["days_left"] == -3
        assert by_id[on_time]["risk"] == "on_track"

        # Events reach the server through a websocket and are stored asynchronously: poll briefly.
        deadline = time.monotonic() + 20
        events: list = []
        while not events and time.monotonic() < deadline:
            events = _events(client, "woo.deadline.missed", f"woo.request.{late}")
            if not events:
                time.sleep(0.5)
    assert events, "the woo.deadline.missed event did not arrive at the test server within 20 s"
    event = events[0]
    assert event.payload["decision_due"] == "2026-03-30" and event.payload["days_left"] == -3
    assert event.resource["woo.request.number"].startswith("WOO-2026-")
