"""The operator's workbench for browser tests: ``prefect server start`` with its UI and ``woo serve`` (with its review
page) against it. A module of its own (not ``conftest``) so tests can import :class:`Workbench` by a unique name."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from browser import CHROMIUM
from served_prefect import _free_port, _stop, wait_for


@dataclass(frozen=True)
class Workbench:
    ui: str  # the Prefect UI
    api: str
    review: str  # the review page served by ``woo serve``
    logs: Path


@pytest.fixture
def workbench(woo_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              request: pytest.FixtureRequest) -> Iterator[Workbench]:
    """``prefect server start`` (with its UI) and ``woo serve`` (with the review page on a free port).

    The server keeps its state on PostgreSQL when the tests have one (CI does), as in production: on SQLite the
    server's own background services and the resume the operator clicks compete for one writer, and a
    "database is locked" there leaves the run paused (Prefect's known SQLite limit, see prefect-notes).
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's chromium package "
                    "(apt-get install chromium; .ci/run installs it)")
    pytest.importorskip("playwright.sync_api")
    import httpx

    port, review_port = _free_port(), _free_port()
    ui, api = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/api"
    review = f"http://127.0.0.1:{review_port}"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": api,
           "PREFECT_UI_URL": ui, "WOO_HOME": str(woo_home), "PREFECT_RUNNER_POLL_FREQUENCY": "1",
           "WOO_REVIEW_PORT": str(review_port), "WOO_REVIEW_URL": review,
           "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml")}
    if os.environ.get("WOO_TEST_POSTGRES_URL"):
        database = request.getfixturevalue("postgres_url")
        env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = "postgresql+asyncpg://" + database.split("://", 1)[1]
    for key in ("PREFECT_HOME", "PREFECT_API_URL", "PREFECT_UI_URL", "WOO_REVIEW_URL", "WOO_OFFICIALS_FILE"):
        monkeypatch.setenv(key, env[key])
    from woo.settings import reset_settings

    reset_settings()
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=(tmp_path / "server.log").open("ab"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    runner = None

    def healthy() -> bool:
        try:
            return httpx.get(f"{api}/health", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for("the Prefect server", healthy, timeout=240)
        runner = subprocess.Popen([sys.executable, "-c", "from woo.cli import main; main()", "serve"], env=env,
                                  stdout=(tmp_path / "serve.log").open("ab"), stderr=subprocess.STDOUT,
                                  start_new_session=True)
        # The environment alone is not enough in a long session: a settings context left by an earlier test
        # (a harness) wins over it, and this process would talk to a temporary server of its own.
        from prefect import get_client
        from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api, PREFECT_UI_URL: ui}):
            def deployed() -> bool:
                try:
                    with get_client(sync_client=True) as client:
                        client.read_deployment_by_name("woo-request/woo-request")
                    return True
                except Exception:
                    return False

            wait_for("the served deployment", deployed, timeout=240)
            yield Workbench(ui=ui, api=api, review=review, logs=tmp_path)
    finally:
        if runner is not None:
            _stop(runner)
        _stop(server)
        reset_settings()
        for log in ("server.log", "serve.log"):
            if (tmp_path / log).exists():  # shown by pytest when the test failed
                print(log, (tmp_path / log).read_text(errors="replace")[-6000:])
