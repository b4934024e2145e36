"""The deadline watch and ``woo deadlines`` over a big backlog of open requests (run by hand).

    .venv/bin/python benchmarks/deadline_watch.py                          # 100,000 requests, SQLite and PostgreSQL
    .venv/bin/python benchmarks/deadline_watch.py --n 10000 --backend sqlite
    WOO_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/deadline_watch.py

Generates ``--n`` open requests straight into a fresh store (bulk inserts, as registration would have left them:
number, requester, stored dates, the flag of yesterday's watch), received over the last 90 days: 10% extended,
3% with a suspension still open (their dates move every day), and in the extension window every request has its
work done except a share (``--at-risk-share``) that the watch must extend, with a real letter each. Then, each in a
fresh process so memory is the process's own:

- ``woo deadlines`` as a user runs it (wall time including start-up, peak RSS);
- the watch's selection: recomputing what can have moved, the extension candidates, reading every row;
- the full watch for the day (extensions, one digest, changed flags audited), and a second run the same day.

PostgreSQL: a database ``woo_bench_<pid>`` is created on ``WOO_TEST_POSTGRES_URL``'s server and dropped after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 6, 2)  # a Tuesday
_WORK = ("collect", "consult", "redact", "decide")


def generate(n: int, at_risk_share: float, seed: int = 14) -> dict[str, int]:
    """Fill the configured store with ``n`` open requests; returns what was made."""
    from sqlalchemy import insert

    from woo.deadlines import compute_deadlines, risk
    from woo.deadlines.extension import ExtensionRules, working_days_left
    from woo.settings import get_settings
    from woo.store.db import get_engine
    from woo.store.models import RequesterRow, RequestRow, StepRow, SuspensionRow

    rng = random.Random(seed)
    engine = get_engine()
    warn = get_settings().deadline_warn_days
    yesterday = TODAY - dt.timedelta(days=1)
    rules = ExtensionRules()
    cache: dict[tuple[dt.date, bool, dt.date | None], tuple[dt.date, dt.date]] = {}
    made = {"requests": 0, "extended": 0, "suspended": 0, "in_window": 0, "at_risk": 0}
    requests: list[dict[str, object]] = []
    requesters: list[dict[str, object]] = []
    steps: list[dict[str, object]] = []
    suspensions: list[dict[str, object]] = []
    now = dt.datetime.now(dt.UTC)

    def flush() -> None:
        with engine.begin() as conn:
            for table, rows in ((RequestRow, requests), (RequesterRow, requesters), (StepRow, steps),
                                (SuspensionRow, suspensions)):
                if rows:
                    conn.execute(insert(table), rows)
                    rows.clear()

    for i in range(n):
        received = TODAY - dt.timedelta(days=rng.randint(1, 90))
        extended = rng.random() < 0.10
        suspended_from = received + dt.timedelta(days=3) if rng.random() < 0.03 else None
        key = (received, extended, suspended_from)
        if key not in cache:
            zw = [(suspended_from, yesterday)] if suspended_from and suspended_from <= yesterday else []
            d = compute_deadlines(received, zienswijze=zw, extended=extended)
            cache[key] = (d.decision_due, d.extension_notice_due)
        due, notice = cache[key]
        rid = f"wr-bench{i:07d}"
        r = risk(due, yesterday, warn_days=warn)
        flag = {"overdue": "missed", "due_soon": "at-risk", "due_today": "at-risk"}.get(str(r))
        requests.append({
            "id": rid, "intake_sha256": f"{i:064d}", "intake": {"request": {"subject": f"Onderwerp {i}"}},
            "status": "in_progress", "number": f"WOO-B-{i:07d}", "subject": f"Onderwerp {i}",
            "received_on": received, "decision_due": due, "extension_notice_due": notice,
            "dates_on": yesterday, "extended": extended, "deadline_flag": flag, "reruns": 0,
            "created_at": now, "updated_at": now})
        requesters.append({"request_id": rid, "name": f"Verzoeker {i}", "email": f"verzoeker{i}@voorbeeld.nl"})
        made["requests"] += 1
        made["extended"] += extended
        if suspended_from and suspended_from <= yesterday:
            made["suspended"] += 1
            suspensions.append({"request_id": rid, "kind": "zienswijze", "start": suspended_from, "end": None,
                                "reason": "zienswijze gevraagd", "legal_basis": "Woo 4.4(3)"})
        in_window = (not extended and notice >= TODAY
                     and working_days_left(TODAY, notice) <= rules.extend_within_working_days + 3)
        if in_window:
            made["in_window"] += 1
            if rng.random() < at_risk_share:
                made["at_risk"] += 1  # no work done: the watch extends it and writes the requester
            else:
                steps += [{"request_id": rid, "step": s, "status": "done", "result": {}, "completed_at": now}
                          for s in _WORK]
        if len(requests) >= 5000:
            flush()
    flush()
    return made


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(what: str) -> None:
    """One measurement in this (fresh) process; prints a JSON line."""
    from woo.case import UnitOfWork
    from woo.deadlines.extension import ExtensionRules
    from woo.deadlines.watch import ROWS_LISTED, _recompute, _select, _weigh, _window_end, watch
    from woo.settings import get_settings

    out: dict[str, object] = {"what": what}
    uow = UnitOfWork()
    if what == "selection":
        warn, rules = get_settings().deadline_warn_days, ExtensionRules()
        with uow:
            pass  # connect and migrate before timing
        start, cpu = time.perf_counter(), time.process_time()
        fresh, problems, before = _recompute(uow, TODAY, store=False)
        t_dates = time.perf_counter() - start
        decided, to_extend = _weigh(uow, TODAY, _window_end(TODAY, warn, rules), rules, set(problems))
        t_weigh = time.perf_counter() - start - t_dates
        rows, counts = _select(uow, TODAY, warn, limit=ROWS_LISTED, fresh=fresh, before=before, skip=problems)
        with uow:
            changed = uow.requests.changed_flags(TODAY, warn)
        total = time.perf_counter() - start
        out.update(seconds=round(total, 2), cpu_s=round(time.process_time() - cpu, 2), dates_s=round(t_dates, 2),
                   weigh_s=round(t_weigh, 2), rows_s=round(total - t_dates - t_weigh, 2),
                   recomputed=len(fresh), weighed=len(decided) + len(to_extend), to_extend=len(to_extend),
                   open=counts["open"], listed=len(rows), changed=len(changed))
    else:
        with uow:
            pass
        start, cpu = time.perf_counter(), time.process_time()
        report = watch(uow, TODAY)
        summary = report.summary()
        out.update(seconds=round(time.perf_counter() - start, 2), cpu_s=round(time.process_time() - cpu, 2),
                   open=summary["open"], at_risk=summary["at_risk"],
                   missed=summary["missed"], newly_flagged=summary["newly_flagged"],
                   digests=summary["reminders_sent"], checks=summary["extension_checks"],
                   recomputed=summary["dates_recomputed"], extended=len(summary["extended"]),
                   problems=summary["problems"])
    out["peak_rss_mb"] = round(_rss_mb())
    print(json.dumps(out))


def _run(env: dict[str, str], *args: str) -> tuple[float, float, str, float]:
    """Run a command; wall seconds, the child's peak RSS (MB), its stdout and its CPU seconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{args} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, max(usage.ru_maxrss, before) / 1024, done.stdout, usage.ru_utime + usage.ru_stime - cpu


