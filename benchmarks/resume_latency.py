"""How long a person waits: submit → first question, and answer → next question, on a served deployment.

Starts a throw-away Prefect server, `woo serve` with a given runner poll interval, and walks N requests
through their first two questions (meeting, then review), timing from the API call until the run is
suspended again at the next form. The run's state history splits each wait into: until the runner picks the
run up (poll), until the flow process runs (process start), and the flow's own work up to the form.

    .venv/bin/python benchmarks/resume_latency.py [--requests 8] [--poll 10 1]

Figures go to stdout (p50/p95 per poll interval); see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any
from uuid import UUID


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _paused(client: Any, run_id: UUID, not_key: str | None) -> str | None:
    state = client.read_flow_run(run_id).state
    if state is not None and state.type.value == "PAUSED" and state.state_details.pause_key != not_key:
        return state.state_details.pause_key
    return None


def _wait_paused(client: Any, run_id: UUID, not_key: str | None, timeout: float = 120) -> tuple[float, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        key = _paused(client, run_id, not_key)
        if key:
            return time.monotonic(), key
        time.sleep(0.05)
    raise SystemExit(f"run {run_id} did not reach a new question within {timeout} s")


def _phases(client: Any, run_id: UUID, since: dt.datetime) -> dict[str, float]:
    """Seconds from the request (``since``) to the runner's pick-up (Pending), the process (Running), the form."""
    states = sorted((s for s in client.read_flow_run_states(run_id) if s.timestamp >= since),
                    key=lambda s: s.timestamp)
    at = {s.type.value: s.timestamp for s in reversed(states)}  # the first of each type after `since`
    pending, running, paused = at.get("PENDING"), at.get("RUNNING"), at.get("PAUSED")
    if not (pending and running and paused):
        return {}
    return {"poll": (pending - since).total_seconds(), "start": (running - pending).total_seconds(),
            "work": (paused - running).total_seconds()}


def _brief(phases: dict[str, float]) -> str:
    return "(" + ", ".join(f"{k} {v:.1f}" for k, v in phases.items()) + ")" if phases else ""


def measure(poll: int, requests: int, api: str, home: Path, log: Path) -> dict[str, list[float]]:
    from prefect import get_client

    from woo.case import UnitOfWork
    from woo.deployments.runs import start_request_run
    from woo.flows.asking import resume_with_answer
    from woo.process.intake import receive

    env = {**os.environ, "PREFECT_API_URL": api, "WOO_HOME": str(home), "PREFECT_RUNNER_POLL_FREQUENCY": str(poll),
           "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml")}
    serve = subprocess.Popen([sys.executable, "-c", "from woo.cli import main; main()", "serve"], env=env,
                             stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
    out: dict[str, list[float]] = {k: [] for k in ("submit", "answer", "submit.poll", "submit.start", "submit.work",
                                                   "answer.poll", "answer.start", "answer.work")}
    try:
        with get_client(sync_client=True) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    client.read_deployment_by_name("woo-request/woo-request")
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
            time.sleep(poll + 1)  # the runner's first poll is behind us: a warm runner, as in production
            received = dt.date.today() - dt.timedelta(days=7)
            for i in range(requests):
                intake = {"request": {"subject": "Meting", "description": f"Benchmark {poll}/{i} {time.time()}",
                                      "received_on": received.isoformat()},
                          "requester": {"name": "Test Persoon", "email": "test@voorbeeld.nl"}}
                request_id, _ = receive(UnitOfWork(), intake, documents=None, answers=None)
                since = dt.datetime.now(dt.UTC)
                t0 = time.monotonic()
                run_id = start_request_run(request_id, idempotency_key=f"bench-{request_id}")
                t1, key = _wait_paused(client, run_id, None)
                out["submit"].append(t1 - t0)
                first = _phases(client, run_id, since)
                for phase, value in first.items():
                    out[f"submit.{phase}"].append(value)
                since = dt.datetime.now(dt.UTC)
                t2 = time.monotonic()
                resume_with_answer(run_id, {"held_on": (received + dt.timedelta(days=1)).isoformat(),
                                            "outcome": "scope_confirmed", "answered_by": "m.devries"})
                t3, _ = _wait_paused(client, run_id, key)
                out["answer"].append(t3 - t2)
                second = _phases(client, run_id, since)
                for phase, value in second.items():
                    out[f"answer.{phase}"].append(value)
                print(f"  poll {poll:>2} s, request {i + 1}: submit → question {t1 - t0:5.2f} s {_brief(first)}; "
                      f"answer → next question {t3 - t2:5.2f} s {_brief(second)}; load {os.getloadavg()[0]:.1f}",
                      flush=True)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(20)
        except subprocess.TimeoutExpired:  # the runner may wait on runs that will never finish
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait(10)
    return out


def import_seconds() -> tuple[float, float, str]:
    """What each flow run process pays before the flow starts: Python, Prefect and the project imported (wall and
    CPU seconds, and which heavy libraries that import loaded)."""
    import resource

    code = ("import sys, woo.flows.woo_request\n"
            "print(','.join(m for m in ('prefect', 'pymupdf', 'pypdfium2', 'weasyprint', 'openpyxl', 'lxml')"
            " if m in sys.modules))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--poll", type=int, nargs="+", default=[10, 1])
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    for _ in range(3):
        wall, cpu, heavy = import_seconds()
        print(f"importing the flow in a fresh process: {wall:.2f} s wall, {cpu:.2f} s CPU (loads {heavy}); "
              f"load {os.getloadavg()[0]:.1f}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp, prefect_test_harness(server_startup_timeout=120):
        api = str(PREFECT_API_URL.value())
        for poll in args.poll:
            home = Path(tmp) / f"home-{poll}"
            os.environ["WOO_HOME"] = str(home)
            from woo.settings import reset_settings
            from woo.store.db import dispose_engines

            reset_settings()
            dispose_engines()
            results[poll] = measure(poll, args.requests, api, home, Path(tmp) / f"serve-{poll}.log")
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("\n| poll interval | measure | p50 (s) | p95 (s) | max (s) |\n|---|---|--:|--:|--:|")
    for poll, out in results.items():
        for name, values in out.items():
            if values:
                print(f"| {poll} s | {name} | {statistics.median(values):.2f} | {_pct(values, 95):.2f} | "
                      f"{max(values):.2f} |")


if __name__ == "__main__":
    main()
