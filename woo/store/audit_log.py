"""The audit log: append-only events chained by hashes, written in the same transaction as what they record.

Each row's ``hash`` is the SHA-256 of its canonical content including the previous row's hash, so editing,
deleting, inserting or reordering rows breaks the chain where it happened. Writers serialise on the chain head
(``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL) so concurrent workers never fork it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from woo.schemas.audit import AuditAction
from woo.store.models import AuditRow

GENESIS_HASH = "0" * 64
_CHAIN_LOCK_KEY = 727301


@dataclass(frozen=True)
class RunContext:
    """Which Prefect runs an event happened in; set by the thin task layer, read here."""

    flow_run_id: str | None = None
    task_run_id: str | None = None
    actor: str = "system"


_SYSTEM = RunContext()
_current: contextvars.ContextVar[RunContext] = contextvars.ContextVar("woo_run_context", default=_SYSTEM)


@contextmanager
def run_context(ctx: RunContext) -> Iterator[None]:
    token = _current.set(ctx)
    try:
        yield
    finally:
        _current.reset(token)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(row: AuditRow | dict[str, Any]) -> str:
    """The hash of an event's content and its predecessor's hash."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    at = get("at")
    if isinstance(at, dt.datetime):
        at = _utc(at).isoformat(timespec="microseconds")
    content = {
        "at": at,
        "request_id": get("request_id"),
        "step": get("step"),
        "action": get("action"),
        "actor": get("actor"),
        "flow_run_id": get("flow_run_id"),
        "task_run_id": get("task_run_id"),
        "legal_basis": get("legal_basis"),
        "payload": get("payload"),
        "prev_hash": get("prev_hash"),
    }
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK_KEY})


def record_many(session: Session, events: list[dict[str, Any]]) -> int:
    """Append many events in one statement, chained in the given order (the daily watch flags thousands).

    Each event is a dict of :func:`record`'s keyword arguments plus ``action``. Returns how many were written.
    """
    if not events:
        return 0
    ctx = _current.get()
    _lock_chain(session)
    prev = session.execute(select(AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).scalar() or GENESIS_HASH
    rows: list[dict[str, Any]] = []
    for event in events:
        at = event.get("at")
        row: dict[str, Any] = {
            "at": _utc(at) if at else dt.datetime.now(dt.UTC),
            "request_id": event.get("request_id"),
            "step": event.get("step"),
            "action": AuditAction(event["action"]).value,
            "actor": event.get("actor") or ctx.actor,
            "flow_run_id": ctx.flow_run_id,
            "task_run_id": ctx.task_run_id,
            "legal_basis": event.get("legal_basis"),
            "payload": canonical_json(event.get("payload") or {}),
            "prev_hash": prev,
        }
        row["hash"] = prev = event_hash(row)
        rows.append(row)
    session.execute(insert(AuditRow), rows)
    return len(rows)


def record(
    session: Session,
    action: AuditAction,
    *,
    request_id: str | None,
    step: str | None = None,
    actor: str | None = None,
    legal_basis: str | None = None,
    payload: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditRow:
    """Append one event to the chain inside ``session``'s transaction."""
    ctx = _current.get()
    _lock_chain(session)
    last = session.execute(select(AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).scalar()
    moment = _utc(at) if at else dt.datetime.now(dt.UTC)
    row = AuditRow(
        at=moment,
        request_id=request_id,
        step=step,
        action=AuditAction(action).value,
        actor=actor or ctx.actor,
        flow_run_id=ctx.flow_run_id,
        task_run_id=ctx.task_run_id,
        legal_basis=legal_basis,
        payload=canonical_json(payload or {}),
        prev_hash=last or GENESIS_HASH,
    )
    row.hash = event_hash(row)
    session.add(row)
    session.flush()
    return row


def events_for(session: Session, request_id: str) -> list[AuditRow]:
    return list(session.scalars(select(AuditRow).where(AuditRow.request_id == request_id).order_by(AuditRow.seq)))
