"""Step 5, consult third parties (Awb 4:8, Woo 4.4(3)-(4)), in two parts around the people's answer.

``consult`` sends each third party a zienswijze request naming only the documents that concern them, opens the
suspension of the decision term and tells the requester. ``record_views`` takes the views (or the lapse of
their period), closes the suspension and sends the requester the new decision date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

from woo.case import RequestStatus, UnitOfWork
from woo.deadlines.request_dates import compute_for_request
from woo.letters.context import (
    DocumentReference,
    SuspensionEndedNoticeContext,
    SuspensionNoticeContext,
    ZienswijzeRequestContext,
)
from woo.letters.correspondence import (
    organisation,
    request_summary,
    requester_recipient,
    send_letter,
    third_party_recipient,
)
from woo.letters.letters import Letter, suspension_ended_notice, suspension_notice, zienswijze_request
from woo.privacy import Audience, known_data
from woo.privacy.text import public_text
from woo.process.results import Consulted, ViewsRecorded
from woo.questions.answers import answers_of
from woo.questions.models import ThirdParty
from woo.redaction import RedactionError, load_officials, redact_pdf
from woo.redaction.titles import public_title
from woo.schemas.audit import AuditAction
from woo.schemas.judgement import Judgement
from woo.settings import get_settings
from woo.store.models import DocumentRow, SuspensionRow, ThirdPartyRow

VIEW_PERIOD = dt.timedelta(days=14)  # project rule: two weeks for a view unless the answers set another date
NEUTRAL_DESCRIPTION = "een verzoek op grond van de Wet open overheid dat de hieronder genoemde documenten betreft"
VIEWS = "zienswijze"


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


class _ProposedCopies:
    """Per document the judgement we intend and a copy with the proposed redactions applied: what would be made
    public, so a third party can say concretely which passage it objects to. Made once per document."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        settings = get_settings()
        self.officials = load_officials(settings.officials_file) if settings.officials_file else None
        self.made: dict[int, tuple[DocumentReference, tuple[str, bytes] | None]] = {}

    def for_documents(self, docs: list[DocumentRow]
                      ) -> tuple[tuple[DocumentReference, ...], tuple[tuple[str, bytes], ...]]:
        out = [self._one(d) for d in docs]
        return tuple(ref for ref, _ in out), tuple(copy for _, copy in out if copy is not None)

    def _one(self, d: DocumentRow) -> tuple[DocumentReference, tuple[str, bytes] | None]:
        if d.number not in self.made:
            self.made[d.number] = self._make(d)
        return self.made[d.number]

    def _make(self, d: DocumentRow) -> tuple[DocumentReference, tuple[str, bytes] | None]:
        # Titles come from file names and e-mail subjects; identifiers in them are masked.
        title = public_title(d.title)
        if d.duplicate_of is not None:
            return DocumentReference(d.number, title, f"gelijk aan document {d.duplicate_of}"), None
        if not d.pdf_path:
            return DocumentReference(d.number, title, None), None
        name = f"document-{d.number:03d}-voorgenomen-lakking.pdf"
        try:
            # Every proposal, business data included: the third party is asked precisely about those.
            result = redact_pdf(Path(d.pdf_path), self.folder / name, officials=self.officials, accept="proposed")
        except RedactionError:
            return DocumentReference(d.number, title, None), None
        if result.blocked:
            # The copy failed its check: it is not sent; the official explains the intended judgement in person.
            return DocumentReference(d.number, title, None), None
        grounds = tuple(sorted({str(a.ground) for a in result.redactions}))
        judgement = Judgement.PARTLY_PUBLIC if grounds else Judgement.PUBLIC
        return (DocumentReference(d.number, title, str(judgement), grounds=grounds, attachment=name),
                (name, (self.folder / name).read_bytes()))


