"""Time the privacy gate on the demo's outputs: every published file and every outgoing e-mail (run by hand).

    .venv/bin/python benchmarks/privacy_gate.py                  # runs `woo demo` into a temporary folder first
    .venv/bin/python benchmarks/privacy_gate.py --home woo-demo  # an existing demo (or any) WOO_HOME
    .venv/bin/python benchmarks/privacy_gate.py --repeat 5

For each repetition, with a cold gate (nothing cached): building what the gate looks for from the store (the
text under every applied box, read from the originals, OCR on scanned originals), then reading and searching
every file of the publication folder for the public and every .eml in the outbox for its reader. Prints the
medians, the number of files, pages and OCR pages, and the findings (by category, never a value).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _audience(name: str):  # type: ignore[no-untyped-def]
    from woo.privacy import Audience

    parts = name.removesuffix(".eml").split("_")
    # Outbox files are named after their key: kind_request[_third-party-key].
    return Audience.third_party(parts[2]) if len(parts) > 2 else Audience.requester()


def measure(home: Path) -> dict[str, object]:
    from sqlalchemy import select

    from woo.privacy import Audience, Gate, Outgoing, known_data
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    start = time.perf_counter()
    with session_scope() as s:
        req = s.scalars(select(RequestRow).where(RequestRow.number.is_not(None))).first()
        assert req is not None, "geen geregistreerd verzoek in deze map"
        known = known_data(s, req.id)
    t_known = time.perf_counter() - start

    folder = home / "publicatie" / str(req.number)
    gate = Gate(known, Audience.public())
    findings: Counter[str] = Counter()
    files = pages = ocr = 0
    start = time.perf_counter()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        doc = int(rel.split("/")[1][:3]) if rel.startswith("documenten/") else None
        check = gate.check(rel, [Outgoing(rel, path.read_bytes(), document=doc)])
        files, pages, ocr = files + 1, pages + check.pages, ocr + check.ocr_pages
        findings.update(f"publicatie:{f.category.value}" for f in check.findings)
    t_publication = time.perf_counter() - start

    mails = sorted((home / "outbox").glob("*.eml"))
    start = time.perf_counter()
    for path in mails:
        check = Gate(known, _audience(path.name)).check(path.name, [Outgoing(path.name, path.read_bytes())])
        findings.update(f"e-mail:{f.category.value}" for f in check.findings)
    t_mail = time.perf_counter() - start
    return {"known_s": t_known, "publication_s": t_publication, "mail_s": t_mail, "files": files, "pages": pages,
            "ocr_pages": ocr, "mails": len(mails), "values": len(known.values), "findings": dict(findings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="a WOO_HOME holding a published request (default: run the demo)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = None
    home = args.home
    if home is None:
        tmp = tempfile.TemporaryDirectory(prefix="gate-bench-")
        home = Path(tmp.name) / "demo"
        print("woo demo ...", flush=True)
        subprocess.run([sys.executable, "-m", "woo.cli", "demo", "--home", str(home)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["WOO_HOME"] = str(home.resolve())
    runs = [measure(home) for _ in range(args.repeat)]
    last = runs[-1]
    median = {k: statistics.median(float(r[k]) for r in runs) for k in ("known_s", "publication_s", "mail_s")}  # type: ignore[arg-type]
    print(f"known values: {last['values']} (built in {median['known_s']:.2f} s)")
    print(f"publication: {last['files']} files, {last['pages']} PDF pages ({last['ocr_pages']} by OCR) in "
          f"{median['publication_s']:.2f} s")
    print(f"outbox: {last['mails']} e-mails in {median['mail_s']:.2f} s")
    total = sum(median.values())
    print(f"total: {total:.2f} s (median of {args.repeat})")
    print(f"findings: {last['findings'] or 'geen'}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
