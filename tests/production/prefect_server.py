"""A real Prefect server in a subprocess, on a database of the caller's choosing (PostgreSQL here)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def asyncpg_url(url: str) -> str:
    """``postgresql://…`` as the Prefect server's driver wants it."""
    return "postgresql+asyncpg://" + url.split("://", 1)[1]


@contextmanager
def prefect_server(database_url: str, home: Path, *, env: dict[str, str] | None = None,
                   startup_timeout: float = 180) -> Iterator[tuple[str, Path]]:
    """Start ``prefect server start`` on a free port; yields its API URL and its log file; stops it after."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log = home / "server.log"
    server_env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_DATABASE_CONNECTION_URL": database_url,
                  "PREFECT_UI_ENABLED": "false", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                  "PREFECT_LOGGING_LEVEL": "INFO", **(env or {})}
    server_env.pop("PREFECT_API_URL", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"Prefect server stopped at start-up:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Prefect server did not start in {startup_timeout} s:\n{log.read_text()[-3000:]}")
            time.sleep(1)
        yield api, log
    finally:
        # Only the process group this helper started.
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
