"""Step 7, decide: judge every document and write the decision as a concept; send it once it is signed.

``decide`` stores a judgement and grounds per document (and why publication of a document is held, when its
claimed grounds and boxes disagree), writes the inventory (CSV) and a concept decision letter for the official
with mandate. ``send_decision`` needs the sign-off: approved, it dates the decision, computes the disclosure and
objection dates, and writes three renditions (:mod:`woo.decision.letters`): to the requester, as published
(filed for the publish step), and to every third party heard. When disclosure waits for a third party's
objection term, the requester also gets the notice of the disclosure date (Woo 4.4(5)), once, with the decision.
Sent back, the request waits for changes and a rerun.
"""

from __future__ import annotations

import datetime as dt

from woo.case import RequestStatus, Resolution, UnitOfWork
from woo.deadlines.request_dates import compute_for_request
from woo.decision.judging import DocumentFacts, Judged, counts, decision_type, judge, undecidable_reason
from woo.decision.letters import (
    PUBLIC_DECISION_NAME,
    decision_letter,
    disclosure_notice_letter,
    public_decision_letter,
    request_inventory,
)
from woo.decision.letters import third_party_notice as notice_for
from woo.errors import Permanent
from woo.letters.correspondence import send_letter
from woo.letters.letters import Letter
from woo.privacy import Audience
from woo.process.results import Decided, DecisionSent
from woo.questions.answers import answers_of
from woo.schemas.audit import AuditAction
from woo.schemas.grounds import Ground
from woo.settings import get_settings
from woo.store.files import write_atomically


def decide(uow: UnitOfWork, request_id: str, *, today: dt.date) -> Decided:
    """Judgements, inventory and the concept decision; nothing is sent."""
    settings = get_settings()
    with uow:
        req = uow.requests.get(request_id)
        answers = answers_of(uow.requests, req)
        docs = uow.requests.documents(request_id)
        grounds_by_doc: dict[int, set[Ground]] = {}
        for r in uow.requests.redactions(request_id, status="applied"):
            grounds_by_doc.setdefault(r.document_number, set()).add(Ground(r.ground))
        facts = [
            DocumentFacts(number=d.number, names=(d.display_name, d.source_path), duplicate_of=d.duplicate_of,
                          redaction_grounds=frozenset(grounds_by_doc.get(d.number, ())), check_ok=d.check_ok,
                          error=d.error)
            for d in docs
        ]
        judged = judge(facts, answers.assessments)
        # The meeting records "not handled" as the resolution (Woo 4.1(6)); it stays so when decide runs again.
        not_handled = req.resolution == Resolution.NOT_HANDLED
        reason = undecidable_reason(judged, sum(1 for d in docs if d.error), not_handled=not_handled)
        if reason:
            raise Permanent(reason)
        kind = decision_type(judged, not_handled=not_handled)
        by_number: dict[int, Judged] = {j.number: j for j in judged}
        for d in docs:
            j = by_number.get(d.number)
            d.judgement = str(j.judgement) if j else None
            d.grounds = [str(g) for g in j.grounds] if j else None
            d.remark = j.remark if j else d.error
            d.link = j.link if j else None
            d.held_reason = j.held_reason if j else None
        req.resolution = Resolution.of(kind)
        uow.flush()
        folder = settings.request_dir(request_id) / "besluit"
        inventory = request_inventory(uow.requests, req, day=today)
        write_atomically(folder / "inventaris.csv", inventory.csv())
        write_atomically(folder / "inventaris.xlsx", inventory.xlsx())
        write_atomically(folder / "besluit-concept.pdf", decision_letter(uow.requests, req, today, None,
                                                                                  concept=True).pdf())
        req.status = RequestStatus.AWAITING_SIGN_OFF
        uow.record(AuditAction.DECISION_MADE, request_id=request_id, step="decide", legal_basis="Woo 4.4",
                   payload={"decision_type": str(kind), "judgements": counts(judged),
                            "grounds": sorted({str(g) for j in judged for g in j.grounds}),
                            "found": inventory.found, "unreadable": len(inventory.unreadable), "concept": True,
                            "held": sorted(j.number for j in judged if j.held_reason)})
        uow.commit()
    return Decided(decision_type=kind, documents=len(judged), judgements=counts(judged),
                   held=sum(1 for j in judged if j.held_reason))


