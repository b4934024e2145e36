"""Dump everything a Prefect server holds, as text, and look for values that must not be there.

Two views of the same server: its SQLite database (every table, via ``iterdump``) and its REST API (flows,
deployments, flow runs with their state history and run inputs, task runs with theirs, artifacts, logs, events,
variables, blocks, work pools, automations). A third, rawer view reads the database files byte by byte (pages
freed by a DELETE keep their bytes until SQLite reuses them), so a report can say what is still on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

_PAGE = 200


@dataclass
class Dump:
    """Named text sections (``sqlite:<table>``, ``api:<endpoint>``) of one server's contents."""

    sections: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, value: Any) -> None:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        self.sections[name] = self.sections.get(name, "") + text + "\n"

    def find(self, needles: Iterable[str]) -> dict[str, list[str]]:
        """For each needle (case-insensitive, also in its JSON-escaped form) the sections that contain it."""
        found: dict[str, list[str]] = {}
        lowered = {name: text.lower() for name, text in self.sections.items()}
        for needle in needles:
            forms = {needle.lower(), json.dumps(needle)[1:-1].lower()}
            hits = [name for name, text in lowered.items() if any(f in text for f in forms)]
            if hits:
                found[needle] = hits
        return found

    def size(self) -> int:
        return sum(len(t) for t in self.sections.values())


def dump_sqlite(db_path: Path) -> Dump:
    """Every table of the SQLite database as SQL text, one section per table (read-only connection)."""
    dump = Dump()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608 - names from sqlite_master
            dump.add(f"sqlite:{table}", "\n".join(repr(r) for r in rows))
        dump.add("sqlite:iterdump", "\n".join(conn.iterdump()))
    finally:
        conn.close()
    return dump


def _post_all(client: httpx.Client, path: str, body: dict[str, Any] | None = None) -> list[Any]:
    out: list[Any] = []
    offset = 0
    while True:
        response = client.post(path, json={**(body or {}), "limit": _PAGE, "offset": offset})
        response.raise_for_status()
        page = response.json()
        out += page
        if len(page) < _PAGE:
            return out
        offset += _PAGE


def dump_api(api_url: str) -> Dump:
    """What the REST API gives back, endpoint by endpoint, as JSON text."""
    dump = Dump()
    with httpx.Client(base_url=api_url.rstrip("/") + "/", timeout=60) as client:
        for path in ("flows/filter", "deployments/filter", "artifacts/filter", "logs/filter", "variables/filter",
                     "block_documents/filter", "work_pools/filter", "automations/filter",
                     "concurrency_limits/filter", "saved_searches/filter"):
            try:
                dump.add(f"api:{path}", _post_all(client, path))
            except httpx.HTTPStatusError as exc:
                dump.add(f"api:{path}", f"HTTP {exc.response.status_code}")
        flow_runs = _post_all(client, "flow_runs/filter")
        dump.add("api:flow_runs/filter", flow_runs)
        for run in flow_runs:
            states = client.get("flow_run_states/", params={"flow_run_id": run["id"]})
            dump.add("api:flow_run_states", states.json())
            inputs = client.post(f"flow_runs/{run['id']}/input/filter", json={"prefix": "", "limit": 1000})
            dump.add("api:flow_run_inputs", inputs.json())
        task_runs = _post_all(client, "task_runs/filter")
        dump.add("api:task_runs/filter", task_runs)
        for run in task_runs:
            states = client.get("task_run_states/", params={"task_run_id": run["id"]})
            dump.add("api:task_run_states", states.json())
        dump.add("api:events", _events(client))
    return dump


def _events(client: httpx.Client) -> list[Any]:
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).isoformat()
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    response = client.post("events/filter", json={"filter": {"occurred": {"since": since, "until": until}},
                                                  "limit": 50})
    response.raise_for_status()
    page = response.json()
    events = list(page["events"])
    while page.get("next_page"):
        response = client.get(page["next_page"])
        response.raise_for_status()
        page = response.json()
        events += page["events"]
    return events


def flow_run_inputs(api_url: str, flow_run_id: str) -> dict[str, str]:
    """The run inputs of one flow run, key → stored value."""
    with httpx.Client(base_url=api_url.rstrip("/") + "/", timeout=60) as client:
        response = client.post(f"flow_runs/{flow_run_id}/input/filter", json={"prefix": "", "limit": 1000})
        response.raise_for_status()
        return {item["key"]: item["value"] for item in response.json()}


def raw_bytes_hits(db_path: Path, needles: Iterable[str]) -> dict[str, list[str]]:
    """Which needles occur anywhere in the database files' bytes (main file, WAL, shared memory)."""
    files = [p for p in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")) if p.exists()]
    blobs = {p.name: p.read_bytes().lower() for p in files}
    found: dict[str, list[str]] = {}
    for needle in needles:
        forms = {needle.lower().encode(), json.dumps(needle)[1:-1].lower().encode()}
        hits = [name for name, blob in blobs.items() if any(f in blob for f in forms)]
        if hits:
            found[needle] = hits
    return found
