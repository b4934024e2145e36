"""Woo 4.2a: a very large request is discussed with the requester before the decision term ends, so the
information that matters most to them comes first. Triggered by collection when the number of readable documents
reaches ``WOO_LARGE_REQUEST_DOCUMENTS``; the letter goes out once (outbox key)."""

from __future__ import annotations

import datetime as dt

from woo.case import UnitOfWork
from woo.letters.context import PriorityConsultationContext
from woo.letters.correspondence import organisation, request_summary, requester_recipient, send_letter
from woo.letters.letters import priority_consultation
from woo.privacy import Audience
from woo.settings import get_settings

RESPONSE_DAYS = 10  # project rule: time to answer, never past the decision date


def consult_on_priorities(uow: UnitOfWork, request_id: str, *, today: dt.date) -> bool:
    """Send the 4.2a consultation when the request is very large; True when it is (or was) sent."""
    threshold = get_settings().large_request_documents
    with uow:
        req = uow.requests.get(request_id)
        count = sum(1 for d in uow.requests.documents(request_id) if d.error is None and d.duplicate_of is None)
        due = req.decision_due
        if threshold <= 0 or count < threshold or due is None or due <= today or req.requester is None:
            return False
        respond_by = min(today + dt.timedelta(days=RESPONSE_DAYS), due)
        letter = priority_consultation(PriorityConsultationContext(
            organisation=organisation(), recipient=requester_recipient(req.requester), request=request_summary(req),
            letter_date=today, document_count=count, decision_due=due, respond_by=respond_by))
        name, email = req.requester.name, req.requester.email
        uow.commit()
    # The outbox records the letter (kind, hash) in the audit log when it is sent.
    send_letter(uow, key=f"priorities:{request_id}", req=req, letter=letter, name=name, email=email,
                audience=Audience.requester())
    return True
