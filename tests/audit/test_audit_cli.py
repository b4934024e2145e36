"""``woo audit verify|show|export`` and ``woo report`` through Typer's test runner, mounted as the lead does."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from woo.cli.audit import EXIT_BAD_INPUT, EXIT_BROKEN, audit_app, report_command

root = typer.Typer()
root.add_typer(audit_app, name="audit")
root.command("report")(report_command)
runner = CliRunner()


def run(*args: str):
    return runner.invoke(root, list(args), env={"COLUMNS": "200"})


def test_verify_passes_on_an_intact_chain(full_request):
    result = run("audit", "verify")
    assert result.exit_code == 0, result.output
    assert "Keten intact" in result.stdout and "10 regels" in result.stdout


def test_verify_fails_and_names_the_first_broken_link(full_request):
    full_request.drop_triggers()
    full_request.raw("DELETE FROM audit_events WHERE seq = 5")
    result = run("audit", "verify", "WOO-2026-0007")
    assert result.exit_code == EXIT_BROKEN
    assert "verwijderde regel(s)" in result.stderr and "regel 6" in result.stderr
    assert "regelnummer(s) 5 ontbreken" in result.stderr


def test_unknown_request_is_a_clear_error(full_request):
    for command in (["verify", "WOO-2099-0001"], ["show", "wr-nope"], ["export", "wr-nope", "-o", "x.csv"]):
        result = run("audit", *command)
        assert result.exit_code == EXIT_BAD_INPUT
        assert "onbekend verzoek" in result.stderr


def test_show_prints_the_timeline_by_number_or_id(full_request):
    by_number = run("audit", "show", "woo-2026-0007")
    assert by_number.exit_code == 0, by_number.output
    assert "Tijdlijn WOO-2026-0007" in by_number.stdout
    assert "Besluit ondertekend" in by_number.stdout and "teamleider-7" in by_number.stdout
    assert "Awb 10:3 (mandaat)" in by_number.stdout and "decided_on=2026-04-10" in by_number.stdout
    assert run("audit", "show", "wr-full").stdout == by_number.stdout


def test_export_writes_each_format(full_request, tmp_path):
    for fmt, magic in (("csv", b"seq,at,request_id"), ("json", b"{"), ("pdf", b"%PDF")):
        out = tmp_path / f"trail.{fmt}"
        result = run("audit", "export", "WOO-2026-0007", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)
    assert len(json.loads((tmp_path / "trail.json").read_text())["events"]) == 10
    assert "VERTROUWELIJK" in result.stdout  # the reminder after a PDF export


def test_export_refuses_an_unknown_format(full_request, tmp_path):
    result = run("audit", "export", "wr-full", "--format", "xlsx", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2 and not (tmp_path / "x").exists()


def test_report_prints_a_table_csv_and_a_chart(full_request, tmp_path):
    table = run("report", "--year", "2026")
    assert table.exit_code == 0, table.output
    assert "Besloten verzoeken" in table.stdout and "Aandeel tijdig" in table.stdout
    chart = tmp_path / "chart.png"
    as_csv = run("report", "--year", "2026", "--format", "csv", "--chart", str(chart))
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout.splitlines()[:4] == ["onderdeel,waarde", "Jaar,2026", "Ontvangen verzoeken,1",
                                              "Besloten verzoeken,1"]
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_report_refuses_a_chart_that_is_not_png(full_request, tmp_path):
    result = run("report", "--year", "2026", "--chart", str(tmp_path / "chart.jpg"))
    assert result.exit_code == EXIT_BAD_INPUT and ".png" in result.stderr
