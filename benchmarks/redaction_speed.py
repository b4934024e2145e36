"""Pages per second for detect + apply + check + save, against a bare PyMuPDF apply-and-save (run by hand).

    .venv/bin/python benchmarks/redaction_speed.py            # 100- and 500-page dossiers
    .venv/bin/python benchmarks/redaction_speed.py --size 500 # one size, in this process

A dossier is generated as documents of 20 WeasyPrint-rendered pages, each page a letter with ~19 items of
(fictitious) personal data. The engine runs with ``redact_many(workers=2)`` (both cores); the baseline applies
the very same boxes with plain PyMuPDF in one process and saves with ``garbage=4, deflate=True``. Each size runs
in its own subprocess so peak memory (``ru_maxrss`` of the process and its workers) is measured per size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from woo.pdf import html_to_pdf  # noqa: E402
from woo.redaction import RedactionJob, RedactionResult, redact_many  # noqa: E402

PAGES_PER_DOC = 20
FIRST = ["Jan", "Fleur", "Sanne", "Pieter", "Anouk", "Mohammed", "Fatima", "Thijs", "Marloes", "Kees"]
LAST = ["Jansen", "de Vries", "Bakker", "Visser", "van Dijk", "Yilmaz", "Mulder", "Bos", "de Jong", "Smit"]
STREETS = ["Kerkstraat", "Dorpsstraat", "Molenweg", "Beukenlaan", "Stationsweg"]
BSNS = ["111222333", "123456782", "1234.56.782"]


def _page_html(rng: random.Random) -> str:
    def name() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    addr = f"{rng.choice(STREETS)} {rng.randint(1, 200)}, {rng.randint(1000, 9999)} AB Lindeveen"
    return f"""<section style="page-break-after: always">
<p>Gemeente Lindeveen, afdeling Vergunningen</p>
<p>Geachte heer {name()},</p>
<p>Op 12 maart ontvingen wij uw aanvraag. Uw BSN {rng.choice(BSNS)} en uw rekening NL91 ABNA 0417 1643 00 zijn
bekend. U woont aan de {addr}. Uw e-mailadres is j.{rng.randint(10, 99)}@example.nl en uw telefoonnummer
06-{rng.randint(10000000, 99999999)}. Uw buurman {name()} meldde dat de auto met kenteken GF-123-X voor de deur
stond. Mevrouw {name()} was getuige; zij is geboren op 12-03-1980.</p>
<p>De aanvraag is besproken met {name()} en J.P. Bakker van de afdeling. Het college neemt binnen acht weken een
besluit. Tegen dat besluit kunt u bezwaar maken. Dit is een lange alinea zonder persoonsgegevens om de pagina een
realistische hoeveelheid tekst te geven: de gemeente weegt de belangen af en betrekt de adviezen van de
commissie, de omgevingsdienst en het waterschap bij de beoordeling van de aanvraag.</p>
<p>Met vriendelijke groet,</p>
<p>{name()}<br>Beleidsmedewerker</p>
</section>"""


def make_dossier(folder: Path, pages: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    docs = []
    for d in range(pages // PAGES_PER_DOC):
        html = "<html><body>" + "".join(_page_html(rng) for _ in range(PAGES_PER_DOC)) + "</body></html>"
        path = folder / f"doc{d:03d}.pdf"
        path.write_bytes(html_to_pdf(html))
        docs.append(path)
    return docs


def bare_baseline(results: list[RedactionResult], sources: list[Path], out_dir: Path) -> float:
    """Plain PyMuPDF: the same boxes, apply, save with garbage collection; one process."""
    start = time.perf_counter()
    for result, src in zip(results, sources, strict=True):
        doc = pymupdf.open(src)
        by_page: dict[int, list] = {}
        for r in result.redactions:
            by_page.setdefault(r.page, []).extend(r.rects)
        for page_no, rects in by_page.items():
            page = doc[page_no]
            for rect in rects:
                page.add_redact_annot(pymupdf.Rect(rect), fill=(0, 0, 0))
            page.apply_redactions()
        doc.save(out_dir / f"bare_{src.name}", garbage=4, deflate=True)
        doc.close()
    return time.perf_counter() - start


def measure(pages: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = make_dossier(folder, pages)
        jobs = [RedactionJob(str(s), str(folder / f"out_{s.name}")) for s in sources]
        start = time.perf_counter()
        report = redact_many(jobs, workers=2)
        engine = time.perf_counter() - start
        results = report.results
        bare = bare_baseline(results, sources, folder)
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return {
            "pages": pages,
            "documents": len(sources),
            "redactions": sum(len(r.redactions) for r in results),
            "blocked": len(report.blocked),
            "engine_s": engine,
            "bare_s": bare,
            "engine_pps": pages / engine,
            "bare_pps": pages / bare,
            "ratio": engine / bare,
            "peak_main_mb": self_kb / 1024,
            "peak_worker_mb": children_kb / 1024,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, help="measure one dossier size in this process and print JSON")
    args = parser.parse_args()
    if args.size:
        print(json.dumps(measure(args.size)))
        return
    rows = []
    for size in (100, 500):
        out = subprocess.run([sys.executable, __file__, "--size", str(size)], capture_output=True, text=True,
                             check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'pages':>6} {'docs':>5} {'boxes':>6} {'blocked':>7} {'engine p/s':>11} {'bare p/s':>9} "
          f"{'ratio':>6} {'peak main MB':>13} {'peak worker MB':>15}")
    for r in rows:
        print(f"{r['pages']:6} {r['documents']:5} {r['redactions']:6} {r['blocked']:7} {r['engine_pps']:11.1f} "
              f"{r['bare_pps']:9.1f} {r['ratio']:6.2f} {r['peak_main_mb']:13.0f} {r['peak_worker_mb']:15.0f}")
    print("\nratio = engine wall time (detect + apply + scrub + save + check, 2 worker processes) / bare PyMuPDF "
          "apply-and-save of the same boxes (1 process); target <= 2.")


if __name__ == "__main__":
    main()
