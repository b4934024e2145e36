"""Milliseconds per page for detection alone (``propose_in_document``), run by hand.

    .venv/bin/python benchmarks/detection_speed.py [--pages 100] [--repeat 5]

Uses the dossier generator of ``redaction_speed.py`` (20-page letters full of fictitious personal data) and the
two labelled corpora. Documents are opened and prepared once; only detection is timed (the minimum over the
repetitions, which is the least disturbed by other processes on the machine). ``redaction_speed.py`` measures
the whole pipeline that detection is part of.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "redaction"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from corpus_eval import CORPUS, CORPUS_UNSEEN, render_corpus  # noqa: E402
from redaction_speed import make_dossier  # noqa: E402

from woo.redaction import load_officials  # noqa: E402
from woo.redaction.detect import propose_in_document  # noqa: E402
from woo.redaction.pdfio import open_pdf, prepare  # noqa: E402


def time_detection(pdfs: list[Path], officials_file: Path | None, repeat: int) -> tuple[int, float]:
    officials = load_officials(officials_file) if officials_file else None
    opened = [open_pdf(p) for p in pdfs]
    for o in opened:
        prepare(o.doc)
    pages = sum(o.doc.page_count for o in opened)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for o in opened:
            propose_in_document(o.doc, o.fingerprint, officials=officials)
        best = min(best, time.perf_counter() - t0)
    for o in opened:
        o.doc.close()
    return pages, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "dossier").mkdir()
        sets = [
            ("generated dossier", make_dossier(folder / "dossier", args.pages), None),
            ("corpus", [p for _, p, _ in render_corpus(folder / "c", CORPUS)], CORPUS / "officials.yaml"),
            ("corpus_unseen", [p for _, p, _ in render_corpus(folder / "u", CORPUS_UNSEEN)],
             CORPUS_UNSEEN / "officials.yaml"),
        ]
        print(f"{'set':20} {'pages':>6} {'seconds':>8} {'ms/page':>8}")
        for title, pdfs, officials in sets:
            pages, seconds = time_detection(pdfs, officials, args.repeat)
            print(f"{title:20} {pages:6} {seconds:8.3f} {1000 * seconds / pages:8.2f}")


if __name__ == "__main__":
    main()
