"""Step 1, register: validate the stored intake, record the requester, issue the registration number."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from woo.case import RequestStatus, UnitOfWork
from woo.deadlines.request_dates import compute_for_request
from woo.errors import IntakeInvalid
from woo.process.results import Registered
from woo.schemas.audit import AuditAction
from woo.schemas.errors import describe_validation_error
from woo.schemas.intake import Intake
from woo.store.models import RequesterRow
from woo.store.numbering import issue_number


def register(uow: UnitOfWork, request_id: str, *, today: dt.date) -> Registered:
    with uow:
        req = uow.requests.get(request_id)
        if req.number:
            return Registered(number=req.number, already_registered=True)
        try:
            intake = Intake.model_validate(req.intake, context={"today": today})
        except ValidationError as exc:
            problems = describe_validation_error(exc)
            req.status = RequestStatus.REJECTED
            req.error = "; ".join(problems)
            uow.record(AuditAction.INTAKE_REJECTED, request_id=request_id, step="register",
                       payload={"problems": len(problems), "fields": [p.split(":")[0] for p in problems]})
            uow.commit()  # the rejection and its reasons are kept; the error tells the flow to stop
            raise IntakeInvalid(problems) from None
        details = intake.request
        uow.requests.add(RequesterRow(
            request_id=request_id, name=intake.requester.name, email=intake.requester.email,
            postal_address=intake.requester.postal_address, organisation=intake.requester.organisation,
            phone=intake.requester.phone))
        req.subject = details.subject
        req.scope = details.description
        req.received_on = details.received_on
        number = issue_number(uow.session, req, details.received_on.year)
        req.status = RequestStatus.REGISTERED
        req.error = None
        deadlines = compute_for_request(uow, req, today=today)
        uow.record(AuditAction.REQUEST_REGISTERED, request_id=request_id, step="register", legal_basis="Woo 4.1",
                   payload={"number": number, "received_on": details.received_on,
                            "channel": details.channel.value})
        uow.commit()
    return Registered(number=number, received_on=details.received_on, decision_due=deadlines.decision_due)
