"""Registration numbers ``WOO-YYYY-NNNN``: unique, gapless per year, issued once per request.

The counter row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; the whole transaction is ``BEGIN IMMEDIATE`` on
SQLite) and the number is written to the request in the same transaction, so a rollback returns the number and
two simultaneous registrations can never take the same one.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from woo.store.models import NumberCounter, RequestRow


def format_number(year: int, seq: int) -> str:
    return f"WOO-{year}-{seq:04d}"


def issue_number(session: Session, request: RequestRow, year: int) -> str:
    """Give ``request`` its number (or return the one it already has). Call inside a transaction."""
    if request.number:
        return request.number
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(NumberCounter).values(year=year, last=0).on_conflict_do_nothing())
    last = session.execute(
        select(NumberCounter.last).where(NumberCounter.year == year).with_for_update()
    ).scalar_one()
    seq = last + 1
    session.execute(update(NumberCounter).where(NumberCounter.year == year).values(last=seq))
    request.number = format_number(year, seq)
    session.flush()
    return request.number
