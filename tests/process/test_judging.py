"""Judgements per document follow from redactions, assessments, duplicates and failed checks."""

from __future__ import annotations

from woo.decision.judging import BLOCKED_REMARK, DocumentFacts, decision_type, judge, undecidable_reason
from woo.questions.models import Assessment
from woo.schemas.grounds import Ground
from woo.schemas.judgement import DecisionType, Judgement


def facts(n, *, grounds=(), dup=None, check=True, error=None, name=None):
    return DocumentFacts(number=n, names=(name or f"doc{n}.pdf",), duplicate_of=dup,
                         redaction_grounds=frozenset(grounds), check_ok=check, error=error)


def test_a_document_without_redactions_is_public_and_with_redactions_partly_public():
    judged = judge([facts(1), facts(2, grounds={Ground.PRIVACY, Ground.IDENTIFICATION_NUMBERS})], {})
    assert judged[0].judgement is Judgement.PUBLIC and judged[0].publishable
    assert judged[1].judgement is Judgement.PARTLY_PUBLIC
    assert judged[1].grounds == (Ground.IDENTIFICATION_NUMBERS, Ground.PRIVACY)


def test_an_assessment_overrides_and_keeps_the_redaction_grounds_for_partly_public():
    a = Assessment(judgement="deels openbaar", grounds=["5.2"], remark="intern beraad")
    judged = judge([facts(1, grounds={Ground.PRIVACY, Ground.PERSONAL_POLICY_VIEWS}, name="verslag.pdf")],
                   {"verslag.pdf": a})
    assert judged[0].grounds == (Ground.PRIVACY, Ground.PERSONAL_POLICY_VIEWS)
    assert judged[0].remark == "intern beraad"
    assert judged[0].publishable and judged[0].held_reason is None


def test_a_ground_claimed_without_a_box_holds_publication_with_a_dutch_reason():
    a = Assessment(judgement="deels openbaar", grounds=["5.2"], remark="Intern beraad")
    [judged] = judge([facts(1, grounds={Ground.PRIVACY}, name="verslag.pdf")], {"verslag.pdf": a})
    assert judged.judgement is Judgement.PARTLY_PUBLIC
    assert judged.grounds == (Ground.PRIVACY, Ground.PERSONAL_POLICY_VIEWS)  # the inventory still says 5.2
    assert not judged.publishable
    assert judged.held_reason is not None and "grond 5.2" in judged.held_reason
    assert judged.remark == f"Intern beraad. {judged.held_reason}"


def test_a_document_declared_public_but_carrying_boxes_is_held():
    [judged] = judge([facts(1, grounds={Ground.PRIVACY}, name="brief.pdf")],
                     {"brief.pdf": Assessment(judgement="openbaar")})
    assert not judged.publishable and "5.1.2e" in (judged.held_reason or "")


def test_documents_not_published_need_no_boxes():
    judged = judge([facts(1, name="a.pdf"), facts(2, name="b.pdf")],
                   {"a.pdf": Assessment(judgement="niet openbaar", grounds=["5.2"]),
                    "b.pdf": Assessment(judgement="reeds openbaar", link="https://example.org/b")})
    assert all(j.held_reason is None for j in judged)


def test_every_box_ground_is_in_the_inventory_grounds():
    from woo.decision.judging import grounds_mismatch

    assert grounds_mismatch(Judgement.PARTLY_PUBLIC, [Ground.PRIVACY], [Ground.PRIVACY, Ground.PERSONAL_POLICY_VIEWS])
    assert grounds_mismatch(Judgement.PARTLY_PUBLIC, [Ground.PRIVACY], [Ground.PRIVACY]) is None


def test_a_not_public_assessment_is_not_publishable():
    a = Assessment(judgement="niet openbaar", grounds=["5.1.2i"])
    judged = judge([facts(1, name="nota.pdf")], {"nota.pdf": a})
    assert judged[0].judgement is Judgement.NOT_PUBLIC and not judged[0].publishable


def test_a_duplicate_follows_its_original_and_is_not_published_twice():
    judged = judge([facts(2, dup=1), facts(1, grounds={Ground.PRIVACY})], {})
    dup = next(j for j in judged if j.number == 2)
    assert dup.judgement is Judgement.PARTLY_PUBLIC and not dup.publishable
    assert "Duplicaat van document 1" in dup.remark


def test_a_failed_check_blocks_publication_with_a_clear_remark():
    judged = judge([facts(1, grounds={Ground.PRIVACY}, check=False)], {})
    assert not judged[0].publishable and BLOCKED_REMARK in judged[0].remark


def test_unreadable_documents_are_not_judged():
    assert judge([facts(1, error="Beschadigde PDF")], {}) == []


def test_decision_type_of_the_request():
    assert decision_type([]) is DecisionType.NOTHING_FOUND
    assert decision_type(judge([facts(1)], {})) is DecisionType.PUBLIC
    assert decision_type(judge([facts(1), facts(2, grounds={Ground.PRIVACY})], {})) is DecisionType.PARTLY_PUBLIC
    assert decision_type([], not_handled=True) is DecisionType.NOT_HANDLED


def test_documents_found_but_all_unreadable_are_not_nothing_found():
    judged = judge([facts(1, error="Beschadigde PDF"), facts(2, error="Versleutelde PDF")], {})
    assert judged == [] and decision_type(judged) is DecisionType.NOTHING_FOUND
    reason = undecidable_reason(judged, unreadable=2)
    assert reason and "alle 2 gevonden documenten zijn onleesbaar" in reason
    # Nothing found at all, something judged, or not handled: the decision can be drafted.
    assert undecidable_reason([], unreadable=0) is None
    assert undecidable_reason(judge([facts(1), facts(2, error="x")], {}), unreadable=1) is None
    assert undecidable_reason([], unreadable=1, not_handled=True) is None
