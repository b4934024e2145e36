"""A real Prefect server with its own PREFECT_HOME (so its SQLite file can be dumped) and ``woo serve`` against it.

A module of its own (not ``conftest``) so tests can import its helpers by a name no other test folder uses.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest


@dataclass(frozen=True)
class PrefectServer:
    api_url: str
    home: Path

    @property
    def database(self) -> Path:
        return self.home / "prefect.db"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check: Callable[[], Any], timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[PrefectServer]:
    """``prefect server start`` on SQLite under a PREFECT_HOME of its own; the test process talks to it."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    home = tmp_path / "prefect-home"
    home.mkdir()
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    env.pop("PREFECT_SERVER_DATABASE_CONNECTION_URL", None)
    env.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
    log = (tmp_path / "prefect-server.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_for("the Prefect server", lambda: _healthy(api_url), timeout=120)
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield PrefectServer(api_url=api_url, home=home)
    finally:
        _stop(proc)
        log.close()


class Served:
    """``woo serve`` in its own process group."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", "from woo.cli import main; main()", "serve"],
                                     env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)


@pytest.fixture
def served(prefect_server: PrefectServer, woo_home: Path, tmp_path: Path) -> Iterator[Served]:
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    env = {**os.environ, "PREFECT_API_URL": prefect_server.api_url, "WOO_HOME": str(woo_home),
           "PREFECT_RUNNER_POLL_FREQUENCY": "1",
           "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml")}
    srv = Served(env, tmp_path / "serve.log")
    srv.start()

    def deployed() -> bool:
        with get_client(sync_client=True) as client:
            try:
                client.read_deployment_by_name("woo-request/woo-request")
            except ObjectNotFound:
                return False
        return True

    wait_for("the served deployment", deployed, timeout=120)
    yield srv
    srv.stop()
    # Shown by pytest only when the test failed.
    print(srv.log.read_text(errors="replace")[-20000:])
