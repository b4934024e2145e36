"""Submitting a run backs off on a busy Prefect server: a 500 (what a server whose own database pool ran out
answers, issue 14) is retried with backoff, and a 500 sent after the server did create the run makes no second
run. A small HTTP stub stands in front of a real Prefect server and spoils chosen answers."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration


class Stub:
    """A proxy to ``upstream`` that answers 500 to the first ``failures`` POSTs ending in ``path_end``, either
    without passing them on (``forward=False``) or after the server handled them (``forward=True``)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.path_end, self.failures, self.forward = "", 0, False
        self.seen: list[tuple[str, str, int]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                spoil = self.command == "POST" and self.path.endswith(stub.path_end) and stub.failures > 0
                if spoil:
                    stub.failures -= 1
                if spoil and not stub.forward:
                    return self._reply(500, b'{"detail":"QueuePool limit reached"}', {}, spoil)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                with httpx.Client(timeout=60) as client:
                    up = client.request(self.command, stub.upstream + self.path, content=body, headers=headers)
                if spoil:
                    return self._reply(500, b'{"detail":"Internal Server Error"}', {}, spoil)
                self._reply(up.status_code, up.content, dict(up.headers), spoil)

            def _reply(self, code: int, content: bytes, headers: dict[str, str], spoiled: bool) -> None:
                stub.seen.append((self.command, self.path, code))
                self.send_response(code)
                for key, value in headers.items():
                    if key.lower() not in ("content-length", "transfer-encoding", "content-encoding", "connection"):
                        self.send_header(key, value)
                self.send_header("Content-Type", headers.get("content-type", "application/json"))
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def spoiled(self) -> list[tuple[str, str, int]]:
        return [s for s in self.seen if s[2] == 500]


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


@pytest.fixture
def stub(upstream: str, woo_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stub]:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from woo.deployments.production import Profile, deploy

    # The client's own settings, not the CLI's: start_request_run must add 500 itself.
    monkeypatch.delenv("PREFECT_CLIENT_RETRY_EXTRA_CODES", raising=False)
    with get_client(sync_client=True) as client:
        deploy(client, Profile())
    proxy = Stub(upstream.removesuffix("/api"))
    with temporary_settings(updates={PREFECT_API_URL: proxy.url + "/api"}):
        yield proxy
    proxy.server.shutdown()


def _request(n: int) -> str:
    from woo.case import UnitOfWork
    from woo.process.intake import receive

    request_id, _ = receive(UnitOfWork(), {
        "request": {"subject": f"Plein {n}", "description": f"Alle documenten ({n}).",
                    "received_on": dt.date.today().isoformat()},
        "requester": {"name": "Jolanda Jansen", "email": "jolanda@voorbeeld.nl"}}, documents=None, answers=None)
    return request_id


def _runs_of(request_id: str) -> list[object]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags

    with get_client(sync_client=True) as client:
        return list(client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[f"woo:{request_id}"]))))


def test_a_500_before_the_server_stored_anything_is_retried_with_backoff(stub: Stub):
    from woo.deployments.runs import start_request_run

    request_id = _request(1)
    stub.path_end, stub.failures, stub.forward = "/create_flow_run", 2, False
    started = dt.datetime.now()
    run_id = start_request_run(request_id, idempotency_key=request_id)
    waited = (dt.datetime.now() - started).total_seconds()

    assert len(stub.spoiled()) == 2  # both 500s were seen by the client, which tried again
    assert waited >= 2  # and it backed off (2 s, then 4 s, with jitter) instead of hammering the server
    assert [r.id for r in _runs_of(request_id)] == [run_id]  # type: ignore[attr-defined]


def test_a_500_after_the_server_created_the_run_makes_no_second_run(stub: Stub):
    from woo.deployments.runs import start_request_run

    request_id = _request(2)
    stub.path_end, stub.failures, stub.forward = "/create_flow_run", 1, True
    run_id = start_request_run(request_id, idempotency_key=request_id)

    assert len(stub.spoiled()) == 1
    runs = _runs_of(request_id)
    assert [r.id for r in runs] == [run_id]  # type: ignore[attr-defined]


def test_a_server_that_refuses_connections_for_a_moment_is_tried_again():
    from woo.deployments.runs import with_connect_retries

    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise httpx.ConnectError("connection refused")
        return "ok"

    assert with_connect_retries(flaky, backoff=(0.01, 0.01, 0.01)) == "ok" and len(calls) == 3
    with pytest.raises(httpx.ConnectError):
        with_connect_retries(lambda: (_ for _ in ()).throw(httpx.ConnectError("weg")), backoff=(0.01,))
