"""How fast the commands people type often start: wall time (median of N) and the heavy modules each imports.

    .venv/bin/python benchmarks/cli_startup.py [--repeat 5]

Runs each command as a person would (a new Python process running ``woo``), in a throw-away folder holding a
demo-style data folder (``./woo-demo``, an empty store), so nothing of this machine's own data is read. ``answer``
is timed as it refuses an answer to an unknown request: everything up to the point where it would resume a run
through Prefect. Prints, per command, the median and range of the wall time, the CPU time of the process, and
which of the heavy libraries (Prefect, PyMuPDF, WeasyPrint, PDFium, openpyxl, lxml) it imported. The target
(issue 14) is < 1 s wall on a quiet machine; on a loaded one compare CPU seconds, and give ``uptime`` with the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("prefect", "pymupdf", "fitz", "weasyprint", "pypdfium2", "openpyxl", "lxml", "matplotlib", "sqlalchemy")
WRAPPER = (
    "import atexit, sys\n"
    f"HEAVY = {HEAVY!r}\n"
    "atexit.register(lambda: print('HEAVY=' + ','.join(m for m in HEAVY if m in sys.modules), file=sys.stderr))\n"
    "from woo.cli import main\n"
    "main()\n"
)
COMMANDS = [
    ("--help",),
    ("status",),
    ("pending",),
    ("deadlines",),
    ("answer", "WOO-2026-9999", "meeting", "--set", "answered_by=m.devries"),
]


def run_once(args: tuple[str, ...], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, list[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    heavy = next((line[6:].split(",") for line in done.stderr.splitlines() if line.startswith("HEAVY=")), ["?"])
    return wall, cpu, done.returncode, [h for h in heavy if h]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="woo-cli-startup-") as tmp:
        place = Path(tmp)
        (place / "user").mkdir()
        (place / "woo-demo").mkdir()
        (place / "woo-demo" / ".woo-demo").write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WOO_", "PREFECT_API_URL"))}
        env.update({"HOME": str(place / "user"), "COLUMNS": "80", "PREFECT_HOME": str(place / "prefect")})
        run_once(("status",), place, env)  # creates the empty store once, outside the timing
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.repeat} runs each")
        print(f"{'command':<28} {'wall median':>11} {'(min-max)':>14} {'CPU median':>10} {'exit':>4}  heavy modules")
        for command in COMMANDS:
            runs = [run_once(command, place, env) for _ in range(args.repeat)]
            walls = [r[0] for r in runs]
            cpus = [r[1] for r in runs]
            heavy = sorted({m for r in runs for m in r[3]})
            label = "woo " + " ".join(command[:2])
            print(f"{label:<28} {statistics.median(walls):>10.2f}s {f'({min(walls):.2f}-{max(walls):.2f})':>14} "
                  f"{statistics.median(cpus):>9.2f}s {runs[0][2]:>4}  {', '.join(heavy) or '-'}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
