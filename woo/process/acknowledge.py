"""Step 2, acknowledge: a letter stating the receipt date and the decision date, sent once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from woo.deadlines.request_dates import compute_for_request
from woo.letters.context import AcknowledgementContext
from woo.letters.correspondence import organisation, request_summary, requester_recipient, send_letter
from woo.letters.letters import acknowledgement
from woo.privacy import Audience
from woo.store.db import session_scope
from woo.store.queries import get_request


def acknowledge(request_id: str) -> dict[str, Any]:
    with session_scope() as s:
        req = get_request(s, request_id)
        assert req.requester is not None
        deadlines = compute_for_request(s, req)
        ctx = AcknowledgementContext(
            organisation=organisation(), recipient=requester_recipient(req.requester),
            request=request_summary(req), letter_date=dt.date.today(),
            decision_due=deadlines.decision_due, due_explanation=deadlines.decision.explanation_nl,
        )
        letter = acknowledgement(ctx)
        email = req.requester.email
        name = req.requester.name
    delivery = send_letter(key=f"acknowledgement:{request_id}", req=req, letter=letter, name=name, email=email,
                           audience=Audience.requester())
    with session_scope() as s:
        req = get_request(s, request_id)
        if req.status == "registered":
            req.status = "acknowledged"
    return {"decision_due": deadlines.decision_due.isoformat(), "transport": delivery.transport,
            "newly_sent": delivery.newly_sent, "pdf_sha256": delivery.pdf_sha256}
