"""The decision's documents built from the store: its letter contexts, the inventory rows, and each rendition.

Three renditions of one decision: to the requester (with name and address), as it is published (no addressee,
the request text without personal data) and, to every third party heard, its own notice of what was decided
about its documents (Woo 4.4(6)), which never names the requester.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from woo.case import Repository, Resolution
from woo.deadlines.engine import not_handling_due
from woo.decision.inventory import Inventory, build_inventory
from woo.errors import Permanent
from woo.letters.context import (
    DecisionContext,
    DisclosureNoticeContext,
    DocumentConsideration,
    InventoryRow,
    ProcedureEvent,
    Recipient,
    SearchSummary,
    ThirdPartyDecisionNoticeContext,
    ViewSummary,
)
from woo.letters.correspondence import organisation, request_summary, requester_recipient, third_party_recipient
from woo.letters.grammar import enumerate_nl
from woo.letters.letters import Letter, decision, disclosure_notice, published_decision, third_party_decision_notice
from woo.privacy import known_data
from woo.privacy.text import public_text
from woo.publication.letters import letter_moments
from woo.questions.answers import answers_of
from woo.redaction.model import Category
from woo.redaction.titles import public_title
from woo.schemas.grounds import Ground
from woo.schemas.judgement import DecisionType
from woo.settings import get_settings
from woo.store.models import DocumentRow, RequestRow, ThirdPartyRow

__all__ = [
    "DEFAULT_PLACES",
    "NOT_HANDLED_REASON",
    "PUBLIC_DECISION_NAME",
    "decision_letter",
    "disclosure_notice_letter",
    "document_considerations",
    "inventory_rows",
    "procedure_events",
    "public_decision_letter",
    "request_inventory",
    "search_summary",
    "third_party_notice",
    "view_summaries",
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


def _scope(repo: Repository, req: RequestRow) -> tuple[str | None, dt.date | None]:
    """The request as first worded and the day it was narrowed, when the meeting or a specification did."""
    original = ((req.intake or {}).get("request") or {}).get("description")
    meeting = answers_of(repo, req).meeting
    if not original or not req.scope or original.strip() == req.scope.strip() or meeting is None:
        return None, None
    if meeting.specification is not None and meeting.specification.received_on:
        return original, meeting.specification.received_on
    return original, meeting.held_on


_KIND_OF_PLACE = {"message/rfc822": "de e-mailboxen van de betrokken medewerkers"}
DEFAULT_PLACES = ("het zaaksysteem", "het documentmanagementsysteem")


def search_summary(repo: Repository, req: RequestRow) -> SearchSummary:
    """The zoekslag as the official recorded it (answers ``search``), completed with sensible defaults: the
    request's period and subject, and the places the collected documents came from."""
    answer = answers_of(repo, req).search
    summary = request_summary(req)
    places = tuple(answer.places) if answer and answer.places else DEFAULT_PLACES + tuple(sorted({
        _KIND_OF_PLACE[d.media_type] for d in repo.documents(req.id) if d.media_type in _KIND_OF_PLACE}))
    return SearchSummary(
        places=places, functions=tuple(answer.functions) if answer else (),
        terms=(answer.terms if answer and answer.terms else None) or (f"„{req.subject}”" if req.subject else None),
        period_start=(answer.period_start if answer else None) or summary.period_start,
        period_end=(answer.period_end if answer else None) or summary.period_end)


def view_summaries(repo: Repository, req: RequestRow) -> tuple[ViewSummary, ...]:
    """Each third party heard, named by its key (a role chosen by the official, e.g. "bouwbedrijf"), never by
    name: whether it answered, objected, and how that was weighed."""
    out = []
    for tp in repo.third_parties(req.id):
        if tp.asked_on is None:
            continue
        if tp.objects:
            weighing = ("Wij hebben het bezwaar betrokken bij onze beoordeling. Waar het bezwaar gaat over "
                        "informatie die onder een uitzonderingsgrond valt, maken wij die informatie niet openbaar; "
                        "voor de overige informatie weegt het belang van openbaarheid zwaarder.")
        elif tp.view_received_on:
            weighing = "Wij hebben de zienswijze betrokken bij onze beoordeling."
        else:
            weighing = "Wij hebben daarom aangenomen dat er geen bezwaar is tegen openbaarmaking."
        out.append(ViewSummary(role=f"de derde-belanghebbende ({tp.key.replace('-', ' ')})",
                               documents=tuple(sorted(tp.document_numbers or ())), asked_on=tp.asked_on,
                               answered_on=tp.view_received_on, objected=bool(tp.objects), weighing=weighing))
    return tuple(out)


def document_considerations(repo: Repository, req: RequestRow, docs: list[DocumentRow]
                            ) -> tuple[DocumentConsideration, ...]:
    """Per document not (wholly) public: its grounds and the concrete reason: the official's remark and the
    reviewer's reason per relative ground (Woo 5.1(2), 5.2) where given, else what was made unreadable (by kind,
    counted) — never the redacted text itself."""
    by_doc: dict[int, Counter[str]] = {}
    for r in repo.redactions(req.id, status="applied"):
        by_doc.setdefault(r.document_number, Counter())[_category_label(r.category)] += 1
    review = answers_of(repo, req).redaction_review
    out = []
    for d in docs:
        if d.judgement not in ("deels openbaar", "niet openbaar") or not d.grounds:
            continue
        grounds = sorted({Ground.parse(g) for g in d.grounds}, key=lambda g: g.value)
        weighed = [(g, text) for g in grounds if review and (text := review.reason_for(d.number, g))]
        if weighed:
            # The reviewer's own weighing per ground, after the official's remark when there is one.
            parts = [_sentence(d.remark)] if d.remark else []
            parts += [_sentence(f"{g.value} ({g.label[0].lower()}{g.label[1:]}): {text}") for g, text in weighed]
            reason = " ".join(parts)
        elif d.remark:
            reason = d.remark
        elif d.number in by_doc:
            parts = [f"{label} ({n}×)" for label, n in sorted(by_doc[d.number].items())]
            reason = "Onleesbaar gemaakt: " + enumerate_nl(parts) + "."
        else:
            reason = "Zie de overwegingen bij de genoemde gronden."
        out.append(DocumentConsideration(number=d.number, title=public_title(d.title), date=d.date,
                                         grounds=tuple(Ground.parse(g).value for g in d.grounds), reason=reason))
    return tuple(out)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _category_label(category: str) -> str:
    try:
        label = Category(category).label
    except ValueError:
        return category
    return label[0].lower() + label[1:]


