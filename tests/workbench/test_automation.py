"""``woo serve`` sets up (once) an automation that posts a notice when a request's deadline is at risk."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A local HTTP endpoint that records what is posted to it."""
    received: list[dict[str, Any]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(json.loads(body or b"{}"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/melding", received
    server.shutdown()


def test_the_automation_is_set_up_once_and_posts_a_dutch_notice(prefect_server, webhook):
    from prefect import get_client
    from prefect.events import emit_event

    from woo.deployments.automations import AUTOMATION_NAME, ensure_deadline_automation

    url, received = webhook
    first = ensure_deadline_automation(url)
    second = ensure_deadline_automation(url)
    assert first is not None and first == second
    with get_client(sync_client=True) as client:
        assert len(client.read_automations_by_name(AUTOMATION_NAME)) == 1

    emit_event(event="woo.deadline.at-risk",
               resource={"prefect.resource.id": "woo.request.wr-0123456789", "prefect.resource.name": "WOO-2026-0042",
                         "woo.request.number": "WOO-2026-0042"},
               payload={"decision_due": "2026-12-03", "days_left": 4, "checked_on": "2026-11-29"})
    deadline = time.monotonic() + 90
    while not received and time.monotonic() < deadline:
        time.sleep(0.5)
    assert received, "no notice arrived"
    notice = received[0]
    assert notice["onderwerp"] == "Woo-termijn in gevaar: WOO-2026-0042"
    assert "uiterlijk 2026-12-03" in notice["tekst"] and "nog 4 dag(en)" in notice["tekst"]


def test_without_a_webhook_nothing_is_set_up(prefect_server, woo_home, monkeypatch):
    from woo.deployments.automations import ensure_deadline_automation

    monkeypatch.delenv("WOO_NOTIFY_WEBHOOK", raising=False)
    assert ensure_deadline_automation() is None


def test_woo_serve_leaves_self_healing_off_by_default(prefect_server, woo_home, monkeypatch):
    """Off by default: on a SQLite Prefect server the automations' writes for every run event lock the database."""
    from prefect import get_client

    from woo.deployments import RECOVERY
    from woo.deployments.automations import RECOVER_CRASHED, STALLED_PENDING, STALLED_RUNNING
    from woo.deployments.serve import deployments, prepare
    from woo.settings import reset_settings

    monkeypatch.delenv("WOO_SERVE_SELF_HEALING", raising=False)
    reset_settings()
    ids = prepare(deployments())
    assert RECOVERY.full_name in ids  # served all the same: the sweep can be started by hand
    with get_client(sync_client=True) as client:
        assert all(not client.read_automations_by_name(name)
                   for name in (STALLED_PENDING, STALLED_RUNNING, RECOVER_CRASHED))


def test_woo_serve_sets_up_self_healing_once_when_asked(prefect_server, woo_home, monkeypatch):
    """With WOO_SERVE_SELF_HEALING, `woo serve` registers the recovery sweep beside the request flow and the watch,
    and the automations that mark a dead process's runs Crashed and start the sweep, as `woo deploy` does; twice
    changes nothing."""
    from prefect import get_client

    from woo.deployments import RECOVERY, REQUEST, WATCH
    from woo.deployments.automations import RECOVER_CRASHED, STALLED_PENDING, STALLED_RUNNING
    from woo.deployments.serve import deployments, prepare
    from woo.settings import reset_settings

    monkeypatch.setenv("WOO_SERVE_SELF_HEALING", "1")
    reset_settings()
    first = prepare(deployments())
    assert prepare(deployments()) == first
    assert set(first) == {REQUEST.full_name, WATCH.full_name, RECOVERY.full_name}
    with get_client(sync_client=True) as client:
        for name in (STALLED_PENDING, STALLED_RUNNING, RECOVER_CRASHED):
            [automation] = client.read_automations_by_name(name)
            # Each watches the served request deployment's runs only.
            assert str(first[REQUEST.full_name]) in automation.model_dump_json()
        [recover] = client.read_automations_by_name(RECOVER_CRASHED)
        assert str(first[RECOVERY.full_name]) in recover.model_dump_json()
