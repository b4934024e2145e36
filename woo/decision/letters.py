"""The decision's documents built from the store: its letter contexts, the inventory rows, and each rendition.

Three renditions of one decision: to the requester (with name and address), as it is published (no addressee,
the request text without personal data) and, to every third party heard, its own notice of what was decided
about its documents (Woo 4.4(6)), which never names the requester.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from woo.case import Repository, Resolution
from woo.decision.inventory import Inventory, build_inventory
from woo.errors import Permanent
from woo.letters.context import (
    DecisionContext,
    InventoryRow,
    ProcedureEvent,
    Recipient,
    ThirdPartyDecisionNoticeContext,
)
from woo.letters.correspondence import organisation, request_summary, requester_recipient, third_party_recipient
from woo.letters.letters import Letter, decision, published_decision, third_party_decision_notice
from woo.privacy import known_data
from woo.privacy.text import public_text
from woo.publication.letters import letter_moments
from woo.questions.answers import answers_of
from woo.schemas.judgement import DecisionType
from woo.settings import get_settings
from woo.store.models import RequestRow, ThirdPartyRow

__all__ = [
    "NOT_HANDLED_REASON",
    "PUBLIC_DECISION_NAME",
    "decision_letter",
    "inventory_rows",
    "procedure_events",
    "public_decision_letter",
    "request_inventory",
    "third_party_notice",
]

PUBLIC_DECISION_NAME = "besluit-openbaar.pdf"
NOT_HANDLED_REASON = "U heeft uw verzoek niet gepreciseerd binnen de gestelde termijn."


def procedure_events(repo: Repository, req: RequestRow) -> tuple[ProcedureEvent, ...]:
    """The procedure as the decision letter tells it: receipt, meeting, suspensions, in date order."""
    assert req.received_on
    events = [ProcedureEvent(req.received_on, "Wij hebben uw verzoek ontvangen.")]
    meeting = answers_of(repo, req).meeting
    if meeting is not None:
        events.append(ProcedureEvent(meeting.held_on, f"Wij hebben met u gesproken over uw verzoek "
                                                      f"({meeting.outcome.label})."))
    for sus in repo.suspensions(req.id):
        what = ("derde-belanghebbenden om hun zienswijze gevraagd" if sus.kind == "zienswijze"
                else "u gevraagd uw verzoek te preciseren")
        events.append(ProcedureEvent(sus.start, f"Wij hebben {what}; de beslistermijn is opgeschort."))
        if sus.end:
            events.append(ProcedureEvent(sus.end, "De opschorting van de beslistermijn is geëindigd."))
    return tuple(sorted(events, key=lambda e: e.on))


def request_inventory(repo: Repository, req: RequestRow, *, day: dt.date | None = None) -> Inventory:
    """Every document found for ``req``, as the inventory lists it on ``day`` (opgeschort until disclosure)."""
    objected = {n for tp in repo.third_parties(req.id) if tp.objects for n in (tp.document_numbers or ())}
    disclosed = day is not None and req.disclosure_on is not None and req.disclosure_on <= day
    return build_inventory(repo.documents(req.id), case_number=req.number or req.id, objected=objected,
                           disclosed=disclosed)


def inventory_rows(repo: Repository, req: RequestRow, *, day: dt.date | None = None) -> tuple[InventoryRow, ...]:
    """The decision's annex: one row per document found, unreadable ones included; titles masked."""
    return request_inventory(repo, req, day=day).letter_rows()


def _context(repo: Repository, req: RequestRow, day: dt.date, disclosure: dt.date | None,
             kind: DecisionType) -> DecisionContext:
    assert req.requester is not None
    settings = get_settings()
    docs = repo.documents(req.id)
    return DecisionContext(
        organisation=organisation(), recipient=requester_recipient(req.requester), request=request_summary(req),
        letter_date=day, decision_type=kind, events=procedure_events(repo, req),
        # "Nothing found" and "not handled" have no inventory (the letter refuses one).
        inventory=() if kind in (DecisionType.NOTHING_FOUND, DecisionType.NOT_HANDLED)
        else inventory_rows(repo, req, day=day),
        disclosure_date=disclosure if disclosure and disclosure > day else None,
        publication_url=f"{settings.publication_base_url}/{req.number}",
        not_handled_reason=NOT_HANDLED_REASON if kind is DecisionType.NOT_HANDLED else None,
        held=tuple(d.number for d in docs if d.judgement and d.held_reason),
        **letter_moments(settings, req.id, day, disclosure),
    )


def _decision_type(req: RequestRow) -> DecisionType:
    kind = Resolution(req.resolution).decision_type if req.resolution else None
    if kind is None:
        raise Permanent(f"verzoek {req.number or req.id} heeft (nog) geen besluit om op te stellen")
    return kind


def decision_letter(repo: Repository, req: RequestRow, day: dt.date, disclosure: dt.date | None) -> Letter:
    """The decision to the requester, dated ``day``; a concept while ``disclosure`` is None."""
    return decision(_context(repo, req, day, disclosure, _decision_type(req)))


def public_decision_letter(repo: Repository, req: RequestRow) -> Letter:
    """The decision as it is published: same content, no addressee, the request text without personal data."""
    assert req.decided_on is not None
    ctx = _context(repo, req, req.decided_on, req.disclosure_on, _decision_type(req))
    known = known_data(repo, req.id)
    summary = replace(ctx.request, subject=public_text(ctx.request.subject, known))
    # The private link is for the requester only: never in the published rendition.
    return published_decision(replace(ctx, request=summary, recipient=Recipient(name="verzoeker", postal_address=None),
                                      private_link=None, private_link_until=None))


def third_party_notice(repo: Repository, req: RequestRow, tp: ThirdPartyRow, day: dt.date,
                       disclosure: dt.date, objection_expected: bool) -> Letter | None:
    """The decision as it concerns ``tp`` (Woo 4.4(6)); None when no judged document concerns it."""
    judged = Inventory(request_inventory(repo, req, day=day).judged)
    rows = tuple(r for r in judged.letter_rows() if r.number in set(tp.document_numbers or ()))
    if not rows:
        return None
    settings = get_settings()
    return third_party_decision_notice(ThirdPartyDecisionNoticeContext(
        organisation=organisation(), recipient=third_party_recipient(tp), request=request_summary(req),
        letter_date=day, decision_date=day, documents=rows, disclosure_date=max(disclosure, day),
        objection_expected=objection_expected and disclosure > day, asked_on=tp.asked_on,
        view_received_on=tp.view_received_on, publication_url=f"{settings.publication_base_url}/{req.number}"))
