"""Results of redacting documents: per document (:class:`RedactionResult`) and per dossier (:class:`DossierReport`).

Reports go into the case file and may be shown to the requester's handler, so they hold pages, rectangles,
categories, grounds, check outcomes and salted hashes, but never the redacted text itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from woo.redaction.model import AppliedRedaction, Proposal
from woo.redaction.settle import Settled

MOSTLY_BLACK_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Outcome of checking a saved, redacted file; ``problems`` are Dutch sentences for the official."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    checks: dict[str, bool] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "problems": list(self.problems), "checks": dict(self.checks)}


@dataclass(slots=True)
class RedactionResult:
    """What was redacted in one document, how much of each page is black, and whether the check passed."""

    source: str  # file name only
    output: str
    page_count: int
    redactions: list[AppliedRedaction]
    check: CheckResult
    page_share: list[float]  # blacked-out share per page, index = zero-based page
    withheld_pages: list[int]  # zero-based pages withheld entirely
    warnings: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    """Every proposal detection made (with ``accept="review"``), accepted or not; see ``settled``."""
    settled: list[Settled] = field(default_factory=list)
    """How each proposal was settled (with ``accept="review"``)."""

    @property
    def blocked(self) -> bool:
        """A document whose check failed may not be published."""
        return not self.check.ok

    @property
    def counts_by_ground(self) -> dict[str, int]:
        return dict(sorted(Counter(r.ground.value for r in self.redactions).items()))

    @property
    def counts_by_category(self) -> dict[str, int]:
        return dict(sorted(Counter(r.category.value for r in self.redactions).items()))

    @property
    def mostly_black_pages(self) -> list[int]:
        """Pages more than half black but not withheld entirely: better withhold the page, or redact less."""
        withheld = set(self.withheld_pages)
        return [i for i, s in enumerate(self.page_share) if s > MOSTLY_BLACK_SHARE and i not in withheld]

    def all_warnings(self) -> list[str]:
        mostly = [
            f"Pagina {i + 1} is voor {self.page_share[i]:.0%} zwart; overweeg de pagina geheel te weigeren."
            for i in self.mostly_black_pages
        ]
        return [*self.warnings, *mostly]

    def to_report_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "output": self.output,
            "page_count": self.page_count,
            "blocked": self.blocked,
            "check": self.check.to_dict(),
            "redaction_count": len(self.redactions),
            "counts_by_ground": self.counts_by_ground,
            "counts_by_category": self.counts_by_category,
            "pages": [
                {"page": i + 1, "blacked_out_share": round(s, 4), "withheld": i in self.withheld_pages}
                for i, s in enumerate(self.page_share)
            ],
            "withheld_pages": [p + 1 for p in self.withheld_pages],
            "warnings": self.all_warnings(),
            "redactions": [r.to_dict() for r in self.redactions],
        }


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    """A document that could not be redacted at all (bad input); the message is Dutch."""

    source: str
    error: str

    def to_report_dict(self) -> dict[str, object]:
        return {"source": self.source, "blocked": True, "error": self.error}


@dataclass(slots=True)
class DossierReport:
    """All documents of one request: totals for the decision letter and a list of what needs attention."""

    documents: list[RedactionResult | DocumentFailure]

    @classmethod
    def of(cls, items: Iterable[RedactionResult | DocumentFailure]) -> DossierReport:
        return cls(list(items))

    @property
    def results(self) -> list[RedactionResult]:
        return [d for d in self.documents if isinstance(d, RedactionResult)]

    @property
    def blocked(self) -> list[str]:
        """Names of documents that may not be published (failed check or unreadable input)."""
        return [d.source for d in self.documents if isinstance(d, DocumentFailure) or d.blocked]

    @property
    def counts_by_ground(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for r in self.results:
            total.update(r.counts_by_ground)
        return dict(sorted(total.items()))

    @property
    def counts_by_category(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for r in self.results:
            total.update(r.counts_by_category)
        return dict(sorted(total.items()))

    def to_report_dict(self) -> dict[str, object]:
        pages = sum(r.page_count for r in self.results)
        return {
            "document_count": len(self.documents),
            "page_count": pages,
            "redaction_count": sum(len(r.redactions) for r in self.results),
            "withheld_page_count": sum(len(r.withheld_pages) for r in self.results),
            "counts_by_ground": self.counts_by_ground,
            "counts_by_category": self.counts_by_category,
            "blocked": self.blocked,
            "documents": [d.to_report_dict() for d in self.documents],
        }
