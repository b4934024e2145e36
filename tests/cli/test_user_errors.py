"""Every user error in the terminal is one Dutch message on stderr and exit code 2, never a traceback.

Each case runs the real ``woo`` command in a subprocess (as a person would), in an empty folder with its own
home directory, so nothing of the machine's own data is read or created.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "request.yaml"


def woo(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("WOO_", "PREFECT_API_URL")) and k not in ("COLUMNS", "LINES")}
    base.update({"HOME": str(cwd / "user"), "COLUMNS": "80", "PREFECT_HOME": str(cwd / "prefect")})
    base.update(env or {})
    return subprocess.run([sys.executable, "-c", "from woo.cli import main; main()", *args], cwd=cwd, env=base,
                          capture_output=True, text=True, timeout=300)


def assert_user_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output and "╭" not in output, output  # neither plain nor rich tracebacks
    assert result.stderr.count("Fout:") == 1, output
    assert expected in " ".join(output.split()), output


@pytest.fixture
def place(tmp_path: Path) -> Path:
    (tmp_path / "user").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "bad.yaml").write_text("request:\n  subject: x\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("request: [unclosed\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (tmp_path / "answers.yaml").write_text("unknown_question: true\n", encoding="utf-8")
    return tmp_path


CASES = [
    (("run", "bad.yaml", "--documents", "docs", "--home", "h"), "is niet geldig; er is niets opgeslagen"),
    (("run", "broken.yaml", "--documents", "docs", "--home", "h"), "geen geldige YAML"),
    (("run", "list.yaml", "--documents", "docs", "--home", "h"), "verwacht een YAML-structuur"),
    (("run", str(EXAMPLE), "--home", "h"), "--no-documents"),
    (("run", str(EXAMPLE), "--documents", "docs", "--no-documents", "--home", "h"), "niet allebei"),
    (("run", str(EXAMPLE), "--no-documents", "--answers", "answers.yaml", "--home", "h"), "antwoorden in"),
    (("run", "missing.yaml", "--no-documents"), "bestaat niet"),  # Click's own check, in Dutch
    (("submit", "bad.yaml", "--no-documents"), "is niet geldig"),
    (("submit", str(EXAMPLE), "--no-documents"), "geen Prefect-server ingesteld"),
    (("status",), "er zijn nog geen gegevens in"),
    (("status", "WOO-2026-9999", "--home", "docs"), "WOO-2026-9999"),
    (("status", "--home", "nowhere"), "bestaat niet"),
    (("pending",), "er zijn nog geen gegevens in"),
    (("audit", "show", "WOO-2026-9999"), "er zijn nog geen gegevens in"),
    (("answer", "WOO-2026-0001", "no_such_question"), "onbekende vraag"),
    (("answer", "WOO-2026-0001", "review", "--set", "zonder-is-teken"), "gebruik --set veld=waarde"),
    (("answer", "WOO-2026-0001", "review", "--file", "list.yaml"), "moet velden met waarden bevatten"),
    (("answer", "WOO-2026-0001", "sign_off", "--file", "broken.yaml"), "geen leesbaar YAML-bestand"),
    (("answer", "WOO-2026-0001", "review", "--set", "accept_all=true", "--set", "answered_by=m.devries"),
     "er zijn nog geen gegevens in"),
    (("rerun", "WOO-2026-0001", "--from", "nergens", "--reason", "x"), "onbekende stap"),
    (("deadlines", "calc", "--received", "2026-02-30"), "bestaat niet als datum"),
    (("demo", "--home", "docs"), "is geen voorbeeldmap"),
    (("run", "--no-such-option"), "onbekende optie --no-such-option"),
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(a[:2]) + f" #{i}" for i, (a, _) in
                                                             enumerate(CASES)])
def test_each_user_error_is_one_message_and_exit_code_2(place: Path, args: tuple[str, ...], expected: str) -> None:
    result = woo(*args, cwd=place)
    assert_user_error(result, expected)
    # Looking never creates a data folder, and a refused intake starts nothing and stores nothing.
    assert not (place / "user" / ".woo").exists()
    assert not (place / "h" / "woo.sqlite3").exists()
    assert "temporary server" not in result.stdout + result.stderr


def test_debug_shows_the_traceback(place: Path) -> None:
    result = woo("--debug", "status", "WOO-2026-9999", "--home", "docs", cwd=place)
    assert result.returncode == 1 and "Traceback" in result.stderr and "UnknownRequest" in result.stderr


def test_status_finds_the_demo_folder(place: Path) -> None:
    """After `woo demo` in this folder, `woo status` reads ./woo-demo instead of an empty ~/.woo."""
    demo = place / "woo-demo"
    demo.mkdir()
    (demo / ".woo-demo").write_text("")
    result = woo("status", cwd=place)
    assert result.returncode == 0, result.stderr
    assert f"Gegevensmap: {demo}" in " ".join(result.stderr.split())
    assert "Er zijn nog geen verzoeken." in result.stdout
    assert not (place / "user" / ".woo").exists()
