"""Step 2, acknowledge: a letter stating the receipt date and the decision date, sent once."""

from __future__ import annotations

import datetime as dt

from woo.case import RequestStatus, UnitOfWork
from woo.deadlines.explain import dutch_date
from woo.deadlines.model import DatedRule
from woo.deadlines.request_dates import compute_for_request
from woo.letters.context import AcknowledgementContext
from woo.letters.correspondence import organisation, request_summary, requester_recipient, send_letter
from woo.letters.letters import acknowledgement
from woo.privacy import Audience
from woo.process.results import Acknowledged


def acknowledge(uow: UnitOfWork, request_id: str, *, today: dt.date) -> Acknowledged:
    with uow:
        req = uow.requests.get(request_id)
        assert req.requester is not None
        deadlines = compute_for_request(uow, req, today=today)
        letter = acknowledgement(AcknowledgementContext(
            organisation=organisation(), recipient=requester_recipient(req.requester),
            request=request_summary(req), letter_date=today,
            decision_due=deadlines.decision_due, due_explanation=_why(deadlines.decision),
        ))
        name, email = req.requester.name, req.requester.email
        uow.commit()
    delivery = send_letter(uow, key=f"acknowledgement:{request_id}", req=req, letter=letter, name=name, email=email,
                           audience=Audience.requester())
    with uow:
        req = uow.requests.get(request_id)
        if req.status == RequestStatus.REGISTERED:
            req.status = RequestStatus.ACKNOWLEDGED
        uow.commit()
    return Acknowledged(decision_due=deadlines.decision_due, transport=delivery.transport,
                        newly_sent=delivery.newly_sent, pdf_sha256=delivery.pdf_sha256)


def _why(rule: DatedRule) -> str:
    """How the decision date follows from receipt, without repeating the date the letter already states."""
    text = "Dat is vier weken na de dag waarop wij uw verzoek ontvingen (artikel 4.4, eerste lid, Woo)."
    if rule.roll_over is not None and rule.roll_over.moved:
        text += (f" De vier weken eindigen op {dutch_date(rule.raw)}, een zaterdag, zondag of feestdag; de termijn "
                 "loopt daarom door tot de eerstvolgende werkdag (artikel 1 van de Algemene termijnenwet).")
    return text
