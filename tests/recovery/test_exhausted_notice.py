"""When self-healing gives up on a request's run, the process owner gets a Dutch notice on the webhook channel."""

from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Any

import pytest

pytestmark = pytest.mark.integration


def test_a_run_given_up_on_is_told_to_the_process_owner_in_dutch() -> None:
    from prefect.events import emit_event
    from prefect.testing.utilities import prefect_test_harness

    from woo.deployments.automations import ensure_deadline_automation

    received: list[dict[str, Any]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with prefect_test_harness(server_startup_timeout=120):
            assert ensure_deadline_automation(f"http://127.0.0.1:{server.server_address[1]}/melding") is not None
            emit_event(event="woo.run.recovery-exhausted",
                       resource={"prefect.resource.id": "woo.request.wr-0123456789",
                                 "prefect.resource.name": "WOO-2026-0042", "woo.request.number": "WOO-2026-0042"},
                       payload={"flow_run_id": "0b9e4a52-1d4c-4f43-9a57-5b3a8c1e2f10", "reason": "crashed",
                                "attempt": 3, "max_retries": 3, "from_state": "crashed"})
            deadline = time.monotonic() + 90
            while not received and time.monotonic() < deadline:
                time.sleep(0.5)
    finally:
        server.shutdown()
    assert received, "no notice arrived"
    assert received[0]["onderwerp"] == "Woo-verzoek WOO-2026-0042: automatisch herstel opgegeven"
    assert "na 3 automatische herstart(s) niet opnieuw ingepland" in received[0]["tekst"]
    assert "woo rerun" in received[0]["tekst"]
