"""A burst of requests at production topology: N submitted at once, answered in bulk, all the way to publication.

Per server database (``--server-db postgres sqlite`` runs both, one after the other, and prints them side by
side): a Prefect server (its own database pool sized as the README's production section says), the store on
PostgreSQL, ``woo deploy`` (the production profile: pool ``woo`` with its limits), two ``prefect worker start
--pool woo`` processes. Then N requests are submitted at once (threads calling what ``woo submit`` calls: one in
ten received 24 days ago, so it goes to the ``urgent`` queue), and until every request is published: wait until
each one waits at a question (or is done), answer all waiting ones with one ``woo answer --file answers.jsonl``.

Printed: crashed / lost / duplicate runs, whether the numbers are gapless, letters sent twice, throughput,
p50/p95 per step (Prefect's task runs) and the orchestration overhead (time in Prefect vs time in our steps).

    .venv/bin/python benchmarks/burst.py [--n 200] [--server-db postgres sqlite] [--workers 2]

Needs PostgreSQL (``WOO_TEST_POSTGRES_URL`` or ``--postgres``, default ``postgresql://postgres@127.0.0.1:5432/
postgres``): throw-away databases are created there and dropped after. Figures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prefect_server import (  # the benchmarks' own helper, beside this file
    asyncpg_url,
    postgres_database,
    prefect_server,
    start_process,
    stop_process,
)

# The Prefect server's own database pool, as the README's production section sets it (Prefect's default: 5 + 10).
SERVER_POOL = {"PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE": "20",
               "PREFECT_SERVER_DATABASE_SQLALCHEMY_MAX_OVERFLOW": "20"}
WOO = [sys.executable, "-c", "from woo.cli import main; main()"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass
class Result:
    server_db: str
    n: int
    first_only: bool = False
    submit_wall: float = 0.0
    submit_each: list[float] = field(default_factory=list)
    first_question_wall: float = 0.0
    all_done_wall: float = 0.0
    rounds: list[str] = field(default_factory=list)
    bulk_seconds: list[float] = field(default_factory=list)
    submit_refused: int = 0
    crashed: int = 0
    failed: int = 0
    lost: int = 0
    duplicate_runs: int = 0
    duplicate_letters: int = 0
    numbers_gapless: bool = False
    numbers: int = 0
    published: int = 0
    steps: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    phases: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    in_steps: float = 0.0
    in_prefect: float = 0.0
    load: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def intake(i: int, today: dt.date) -> dict[str, Any]:
    received = today - dt.timedelta(days=24 if i % 10 == 0 else 3)
    return {"request": {"subject": f"Burst {i}", "description": f"Alle documenten over onderwerp {i}.",
                        "received_on": received.isoformat()},
            "requester": {"name": "Test Persoon", "email": f"verzoeker{i}@voorbeeld.nl"}}


def submit_one(i: int, today: dt.date) -> tuple[str, float, str | None]:
    """What ``woo submit`` does: store the intake, then start its run on the queue its decision date asks for.
    A submission the server still refuses after the client's retries is returned with the error, as the
    operator would see it (and submit again: the same intake is the same request, the run has its key)."""
    from woo.case import UnitOfWork
    from woo.cli.operate import start_run
    from woo.deadlines.request_dates import expected_decision_due
    from woo.process.intake import receive

    t0 = time.monotonic()
    request_id, _ = receive(UnitOfWork(), intake(i, today), documents=None, answers=None)
    due = expected_decision_due(UnitOfWork(), request_id, today=today)
    try:
        start_run(request_id, idempotency_key=request_id, decision_due=due)
    except Exception as exc:  # the figure to report: the server refused this submission
        return request_id, time.monotonic() - t0, f"{type(exc).__name__}: {str(exc)[:120]}"
    return request_id, time.monotonic() - t0, None


def rows() -> dict[str, Any]:
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        return {r.id: (r.status, r.waiting_for, r.waiting_flow_run_id, r.number, r.received_on)
                for r in s.query(RequestRow).all()}


def all_runs(client: Any) -> list[Any]:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags

    runs: list[Any] = []
    while True:
        page = client.read_flow_runs(flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=["woo"])),
                                     limit=200, offset=len(runs))
        runs.extend(page)
        if len(page) < 200:
            return runs


def answer_for(question: str, received: dt.date, today: dt.date) -> dict[str, Any] | None:
    from woo.demo import DECISION_SIGNER

    if question == "meeting":
        return {"outcome": "scope_confirmed", "held_on": min(received + dt.timedelta(days=1), today).isoformat(),
                "answered_by": "m.devries"}
    if question == "review":
        return {"accept_all": True, "answered_by": "m.devries"}
    if question == "sign_off":
        return {"approve": True, "signed_by": DECISION_SIGNER.user_id}
    return None


def wait_until_settled(client: Any, ids: set[str], result: Result, timeout: float, t0: float) -> dict[str, Any]:
    """Until every request is published or waits at a question whose run is suspended; prints progress."""
    last_print = 0.0
    deadline = time.monotonic() + timeout
    while True:
        store = {k: v for k, v in rows().items() if k in ids}
        runs = [r for r in all_runs(client) if any(t.startswith("woo:") for t in r.tags)]  # not the watch's
        states = {str(r.id): (r.state.type.value if r.state else "NONE") for r in runs}
        counts = Counter(states.values())
        waiting = {k for k, v in store.items() if v[1] and v[2] and states.get(v[2]) == "PAUSED"}
        done = {k for k, v in store.items() if v[0] == "published"}
        busy = ids - waiting - done
        now = time.monotonic()
        if now - last_print > 15 or not busy:
            load = os.getloadavg()[0]
            result.load.append(load)
            print(f"    t={now - t0:6.0f} s  waiting {len(waiting):4d}  published {len(done):4d}  busy {len(busy):4d}"
                  f"  | runs {dict(sorted(counts.items()))}  load {load:.1f}", flush=True)
            last_print = now
        if not busy:
            return store
        if now > deadline:
            result.problems.append(f"{len(busy)} requests made no progress within {timeout:.0f} s")
            return store
        time.sleep(2)


def bulk_answer(store: dict[str, Any], ids: set[str], env: dict[str, str], folder: Path, today: dt.date,
                result: Result) -> int:
    lines = []
    for request_id in sorted(ids):
        status, question, _, number, received = store[request_id]
        if status == "published" or not question:
            continue
        answer = answer_for(question, received, today)
        if answer is None:
            result.problems.append(f"{number}: unexpected question {question}")
            continue
        lines.append(json.dumps({"request": number or request_id, "question": question, "answer": answer}))
    if not lines:
        return 0
    file = folder / f"antwoorden-{len(result.rounds)}.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.monotonic()
    done = subprocess.run([*WOO, "answer", "--file", str(file)], env=env, capture_output=True, text=True)
    result.bulk_seconds.append(time.monotonic() - t0)
    summary = next((ln for ln in done.stdout.splitlines() if ln.startswith("Samenvatting")), done.stdout[-300:])
    questions = Counter(json.loads(ln)["question"] for ln in lines)
    result.rounds.append(f"{dict(questions)}: {summary} ({result.bulk_seconds[-1]:.1f} s)")
    print(f"    bulk answer {dict(questions)}: {summary} in {result.bulk_seconds[-1]:.1f} s", flush=True)
    if done.returncode != 0:
        result.problems.append(f"woo answer --file exited {done.returncode}: {done.stderr[-500:]}")
    return len(lines)


def analyse(client: Any, ids: set[str], result: Result) -> None:
    """Crashed/lost/duplicates, numbers, letters; per-step and per-phase times from Prefect's history."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from sqlalchemy import func, select

    from woo.store.db import session_scope
    from woo.store.models import OutboxRow

    runs = all_runs(client)
    by_request: dict[str, list[Any]] = defaultdict(list)
    for run in runs:
        tag = next((t for t in run.tags if t.startswith("woo:")), None)
        if tag and tag[4:] in ids:
            by_request[tag[4:]].append(run)
    store = rows()
    for request_id in ids:
        starts = [r for r in by_request.get(request_id, []) if r.idempotency_key == request_id]
        result.duplicate_runs += max(0, len(starts) - 1)
        # Lost: a request whose run never came, or that did not get where it should (publication, or with
        # --first-question-only its first question).
        arrived = (store[request_id][1] == "meeting" if result.first_only
                   else store[request_id][0] == "published")
        result.lost += not starts or not arrived
    result.published = sum(1 for k in ids if store[k][0] == "published")
    numbers = sorted(store[k][3] for k in ids if store[k][3])
    result.numbers = len(numbers)
    per_year: dict[str, list[int]] = defaultdict(list)
    for number in numbers:
        _, year, seq = number.split("-")
        per_year[year].append(int(seq))
    result.numbers_gapless = len(set(numbers)) == len(ids) and all(
        sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in per_year.values())
    with session_scope() as s:
        result.duplicate_letters = sum(c - 1 for (c,) in s.execute(
            select(func.count()).select_from(OutboxRow).group_by(OutboxRow.idempotency_key)) if c > 1)

    flow_runs = [r for rs in by_request.values() for r in rs]
    tasks: list[Any] = []
    for start in range(0, len(flow_runs), 50):
        chunk = [r.id for r in flow_runs[start:start + 50]]
        offset = 0
        while True:
            page = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=chunk)),
                                         limit=200, offset=offset)
            tasks.extend(page)
            offset += len(page)
            if len(page) < 200:
                break
    task_windows: dict[UUID, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for task in tasks:
        if task.start_time and task.end_time:
            seconds = (task.end_time - task.start_time).total_seconds()
            result.steps[task.name.rsplit("-", 1)[0]].append(seconds)
            task_windows[task.flow_run_id].append((task.start_time, task.end_time))
    for run in flow_runs:
        history = sorted(client.read_flow_run_states(run.id), key=lambda s: s.timestamp)
        types = [s.type.value for s in history]
        result.crashed += types.count("CRASHED")
        result.failed += types.count("FAILED")
        # Each stretch Scheduled → Pending → Running → Paused/Completed: waiting for a slot (the pool limit and
        # the worker's poll), starting the flow process, and the run itself, of which our steps are a part.
        scheduled = pending = running = None
        for state in history:
            kind = state.type.value
            if kind == "SCHEDULED":
                due = state.state_details.scheduled_time or state.timestamp
                scheduled, pending, running = max(due, state.timestamp), None, None
            elif kind == "PENDING" and scheduled:
                pending = state.timestamp
            elif kind == "RUNNING" and scheduled and pending:
                running = state.timestamp
            elif kind in ("PAUSED", "COMPLETED", "CRASHED", "FAILED") and scheduled and pending and running:
                queued = max(0.0, (pending - scheduled).total_seconds())
                starting = (running - pending).total_seconds()
                stretch = (state.timestamp - running).total_seconds()
                inside = sum((min(e, state.timestamp) - max(b, running)).total_seconds()
                             for b, e in task_windows[run.id] if e > running and b < state.timestamp)
                result.phases["queued for a slot (Scheduled→Pending)"].append(queued)
                result.phases["process start (Pending→Running)"].append(starting)
                result.phases["flow run (Running→question/end)"].append(stretch)
                result.phases["  of which outside our steps"].append(stretch - inside)
                result.in_steps += inside
                result.in_prefect += queued + starting + stretch - inside
                scheduled = pending = running = None


def run_burst(server_db: str, n: int, workers: int, pool_limit: int, worker_poll: int, postgres: str,
              timeout: float, first_only: bool = False) -> Result:
    result = Result(server_db, n, first_only)
    print(f"\n== Prefect server on {server_db}: {n} requests, {workers} workers, pool limit {pool_limit}", flush=True)
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="woo-burst-")))
        store_url = stack.enter_context(postgres_database(postgres, "woo_burst"))
        if server_db == "postgres":
            server_url = asyncpg_url(stack.enter_context(postgres_database(postgres, "prefect_burst")))
        else:
            server_url = f"sqlite+aiosqlite:///{tmp / 'prefect.db'}"
        api = stack.enter_context(prefect_server(server_url, tmp / "server", env=SERVER_POOL))
        from woo.demo import demo_environment

        env = {**os.environ, **demo_environment(), "PREFECT_API_URL": api, "PREFECT_HOME": str(tmp / "client"),
               "WOO_HOME": str(tmp / "woo-home"), "WOO_DATABASE_URL": store_url, "WOO_WORK_POOL": "woo",
               "WOO_WORK_POOL_LIMIT": str(pool_limit), "PREFECT_CLIENT_RETRY_EXTRA_CODES": "500",
               "PREFECT_WORKER_QUERY_SECONDS": str(worker_poll),
               "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml")}
        os.environ.update(env)
        from woo.settings import reset_settings
        from woo.store.db import dispose_engines

        reset_settings()
        dispose_engines()
        stack.callback(dispose_engines)
        deployed = subprocess.run([*WOO, "deploy"], env=env, capture_output=True, text=True)
        if deployed.returncode != 0:
            raise SystemExit(f"woo deploy failed:\n{deployed.stdout}\n{deployed.stderr}")
        for i in range(workers):
            proc = start_process([sys.executable, "-m", "prefect", "worker", "start", "--pool", "woo",
                                  "--name", f"burst-{i}"], env, tmp / f"worker-{i}.log")
            stack.callback(stop_process, proc)
        today = dt.date.today()
        from prefect import get_client

        with get_client(sync_client=True) as client:
            t0 = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(max_workers=min(n, 32)) as pool:
                submitted = list(pool.map(lambda i: submit_one(i, today), range(1, n + 1)))
            result.submit_wall = time.monotonic() - t0
            result.submit_each = [s for _, s, _ in submitted]
            ids = {r for r, _, _ in submitted}
            refused = [(i, error) for i, (_, _, error) in enumerate(submitted, start=1) if error]
            result.submit_refused = len(refused)
            print(f"    submitted {n} in {result.submit_wall:.1f} s; refused after the client's retries: "
                  f"{len(refused)} {sorted(Counter(e.split(':')[0] + e.split(':')[1][:40] for _, e in refused))}",
                  flush=True)
            for i, _ in refused:  # the operator submits them again, one by one
                while submit_one(i, today)[2]:
                    time.sleep(5)
            for round_no in range(8):
                store = wait_until_settled(client, ids, result, timeout, t0)
                if round_no == 0:
                    result.first_question_wall = time.monotonic() - t0
                if all(v[0] == "published" for k, v in store.items()) or result.problems or first_only:
                    break
                if not bulk_answer(store, ids, env, tmp, today, result):
                    break
            result.all_done_wall = time.monotonic() - t0
            analyse(client, ids, result)
        for i in range(workers):
            log = (tmp / f"worker-{i}.log").read_text(errors="replace")
            if "Traceback" in log:
                result.problems.append(f"worker {i} logged a traceback: {log[log.find('Traceback'):][:300]}")
        server_log = (tmp / "server" / "server.log").read_text(errors="replace")
        if "QueuePool limit" in server_log:
            result.problems.append("the Prefect server ran out of its database pool (QueuePool limit)")
    return result


