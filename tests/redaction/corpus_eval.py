"""Score the redaction engine on the labelled corpus: precision and recall per category.

Each ``corpus/NAME.html`` is rendered to PDF with ``woo.pdf.html_to_pdf``; ``NAME.yaml`` lists the expected
redactions (``text``, ``category``, optional ``count`` of separate occurrences) and strings that must stay
visible (officials, organisations, places). An expected item counts as found when as many proposals of its
category cover it completely; a proposal is correct when it overlaps an expected item of its category.
Shared by ``tests/redaction/test_redaction_quality.py`` and ``benchmarks/redaction_quality.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from woo.pdf import html_to_pdf
from woo.redaction import Category, Proposal, load_officials, propose_redactions

CORPUS = Path(__file__).resolve().parent / "corpus"
IDENTIFIER_CATEGORIES = {c.value for c in Category} - {"person_name", "image", "manual"}


def _compact(s: str) -> str:
    return re.sub(r"[\W_]+", "", s).casefold()


@dataclass
class Tally:
    expected: int = 0
    found: int = 0
    proposed: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0


@dataclass
class CorpusScore:
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: list[str] = field(default_factory=list)  # "doc: category: text" (fictitious data, test output only)
    spurious: list[str] = field(default_factory=list)
    officials_redacted: list[str] = field(default_factory=list)

    def total(self, categories: set[str]) -> Tally:
        t = Tally()
        for name, tally in self.by_category.items():
            if name in categories:
                t.expected += tally.expected
                t.found += tally.found
                t.proposed += tally.proposed
                t.correct += tally.correct
        return t


def render_corpus(out_dir: Path) -> list[tuple[str, Path, dict]]:
    docs = []
    for html in sorted(CORPUS.glob("*.html")):
        pdf = out_dir / f"{html.stem}.pdf"
        if not pdf.exists():
            pdf.write_bytes(html_to_pdf(html.read_text(encoding="utf-8")))
        labels = yaml.safe_load(html.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        docs.append((html.stem, pdf, labels))
    return docs


def score_corpus(out_dir: Path) -> CorpusScore:
    officials = load_officials(CORPUS / "officials.yaml")
    score = CorpusScore()
    for name, pdf, labels in render_corpus(out_dir):
        proposals = [p for p in propose_redactions(pdf, officials=officials) if p.category is not Category.IMAGE]
        _score_document(name, proposals, labels, score)
    return score


def _score_document(name: str, proposals: list[Proposal], labels: dict, score: CorpusScore) -> None:
    expected = labels.get("expected") or []
    for item in expected:
        cat, want, count = item["category"], _compact(item["text"]), int(item.get("count", 1))
        covering = sum(1 for p in proposals if p.category.value == cat and want in _compact(p.text))
        tally = score.by_category[cat]
        tally.expected += count
        tally.found += min(count, covering)
        if covering < count:
            score.missed.append(f"{name}: {cat}: {item['text']}")
    for p in proposals:
        tally = score.by_category[p.category.value]
        tally.proposed += 1
        got = _compact(p.text)
        if any(i["category"] == p.category.value and (got in _compact(i["text"]) or _compact(i["text"]) in got)
               for i in expected):
            tally.correct += 1
        else:
            score.spurious.append(f"{name}: {p.category.value}: {p.text}")
    for visible in labels.get("visible") or []:
        v = _compact(visible)
        if any(v in _compact(p.text) or (_compact(p.text) and _compact(p.text) in v) for p in proposals):
            score.officials_redacted.append(f"{name}: {visible}")
