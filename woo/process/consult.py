"""Step 5, consult third parties (Awb 4:8, Woo 4.4(3)-(4)).

Per third party a zienswijze request naming only the documents that concern them. The requester is told the
term is suspended; once every view has arrived or its period lapsed, the requester gets the new decision date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import delete

from schemas.answers import ThirdParty
from schemas.audit import AuditAction
from woo import audit
from woo.letters.context import (
    DocumentReference,
    SuspensionEndedNoticeContext,
    SuspensionNoticeContext,
    ZienswijzeRequestContext,
)
from woo.letters.letters import suspension_ended_notice, suspension_notice, zienswijze_request
from woo.process.answers import answers_of
from woo.process.correspondence import (
    organisation,
    request_summary,
    requester_recipient,
    send_letter,
    third_party_recipient,
)
from woo.process.dates import compute_for_request
from woo.store.db import session_scope
from woo.store.models import DocumentRow, SuspensionRow, ThirdPartyRow
from woo.store.queries import documents, get_request

VIEW_PERIOD = dt.timedelta(days=14)  # project rule: two weeks for a view unless the answers set another date


def _match(names: list[str], docs: list[DocumentRow]) -> tuple[list[int], list[str]]:
    """Document numbers for the given file names (by display name or path), and the names not found."""
    found: list[int] = []
    missing: list[str] = []
    for name in names:
        hits = [d.number for d in docs if name in (d.display_name, d.source_path, PurePosixPath(d.source_path).name)]
        # An e-mail concerns a third party together with its attachments (its family).
        hits += [d.number for d in docs if d.family in hits and d.number not in hits]
        if hits:
            found.extend(h for h in hits if h not in found)
        else:
            missing.append(name)
    return sorted(found), missing


def consult(request_id: str) -> dict[str, Any]:
    today = dt.date.today()
    with session_scope() as s:
        req = get_request(s, request_id)
        parties = answers_of(req).third_parties
        docs = [d for d in documents(s, request_id) if d.error is None]
    if not parties:
        return {"third_parties": 0, "suspended": False}

    problems: list[str] = []
    asked: list[tuple[ThirdParty, list[int]]] = []
    for tp in parties:
        numbers, missing = _match(tp.documents, docs)
        problems += [f"derde '{tp.key}': document '{m}' niet gevonden in de map" for m in missing]
        if numbers:
            asked.append((tp, numbers))
        else:
            problems.append(f"derde '{tp.key}': geen van de genoemde documenten gevonden; niet geraadpleegd")

    with session_scope() as s:
        req = get_request(s, request_id)
        s.execute(delete(ThirdPartyRow).where(ThirdPartyRow.request_id == request_id))
        s.execute(delete(SuspensionRow).where(SuspensionRow.request_id == request_id,
                                              SuspensionRow.kind == "zienswijze"))
        rows = []
        for tp, numbers in asked:
            asked_on = tp.asked_on or today
            view = tp.view
            row = ThirdPartyRow(
                request_id=request_id, key=tp.key, name=tp.name, email=tp.email, postal_address=tp.postal_address,
                document_numbers=numbers, asked_on=asked_on, view_due=tp.view_due or asked_on + VIEW_PERIOD,
                view_received_on=view.received_on if view else None,
                lapsed=bool(view and view.lapsed) or (view is None and (tp.view_due or asked_on + VIEW_PERIOD) < today),
                objects=view.objects if view else None, passages=view.passages if view else None,
            )
            s.add(row)
            rows.append(row)
        for p in problems:
            audit.record(s, AuditAction.ANSWER_REFUSED, request_id=request_id, step="consult", payload={"problem": p})
        if not rows:
            return {"third_parties": 0, "suspended": False, "problems": len(problems)}

        start = min(r.asked_on for r in rows if r.asked_on)
        ends = [r.view_received_on or (r.view_due if r.lapsed else None) for r in rows]
        end = None if any(e is None for e in ends) else max(e for e in ends if e)
        s.add(SuspensionRow(request_id=request_id, kind="zienswijze", start=start, end=end,
                            reason=f"zienswijze van {len(rows)} derde(n)", legal_basis="Woo 4.4(3); Awb 4:8"))
        audit.record(s, AuditAction.SUSPENSION_RECORDED, request_id=request_id, step="consult",
                     legal_basis="Woo 4.4(3)", payload={"start": start, "end": end, "third_parties": len(rows)})
        s.flush()
        deadlines = compute_for_request(s, req)
        letters = []
        for r in rows:
            refs = tuple(DocumentReference(number=d.number, title=d.title)
                         for d in docs if d.number in r.document_numbers)
            letter = zienswijze_request(ZienswijzeRequestContext(
                organisation=organisation(), recipient=third_party_recipient(r), request=request_summary(req),
                letter_date=r.asked_on or today, documents=refs, respond_by=r.view_due or today,
                # The requester's own wording may identify them; third parties get a neutral description.
                request_description="een verzoek op grond van de Wet open overheid dat de hieronder genoemde "
                                    "documenten betreft"))
            letters.append((f"zienswijze:{request_id}:{r.key}", letter, r.name, r.email))
            audit.record(s, AuditAction.THIRD_PARTY_ASKED, request_id=request_id, step="consult",
                         legal_basis="Awb 4:8", payload={"third_party": r.key, "documents": r.document_numbers,
                                                         "view_due": r.view_due})
            if r.view_received_on or r.lapsed:
                audit.record(s, AuditAction.THIRD_PARTY_VIEW_RECORDED, request_id=request_id, step="consult",
                             actor=next((tp.answered_by for tp, _ in asked if tp.key == r.key), None),
                             payload={"third_party": r.key, "received_on": r.view_received_on,
                                      "lapsed": r.lapsed, "objects": r.objects})
        assert req.requester is not None
        requester = requester_recipient(req.requester)
        letters.append((f"suspension:{request_id}", suspension_notice(SuspensionNoticeContext(
            organisation=organisation(), recipient=requester, request=request_summary(req), letter_date=start,
            views_due=max(r.view_due for r in rows if r.view_due), third_party_count=len(rows))),
            req.requester.name, req.requester.email))
        if end is not None:
            letters.append((f"suspension-ended:{request_id}", suspension_ended_notice(SuspensionEndedNoticeContext(
                organisation=organisation(), recipient=requester, request=request_summary(req), letter_date=end,
                ended_on=end, new_decision_due=deadlines.decision_due)), req.requester.name, req.requester.email))
        waiting = end is None
        if waiting:
            req.status = "awaiting_views"

    for key, letter, name, email in letters:
        send_letter(key=key, req=req, letter=letter, name=name, email=email)
    return {"third_parties": len(rows), "suspended": True, "suspension_start": start.isoformat(),
            "suspension_end": end.isoformat() if end else None, "decision_due": deadlines.decision_due.isoformat(),
            "objections": sum(1 for r in rows if r.objects), "letters": len(letters), "problems": len(problems),
            "waiting": waiting}
