"""Settling proposals: identifiers auto-accepted, names need the reviewer, unreviewed batch runs redact."""

from __future__ import annotations

from dataclasses import dataclass

from woo.questions.models import RedactionDecision, RedactionReview
from woo.redaction.settle import settle


@dataclass
class P:
    id: str
    category: str
    auto_accept: bool


PROPOSALS = [P("bsn-1", "bsn", True), P("name-1", "person_name", False), P("name-2", "person_name", False)]


def by_id(review):
    return {s.proposal_id: s for s in settle(PROPOSALS, review)}


def test_without_any_review_everything_is_redacted_and_marked_unreviewed():
    result = by_id(None)
    assert all(s.accepted for s in result.values())
    assert result["name-1"].how == "unreviewed" and result["bsn-1"].how == "auto"


def test_a_reviewer_who_accepts_nothing_explicitly_leaves_names_visible_but_identifiers_redacted():
    result = by_id(RedactionReview(answered_by="m.devries"))
    assert result["bsn-1"].accepted and not result["name-1"].accepted


def test_per_item_and_per_category_decisions():
    review = RedactionReview(answered_by="m.devries", accept_categories=["person_name"],
                             decisions=[RedactionDecision(proposal="name-2", accept=False),
                                        RedactionDecision(proposal="bsn-1", accept=False)])
    result = by_id(review)
    assert result["name-1"].accepted and not result["name-2"].accepted and not result["bsn-1"].accepted
    assert result["name-2"].decided_by == "m.devries"


def test_business_data_wait_for_a_person_even_with_accept_all_or_without_a_review():
    proposals = [*PROPOSALS, P("prijs-1", "business_data", False), P("prijs-2", "business_data", False)]

    def settled(review):
        return {s.proposal_id: s.accepted for s in settle(proposals, review)}

    assert settled(RedactionReview(answered_by="m.devries", accept_all=True)) == {
        "bsn-1": True, "name-1": True, "name-2": True, "prijs-1": False, "prijs-2": False}
    assert not settled(None)["prijs-1"]
    one = RedactionReview(answered_by="m.devries", decisions=[RedactionDecision(proposal="prijs-2", accept=True)])
    assert settled(one)["prijs-2"] and not settled(one)["prijs-1"]
    every = RedactionReview(answered_by="m.devries", accept_categories=["business_data"])
    assert settled(every)["prijs-1"] and settled(every)["prijs-2"]
