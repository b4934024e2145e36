"""Step 1, register: validate the stored intake, record the requester, issue the registration number."""

from __future__ import annotations

from pydantic import ValidationError

from woo.deadlines.request_dates import compute_for_request
from woo.errors import IntakeInvalid
from woo.schemas.audit import AuditAction
from woo.schemas.errors import describe_validation_error
from woo.schemas.intake import Intake
from woo.store import audit_log as audit
from woo.store.db import session_scope
from woo.store.models import RequesterRow
from woo.store.numbering import issue_number
from woo.store.queries import get_request


def register(request_id: str) -> dict[str, object]:
    with session_scope() as s:
        req = get_request(s, request_id)
        if req.number:
            return {"number": req.number, "already_registered": True}
        try:
            intake = Intake.model_validate(req.intake)
        except ValidationError as exc:
            problems = describe_validation_error(exc)
            req.status = "rejected"
            req.error = "; ".join(problems)
            audit.record(s, AuditAction.INTAKE_REJECTED, request_id=request_id, step="register",
                         payload={"problems": len(problems), "fields": [p.split(":")[0] for p in problems]})
            intake = None
    if intake is None:
        # Raised after the commit above, so the rejection and its reasons are kept.
        raise IntakeInvalid(problems)
    with session_scope() as s:
        req = get_request(s, request_id)
        details = intake.request
        s.add(RequesterRow(request_id=request_id, name=intake.requester.name, email=intake.requester.email,
                           postal_address=intake.requester.postal_address,
                           organisation=intake.requester.organisation, phone=intake.requester.phone))
        req.subject = details.subject
        req.scope = details.description
        req.received_on = details.received_on
        number = issue_number(s, req, details.received_on.year)
        req.status = "registered"
        req.error = None
        deadlines = compute_for_request(s, req)
        audit.record(s, AuditAction.REQUEST_REGISTERED, request_id=request_id, step="register",
                     legal_basis="Woo 4.1", payload={"number": number, "received_on": details.received_on,
                                                     "channel": details.channel.value})
        return {"number": number, "received_on": details.received_on.isoformat(),
                "decision_due": deadlines.decision_due.isoformat()}
