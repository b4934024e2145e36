"""A relative ground (5.1.2x) or 5.2 needs a concrete reason per document (Woo 5.1(2), 5.2): the review answer is
refused without one, the reason is kept in the store (never in Prefect) and the decision prints it per document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from woo.case import UnitOfWork
from woo.questions.models import RedactionReview, reason_problem
from woo.schemas.grounds import Ground

REASON = ("De naam is van een omwonende die als privépersoon klaagde en geen publieke rol heeft; zijn naam "
          "draagt niets bij aan het inzicht in het handelen van de gemeente.")


def _review(**extra: object) -> dict[str, object]:
    return {"accept_all": True, "answered_by": "m.devries", **extra}


def test_a_manual_redaction_on_a_relative_ground_without_a_reason_is_refused_in_dutch() -> None:
    manual = [{"document": 2, "page": 1, "text": "Jan", "ground": "5.1.2e"}]
    with pytest.raises(ValidationError) as refused:
        RedactionReview.model_validate(_review(manual=manual))
    message = str(refused.value)
    assert "document 2, grond 5.1.2e" in message and "relatieve grond" in message and "concrete reden" in message
    review = RedactionReview.model_validate(_review(manual=manual, reasons=[
        {"document": 2, "ground": "5.1.2e", "reason": REASON}]))
    assert review.reason_for(2, Ground.PRIVACY) == REASON
    # 5.2 is weighed per passage too; an absolute ground (5.1.1e) needs no reason.
    with pytest.raises(ValidationError, match=r"grond 5\.2"):
        RedactionReview.model_validate(_review(manual=[{"document": 4, "page": 1, "text": "x", "ground": "5.2"}]))
    assert RedactionReview.model_validate(_review(manual=[
        {"document": 2, "page": 1, "text": "123456782", "ground": "5.1.1e"}])).reasons == []


@pytest.mark.parametrize("reason", ["Eerbiediging van de persoonlijke levenssfeer", "5.1.2e",
                                    "5.1.2e – Eerbiediging van de persoonlijke levenssfeer",
                                    "  eerbiediging van de PERSOONLIJKE levenssfeer. ", "privacy van betrokkene", ""])
def test_the_grounds_own_words_or_a_couple_of_words_are_not_a_concrete_reason(reason: str) -> None:
    assert reason_problem(Ground.PRIVACY, reason) is not None
    with pytest.raises(ValidationError):
        RedactionReview.model_validate(_review(
            manual=[{"document": 1, "page": 1, "text": "Jan", "ground": "5.1.2e"}],
            reasons=[{"document": 1, "ground": "5.1.2e", "reason": reason}]))


def test_a_reason_is_only_for_a_relative_ground_and_once_per_document_and_ground() -> None:
    with pytest.raises(ValidationError, match="absolute grond"):
        RedactionReview.model_validate(_review(reasons=[{"document": 1, "ground": "5.1.1e", "reason": REASON}]))
    with pytest.raises(ValidationError, match="één reden"):
        RedactionReview.model_validate(_review(reasons=[{"document": 1, "ground": "5.1.2e", "reason": REASON},
                                                         {"document": 1, "ground": "5.1.2e", "reason": REASON}]))


# --- on a real store: accepted proposals, the stored text, the decision's considerations ------------------------


@pytest.fixture
def request_with_proposals(woo_home: Path) -> str:
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RedactionRow, RequestRow

    with session_scope() as s:
        s.add(RequestRow(id="wr-relatief", intake_sha256="0" * 64, intake={}, status="in_progress"))
        s.flush()
        for n in (1, 2):
            s.add(DocumentRow(request_id="wr-relatief", number=n, source_path=f"d{n}.pdf", display_name=f"d{n}.pdf",
                              media_type="application/pdf", pages=1, title=f"Brief {n}"))
        # A name (relative: 5.1.2e) in document 1, a BSN (absolute: 5.1.1e, taken over automatically) in document 2.
        s.add(RedactionRow(request_id="wr-relatief", document_number=1, proposal_id="aaaa1111", page=1,
                           rect=[10, 10, 50, 20], category="person_name", ground="5.1.2e", confidence=0.9,
                           status="proposed"))
        s.add(RedactionRow(request_id="wr-relatief", document_number=2, proposal_id="bbbb2222", page=1,
                           rect=[10, 10, 50, 20], category="bsn", ground="5.1.1e", confidence=1.0, status="auto"))
    return "wr-relatief"


def _check(request_id: str, answer: dict[str, object]) -> str:
    from woo.questions.catalogue import check_and_store
    from woo.questions.forms import FORM_TEXT_PATHS
    from woo.questions.texts import texts_to_refs
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        req = s.get(RequestRow, request_id)
        # As `woo answer` and the review page give it: the texts in the store, references in the answer.
        with_refs = texts_to_refs(UnitOfWork.joining(s), req.id, answer, FORM_TEXT_PATHS["review"], by="m.devries")
        return check_and_store(UnitOfWork.joining(s), req, "review", with_refs, today=dt.date.today())


def test_accepting_a_name_proposal_needs_a_concrete_reason_for_its_document(request_with_proposals: str) -> None:
    from woo.errors import AnswerRefused
    from woo.questions.answers import answers_of
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with pytest.raises(AnswerRefused) as refused:
        _check(request_with_proposals, _review())
    assert refused.value.problems == [
        "review.reasons: document 1, grond 5.1.2e (Eerbiediging van de persoonlijke levenssfeer) is een relatieve "
        "grond; het overgenomen voorstel heeft een concrete reden nodig waarom die grond hier zwaarder weegt dan "
        "openbaarheid"]
    # Rejecting the name needs no reason; nor does the BSN (absolute), which is taken over anyway.
    assert _check(request_with_proposals, _review(
        accept_all=False, decisions=[{"proposal": "aaaa1111", "accept": False}])) == "m.devries"
    with pytest.raises(AnswerRefused, match="herhaalt alleen de wettekst"):
        _check(request_with_proposals, _review(reasons=[
            {"document": 1, "ground": "5.1.2e", "reason": "Eerbiediging van de persoonlijke levenssfeer"}]))

    assert _check(request_with_proposals, _review(reasons=[
        {"document": 1, "ground": "5.1.2e", "reason": REASON}])) == "m.devries"
    with session_scope() as s:
        req = s.get(RequestRow, request_with_proposals)
        stored = req.answers["redaction_review"]["reasons"][0]["reason"]
        assert stored.startswith("tekst-") and REASON not in str(req.answers)  # a reference, not the text
        review = answers_of(UnitOfWork.joining(s).requests, req).redaction_review
    assert review is not None and review.reason_for(1, Ground.PRIVACY) == REASON


def test_the_decisions_consideration_for_the_document_is_the_reviewers_reason(request_with_proposals: str) -> None:
    from woo.decision.letters import document_considerations
    from woo.questions.answers import store_answers
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RedactionRow, RequestRow

    with session_scope() as s:
        uow = UnitOfWork.joining(s)
        req = s.get(RequestRow, request_with_proposals)
        store_answers(uow, req, {"redaction_review": _review(reasons=[
            {"document": 1, "ground": "5.1.2e", "reason": REASON}])}, by="m.devries")
        for r in s.query(RedactionRow).filter_by(request_id=req.id):
            r.status = "applied"
        docs = s.query(DocumentRow).filter_by(request_id=req.id).order_by(DocumentRow.number).all()
        for d, grounds in zip(docs, (["5.1.2e"], ["5.1.1e"]), strict=True):
            d.judgement, d.grounds, d.remark = "deels openbaar", grounds, ""
        s.flush()
        by_number = {c.number: c for c in document_considerations(uow.requests, req, docs)}
    assert by_number[1].reason == f"5.1.2e (eerbiediging van de persoonlijke levenssfeer): {REASON}"
    # The absolute ground keeps its count of what was made unreadable.
    assert by_number[2].reason.startswith("Onleesbaar gemaakt:") and REASON not in by_number[2].reason


def test_answers_stored_before_reasons_were_required_still_read(request_with_proposals: str) -> None:
    """A request whose review was answered before this rule keeps running: the rule checks answers coming in."""
    from woo.questions.answers import answers_of, store_answers
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    legacy = {"redaction_review": _review(manual=[{"document": 1, "page": 1, "text": "Jan", "ground": "5.1.2e"}])}
    with session_scope() as s:
        req = s.get(RequestRow, request_with_proposals)
        store_answers(UnitOfWork.joining(s), req, legacy, by="m.devries")
        review = answers_of(UnitOfWork.joining(s).requests, req).redaction_review
    assert review is not None and review.reasons == [] and review.manual[0].ground is Ground.PRIVACY
    # The same answers given today (an answers file at intake) are refused.
    from woo.process.intake import answers_problems

    assert any("concrete reden" in p for p in answers_problems(legacy))


def test_the_review_question_says_which_documents_need_a_reason(request_with_proposals: str) -> None:
    from woo.questions.catalogue import describe
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        text = describe(UnitOfWork.joining(s).requests, s.get(RequestRow, request_with_proposals), "review")
    assert "concrete reden (`reasons`)" in text and "Documenten met zulke voorstellen: 1." in text


def test_the_signatory_sees_which_documents_lack_a_concrete_reason(request_with_proposals: str) -> None:
    """A batch run's answers cannot name proposals in advance; the draft summary says where a weighing is missing."""
    from woo.questions.answers import store_answers
    from woo.questions.catalogue import draft_summary
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RequestRow

    with session_scope() as s:
        uow = UnitOfWork.joining(s)
        req = s.get(RequestRow, request_with_proposals)
        store_answers(uow, req, {"redaction_review": _review()}, by="m.devries")
        for d in s.query(DocumentRow).filter_by(request_id=req.id):
            d.judgement, d.grounds = "deels openbaar", ["5.1.2e"] if d.number == 1 else ["5.1.1e"]
        s.flush()
        before = "\n".join(draft_summary(uow.requests, req))
        store_answers(uow, req, {"redaction_review": _review(reasons=[
            {"document": 1, "ground": "5.1.2e", "reason": REASON}])}, by="m.devries")
        after = "\n".join(draft_summary(uow.requests, req))
    assert "Zonder concrete reden voor een relatieve grond (5.1.2, 5.2): document(en) 1;" in before
    assert "Zonder concrete reden" not in after
