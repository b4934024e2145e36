"""Step 7, decide: judge every document and write the decision as a concept; send it once it is signed.

``decide`` stores a judgement and grounds per document (and why publication of a document is held, when its
claimed grounds and boxes disagree), writes the inventory (CSV) and a concept decision letter for the official
with mandate. ``send_decision`` needs the sign-off: approved, it dates the decision, computes the disclosure and
objection dates, and writes three renditions: the decision to the requester (with name and address), the
decision as it is published (no addressee, no personal data; filed for the publish step), and to every third
party heard its own notice of what was decided about its documents (Woo 4.4(6)), which never names the
requester. Sent back, the request waits for changes and a rerun.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from woo.deadlines.request_dates import compute_for_request
from woo.decision.inventory import file_type_label, inventory_csv
from woo.decision.judging import DocumentFacts, Judged, counts, decision_type, judge
from woo.letters.context import (
    DecisionContext,
    InventoryRow,
    ProcedureEvent,
    Recipient,
    ThirdPartyDecisionNoticeContext,
)
from woo.letters.correspondence import (
    organisation,
    request_summary,
    requester_recipient,
    send_letter,
    third_party_recipient,
)
from woo.letters.letters import Letter, decision, published_decision, third_party_decision_notice
from woo.privacy import Audience, known_data
from woo.privacy.text import public_text
from woo.questions.answers import answers_of
from woo.redaction.titles import public_title
from woo.schemas.audit import AuditAction
from woo.schemas.grounds import Ground
from woo.schemas.judgement import DecisionType
from woo.settings import get_settings
from woo.store import audit_log as audit
from woo.store.db import session_scope
from woo.store.files import write_atomically
from woo.store.models import DocumentRow, RedactionRow, RequestRow, SuspensionRow, ThirdPartyRow
from woo.store.queries import documents, get_request, third_parties


def _events(s: Session, req: RequestRow) -> tuple[ProcedureEvent, ...]:
    assert req.received_on
    events = [ProcedureEvent(req.received_on, "Wij hebben uw verzoek ontvangen.")]
    meeting = answers_of(req).meeting
    if meeting is not None:
        events.append(ProcedureEvent(meeting.held_on, f"Wij hebben met u gesproken over uw verzoek "
                                                      f"({meeting.outcome.label})."))
    for sus in s.scalars(select(SuspensionRow).where(SuspensionRow.request_id == req.id)):
        what = ("derde-belanghebbenden om hun zienswijze gevraagd" if sus.kind == "zienswijze"
                else "u gevraagd uw verzoek te preciseren")
        events.append(ProcedureEvent(sus.start, f"Wij hebben {what}; de beslistermijn is opgeschort."))
        if sus.end:
            events.append(ProcedureEvent(sus.end, "De opschorting van de beslistermijn is geëindigd."))
    return tuple(sorted(events, key=lambda e: e.on))


def _inventory(docs: list[DocumentRow]) -> tuple[InventoryRow, ...]:
    return tuple(
        InventoryRow(number=d.number, date=d.date, title=public_title(d.title), file_type=file_type_label(d.media_type),
                     family=d.family if d.family != d.number or d.parent else None, judgement=d.judgement,
                     grounds=tuple(d.grounds or ()), remark=d.remark or "", link=d.link)
        for d in docs if d.judgement
    )


PUBLIC_DECISION_NAME = "besluit-openbaar.pdf"


def _context(s: Session, req: RequestRow, day: dt.date, disclosure: dt.date | None) -> DecisionContext:
    assert req.requester is not None
    settings = get_settings()
    kind = DecisionType(req.resolution)
    docs = documents(s, req.id)
    return DecisionContext(
        organisation=organisation(), recipient=requester_recipient(req.requester), request=request_summary(req),
        letter_date=day, decision_type=kind, events=_events(s, req), inventory=_inventory(docs),
        disclosure_date=disclosure if disclosure and disclosure > day else None,
        publication_url=f"{settings.publication_base_url}/{req.number}",
        not_handled_reason=("U heeft uw verzoek niet gepreciseerd binnen de gestelde termijn."
                            if kind is DecisionType.NOT_HANDLED else None),
        held=tuple(d.number for d in docs if d.judgement and d.held_reason),
    )


def _letter(s: Session, req: RequestRow, day: dt.date, disclosure: dt.date | None) -> Letter:
    return decision(_context(s, req, day, disclosure))


def public_decision_letter(s: Session, req: RequestRow) -> Letter:
    """The decision as it is published: same content, no addressee, the request text without personal data."""
    assert req.decided_on is not None
    ctx = _context(s, req, req.decided_on, req.disclosure_on)
    known = known_data(s, req.id)
    summary = replace(ctx.request, subject=public_text(ctx.request.subject, known))
    return published_decision(replace(ctx, request=summary, recipient=Recipient(name="verzoeker",
                                                                                 postal_address=None)))


def _third_party_notice(s: Session, req: RequestRow, tp: ThirdPartyRow, day: dt.date,
                        disclosure: dt.date, objection_expected: bool) -> Letter | None:
    rows = tuple(r for r in _inventory(documents(s, req.id)) if r.number in set(tp.document_numbers or ()))
    if not rows:
        return None
    settings = get_settings()
    return third_party_decision_notice(ThirdPartyDecisionNoticeContext(
        organisation=organisation(), recipient=third_party_recipient(tp), request=request_summary(req),
        letter_date=day, decision_date=day, documents=rows, disclosure_date=max(disclosure, day),
        objection_expected=objection_expected and disclosure > day, asked_on=tp.asked_on,
        view_received_on=tp.view_received_on, publication_url=f"{settings.publication_base_url}/{req.number}"))


def decide(request_id: str) -> dict[str, Any]:
    """Judgements, inventory and the concept decision; nothing is sent."""
    settings = get_settings()
    today = dt.date.today()
    with session_scope() as s:
        req = get_request(s, request_id)
        answers = answers_of(req)
        docs = documents(s, request_id)
        grounds_by_doc: dict[int, set[Ground]] = {}
        for r in s.scalars(select(RedactionRow).where(RedactionRow.request_id == request_id,
                                                      RedactionRow.status == "applied")):
            grounds_by_doc.setdefault(r.document_number, set()).add(Ground(r.ground))
        facts = [
            DocumentFacts(number=d.number, names=(d.display_name, d.source_path), duplicate_of=d.duplicate_of,
                          redaction_grounds=frozenset(grounds_by_doc.get(d.number, ())), check_ok=d.check_ok,
                          error=d.error)
            for d in docs
        ]
        judged = judge(facts, answers.assessments)
        kind = decision_type(judged, not_handled=req.status == "not_handled")
        by_number: dict[int, Judged] = {j.number: j for j in judged}
        for d in docs:
            j = by_number.get(d.number)
            d.judgement = str(j.judgement) if j else None
            d.grounds = [str(g) for g in j.grounds] if j else None
            d.remark = j.remark if j else d.error
            d.link = j.link if j else None
            d.held_reason = j.held_reason if j else None
        req.resolution = str(kind)
        s.flush()
        folder = settings.request_dir(request_id) / "besluit"
        write_atomically(folder / "inventaris.csv", inventory_csv(_inventory(docs)))
        write_atomically(folder / "besluit-concept.pdf", _letter(s, req, today, None).pdf())
        req.status = "awaiting_sign_off"
        audit.record(s, AuditAction.DECISION_MADE, request_id=request_id, step="decide", legal_basis="Woo 4.4",
                     payload={"decision_type": str(kind), "judgements": counts(judged),
                              "grounds": sorted({str(g) for j in judged for g in j.grounds}),
                              "unreadable": sum(1 for d in docs if d.error), "concept": True,
                              "held": sorted(j.number for j in judged if j.held_reason)})
    return {"decision_type": str(kind), "documents": len(judged), "judgements": counts(judged),
            "held": sum(1 for j in judged if j.held_reason)}


def send_decision(request_id: str) -> dict[str, Any]:
    """Date, finalise and send the signed decision; a sign-off that sends it back stops here."""
    settings = get_settings()
    today = dt.date.today()
    with session_scope() as s:
        req = get_request(s, request_id)
        sign_off = answers_of(req).decision
        if sign_off is None:
            return {"sent": False, "reason": "no_sign_off", "incomplete": True}
        if not sign_off.approve:
            req.status = "sent_back"
            audit.record(s, AuditAction.DECISION_SIGNED, request_id=request_id, step="send_decision",
                         actor=sign_off.signed_by, payload={"approved": False})
            return {"sent": False, "reason": "sent_back", "incomplete": True}
        req.decided_on = req.decided_on or today
        deadlines = compute_for_request(s, req)
        letter = _letter(s, req, req.decided_on, deadlines.disclosure_on)
        audit.record(s, AuditAction.DECISION_SIGNED, request_id=request_id, step="send_decision",
                     actor=sign_off.signed_by, legal_basis="Awb 10:3 (mandaat)",
                     payload={"approved": True, "decided_on": req.decided_on})
        req.status = "decided"
        assert req.requester is not None
        requester = (f"decision:{request_id}", req.requester.name, req.requester.email)
        # Third parties get their own notice of the decision at the same time (Woo 4.4(6)), never the
        # requester's letter: that names who asked and where they live.
        disclosure = deadlines.disclosure_on or req.decided_on
        parties = third_parties(s, request_id)
        objecting = sum(1 for tp in parties if tp.objects)
        notices = [(f"decision:{request_id}:{tp.key}", notice, tp.name, tp.email, Audience.third_party(tp.key))
                   for tp in parties
                   if (notice := _third_party_notice(s, req, tp, req.decided_on, disclosure, objecting > 0))]
        public = public_decision_letter(s, req)
    # A retry after a partial send reuses the filed rendering, so every copy has one hash.
    folder = settings.request_dir(request_id) / "besluit"
    filed = folder / "besluit.pdf"
    pdf = filed.read_bytes() if filed.exists() else letter.pdf()
    write_atomically(filed, pdf)
    if not (folder / PUBLIC_DECISION_NAME).exists():
        write_atomically(folder / PUBLIC_DECISION_NAME, public.pdf())
    deliveries = [send_letter(key=requester[0], req=req, letter=letter, name=requester[1], email=requester[2],
                              audience=Audience.requester(), pdf=pdf)]
    deliveries += [send_letter(key=key, req=req, letter=notice, name=name, email=email, audience=audience)
                   for key, notice, name, email, audience in notices]
    return {"sent": True, "decided_on": req.decided_on.isoformat() if req.decided_on else None,
            "disclosure_on": deadlines.disclosure_on.isoformat() if deadlines.disclosure_on else None,
            "objection_due": deadlines.objection_due.isoformat() if deadlines.objection_due else None,
            "objecting_third_parties": objecting, "letters": len(deliveries),
            "letters_blocked": sum(1 for d in deliveries if d.status == "blocked")}
