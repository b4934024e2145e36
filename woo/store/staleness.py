"""Stored legal dates go stale when what they are computed from changes; this marks them so (``dates_on`` NULL).

The deadline watch reads each request's stored dates in one query instead of recomputing 100,000 of them a day.
That is only right if no change slips past: a suspension added, ended or removed, or a request's receipt,
extension or decision changed, in any transaction, by any code. A ``before_flush`` hook on every session sees all
of them and clears ``dates_on`` of the request concerned, unless the same flush stores freshly computed dates
(``woo.deadlines.request_dates.compute_for_request`` sets ``dates_on``); the watch recomputes what is NULL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from woo.store.models import RequestRow, SuspensionRow

__all__ = ["DATE_INPUTS"]

DATE_INPUTS = ("received_on", "extended", "decided_on")
"""The request's own columns the legal dates are computed from (besides its suspensions)."""


def _dates_set(req: RequestRow) -> bool:
    return bool(inspect(req).attrs.dates_on.history.added)


@event.listens_for(Session, "before_flush")
def _mark_stale(session: Session, _context: Any, _instances: Any) -> None:
    touched: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, SuspensionRow) and obj.request_id:
            touched.add(obj.request_id)
        elif isinstance(obj, RequestRow) and obj not in session.new and not _dates_set(obj):
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in DATE_INPUTS):
                obj.dates_on = None
    for request_id in touched:
        with session.no_autoflush:
            req = session.get(RequestRow, request_id)
        if req is not None and not _dates_set(req):
            req.dates_on = None