def _context(repo: Repository, req: RequestRow, day: dt.date, disclosure: dt.date | None,
             kind: DecisionType, *, concept: bool = False) -> DecisionContext:
    assert req.requester is not None
    settings = get_settings()
    docs = repo.documents(req.id)
    answers = answers_of(repo, req)
    sign_off = answers.decision
    original, narrowed_on = _scope(repo, req)
    return DecisionContext(
        organisation=organisation(sign_off.signed_by if sign_off else None),
        recipient=requester_recipient(req.requester), request=request_summary(req),
        original_request=original, narrowed_on=narrowed_on, concept=concept,
        formal_decision_making=any(a.formal_decision_making and Ground.PERSONAL_POLICY_VIEWS in a.grounds
                                   for a in answers.assessments.values()),
        search=search_summary(repo, req) if kind is not DecisionType.NOT_HANDLED else None,
        views=view_summaries(repo, req), document_considerations=document_considerations(repo, req, docs),
        letter_date=day, decision_type=kind, events=procedure_events(repo, req),
        # "Nothing found" and "not handled" have no inventory (the letter refuses one).
        inventory=() if kind in (DecisionType.NOTHING_FOUND, DecisionType.NOT_HANDLED)
        else inventory_rows(repo, req, day=day),
        disclosure_date=disclosure if disclosure and disclosure > day else None,
        publication_url=f"{settings.publication_base_url}/{req.number}",
        not_handled_reason=NOT_HANDLED_REASON if kind is DecisionType.NOT_HANDLED else None,
        not_handled_due=_not_handled_due(repo, req) if kind is DecisionType.NOT_HANDLED else None,
        held=tuple(d.number for d in docs if d.judgement and d.held_reason),
        **letter_moments(settings, req.id, day, disclosure),
    )


def _not_handled_due(repo: Repository, req: RequestRow) -> dt.date | None:
    """Woo 4.1(6): two weeks after the specification's period ended, by the deadline engine."""
    ends = [s.end for s in repo.suspensions(req.id) if s.kind == "precisering" and s.end]
    return not_handling_due(max(ends), article="4.1(6)").on if ends else None


def _decision_type(req: RequestRow) -> DecisionType:
    kind = Resolution(req.resolution).decision_type if req.resolution else None
    if kind is None:
        raise Permanent(f"verzoek {req.number or req.id} heeft (nog) geen besluit om op te stellen")
    return kind


def decision_letter(repo: Repository, req: RequestRow, day: dt.date, disclosure: dt.date | None, *,
                    concept: bool = False) -> Letter:
    """The decision to the requester, dated ``day``; ``concept`` marks the draft for the signatory."""
    return decision(_context(repo, req, day, disclosure, _decision_type(req), concept=concept))


def disclosure_notice_letter(repo: Repository, req: RequestRow, day: dt.date, disclosure: dt.date | None
                             ) -> Letter | None:
    """The requester's notice of the disclosure date (Woo 4.4(5)), sent with the decision dated ``day``; None when
    the documents are handed over with the decision itself (no third party objects or is expected to) or when
    nothing is disclosed."""
    if disclosure is None or disclosure <= day or _decision_type(req) in (
            DecisionType.NOTHING_FOUND, DecisionType.NOT_HANDLED, DecisionType.ALREADY_PUBLIC,
            DecisionType.NOT_PUBLIC):
        return None
    assert req.requester is not None
    sign_off = answers_of(repo, req).decision
    return disclosure_notice(DisclosureNoticeContext(
        organisation=organisation(sign_off.signed_by if sign_off else None),
        recipient=requester_recipient(req.requester), request=request_summary(req), letter_date=day,
        decision_date=day, disclosure_date=disclosure))


def public_decision_letter(repo: Repository, req: RequestRow) -> Letter:
    """The decision as it is published: same content, no addressee, the request text without personal data."""
    assert req.decided_on is not None
    ctx = _context(repo, req, req.decided_on, req.disclosure_on, _decision_type(req))
    known = known_data(repo, req.id)
    summary = replace(ctx.request, subject=public_text(ctx.request.subject, known))
    if ctx.original_request:
        ctx = replace(ctx, original_request=public_text(ctx.original_request, known))
    # The reasons per document are typed by officials: what the store knows as personal is masked here too.
    ctx = replace(ctx, document_considerations=tuple(replace(c, reason=public_text(c.reason, known))
                                                     for c in ctx.document_considerations))
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
    sign_off = answers_of(repo, req).decision
    return third_party_decision_notice(ThirdPartyDecisionNoticeContext(
        organisation=organisation(sign_off.signed_by if sign_off else None), recipient=third_party_recipient(tp),
        request=request_summary(req),
        letter_date=day, decision_date=day, documents=rows, disclosure_date=max(disclosure, day),
        objection_expected=objection_expected and disclosure > day, asked_on=tp.asked_on,
        view_received_on=tp.view_received_on, publication_url=f"{settings.publication_base_url}/{req.number}"))
