"""Every legal date a request states comes from the deadline engine, fed with the request's stored state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from woo.deadlines import Deadlines, compute_deadlines
from woo.schemas.audit import AuditAction
from woo.store import audit_log as audit
from woo.store.models import RequestRow, SuspensionRow, ThirdPartyRow


def deadlines_of(session: Session, req: RequestRow, *, today: dt.date | None = None) -> Deadlines:
    """The request's dates from its stored suspensions, extension, decision and third parties' objections.

    An open suspension counts until ``today``, which makes the stated decision date provisional until it ends.
    """
    assert req.received_on is not None
    suspensions = list(session.scalars(select(SuspensionRow).where(SuspensionRow.request_id == req.id)))
    horizon = today or dt.date.today()

    def intervals(kind: str) -> list[tuple[dt.date, dt.date]]:
        return [(x.start, x.end or max(horizon, x.start)) for x in suspensions if x.kind == kind]

    objection_expected = bool(
        session.scalar(select(ThirdPartyRow.id).where(ThirdPartyRow.request_id == req.id,
                                                       ThirdPartyRow.objects.is_(True)).limit(1))
    )
    return compute_deadlines(
        req.received_on,
        precisering=intervals("precisering"),
        zienswijze=intervals("zienswijze"),
        extended=req.extended,
        decided=req.decided_on,
        objection_expected=objection_expected,
    )


def compute_for_request(session: Session, req: RequestRow, *, today: dt.date | None = None) -> Deadlines:
    """Recompute the request's dates from its suspensions, extension and decision; store and audit changes."""
    result = deadlines_of(session, req, today=today)
    changed = result.decision_due != req.decision_due or (
        req.decided_on is not None and result.disclosure_on != req.disclosure_on
    )
    req.decision_due = result.decision_due
    if req.decided_on is not None:
        req.disclosure_on = result.disclosure_on
    if changed:
        audit.record(session, AuditAction.DEADLINE_COMPUTED, request_id=req.id, step="deadlines",
                     legal_basis="Woo 4.4; Atw 1 en 3",
                     payload=result.to_dict(explain=True))
    return result
