"""``woo deadlines`` (the overview) and ``woo watch`` in a terminal."""

from __future__ import annotations

import datetime as dt

import pytest
import typer
from typer.testing import CliRunner
from watch_helpers import digests, outbox, registered

from woo.cli.watch import deadlines_overview, watch_command

RECEIVED = dt.date(2026, 3, 2)


@pytest.fixture
def deadlines_app() -> typer.Typer:
    # Mounted the way the lead mounts it: the overview is the group's callback, ``calc`` a subcommand.
    app = typer.Typer()
    app.callback(invoke_without_command=True)(deadlines_overview)

    @app.command()
    def calc() -> None:
        typer.echo("calc ran")

    return app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def test_deadlines_without_a_subcommand_lists_open_requests_with_risk_in_dutch(woo_home, deadlines_app, runner):
    late = registered(RECEIVED)
    registered(dt.date(2026, 3, 25))
    result = runner.invoke(deadlines_app, ["--today", "2026-04-02"])
    assert result.exit_code == 0, result.output
    assert "termijn verstreken" in result.output and "op schema" in result.output
    assert "3 dag(en) te laat" in result.output
    assert outbox(late) == []  # the overview only looks


def test_a_subcommand_does_not_print_the_overview(woo_home, deadlines_app, runner):
    registered(RECEIVED)
    result = runner.invoke(deadlines_app, ["calc"])
    assert result.exit_code == 0 and "calc ran" in result.output and "Beslisdatum" not in result.output


def test_watch_runs_once_and_sends_the_reminder(woo_home, runner):
    rid = registered(RECEIVED)
    app = typer.Typer()
    app.command()(watch_command)
    result = runner.invoke(app, ["--today", "2026-04-02"])
    assert result.exit_code == 0, result.output
    assert "1 verstreken" in result.output and "1 overzicht(en) aan de proceseigenaar verstuurd" in result.output
    assert len(digests()) == 1 and outbox(rid, "reminder") == []


def test_a_bad_date_is_refused_in_plain_dutch(woo_home, deadlines_app, runner):
    result = runner.invoke(deadlines_app, ["--today", "2-4-2026"])
    assert result.exit_code == 2
    assert "geen datum in de vorm JJJJ-MM-DD" in result.output


def test_the_overview_shows_the_most_urgent_and_counts_the_rest(woo_home, deadlines_app, runner, monkeypatch):
    import woo.cli.watch

    monkeypatch.setattr(woo.cli.watch, "_SHOWN", 1)
    registered(RECEIVED)
    registered(dt.date(2026, 3, 25))
    result = runner.invoke(deadlines_app, ["--today", "2026-04-02"])
    assert result.exit_code == 0, result.output
    assert "3 dag(en) te laat" in result.output and "op schema" not in result.output
    assert "1 minder dringende verzoeken niet getoond" in result.output
    assert "2 open verzoeken: 0 binnenkort, 1 verstreken." in result.output
    everything = runner.invoke(deadlines_app, ["--today", "2026-04-02", "--alle"])
    assert "op schema" in everything.output
