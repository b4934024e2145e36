"""Engine and sessions for the store, with migrations applied automatically on first use.

SQLite is the embedded default. Every SQLite transaction starts with ``BEGIN IMMEDIATE`` so that two writers
(two registrations at the same moment, two workers appending audit events) queue instead of interleaving;
PostgreSQL uses row locks and advisory locks where order matters.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from woo.settings import get_settings
from woo.store import staleness  # noqa: F401  (registers the hook that marks stored dates stale)

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_lock = threading.Lock()


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # Let SQLAlchemy, not the driver, decide when transactions begin (pysqlite's default is wrong).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured store), migrated to the latest schema."""
    url = url or get_settings().sqlalchemy_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _make_engine(url)
        if url not in _migrated:
            from woo.store.migrate import upgrade

            upgrade(engine)
            _migrated.add(url)
    return engine


def ping(url: str | None = None) -> None:
    """Connect to the store (bringing its schema up to date) and ask it something; raises when it cannot answer."""
    with get_engine(url).connect() as conn:
        conn.execute(text("SELECT 1"))


def dispose_engines() -> None:
    """Close every pooled connection (tests switch databases; forked workers must not share sockets)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A unit of work: commits at the end, rolls back on error."""
    factory = sessionmaker(bind=get_engine(url), expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