def consult(uow: UnitOfWork, request_id: str, *, today: dt.date) -> Consulted:
    letters: list[tuple[str, Letter, str, str | None, Audience, tuple[tuple[str, bytes], ...]]] = []
    with uow:
        req = uow.requests.get(request_id)
        parties = answers_of(uow.requests, req).third_parties
        if not parties:
            return Consulted(third_parties=0, suspended=False)
        docs = [d for d in uow.requests.documents(request_id) if d.error is None]
        problems: list[str] = []
        asked: list[tuple[ThirdParty, list[int]]] = []
        for tp in parties:
            numbers, missing = _match(tp.documents, docs)
            problems += [f"derde '{tp.key}': document '{m}' niet gevonden in de map" for m in missing]
            if numbers:
                asked.append((tp, numbers))
            else:
                problems.append(f"derde '{tp.key}': geen van de genoemde documenten gevonden; niet geraadpleegd")
        for p in problems:
            uow.record(AuditAction.ANSWER_REFUSED, request_id=request_id, step="consult", payload={"problem": p})
        if not asked:
            uow.commit()
            return Consulted(third_parties=0, suspended=False, problems=len(problems))
        known = {r.key: r for r in uow.requests.third_parties(request_id)}
        rows = []
        for tp, numbers in asked:
            # The request goes out today, so the third party is asked today (a rerun keeps the first day).
            # An earlier ``asked_on`` in the answers cannot date a letter that only leaves now.
            previous = known.get(tp.key)
            asked_on = previous.asked_on if previous is not None and previous.asked_on else today
            row = known.get(tp.key) or ThirdPartyRow(request_id=request_id, key=tp.key)
            row.name, row.email, row.postal_address = tp.name, tp.email, tp.postal_address
            row.contact_person, row.phone = tp.contact_person, tp.phone
            row.document_numbers = numbers
            row.asked_on = asked_on
            row.view_due = tp.view_due if tp.view_due and tp.view_due > asked_on else asked_on + VIEW_PERIOD
            uow.requests.add(row)
            rows.append(row)
        start = min(r.asked_on for r in rows if r.asked_on)
        views_due = max(r.view_due for r in rows if r.view_due)
        if uow.requests.suspension(request_id, VIEWS) is None:
            uow.requests.add(SuspensionRow(request_id=request_id, kind=VIEWS, start=start, end=None,
                                           reason=f"zienswijze van {len(rows)} derde(n)",
                                           legal_basis="Woo 4.4(3); Awb 4:8"))
            uow.record(AuditAction.SUSPENSION_RECORDED, request_id=request_id, step="consult",
                       legal_basis="Woo 4.4(3)", payload={"start": start, "end": None, "third_parties": len(rows)})
        deadlines = compute_for_request(uow, req, today=today)
        # The requester's own wording may identify them: third parties read it with personal data masked.
        description = public_text(req.subject or "", known_data(uow.requests, request_id)).strip()
        copies = _ProposedCopies(get_settings().request_dir(request_id) / "zienswijze")
        for r in rows:
            refs, attachments = copies.for_documents([d for d in docs if d.number in r.document_numbers])
            letter = zienswijze_request(ZienswijzeRequestContext(
                organisation=organisation(), recipient=third_party_recipient(r), request=request_summary(req),
                letter_date=today, documents=refs, respond_by=r.view_due or views_due,
                request_description=description or NEUTRAL_DESCRIPTION))
            letters.append((f"zienswijze:{request_id}:{r.key}", letter, r.name, r.email,
                            Audience.third_party(r.key), attachments))
            uow.record(AuditAction.THIRD_PARTY_ASKED, request_id=request_id, step="consult", legal_basis="Awb 4:8",
                       payload={"third_party": r.key, "documents": r.document_numbers, "view_due": r.view_due})
        assert req.requester is not None
        letters.append((f"suspension:{request_id}", suspension_notice(SuspensionNoticeContext(
            organisation=organisation(), recipient=requester_recipient(req.requester), request=request_summary(req),
            letter_date=today, views_due=views_due, third_party_count=len(rows))),
            req.requester.name, req.requester.email, Audience.requester(), ()))
        req.status = RequestStatus.AWAITING_VIEWS
        uow.commit()
    deliveries = [send_letter(uow, key=key, req=req, letter=letter, name=name, email=email, audience=audience,
                              attachments=attachments)
                  for key, letter, name, email, audience, attachments in letters]
    return Consulted(third_parties=len(rows), suspended=True, suspension_start=start, views_due=views_due,
                     decision_due=deadlines.decision_due, letters=len(letters), problems=len(problems),
                     letters_blocked=sum(1 for d in deliveries if d.status == "blocked"))


def record_views(uow: UnitOfWork, request_id: str, *, today: dt.date) -> ViewsRecorded:
    """Close the suspension with the views received (or lapsed periods) and send the new decision date."""
    with uow:
        req = uow.requests.get(request_id)
        rows = uow.requests.third_parties(request_id)
        if not rows:
            return ViewsRecorded(third_parties=0)
        answers = {tp.key: tp for tp in answers_of(uow.requests, req).third_parties}
        for r in rows:
            tp = answers.get(r.key)
            view = tp.view if tp else None
            if view is not None:
                r.view_received_on, r.lapsed = view.received_on, view.lapsed
                r.objects, r.passages = view.objects, view.passages
            elif r.view_due is not None and r.view_due < today:
                # Nobody answered: the period lapsed by law on its last day.
                r.view_received_on, r.lapsed, r.objects = None, True, False
            else:
                return ViewsRecorded(third_parties=len(rows), complete=False)
            uow.record(AuditAction.THIRD_PARTY_VIEW_RECORDED, request_id=request_id, step="views",
                       actor=(tp.answered_by if tp and tp.answered_by else "system"), legal_basis="Awb 4:8",
                       payload={"third_party": r.key, "received_on": r.view_received_on, "lapsed": r.lapsed,
                                "objects": r.objects})
        end = max(d for r in rows if (d := r.view_received_on or r.view_due))
        suspension = uow.requests.suspension(request_id, VIEWS)
        assert suspension is not None
        suspension.end = end
        uow.record(AuditAction.SUSPENSION_RECORDED, request_id=request_id, step="views", legal_basis="Woo 4.4(3)",
                   payload={"start": suspension.start, "end": end})
        deadlines = compute_for_request(uow, req, today=today)
        req.status = RequestStatus.IN_PROGRESS
        assert req.requester is not None
        letter = suspension_ended_notice(SuspensionEndedNoticeContext(
            organisation=organisation(), recipient=requester_recipient(req.requester), request=request_summary(req),
            letter_date=today, ended_on=end, new_decision_due=deadlines.decision_due,
            views_lapsed=all(r.lapsed for r in rows if (r.view_received_on or r.view_due) == end)))
        name, email = req.requester.name, req.requester.email
        uow.commit()
    send_letter(uow, key=f"suspension-ended:{request_id}", req=req, letter=letter, name=name, email=email,
                audience=Audience.requester())
    return ViewsRecorded(third_parties=len(rows), complete=True, suspension_end=end,
                         decision_due=deadlines.decision_due, objections=sum(1 for r in rows if r.objects))
