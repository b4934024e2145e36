"""Turning store rows into letter contexts, and letters into deliveries, for every step that writes."""

from __future__ import annotations

import datetime as dt

from woo.case import UnitOfWork
from woo.letters.context import Organisation, Recipient, RequestSummary
from woo.letters.letters import Letter
from woo.letters.outbox import Delivery, OutgoingMessage, deliver
from woo.privacy import Audience
from woo.settings import get_settings
from woo.store.models import RequesterRow, RequestRow, ThirdPartyRow


def organisation(signed_by: str | None = None) -> Organisation:
    """The writing body; with ``signed_by`` (a user id from the sign-off) the signatory's name and function from
    the configured signatories table, so a decision is signed by a named person with mandate."""
    s = get_settings()
    signatory = s.signatories.get(signed_by or "", {})
    return Organisation(
        name=s.organisation_name, postal_address=s.organisation_address, objection_address=s.objection_address,
        website=s.organisation_website, email=s.organisation_email,
        signatory_function=signatory.get("function") or s.signatory_function, signatory_name=signatory.get("name"),
    )


def requester_recipient(requester: RequesterRow) -> Recipient:
    return Recipient(name=requester.name, postal_address=requester.postal_address,
                     organisation=requester.organisation)


def third_party_recipient(tp: ThirdPartyRow) -> Recipient:
    # The letter is addressed to the organisation, for the attention of its contact person when one is known.
    if tp.contact_person and tp.contact_person.strip() != tp.name.strip():
        return Recipient(name=tp.name, postal_address=tp.postal_address, organisation=f"t.a.v. {tp.contact_person}")
    return Recipient(name=tp.name, postal_address=tp.postal_address, organisation=None)


def request_summary(req: RequestRow) -> RequestSummary:
    assert req.number and req.received_on
    period = (req.intake.get("request") or {}).get("period") or {}
    return RequestSummary(
        reference=req.number, received_on=req.received_on, subject=req.scope or req.subject or "",
        period_start=_date(period.get("start")), period_end=_date(period.get("end")),
    )


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


_BODY = (
    "Geachte heer, mevrouw,\n\nIn de bijlage vindt u onze brief over uw Woo-verzoek ({ref}): {subject}.\n\n"
    "Met vriendelijke groet,\n{org}\n"
)
# A third party did not make the request; it is written to about someone else's request, named by number only.
_BODY_THIRD_PARTY = (
    "Geachte heer, mevrouw,\n\nIn de bijlage vindt u onze brief over het Woo-verzoek met kenmerk {ref}: "
    "{subject}.\n\nMet vriendelijke groet,\n{org}\n"
)


def send_letter(
    uow: UnitOfWork, *, key: str, req: RequestRow, letter: Letter, name: str, email: str | None,
    audience: Audience, pdf: bytes | None = None, attachments: tuple[tuple[str, bytes], ...] = (),
) -> Delivery:
    """Deliver ``letter`` under idempotency ``key``: by e-mail when an address is known, else by post.

    ``audience`` is who reads it (the requester or one third party); the privacy gate checks it for that reader.
    Pass ``pdf`` when the same rendering is also filed or sent to others, so every copy has the same hash."""
    org = get_settings().organisation_name
    template = _BODY_THIRD_PARTY if audience.kind == "third_party" else _BODY
    body = template.format(ref=req.number, subject=letter.subject, org=org)
    message = OutgoingMessage(
        key=key, request_id=req.id, kind=str(letter.kind), subject=f"{letter.subject} ({req.number})",
        body_text=body, pdf=pdf if pdf is not None else letter.pdf(), pdf_name=f"{letter.kind}-{req.number}.pdf",
        recipient_name=name, recipient_email=email, audience=audience, dated=letter.dated,
        attachments=attachments,
    )
    return deliver(uow, message)