def bench(backend: str, n: int, at_risk_share: float) -> None:
    home = Path(tempfile.mkdtemp(prefix=f"woo-watch-{backend}-"))
    env = {**os.environ, "WOO_HOME": str(home)}
    admin = os.environ.get("WOO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    dbname = f"woo_bench_{os.getpid()}"
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        env["WOO_DATABASE_URL"] = admin.rsplit("/", 1)[0] + f"/{dbname}"
    else:
        env.pop("WOO_DATABASE_URL", None)
    try:
        start = time.perf_counter()
        _, _, out, _ = _run(env, sys.executable, __file__, "--generate", str(n), "--at-risk-share", str(at_risk_share))
        made = json.loads(out.strip().splitlines()[-1])
        print(f"\n== {backend}: {made['requests']:,} open requests generated in {time.perf_counter() - start:.0f} s "
              f"({made['extended']:,} extended, {made['suspended']:,} with an open suspension, "
              f"{made['in_window']:,} in the extension window, {made['at_risk']} of them with work open)")
        _, _, _, startup = _run(env, str(ROOT / ".venv/bin/woo"), "--help")
        wall, rss, out, cpu = _run(env, str(ROOT / ".venv/bin/woo"), "deadlines", "--today", TODAY.isoformat())
        summary_line = [line for line in out.splitlines() if "open verzoeken" in line]
        print(f"woo deadlines (whole command): {wall:.2f} s wall, {cpu:.2f} s CPU of which {startup:.2f} s CPU is "
              f"start-up (`woo --help`), peak RSS {rss:.0f} MB"
              f"   [{summary_line[-1].strip() if summary_line else '?'}]")
        for what in ("selection", "watch", "watch"):
            _, _, out, _ = _run(env, sys.executable, __file__, "--child", what)
            print(f"{what:9}: {out.strip().splitlines()[-1]}")
    finally:
        shutil.rmtree(home, ignore_errors=True)  # a 100,000-request store is ~100 MB
        if backend == "postgresql":
            import psycopg

            from woo.store.db import dispose_engines

            dispose_engines()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--at-risk-share", type=float, default=0.002,
                        help="Share of the requests in the extension window whose work is still open.")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(generate(args.generate, args.at_risk_share)))
        return
    if args.child:
        child(args.child)
        return
    print(f"Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it).")
    print(f"Deadline watch benchmark, today = {TODAY.isoformat()}; before (issue 14, 10,220 requests): "
          "woo deadlines 47.7 s / 309 MB, watch 2.7 requests/s, one mail per lapsed request")
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        bench(backend, args.n, args.at_risk_share)


if __name__ == "__main__":
    main()