def send_decision(uow: UnitOfWork, request_id: str, *, today: dt.date) -> DecisionSent:
    """Date, finalise and send the signed decision; a sign-off that sends it back stops here."""
    settings = get_settings()
    with uow:
        req = uow.requests.get(request_id)
        sign_off = answers_of(uow.requests, req).decision
        if sign_off is None:
            return DecisionSent(sent=False, reason="no_sign_off")
        if not sign_off.approve:
            req.status = RequestStatus.SENT_BACK
            uow.record(AuditAction.DECISION_SIGNED, request_id=request_id, step="send_decision",
                       actor=sign_off.signed_by, payload={"approved": False})
            uow.commit()
            return DecisionSent(sent=False, reason="sent_back")
        req.decided_on = req.decided_on or today
        decided_on = req.decided_on
        deadlines = compute_for_request(uow, req, today=today)
        letter = decision_letter(uow.requests, req, decided_on, deadlines.disclosure_on)
        # Disclosure waits for a third party's objection term: the requester is told the date with the decision.
        date_notice = disclosure_notice_letter(uow.requests, req, decided_on, deadlines.disclosure_on)
        uow.record(AuditAction.DECISION_SIGNED, request_id=request_id, step="send_decision",
                   actor=sign_off.signed_by, legal_basis="Awb 10:3 (mandaat)",
                   payload={"approved": True, "decided_on": decided_on})
        req.status = RequestStatus.DECIDED
        assert req.requester is not None
        requester = (f"decision:{request_id}", req.requester.name, req.requester.email)
        # Third parties get their own notice of the decision at the same time (Woo 4.4(6)), never the
        # requester's letter: that names who asked and where they live.
        disclosure = deadlines.disclosure_on or decided_on
        parties = uow.requests.third_parties(request_id)
        objecting = sum(1 for tp in parties if tp.objects)
        notices: list[tuple[str, Letter, str, str | None, Audience]] = [
            (f"decision:{request_id}:{tp.key}", notice, tp.name, tp.email, Audience.third_party(tp.key))
            for tp in parties
            if (notice := notice_for(uow.requests, req, tp, decided_on, disclosure, objecting > 0))]
        public = public_decision_letter(uow.requests, req)
        uow.commit()
    # A retry after a partial send reuses the filed rendering, so every copy has one hash.
    folder = settings.request_dir(request_id) / "besluit"
    filed = folder / "besluit.pdf"
    pdf = filed.read_bytes() if filed.exists() else letter.pdf()
    write_atomically(filed, pdf)
    if not (folder / PUBLIC_DECISION_NAME).exists():
        write_atomically(folder / PUBLIC_DECISION_NAME, public.pdf())
    deliveries = [send_letter(uow, key=requester[0], req=req, letter=letter, name=requester[1], email=requester[2],
                              audience=Audience.requester(), pdf=pdf)]
    if date_notice is not None:
        deliveries.append(send_letter(uow, key=f"disclosure:{request_id}", req=req, letter=date_notice,
                                      name=requester[1], email=requester[2], audience=Audience.requester()))
    deliveries += [send_letter(uow, key=key, req=req, letter=notice, name=name, email=email, audience=audience)
                   for key, notice, name, email, audience in notices]
    return DecisionSent(sent=True, decided_on=decided_on, disclosure_on=deadlines.disclosure_on,
                        objection_due=deadlines.objection_due, objecting_third_parties=objecting,
                        letters=len(deliveries), letters_blocked=sum(1 for d in deliveries if d.status == "blocked"))
