"""The commands people type often start without the heavy libraries, and a resumed flow run loads only what it needs.

Each case runs the real ``woo`` command in a subprocess (as a person would), in a folder with a demo-style data
folder, and reports which modules the process imported by the time it exited. Speed itself is measured in
``benchmarks/cli_startup.py``; what is asserted here is the behaviour that makes it fast: `woo --help`, `status`,
`pending`, `deadlines` and an `answer` that is refused before any run is resumed never import Prefect, PyMuPDF,
PDFium or WeasyPrint (issue 14), and importing the request flow, which every resume of a suspended run does in a
new process, does not load PyMuPDF or WeasyPrint (issue 11).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("prefect", "pymupdf", "fitz", "pypdfium2", "weasyprint", "openpyxl")
REPORT = ("import atexit, sys\n"
          f"HEAVY = {HEAVY!r}\n"
          "atexit.register(lambda: print('LOADED=' + ','.join(m for m in HEAVY if m in sys.modules),\n"
          "                              file=sys.stderr))\n")


def loaded(code: str, *args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WOO_", "PREFECT_API_URL")) and k not in ("COLUMNS", "LINES")}
    env.update({"HOME": str(cwd / "user"), "COLUMNS": "80", "PREFECT_HOME": str(cwd / "prefect")})
    result = subprocess.run([sys.executable, "-c", REPORT + code, *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=300)
    line = next((x for x in result.stderr.splitlines() if x.startswith("LOADED=")), None)
    assert line is not None, result.stdout + result.stderr
    return result, {m for m in line.removeprefix("LOADED=").split(",") if m}


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """An empty folder where `woo demo` has run: the reading commands find ./woo-demo."""
    (tmp_path / "user").mkdir()
    (tmp_path / "woo-demo").mkdir()
    (tmp_path / "woo-demo" / ".woo-demo").write_text("")
    return tmp_path


COMMANDS = [
    (("--help",), 0, "Gebruik: woo"),
    (("status",), 0, "Er zijn nog geen verzoeken."),
    (("pending",), 0, "Geen verzoeken wachten op een antwoord."),
    (("deadlines",), 0, "Er zijn geen open verzoeken"),
    # Refused before any run is resumed: Prefect is imported only where the answer resumes a run.
    (("answer", "WOO-2026-9999", "meeting", "--set", "answered_by=m.devries"), 2, "WOO-2026-9999"),
    (("answer", "WOO-2026-9999", "no_such_question"), 2, "onbekende vraag"),
]


@pytest.mark.parametrize(("args", "code", "expected"), COMMANDS, ids=[" ".join(a[:2]) for a, _, _ in COMMANDS])
def test_reading_commands_load_no_heavy_library(place: Path, args: tuple[str, ...], code: int,
                                                expected: str) -> None:
    result, heavy = loaded("from woo.cli import main\nmain()", *args, cwd=place)
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == code, output
    assert expected in output, output
    assert heavy == set(), f"`woo {' '.join(args)}` imported {sorted(heavy)}"


def test_a_resumed_run_does_not_load_the_pdf_libraries(place: Path) -> None:
    """What a new flow-run process imports before the flow's first line: Prefect, but no PDF reader or renderer."""
    result, heavy = loaded("import woo.flows.woo_request, woo.flows.deadline_watch", cwd=place)
    assert result.returncode == 0, result.stderr
    assert "prefect" in heavy  # the check itself works: the flow does need Prefect
    assert heavy & {"pymupdf", "fitz", "pypdfium2", "weasyprint", "openpyxl"} == set(), sorted(heavy)


def test_the_pdf_libraries_still_load_where_they_are_used(place: Path) -> None:
    """Lazy, not gone: the redaction engine and a letter's PDF still get their libraries when used."""
    code = ("from woo.redaction import apply_redactions\n"
            "from woo.letters.pdf import html_to_pdf\n"
            "assert html_to_pdf('<p>x</p>', archival=False).startswith(b'%PDF')\n")
    result, heavy = loaded(code, cwd=place)
    assert result.returncode == 0, result.stderr
    assert {"pymupdf", "weasyprint"} <= heavy, sorted(heavy)
