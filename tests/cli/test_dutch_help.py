"""`woo`'s help and usage errors speak Dutch, also the words Click itself prints ("Usage:", "Show this message")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH = ("Usage:", "Options", "Commands", "Arguments", "[OPTIONS]", "COMMAND [ARGS]", "Show this message",
           "Error:", "Missing", "No such", "required]", "default:")


def woo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WOO_", "PREFECT_API_URL"))}
    env.update({"HOME": str(cwd), "COLUMNS": "80", "PREFECT_HOME": str(cwd / "prefect")})
    return subprocess.run([sys.executable, "-c", "from woo.cli import main; main()", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def assert_dutch(text: str) -> None:
    english = [word for word in ENGLISH if word in text]
    assert not english, f"English in the output: {english}\n{text}"


@pytest.mark.parametrize("args", [("--help",), ("answer", "--help"), ("audit", "--help"), ("deadlines", "--help")])
def test_help_is_dutch(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = woo(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert_dutch(text)
    assert "Gebruik: woo" in text and "[OPTIES]" in text and "Toon deze hulp en stop." in text, text
    assert "Opties" in text


def test_a_group_names_its_commands_in_dutch(tmp_path: Path) -> None:
    text = " ".join(woo("--help", cwd=tmp_path).stdout.split())
    assert "Gebruik: woo [OPTIES] COMMANDO [ARGUMENTEN]..." in text and "Commando's" in text, text


@pytest.mark.parametrize(("args", "expected"), [
    (("answer", "WOO-2026-0001"), "Fout: argument step ontbreekt."),
    (("status", "--no-such-option"), "Fout: onbekende optie --no-such-option."),
    (("deadlines", "calc", "--received"), "Fout: optie --received heeft een waarde nodig."),
    (("no-such-command",), "Fout: onbekend commando 'no-such-command'."),
])
def test_a_usage_error_is_dutch_with_exit_code_2(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = woo(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    text = " ".join(result.stderr.split())
    assert expected in text and "--help" in text, text
    assert_dutch(text)


def test_woo_alone_shows_the_help_without_an_empty_error(tmp_path: Path) -> None:
    result = woo(cwd=tmp_path)
    assert result.returncode == 2
    assert "Gebruik: woo" in " ".join(result.stdout.split())
    assert "Fout" not in result.stderr, result.stderr
