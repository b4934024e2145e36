"""Step 7, decide: judge every document, write the decision with its inventory, and send it once signed.

Without a sign-off by an official with mandate the decision stays a draft: it is written to the request folder
but not sent, and the request waits (``awaiting_sign_off``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from schemas.audit import AuditAction
from schemas.grounds import Ground
from schemas.judgement import DecisionType
from woo import audit
from woo.inventory import file_type_label, inventory_csv
from woo.judging import DocumentFacts, Judged, counts, decision_type, judge
from woo.letters.context import DecisionContext, InventoryRow, ProcedureEvent
from woo.letters.letters import decision
from woo.outbox import _atomic_write
from woo.process.answers import answers_of
from woo.process.correspondence import organisation, request_summary, requester_recipient, send_letter
from woo.process.dates import compute_for_request
from woo.process.titles import public_title
from woo.settings import get_settings
from woo.store.db import session_scope
from woo.store.models import RedactionRow, RequestRow, SuspensionRow
from woo.store.queries import documents, get_request, third_parties


def _events(s: Any, req: RequestRow) -> tuple[ProcedureEvent, ...]:
    assert req.received_on
    events = [ProcedureEvent(req.received_on, "Wij hebben uw verzoek ontvangen.")]
    meeting = answers_of(req).meeting
    if meeting is not None:
        events.append(ProcedureEvent(meeting.held_on, f"Wij hebben met u gesproken over uw verzoek "
                                                      f"({meeting.outcome.label})."))
    for sus in s.scalars(select(SuspensionRow).where(SuspensionRow.request_id == req.id)):
        what = "derde-belanghebbenden om hun zienswijze gevraagd" if sus.kind == "zienswijze" else \
            "u gevraagd uw verzoek te preciseren"
        events.append(ProcedureEvent(sus.start, f"Wij hebben {what}; de beslistermijn is opgeschort."))
        if sus.end:
            events.append(ProcedureEvent(sus.end, "De opschorting van de beslistermijn is geëindigd."))
    return tuple(sorted(events, key=lambda e: e.on))


def decide(request_id: str) -> dict[str, Any]:
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
        rows = tuple(
            InventoryRow(number=d.number, date=d.date, title=public_title(d.title),
                         file_type=file_type_label(d.media_type),
                         family=d.family if d.family != d.number or d.parent else None,
                         judgement=str(j.judgement), grounds=tuple(str(g) for g in j.grounds), remark=j.remark,
                         link=j.link)
            for d in docs if (j := by_number.get(d.number)) is not None
        )
        sign_off = answers.decision
        signed = sign_off is not None and sign_off.approve
        if signed:
            req.decided_on = today
        objecting = [tp for tp in third_parties(s, request_id) if tp.objects]
        deadlines = compute_for_request(s, req)
        disclosure = deadlines.disclosure_on if signed else None
        assert req.requester is not None
        letter = decision(DecisionContext(
            organisation=organisation(), recipient=requester_recipient(req.requester), request=request_summary(req),
            letter_date=today, decision_type=kind, events=_events(s, req), inventory=rows,
            disclosure_date=disclosure if disclosure and disclosure > today else None,
            publication_url=f"{settings.publication_base_url}/{req.number}",
            not_handled_reason=("U heeft uw verzoek niet gepreciseerd binnen de gestelde termijn."
                                if kind is DecisionType.NOT_HANDLED else None),
        ))
        folder = settings.request_dir(request_id) / "besluit"
        csv_bytes = inventory_csv(rows)
        _atomic_write(folder / "inventaris.csv", csv_bytes)
        req.resolution = str(kind)
        audit.record(s, AuditAction.DECISION_MADE, request_id=request_id, step="decide", legal_basis="Woo 4.4",
                     payload={"decision_type": str(kind), "judgements": counts(judged),
                              "grounds": sorted({str(g) for j in judged for g in j.grounds}),
                              "unreadable": sum(1 for d in docs if d.error)})
        if not signed:
            _atomic_write(folder / "besluit-concept.pdf", letter.pdf())
            req.status = "awaiting_sign_off"
            return {"decision_type": str(kind), "signed": False, "documents": len(judged),
                    "judgements": counts(judged)}
        audit.record(s, AuditAction.DECISION_SIGNED, request_id=request_id, step="decide", actor=sign_off.signed_by,
                     legal_basis="Awb 10:3 (mandaat)", payload={"decided_on": today})
        req.status = "decided"
        recipients = [(f"decision:{request_id}", req.requester.name, req.requester.email)]
        # Third parties are told of the decision at the same time (Woo 4.4(6)).
        recipients += [(f"decision:{request_id}:{tp.key}", tp.name, tp.email)
                       for tp in third_parties(s, request_id)]

    pdf_path = folder / "besluit.pdf"
    _atomic_write(pdf_path, letter.pdf())
    for key, name, email in recipients:
        send_letter(key=key, req=req, letter=letter, name=name, email=email)
    return {"decision_type": str(kind), "signed": True, "decided_on": today.isoformat(),
            "disclosure_on": deadlines.disclosure_on.isoformat() if deadlines.disclosure_on else None,
            "objection_due": deadlines.objection_due.isoformat() if deadlines.objection_due else None,
            "documents": len(judged), "judgements": counts(judged), "objecting_third_parties": len(objecting),
            "letters": len(recipients)}
