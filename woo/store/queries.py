"""Named queries and small unit-of-work helpers over the store."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from woo.errors import UnknownRequest
from woo.store.models import DocumentRow, RequestRow, StepRow, ThirdPartyRow


def get_request(session: Session, request_id: str) -> RequestRow:
    row = session.get(RequestRow, request_id)
    if row is None:
        raise UnknownRequest(f"onbekend verzoek {request_id!r}")
    return row


def find_request(session: Session, ref: str) -> RequestRow:
    """By id or by registration number (``WOO-2026-0001``)."""
    row = session.get(RequestRow, ref)
    if row is None:
        row = session.scalar(select(RequestRow).where(RequestRow.number == ref.upper()))
    if row is None:
        raise UnknownRequest(f"onbekend verzoek {ref!r} (geef het id of het zaaknummer)")
    return row


def all_requests(session: Session) -> list[RequestRow]:
    return list(session.scalars(select(RequestRow).order_by(RequestRow.created_at)))


def open_requests_due_before(session: Session, day: dt.date) -> list[RequestRow]:
    closed = ("rejected", "withdrawn", "decided", "published", "forwarded", "not_handled")
    return list(
        session.scalars(
            select(RequestRow)
            .where(RequestRow.status.not_in(closed), RequestRow.decision_due.is_not(None))
            .where(RequestRow.decision_due <= day)
            .order_by(RequestRow.decision_due)
        )
    )


def documents(session: Session, request_id: str) -> list[DocumentRow]:
    return list(
        session.scalars(select(DocumentRow).where(DocumentRow.request_id == request_id).order_by(DocumentRow.number))
    )


def third_parties(session: Session, request_id: str) -> list[ThirdPartyRow]:
    return list(
        session.scalars(select(ThirdPartyRow).where(ThirdPartyRow.request_id == request_id).order_by(ThirdPartyRow.id))
    )


def step_result(session: Session, request_id: str, step: str) -> dict[str, Any] | None:
    row = session.get(StepRow, (request_id, step))
    return dict(row.result) if row is not None and row.status == "done" else None


def mark_step_done(
    session: Session, request_id: str, step: str, result: dict[str, Any], flow_run_id: str | None = None
) -> None:
    row = session.get(StepRow, (request_id, step))
    if row is None:
        row = StepRow(request_id=request_id, step=step)
        session.add(row)
    row.status = "done"
    row.result = result
    row.flow_run_id = flow_run_id
    row.completed_at = dt.datetime.now(dt.UTC)


def forget_steps(session: Session, request_id: str, steps: list[str]) -> None:
    session.execute(delete(StepRow).where(StepRow.request_id == request_id, StepRow.step.in_(steps)))


def done_steps(session: Session, request_id: str) -> list[str]:
    return list(session.scalars(select(StepRow.step).where(StepRow.request_id == request_id)))
