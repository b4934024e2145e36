"""Every legal date a request states comes from the deadline engine, fed with the request's stored state."""

from __future__ import annotations

import datetime as dt

from woo.case import Repository, UnitOfWork
from woo.deadlines.engine import compute_deadlines
from woo.deadlines.model import Deadlines
from woo.schemas.audit import AuditAction
from woo.store.models import RequestRow, SuspensionRow

__all__ = ["compute_for_request", "deadlines_from", "deadlines_of", "expected_decision_due"]


def deadlines_from(req: RequestRow, suspensions: list[SuspensionRow], *, today: dt.date,
                   objection_expected: bool = False, decided: dt.date | None = None) -> Deadlines:
    """The dates of ``req`` from its suspensions: an open suspension counts until ``today``."""
    assert req.received_on is not None

    def intervals(kind: str) -> list[tuple[dt.date, dt.date]]:
        return [(x.start, x.end or max(today, x.start)) for x in suspensions if x.kind == kind]

    return compute_deadlines(
        req.received_on,
        precisering=intervals("precisering"),
        zienswijze=intervals("zienswijze"),
        extended=req.extended,
        decided=decided,
        objection_expected=objection_expected,
    )


def deadlines_of(repo: Repository, req: RequestRow, *, today: dt.date) -> Deadlines:
    """The request's dates from its stored suspensions, extension, decision and third parties' objections.

    An open suspension counts until ``today``, which makes the stated decision date provisional until it ends.
    """
    return deadlines_from(req, repo.suspensions(req.id), today=today, decided=req.decided_on,
                          objection_expected=repo.objection_expected(req.id))


def compute_for_request(uow: UnitOfWork, req: RequestRow, *, today: dt.date) -> Deadlines:
    """Recompute the request's dates from its suspensions, extension and decision; store and audit changes."""
    uow.flush()  # suspensions added in this transaction count
    result = deadlines_of(uow.requests, req, today=today)
    changed = result.decision_due != req.decision_due or (
        req.decided_on is not None and result.disclosure_on != req.disclosure_on
    )
    req.decision_due = result.decision_due
    req.extension_notice_due = result.extension_notice_due
    req.dates_on = today  # fresh for today; woo.store.staleness clears it when an input changes
    if req.decided_on is not None:
        req.disclosure_on = result.disclosure_on
    if changed:
        uow.record(AuditAction.DEADLINE_COMPUTED, request_id=req.id, step="deadlines",
                   legal_basis="Woo 4.4; Atw 1 en 3", payload=result.to_dict(explain=True))
    return result


def expected_decision_due(uow: UnitOfWork, request_id: str, *, today: dt.date) -> dt.date | None:
    """The decision date a run of the request should be queued by: the stored one, or for a request not yet
    registered the one its intake's receipt date gives (the work queue is chosen before registration runs).
    None when neither is known (an intake that registration will refuse)."""
    with uow:
        req = uow.requests.get(request_id)
        if req.decision_due is not None:
            return req.decision_due
        received = req.received_on or _intake_received(req)
    if received is None or received > today + dt.timedelta(days=1):
        return None
    return compute_deadlines(received).decision_due


def _intake_received(req: RequestRow) -> dt.date | None:
    raw = ((req.intake or {}).get("request") or {}).get("received_on")
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None  # registration will say what is wrong with it
