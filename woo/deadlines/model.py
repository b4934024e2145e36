"""The results of the deadline engine: each computed date with how it was reached, and the whole set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from woo.deadlines.calendar import RollOver
from woo.deadlines.suspensions import Suspension

__all__ = ["DatedRule", "Deadlines", "Term"]


@dataclass(frozen=True)
class Term:
    """A number of days added to a base date, with the Dutch wording and the article it comes from."""

    days: int
    label_nl: str
    citation: str


@dataclass(frozen=True)
class DatedRule:
    """One computed date: base date + terms = ``raw``, rolled over (Atw art. 1) to ``on``.

    ``rule`` is the stable key (``decision_due``); ``explanation_nl`` is the same reasoning in Dutch, ready
    for a letter or the audit trail.
    """

    rule: str
    on: date
    base: date
    base_label_nl: str
    terms: tuple[Term, ...]
    raw: date
    roll_over: RollOver | None
    citation: str
    explanation_nl: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe structure with ISO dates, for the audit trail."""
        return {
            "rule": self.rule,
            "on": self.on.isoformat(),
            "base": self.base.isoformat(),
            "base_label": self.base_label_nl,
            "terms": [{"days": t.days, "label": t.label_nl, "citation": t.citation} for t in self.terms],
            "raw": self.raw.isoformat(),
            "rolled_over": (
                [{"day": s.day.isoformat(), "reason": s.reason} for s in self.roll_over.skipped]
                if self.roll_over
                else None
            ),
            "citation": self.citation,
            "explanation": self.explanation_nl,
        }


@dataclass(frozen=True)
class Deadlines:
    """Every date of one request's procedure, each with its :class:`DatedRule`, plus the Dutch explanation."""

    received: date
    suspensions: tuple[Suspension, ...]
    suspended_day_set: frozenset[date]
    extended: bool
    decided: date | None
    objection_expected: bool
    decision: DatedRule
    extension_notice: DatedRule
    precisering: DatedRule
    objection: DatedRule | None
    disclosure: DatedRule | None
    explanation: tuple[str, ...]

    @property
    def decision_due(self) -> date:
        return self.decision.on

    @property
    def extension_notice_due(self) -> date:
        return self.extension_notice.on

    @property
    def precisering_due(self) -> date:
        return self.precisering.on

    @property
    def objection_due(self) -> date | None:
        return self.objection.on if self.objection else None

    @property
    def disclosure_on(self) -> date | None:
        return self.disclosure.on if self.disclosure else None

    @property
    def suspended_days(self) -> int:
        return len(self.suspended_day_set)

    @property
    def rules(self) -> tuple[DatedRule, ...]:
        """Every computed date in the order a letter would mention them."""
        found = (self.precisering, self.extension_notice, self.decision, self.disclosure, self.objection)
        return tuple(r for r in found if r is not None)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The command-line contract: ISO dates; ``objection_due``/``disclosure_on`` only once decided."""
        out: dict[str, Any] = {
            "decision_due": self.decision_due.isoformat(),
            "extension_notice_due": self.extension_notice_due.isoformat(),
            "precisering_due": self.precisering_due.isoformat(),
            "suspended_days": self.suspended_days,
        }
        if self.objection and self.disclosure:
            out["objection_due"] = self.objection.on.isoformat()
            out["disclosure_on"] = self.disclosure.on.isoformat()
        if explain:
            out["explanation"] = list(self.explanation)
        return out

    def audit_record(self) -> dict[str, Any]:
        """Inputs, each date with its reasoning, and the Dutch sentences; JSON-safe, without personal data."""
        return {
            "received": self.received.isoformat(),
            "suspensions": [
                {
                    "kind": s.kind,
                    "start": s.start.isoformat(),
                    "end": s.end.isoformat(),
                    "suspended_days": len(s.days),
                    "citation": s.citation,
                }
                for s in self.suspensions
            ],
            "suspended_days": self.suspended_days,
            "extended": self.extended,
            "decided": self.decided.isoformat() if self.decided else None,
            "objection_expected": self.objection_expected,
            "rules": [r.to_dict() for r in self.rules],
            "explanation": list(self.explanation),
        }
