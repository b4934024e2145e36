"""The questions a request asks people, as plain domain logic: answered or not, due when, checked how, stored where.

An answer arrives as a dict (from a Prefect form or a ``woo answer`` file). It is checked twice: against the
form's schema and then against domain rules a schema cannot express (a date before receipt, an unknown third
party, a proposal id that does not exist). A refused answer changes nothing; the request keeps waiting.
Answers are stored with the request (``RequestRow.answers``, the same shape as an ``answers.yaml``), so a
batch run and an interactive run read them the same way. Free text in an answer arrives as a reference to a text
in the store (see :mod:`woo.questions.texts`); the checks below see the text, the stored answer keeps the reference.
Problems never repeat what was typed: they end up in Prefect (the next form, the question artifact).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from woo.case import Repository, UnitOfWork
from woo.errors import AnswerRefused
from woo.privacy.blocks import block_message, open_blocks
from woo.questions.answers import answers_of
from woo.questions.models import (
    ANSWER_TEXT_PATHS,
    MeetingAnswer,
    MeetingOutcome,
    PrivacyAnswer,
    RedactionReview,
    SignOff,
    Specification,
    ThirdPartyView,
)
from woo.questions.texts import refs_to_texts, texts_to_refs
from woo.redaction.model import Category
from woo.redaction.settle import settle
from woo.schemas.errors import describe_validation_error
from woo.schemas.grounds import Ground
from woo.settings import get_settings
from woo.store.models import DocumentRow, RequestRow

__all__ = [
    "CATEGORIES", "QUESTIONS", "SPECIFICATION_PERIOD", "AnswerRefused", "LapsedWait", "Question", "check_and_store",
    "clear_answer", "describe", "details", "draft_summary", "due_date", "is_answered", "lapsed_waits",
    "reasons_needed",
]
CATEGORIES = frozenset(c.value for c in Category)
SPECIFICATION_PERIOD = dt.timedelta(days=14)  # project rule: two weeks to specify, as Woo 4.1(5) practice
_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True)
class Question:
    name: str
    title: str
    why: str
    legal_basis: str


QUESTIONS: dict[str, Question] = {
    "meeting": Question("meeting", "Uitkomst van het concretiseringsgesprek",
                        "Het gesprek bepaalt de reikwijdte van het verzoek voordat documenten worden verzameld.",
                        "Woo 4.1(5)"),
    "specification": Question("specification", "Precisering door de verzoeker",
                              "De verzoeker is gevraagd het verzoek te preciseren; de beslistermijn is opgeschort "
                              "tot de precisering binnen is of de termijn verstrijkt.", "Awb 4:15(1)(a); Woo 4.1(6)"),
    "views": Question("views", "Zienswijzen van derde-belanghebbenden",
                      "Derden zijn gevraagd om hun zienswijze; de beslistermijn is opgeschort tot de zienswijzen "
                      "binnen zijn of de termijn verstrijkt.", "Woo 4.4(3); Awb 4:8"),
    "review": Question("review", "Beoordeling van de voorgestelde lakkingen",
                       "Namen en onzekere vondsten worden pas gelakt na beoordeling; identificatienummers zijn al "
                       "overgenomen tenzij u ze afwijst.", "Woo 5.1"),
    "sign_off": Question("sign_off", "Vaststelling van het besluit",
                         "Het conceptbesluit is klaar; een ambtenaar met mandaat stelt het vast of stuurt het terug.",
                         "Awb 10:3"),
    "privacy": Question("privacy", "Geblokkeerde stukken: persoonsgegevens gevonden",
                        "De privacycontrole heeft in deze stukken gegevens gevonden die hun lezer niet mag zien; zij "
                        "zijn niet verzonden of gepubliceerd. Kies per stuk: definitief achterhouden (withhold) of "
                        "opnieuw controleren nadat het is hersteld (recheck).", "Woo 5.1(2)(e); AVG"),
}



def is_answered(repo: Repository, req: RequestRow, name: str) -> bool:
    answers = answers_of(repo, req)
    if name == "meeting":
        return answers.meeting is not None
    if name == "specification":
        return answers.meeting is not None and answers.meeting.specification is not None
    if name == "views":
        given = {tp.key for tp in answers.third_parties if tp.view is not None}
        return all(tp.key in given for tp in answers.third_parties)
    if name == "review":
        return answers.redaction_review is not None
    if name == "sign_off":
        return answers.decision is not None
    if name == "privacy":
        decided = {d.block for d in answers.privacy.decisions} if answers.privacy else set()
        return {b.id for b in open_blocks(repo, req.id)} <= decided
    raise KeyError(name)


def due_date(repo: Repository, req: RequestRow, name: str) -> dt.date | None:
    """When the answer is due: a legal end for views and specifications, the decision date otherwise."""
    if name == "views":
        dues = [r.view_due for r in repo.third_parties(req.id) if r.view_due]
        return max(dues) if dues else req.decision_due
    if name == "specification":
        meeting = answers_of(repo, req).meeting
        return meeting.held_on + SPECIFICATION_PERIOD if meeting else req.decision_due
    return req.decision_due


def _validate(model: type[_M], data: dict[str, Any], prefix: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise AnswerRefused([f"{prefix}.{line}" for line in describe_validation_error(exc)]) from None


def _not_future(day: dt.date | None, what: str, problems: list[str], today: dt.date) -> None:
    if day is not None and day > today:
        problems.append(f"{what}: de datum ligt in de toekomst")


def check_and_store(uow: UnitOfWork, req: RequestRow, name: str, answer: dict[str, Any], *, today: dt.date) -> str:
    """Check ``answer`` against the domain rules and store it; return who answered. Raises ``AnswerRefused``.

    Free-text fields must hold references to texts stored for this request (``woo answer`` stores them);
    a reference the store does not know, or text where a reference belongs, refuses the answer.
    """
    from woo.questions.forms import FORM_TEXT_PATHS  # here: the forms load Prefect, which `woo pending` needs not

    data = {k: v for k, v in answer.items() if v is not None}
    data, text_problems = refs_to_texts(uow.requests, req.id, data, FORM_TEXT_PATHS[name], prefix=f"{name}.")
    if text_problems:
        raise AnswerRefused([str(p) for p in text_problems], raw_text=any(p.raw_text for p in text_problems))
    answers = copy.deepcopy(req.answers or {})
    problems: list[str] = []
    if name == "meeting":
        meeting = _validate(MeetingAnswer, data, "meeting")
        from woo.process.meeting import check_meeting_answer  # the step loads the letters: only when checking

        problems += check_meeting_answer(req, meeting, today=today)
        answers["meeting"] = meeting.model_dump(mode="json", exclude_none=True)
        actor = meeting.answered_by
    elif name == "specification":
        actor = str(data.pop("answered_by", "") or "")
        spec = _validate(Specification, data, "specification")
        held = answers_of(uow.requests, req).meeting
        if held is None or held.outcome is not MeetingOutcome.SPECIFICATION_REQUESTED:
            problems.append("specification: er is geen precisering gevraagd")
        else:
            end = spec.received_on or spec.lapsed_on
            if end is not None and end < held.held_on:
                problems.append("specification: de datum ligt vóór het verzoek om precisering")
            _not_future(end, "specification", problems, today)
            answers["meeting"] = {**answers.get("meeting", {}),
                                  "specification": spec.model_dump(mode="json", exclude_none=True)}
    elif name == "views":
        actor = str(data.get("answered_by") or "")
        rows = {r.key: r for r in uow.requests.third_parties(req.id)}
        parties = {tp.get("key"): tp for tp in answers.get("third_parties", [])}
        for i, item in enumerate(data.get("views") or []):
            key = item.get("third_party")
            view = _validate(ThirdPartyView, {k: v for k, v in item.items() if k != "third_party"}, f"views.{i}")
            if key not in rows or key not in parties:
                problems.append(f"views.{i}.third_party: onbekende derde; geraadpleegd: {', '.join(rows)}")
                continue
            asked = rows[key].asked_on
            if view.received_on and asked and view.received_on < asked:
                problems.append(f"views.{i}.received_on: de zienswijze kan niet vóór het verzoek daarom zijn ontvangen")
            _not_future(view.received_on, f"views.{i}.received_on", problems, today)
            parties[key]["view"] = view.model_dump(mode="json", exclude_none=True)
            parties[key]["answered_by"] = actor
    elif name == "review":
        review = _validate(RedactionReview, data, "review")
        known = uow.requests.proposal_ids(req.id)
        problems += [f"review.decisions.{i}.proposal: onbekend voorstel" for i, d in enumerate(review.decisions)
                     if d.proposal not in known]
        problems += [f"review.{field}: onbekende categorie; bekend: {', '.join(sorted(CATEGORIES))}"
                     for field in ("accept_categories", "reject_categories")
                     if set(getattr(review, field)) - CATEGORIES]
        accepted = reasons_needed(uow.requests, req, review)
        problems += review.missing_reasons(accepted, what="het overgenomen voorstel")
        docs: dict[int, DocumentRow] = {d.number: d for d in uow.requests.documents(req.id)}
        for i, m in enumerate(review.manual):
            doc = docs.get(m.document)
            if doc is None or doc.error is not None:
                problems.append(f"review.manual.{i}.document: document {m.document} bestaat niet of is onleesbaar")
            elif doc.pages is not None and m.page > doc.pages:
                problems.append(f"review.manual.{i}.page: document {m.document} heeft {doc.pages} pagina's")
            elif m.text is not None and doc.pdf_path:  # the text must be on its page (all occurrences are taken)
                from woo.redaction.manual import text_not_found  # reads the PDF (PyMuPDF) only when asked

                problems += text_not_found(Path(doc.pdf_path), document=m.document, page=m.page, text=m.text,
                                           field=f"review.manual.{i}.text")
        answers["redaction_review"] = review.model_dump(mode="json", exclude_none=True)
        actor = review.answered_by
    elif name == "privacy":
        privacy = _validate(PrivacyAnswer, data, "privacy")
        open_ids = {b.id for b in open_blocks(uow.requests, req.id)}
        problems += [f"privacy.decisions.{i}.block: onbekende of al afgehandelde blokkade {d.block}"
                     for i, d in enumerate(privacy.decisions) if d.block not in open_ids]
        missing = sorted(open_ids - {d.block for d in privacy.decisions})
        if missing:
            problems.append(f"privacy.decisions: geen beslissing voor blokkade(s) {', '.join(map(str, missing))}")
        answers["privacy"] = privacy.model_dump(mode="json")
        actor = privacy.answered_by
    elif name == "sign_off":
        sign = _validate(SignOff, data, "sign_off")
        if not sign.approve and not sign.remark:
            problems.append("sign_off.remark: geef bij terugsturen aan wat er moet veranderen")
        answers["decision"] = sign.model_dump(mode="json", exclude_none=True)
        actor = sign.signed_by
    else:
        raise KeyError(name)
    if not actor:
        problems.append(f"{name}.answered_by: vul uw gebruikers-id in")
    if problems:
        raise AnswerRefused(problems)
    # The checks saw the texts; the stored answer refers to them (the same text gives the same reference).
    req.answers = texts_to_refs(uow, req.id, answers, ANSWER_TEXT_PATHS, by=actor)
    return actor


@dataclass(frozen=True)
class _Proposal:
    id: str
    category: str
    auto_accept: bool


def reasons_needed(repo: Repository, req: RequestRow, review: RedactionReview) -> set[tuple[int, Ground]]:
    """(document, ground) of every proposal ``review`` accepts whose ground is weighed per document (5.1.2x, 5.2):
    each needs a concrete reason in ``review.reasons`` (the manual redactions' pairs the model checks itself)."""
    rows = [r for r in repo.redactions(req.id) if r.proposal_id]
    settled = {s.proposal_id: s.accepted for s in settle(
        [_Proposal(r.proposal_id or "", r.category, r.status == "auto") for r in rows], review)}
    out = set()
    for r in rows:
        ground = Ground.parse(r.ground)
        if settled.get(r.proposal_id or "") and ground.needs_concrete_reason:
            out.add((r.document_number, ground))
    return out


def clear_answer(req: RequestRow, name: str) -> None:
    """Forget an answer so the question is asked again (a rerun from that point)."""
    answers = copy.deepcopy(req.answers or {})
    if name == "meeting":
        answers.pop("meeting", None)
    elif name == "specification" and "meeting" in answers:
        answers["meeting"].pop("specification", None)
    elif name == "views":
        for tp in answers.get("third_parties", []):
            tp.pop("view", None)
    elif name == "review":
        answers.pop("redaction_review", None)
    elif name == "sign_off":
        answers.pop("decision", None)
    elif name == "privacy":
        answers.pop("privacy", None)
    req.answers = answers


_TEXTS_ASKED = {
    "meeting": "Een nieuwe omschrijving of het bestuursorgaan bij doorzenden",
    "specification": "De gepreciseerde omschrijving",
    "views": "De passages die een derde noemt",
    "review": "Tekst die u extra wilt lakken en de concrete redenen voor relatieve gronden",
    "sign_off": "Uw opmerking",
}


def describe(repo: Repository, req: RequestRow, name: str, problems: list[str] | None = None) -> str:
    """The question as Markdown for the Prefect UI: what is asked, why, by when: in the first three lines, because
    the resume dialog shows little more; a refusal of the previous answer above them.

    No personal data, so not the subject either (it may name someone): the number leads to it in the store.
    Refusal reasons are field codes and fixed Dutch texts, never what was typed.
    """
    q = QUESTIONS[name]
    due = due_date(repo, req, name)
    lines: list[str] = []
    if problems:
        more = f" (en {len(problems) - 1} andere reden(en), onderaan)" if len(problems) > 1 else ""
        lines += [f"**⚠ Uw vorige antwoord is niet overgenomen:** {problems[0]}{more}. Het staat hieronder nog "
                  "ingevuld; verbeter het en verstuur opnieuw.", ""]
    lines += [f"**{q.title}** voor {req.number or req.id} — antwoord vóór **{due or req.decision_due}**", "",
              f"Waarom: {q.why} ({q.legal_basis})", "",
              f"Beslistermijn: {req.decision_due}. Verzoek-id: {req.id}."]
    if name == "review":
        # The page shows the proposals over the pages; the address carries the number only.
        page = f"{get_settings().review_url.rstrip('/')}/verzoek/{req.number or req.id}"
        lines[-4:-4] = ["", f"Beoordeel de voorstellen op de lakpagina: [{page}]({page})"]
    if name == "views":
        lines += ["", "De geraadpleegde derden staan al in het formulier; vul per derde de datum van de zienswijze "
                      "in, of zet 'Termijn verstreken' aan.", "",
                  "| derde (sleutel) | gevraagd op | termijn tot | documenten |", "|---|---|---|---|"]
        lines += [f"| {r.key} | {r.asked_on} | {r.view_due} | {', '.join(map(str, r.document_numbers))} |"
                  for r in repo.third_parties(req.id)]
    if name == "review":
        rows = repo.redactions(req.id)
        open_rows = [r for r in rows if r.status == "proposed"]
        per_category: dict[str, int] = {}
        for r in open_rows:
            per_category[r.category] = per_category.get(r.category, 0) + 1
        lines += ["", f"{len(rows)} voorstellen, waarvan {len(open_rows)} ter beoordeling. De "
                      "beoordelingskopieën (voorstellen gemarkeerd) staan in de map `beoordeling` van het verzoek; "
                      "de volledige lijst staat in het artefact van deze vraag.", "",
                  "| categorie | ter beoordeling |", "|---|---|"]
        lines += [f"| {_category_label(c)} | {n} |" for c, n in sorted(per_category.items())]
        relative = sorted({r.document_number for r in rows
                           if r.proposal_id and Ground.parse(r.ground).needs_concrete_reason})
        if relative:
            # Woo 5.1(2) and 5.2 are weighed per document: the answer is refused without a reason for each.
            lines += ["", "Neemt u voorstellen met een relatieve grond (5.1.2a–i, 5.2) over, of lakt u extra op zo'n "
                          "grond, geef dan per document en grond een concrete reden (`reasons`): waarom die grond hier "
                          "zwaarder weegt dan openbaarheid. Documenten met zulke voorstellen: "
                          + ", ".join(map(str, relative)) + "."]
        business = per_category.get("business_data", 0)
        if business:
            # Whether a company's prices are confidential is a legal judgement: "accept all" leaves them.
            what = "1 voorstel" if business == 1 else f"{business} voorstellen"
            lines += ["", f"{what} voor bedrijfsgegevens (5.1.1c of 5.1.2f): alleen gelakt als u "
                          f"{'het' if business == 1 else 'ze'} per voorstel of met de categorie `business_data` "
                          "overneemt, niet met 'Alles overnemen'."]
    if name == "sign_off":
        lines += ["", *draft_summary(repo, req)]
    if name == "privacy":
        lines += ["", "| blokkade | wat is tegengehouden, voor wie, en waar |", "|---|---|"]
        lines += [f"| {b.id} | {block_message(b)} |" for b in open_blocks(repo, req.id)]
    if name in _TEXTS_ASKED:
        lines += ["", f"{_TEXTS_ASKED[name]} vult u niet in dit formulier in: geef die met "
                      f"`woo answer {req.number or req.id} {name} --file antwoord.yaml`. Prefect bewaart alles wat "
                      "in het formulier staat; de tekst blijft in de eigen opslag, het formulier krijgt een "
                      "verwijzing."]
    if problems and len(problems) > 1:
        lines += ["", "### Waarom het vorige antwoord niet is overgenomen", *[f"- {p}" for p in problems]]
    return "\n".join(lines)


def details(repo: Repository, req: RequestRow, name: str) -> str:
    """What the question's artifact adds to its description: the full list behind the form (too long for it)."""
    if name != "review":
        return ""
    rows = repo.redactions(req.id)
    lines = ["", "### Alle voorstellen", "",
             "| voorstel | document | pagina | categorie | grond | zekerheid | status |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r.proposal_id} | {r.document_number} | {r.page} | {r.category} | {r.ground} | "
              f"{(r.confidence or 0):.2f} | {'automatisch' if r.status == 'auto' else 'ter beoordeling'} |"
              for r in rows]
    return "\n".join(lines)


def _category_label(code: str) -> str:
    try:
        return f"{Category(code).label} ({code})"
    except ValueError:
        return code


def draft_summary(repo: Repository, req: RequestRow) -> list[str]:
    """What the official signs: the draft's judgements per ground (counts), pages, publication date, location."""
    docs = repo.documents(req.id)
    judgements: dict[str, int] = {}
    grounds: dict[str, int] = {}
    for d in docs:
        if d.judgement:
            judgements[d.judgement] = judgements.get(d.judgement, 0) + 1
        for g in d.grounds or []:
            grounds[g] = grounds.get(g, 0) + 1
    pages = sum(d.pages or 0 for d in docs if d.judgement in ("openbaar", "deels openbaar"))
    objecting = any(tp.view is not None and tp.view.objects for tp in answers_of(repo, req).third_parties)
    lines = ["**Conceptbesluit**", "",
             f"- Documenten: {len(docs)}; oordelen: "
             + (", ".join(f"{n}× {j}" for j, n in sorted(judgements.items())) or "geen"),
             "- Weigeringsgronden: " + (", ".join(f"{g} ({n} document(en))" for g, n in sorted(grounds.items()))
                                        or "geen"),
             f"- Pagina's die (deels) openbaar worden: {pages}",
             "- Openbaarmaking: " + ("twee weken na verzending, want een derde maakte bezwaar (Woo 4.4(5))"
                                     if objecting else "op de dag van verzending"),
             f"- Concept en inventaris: `{get_settings().request_dir(req.id)}/besluit/` (besluit-concept.pdf, "
             "inventaris.csv)"]
    held = [d.number for d in docs if d.held_reason]
    if held:
        lines.append(f"- Publicatie tegengehouden van document(en): {', '.join(map(str, held))}")
    # A batch run's answers file cannot name the proposals in advance: the signatory sees what lacks a weighing.
    review = answers_of(repo, req).redaction_review
    unweighed = [d.number for d in docs if d.judgement in ("deels openbaar", "niet openbaar") and not d.remark
                 and any(Ground.parse(g).needs_concrete_reason and not (review and review.reason_for(
                     d.number, Ground.parse(g))) for g in d.grounds or [])]
    if unweighed:
        lines.append("- Zonder concrete reden voor een relatieve grond (5.1.2, 5.2): document(en) "
                     f"{', '.join(map(str, unweighed))}; het besluit noemt daar alleen wat onleesbaar is gemaakt")
    return lines


@dataclass(frozen=True)
class LapsedWait:
    """A question whose answer the law gives once its period has passed without one."""

    request_id: str
    question: str
    flow_run_id: str
    answer: dict[str, Any]


def lapsed_waits(repo: Repository, today: dt.date) -> list[LapsedWait]:
    """Runs waiting for third-party views or a specification whose period ended before ``today``.

    Nobody has to answer these: the period lapsing is itself the answer (Woo 4.4(3), Awb 4:15), after which the
    decision term runs again, or — for a specification that never came — the request is not handled (Woo 4.1(6)).
    """
    rows = repo.lapsed_waits(today, ("views", "specification"))
    out = []
    for req in rows:
        assert req.waiting_for and req.waiting_flow_run_id and req.waiting_due
        if req.waiting_for == "views":
            given = {tp.key for tp in answers_of(repo, req).third_parties if tp.view is not None}
            views = [{"third_party": r.key, "lapsed": True} for r in repo.third_parties(req.id)
                     if r.key not in given]
            answer: dict[str, Any] = {"views": views, "answered_by": "system"}
        else:
            answer = {"lapsed_on": req.waiting_due.isoformat(), "answered_by": "system"}
        out.append(LapsedWait(req.id, req.waiting_for, req.waiting_flow_run_id, answer))
    return out
