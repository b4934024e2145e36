"""The unit of work: one transaction over the store, with the repository and the audit log inside it.

cosmicpython's pattern with SQLAlchemy 2: a step opens ``with uow:``, reads and changes rows through
``uow.requests``, appends audit events with ``uow.record(...)`` (same transaction as what they record) and
calls ``uow.commit()`` at its boundary; leaving the block without a commit rolls everything back. A unit of
work is reusable: each ``with`` block is a new transaction, which is how the outbox commits a letter's state
before and after it leaves (a deliberate early commit, so a crash never sends a letter twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

from sqlalchemy.orm import Session, sessionmaker

from woo.case.repository import Repository
from woo.schemas.audit import AuditAction
from woo.store import audit_log
from woo.store.db import get_engine
from woo.store.models import AuditRow

__all__ = ["UnitOfWork"]


class UnitOfWork:
    """``with uow: ...; uow.commit()``. ``url`` picks a store other than the configured one (tests, tools)."""

    requests: Repository

    def __init__(self, url: str | None = None, *, session: Session | None = None) -> None:
        self._url = url
        self._joined = session
        self._session: Session | None = None

    @classmethod
    def joining(cls, session: Session) -> UnitOfWork:
        """A unit of work inside a transaction someone else opened (and commits): for tests and tools."""
        uow = cls(session=session)
        uow._session = session
        uow.requests = Repository(session)
        return uow

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it as 'with uow:'")
        return self._session

    def __enter__(self) -> Self:
        if self._joined is not None:
            return self
        if self._session is not None:
            raise RuntimeError("this unit of work is already open; nest no transactions, finish the first")
        self._session = sessionmaker(bind=get_engine(self._url), expire_on_commit=False)()
        self.requests = Repository(self._session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._joined is not None:
            return
        session, self._session = self._session, None
        if session is not None:
            # Ends the transaction: nothing after the last commit survives. Rows read in the block stay readable
            # (detached, not expired), as the steps hand them to letters after the block.
            session.close()

    def commit(self) -> None:
        if self._joined is None:
            self.session.commit()
        else:
            self.session.flush()

    def flush(self) -> None:
        self.session.flush()

    def record(self, action: AuditAction, *, request_id: str | None, step: str | None = None,
               actor: str | None = None, legal_basis: str | None = None, payload: dict[str, Any] | None = None,
               at: dt.datetime | None = None) -> AuditRow:
        """Append an audit event in this transaction (it commits, or is rolled back, with what it records)."""
        return audit_log.record(self.session, action, request_id=request_id, step=step, actor=actor,
                                legal_basis=legal_basis, payload=payload, at=at)

    def record_many(self, events: list[dict[str, Any]]) -> int:
        """Append many audit events in this transaction, in order (see :func:`woo.store.audit_log.record_many`)."""
        return audit_log.record_many(self.session, events)

    @contextmanager
    def trial(self) -> Iterator[None]:
        """Run the block in a savepoint that is always rolled back: check what a change would do, keep nothing."""
        nested = self.session.begin_nested()
        try:
            yield
        finally:
            nested.rollback()
