"""Settling redaction proposals with a reviewer's answer (pure; no PDF work here).

Identifiers with a checksum or strict pattern are accepted unless the reviewer rejects them; names and other
uncertain finds need the reviewer. Without any review (a batch run with no answer) uncertain finds are applied
too and marked as unreviewed: leaking a name is worse than a box a reviewer can lift later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from woo.redaction.legal import PERSON_DECIDES

__all__ = ["ProposalLike", "Review", "Settled", "settle"]


class ProposalLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def auto_accept(self) -> bool: ...


class Decision(Protocol):
    @property
    def proposal(self) -> str: ...
    @property
    def accept(self) -> bool: ...


class Review(Protocol):
    """A reviewer's answer (``woo.questions.models.RedactionReview``): per proposal, per category, or all."""

    @property
    def decisions(self) -> Sequence[Decision]: ...
    @property
    def accept_categories(self) -> Sequence[str]: ...
    @property
    def reject_categories(self) -> Sequence[str]: ...
    @property
    def accept_all(self) -> bool: ...
    @property
    def answered_by(self) -> str: ...


@dataclass(frozen=True)
class Settled:
    proposal_id: str
    accepted: bool
    decided_by: str
    how: str  # auto | reviewer | category | all | unreviewed | needs_decision


def settle(proposals: Iterable[ProposalLike], review: Review | None) -> list[Settled]:
    decisions = {d.proposal: d.accept for d in review.decisions} if review else {}
    out = []
    for p in proposals:
        category = str(p.category)
        if p.id in decisions:
            out.append(Settled(p.id, decisions[p.id], review.answered_by if review else "system", "reviewer"))
        elif review and category in review.reject_categories:
            out.append(Settled(p.id, False, review.answered_by, "category"))
        elif review and category in review.accept_categories:
            out.append(Settled(p.id, True, review.answered_by, "category"))
        elif category in PERSON_DECIDES:
            # A legal judgement (confidential? does the company's interest outweigh disclosure?), not a pattern:
            # only a person's answer per proposal or per category applies it.
            out.append(Settled(p.id, False, review.answered_by if review else "system", "needs_decision"))
        elif p.auto_accept:
            out.append(Settled(p.id, True, "system", "auto"))
        elif review and review.accept_all:
            out.append(Settled(p.id, True, review.answered_by, "all"))
        elif review is None:
            out.append(Settled(p.id, True, "system", "unreviewed"))
        else:
            out.append(Settled(p.id, False, review.answered_by, "reviewer"))
    return out
