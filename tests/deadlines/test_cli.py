"""``woo deadlines calc`` through Typer's test runner, mounted as the lead mounts it."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from click.testing import Result
from typer.testing import CliRunner

from woo.cli.deadlines import app

root = typer.Typer()
root.add_typer(app, name="deadlines")
runner = CliRunner()


def calc(*args: str, stdin: str | None = None) -> Result:
    return runner.invoke(root, ["deadlines", "calc", *args], input=stdin)


def test_single_case_prints_one_json_object() -> None:
    result = calc("--received", "2026-03-02", "--precisering", "2026-03-05:2026-03-12")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "decision_due": "2026-04-07",
        "extension_notice_due": "2026-04-07",
        "precisering_due": "2026-03-16",
        "suspended_days": 6,
    }


def test_repeated_intervals_decision_and_explanation() -> None:
    result = calc(
        "--received", "2026-09-01",
        "--zienswijze", "2026-09-10:2026-09-24", "--zienswijze", "2026-09-20:2026-10-01",
        "--decided", "2026-10-30", "--objection-expected", "--extended", "--explain",
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["suspended_days"] == 21
    assert out["decision_due"] == "2026-11-03"  # 09-29 + 21 + 14 = 11-03
    assert out["disclosure_on"] == "2026-11-13"
    assert out["objection_due"] == "2026-12-11"
    assert any("art. 4.4 lid 3 Woo" in s for s in out["explanation"])


def test_single_case_bad_input_goes_to_stderr_with_exit_code_2() -> None:
    for args, words in [
        (["--received", "2026-03-02", "--zienswijze", "2026-03-27:2026-03-13"], "vóór de begindatum"),
        (["--received", "2026-02-30"], "bestaat niet"),
        (["--received", "2 maart"], "JJJJ-MM-DD"),
        (["--received", "2026-03-02", "--precisering", "2026-03-05"], "BEGIN:EINDE"),
        (["--received", "2026-03-02", "--decided", "2026-03-01"], "vóór de ontvangst"),
        ([], "--received"),
    ]:
        result = calc(*args)
        assert result.exit_code == 2, args
        assert words in result.stderr, (args, result.stderr)
        assert result.stdout == ""


def test_batch_reports_bad_lines_and_continues(tmp_path: Path) -> None:
    lines = [
        {"received": "2026-03-02"},
        "{not json",
        {"received": "2026-03-02", "zienswijze": [["2026-03-27", "2026-03-13"]]},
        "",
        {"received": "2026-13-01"},
        {"received": "2026-03-02", "zienswijzen": []},
        {"received": "2026-10-05", "decided": "2026-11-13", "precisering": [], "extended": False},
    ]
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8"
    )
    result = calc("--input", str(cases))
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 6
    assert out[0]["decision_due"] == "2026-03-30"
    assert out[1]["line"] == 2 and "JSON" in out[1]["error"]
    assert out[2]["line"] == 3 and "vóór de begindatum" in out[2]["error"]
    assert out[3]["line"] == 5 and "2026-13-01" in out[3]["error"]
    assert out[4]["line"] == 6 and "zienswijzen" in out[4]["error"]
    assert out[5] == {
        "decision_due": "2026-11-02", "extension_notice_due": "2026-11-02", "precisering_due": "2026-10-19",
        "suspended_days": 0, "objection_due": "2026-12-28", "disclosure_on": "2026-11-13",
    }


def test_batch_from_stdin_succeeds_with_exit_code_0() -> None:
    stdin = "\n".join(json.dumps(c) for c in [
        {"received": "2026-03-06"},
        {"received": "2026-06-01", "extended": True, "objection_expected": False},
    ])
    result = calc("--input", "-", "--explain", stdin=stdin)
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["decision_due"] for o in out] == ["2026-04-07", "2026-07-13"]
    assert all(o["explanation"] for o in out)


def test_batch_rejects_wrong_types_per_line() -> None:
    stdin = "\n".join([
        json.dumps({"received": "2026-03-02", "extended": "ja"}),
        json.dumps({"received": "2026-03-02", "precisering": [["2026-03-05"]]}),
        json.dumps(["2026-03-02"]),
        json.dumps({"decided": "2026-03-02"}),
    ])
    result = calc("--input", "-", stdin=stdin)
    assert result.exit_code == 1
    errors = [json.loads(line)["error"] for line in result.stdout.splitlines()]
    assert "true of false" in errors[0]
    assert "twee datums" in errors[1]
    assert "JSON-object" in errors[2]
    assert "received" in errors[3]


def test_batch_and_single_options_do_not_mix(tmp_path: Path) -> None:
    result = calc("--input", "-", "--received", "2026-03-02", stdin="")
    assert result.exit_code == 2
    assert "niet allebei" in result.stderr
    missing = calc("--input", str(tmp_path / "absent.jsonl"))
    assert missing.exit_code == 2
    assert "absent.jsonl" in missing.stderr