def report(results: list[Result]) -> None:
    cols = [r.server_db for r in results]
    print("\n| | " + " | ".join(cols) + " |\n|---|" + "--:|" * len(cols))

    def row(label: str, values: list[str]) -> None:
        print(f"| {label} | " + " | ".join(values) + " |")

    row("requests", [f"{r.n}{' (to first question)' if r.first_only else ''}" for r in results])
    row("crashed / failed runs", [f"{r.crashed} / {r.failed}" for r in results])
    row("lost (not where they should be)", [str(r.lost) for r in results])
    row("duplicate runs / letters", [f"{r.duplicate_runs} / {r.duplicate_letters}" for r in results])
    row("numbers gapless", [f"{'yes' if r.numbers_gapless else 'NO'} ({r.numbers})" for r in results])
    row("published", [str(r.published) for r in results])
    row("submit all (wall, s)", [f"{r.submit_wall:.1f}" for r in results])
    row("submissions refused after retries", [str(r.submit_refused) for r in results])
    row("submit one p50 / p95 (s)", [f"{pct(r.submit_each, 50):.2f} / {pct(r.submit_each, 95):.2f}"
                                     for r in results])
    row("all at first question (s)", [f"{r.first_question_wall:.0f}" for r in results])
    row("all published (s)", [f"{r.all_done_wall:.0f}" for r in results])
    row("throughput (published/min)", [f"{60 * r.published / r.all_done_wall:.1f}" if r.all_done_wall else "-"
                                       for r in results])
    row("bulk answer rounds (s)", [" + ".join(f"{s:.0f}" for s in r.bulk_seconds) for r in results])
    steps = sorted({s for r in results for s in r.steps})
    for step in steps:
        row(f"step {step} p50 / p95 (s)", [f"{pct(r.steps[step], 50):.2f} / {pct(r.steps[step], 95):.2f}"
                                          if r.steps.get(step) else "-" for r in results])
    phases = list(dict.fromkeys(p for r in results for p in r.phases))  # in the order a run goes through them
    for phase in phases:
        row(f"{phase} p50 / p95 (s)", [f"{pct(r.phases[phase], 50):.1f} / {pct(r.phases[phase], 95):.1f}"
                                       if r.phases.get(phase) else "-" for r in results])
    row("time in our steps (s, summed)", [f"{r.in_steps:.0f}" for r in results])
    row("time in Prefect (s, summed)", [f"{r.in_prefect:.0f}" for r in results])
    row("orchestration share", [f"{100 * r.in_prefect / (r.in_prefect + r.in_steps):.0f}%"
                                if r.in_prefect + r.in_steps else "-" for r in results])
    row("load avg (median / max)", [f"{statistics.median(r.load):.1f} / {max(r.load):.1f}" if r.load else "-"
                                    for r in results])
    for r in results:
        for problem in r.problems:
            print(f"PROBLEM ({r.server_db}): {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="requests submitted at once (default 200)")
    parser.add_argument("--server-db", nargs="+", choices=["postgres", "sqlite"], default=["postgres", "sqlite"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool-limit", type=int, default=4, help="WOO_WORK_POOL_LIMIT (the profile's default 4)")
    parser.add_argument("--worker-poll", type=int, default=10, help="PREFECT_WORKER_QUERY_SECONDS (Prefect's 10)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per round before giving up")
    parser.add_argument("--first-question-only", action="store_true",
                        help="stop when all wait at their first question (the burst itself), no answers")
    parser.add_argument("--postgres", default=os.environ.get("WOO_TEST_POSTGRES_URL")
                        or "postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    print(f"load before: {os.getloadavg()}; cores: {os.cpu_count()}")
    results = []
    for db in args.server_db:
        results.append(run_burst(db, args.n, args.workers, args.pool_limit, args.worker_poll, args.postgres,
                                 args.timeout, args.first_question_only))
        report(results[-1:])  # each as soon as it is measured
    if len(results) > 1:
        report(results)
    bad = any(r.submit_refused or r.crashed or r.failed or r.lost or r.duplicate_runs or r.duplicate_letters
              or not r.numbers_gapless or r.problems for r in results)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
