"""Precision and recall of redaction detection per category on the labelled corpus (run by hand).

    .venv/bin/python benchmarks/redaction_quality.py

Targets: identifiers 100% recall; person names recall >= 95% with precision >= 85%.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "redaction"))
sys.path.insert(0, str(ROOT))

from corpus_eval import IDENTIFIER_CATEGORIES, score_corpus  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        score = score_corpus(Path(tmp))
    print(f"{'category':16} {'recall':>8} {'precision':>10}   found/expected  correct/proposed")
    for name, t in sorted(score.by_category.items()):
        print(f"{name:16} {t.recall:8.1%} {t.precision:10.1%}   {t.found:5}/{t.expected:<8} {t.correct:5}/{t.proposed}")
    ids = score.total(IDENTIFIER_CATEGORIES)
    names = score.by_category["person_name"]
    print(f"\nidentifiers      {ids.recall:8.1%} {ids.precision:10.1%}   (target recall 100%)")
    print(f"person names     {names.recall:8.1%} {names.precision:10.1%}   (target recall >= 95%, precision >= 85%)")
    print(f"officials/places redacted by mistake: {len(score.officials_redacted)}")
    if score.missed:
        print("\nmissed (fictitious corpus data):", *score.missed, sep="\n  ")
    if score.spurious:
        print("\nspurious (fictitious corpus data):", *score.spurious, sep="\n  ")


if __name__ == "__main__":
    main()
