"""Detection quality per corpus and per category (run by hand).

    .venv/bin/python benchmarks/redaction_quality.py [--list]

Two labelled corpora: ``tests/redaction/corpus/`` (the rules were developed against it) and
``tests/redaction/corpus_unseen/`` (held out: written before the rules were changed and only ever used to
measure). Per corpus it prints recall and precision per category of what must be redacted, the share kept per
kind of what must stay visible, and with ``--list`` every miss and every over-redaction (fictitious data).

Targets (issue 9): 100% recall of what must be redacted (a half-redacted name counts as missed) and at least
95% of what must stay kept, on both corpora.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "redaction"))
sys.path.insert(0, str(ROOT))

from corpus_eval import CORPUS, CORPUS_UNSEEN, IDENTIFIER_CATEGORIES, CorpusScore, score_corpus  # noqa: E402


def report(title: str, score: CorpusScore, listing: bool) -> None:
    print(f"\n== {title} ({score.documents} documents)")
    print(f"{'must redact':18} {'recall':>8} {'precision':>10}   found/expected  correct/proposed")
    for name, t in sorted(score.by_category.items()):
        print(f"{name:18} {t.recall:8.1%} {t.precision:10.1%}   {t.found:5}/{t.expected:<8} {t.correct:5}/{t.proposed}")
    ids = score.total(IDENTIFIER_CATEGORIES)
    names = score.total({"person_name"})
    every = score.all_expected
    print(f"{'identifiers':18} {ids.recall:8.1%} {ids.precision:10.1%}   {ids.found:5}/{ids.expected:<8} "
          f"{ids.correct:5}/{ids.proposed}")
    print(f"{'person names':18} {names.recall:8.1%} {names.precision:10.1%}   {names.found:5}/{names.expected:<8} "
          f"{names.correct:5}/{names.proposed}")
    print(f"{'ALL':18} {every.recall:8.1%} {every.precision:10.1%}   {every.found:5}/{every.expected:<8} "
          f"{every.correct:5}/{every.proposed}   (target recall 100%)")
    print(f"\n{'must stay':18} {'kept':>8}   kept/total")
    for kind, k in sorted(score.visible_by_kind.items()):
        print(f"{kind:18} {k.share:8.1%}   {k.kept:4}/{k.total}")
    kept = score.kept
    print(f"{'ALL':18} {kept.share:8.1%}   {kept.kept:4}/{kept.total}   (target >= 95%)")
    print(f"\nlegal proposals (a person decides): {len(score.legal)} "
          "(business data 5.1.1c/5.1.2f, and personal data under 5.1.1d instead of 5.1.2e)")
    if listing or score.legal:
        for item in score.legal:
            print(f"  {item}")
    if listing:
        for head, items in (("missed", score.missed), ("over-redacted (must stay)", score.redacted_visible),
                            ("spurious proposals", score.spurious)):
            if items:
                print(f"\n{head} (fictitious corpus data):", *items, sep="\n  ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every miss and over-redaction")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for title, corpus in (("corpus (development)", CORPUS), ("corpus_unseen (held out)", CORPUS_UNSEEN)):
            report(title, score_corpus(Path(tmp), corpus), args.list)


if __name__ == "__main__":
    main()
