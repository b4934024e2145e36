"""``woo deadlines`` (no subcommand) lists open requests by days left; ``woo watch`` runs the deadline watch once.

The lead registers :func:`deadlines_overview` as the callback of the ``deadlines`` group
(``invoke_without_command=True``) and :func:`watch_command` as ``woo watch``. Both print rich tables in Dutch.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from woo import clock
from woo.cli.common import use_home
from woo.cli.deadlines import parse_date
from woo.deadlines import DeadlineInputError, Risk, format_date_nl

if TYPE_CHECKING:  # the watch (letters, PDF rendering) is imported when a command runs: a fast `woo --help`
    from woo.deadlines.watch import WatchRow

__all__ = ["deadlines_overview", "rows_table", "watch_command"]

_EXIT_BAD_INPUT = 2
_EXIT_PROBLEMS = 1
_SHOWN = 50  # a table of 100,000 rows helps nobody in a terminal (and takes a minute to draw)
_RISK_STYLE = {Risk.ON_TRACK: "green", Risk.DUE_SOON: "yellow", Risk.DUE_TODAY: "bold yellow", Risk.OVERDUE: "red"}

TodayOption = Annotated[
    str | None, typer.Option("--today", help="Peildatum (JJJJ-MM-DD); standaard vandaag.")]
AllOption = Annotated[
    bool, typer.Option("--alle", help=f"Toon alle open verzoeken, niet alleen de {_SHOWN} dringendste "
                                      "(de termijnbewaking zelf toont er ten hoogste 1000).")]
WarnOption = Annotated[
    int | None,
    typer.Option("--warn-days", min=0,
                 help="Markeer verzoeken zoveel dagen vóór de beslisdatum (standaard WOO_DEADLINE_WARN_DAYS)."),
]


def _console() -> Console:
    return Console()


def _today(text: str | None) -> dt.date:
    if text is None:
        return clock.today()
    try:
        return parse_date(text, "--today")
    except DeadlineInputError as exc:
        Console(stderr=True).print(f"[red]Fout: {exc}[/]")
        raise typer.Exit(_EXIT_BAD_INPUT) from None


def _days(row: WatchRow) -> str:
    if row.days_left < 0:
        return f"{-row.days_left} dag(en) te laat"
    if row.days_left == 0:
        return "vandaag"
    return str(row.days_left)


def rows_table(rows: list[WatchRow], today: dt.date, *, total: int | None = None) -> Table:
    """The open requests as a rich table: number, status, decision date, days left and risk in Dutch; when
    ``total`` is more than the rows shown, the caption says how many were left out."""
    from woo.deadlines.watch import status_label

    left_out = (total or 0) - len(rows)
    caption = f"{left_out} minder dringende verzoeken niet getoond (--alle)" if left_out > 0 else None
    table = Table(title=f"Open Woo-verzoeken op {format_date_nl(today)}", caption=caption)
    table.add_column("Zaaknummer", no_wrap=True)
    table.add_column("Status")
    table.add_column("Beslisdatum", no_wrap=True)
    table.add_column("Dagen over", justify="right")
    table.add_column("Risico")
    table.add_column("Verdaagd")
    for row in rows:
        style = _RISK_STYLE[row.risk]
        table.add_row(row.number, status_label(row.status), row.decision_due.isoformat(), _days(row),
                      f"[{style}]{row.risk.label}[/]", "ja" if row.extended else "nee")
    return table


def _print_problems(console: Console, problems: list[str]) -> None:
    for problem in problems:
        console.print(problem, style="red", markup=False, highlight=False)


def _counts(counts: dict[str, int]) -> str:
    return f"{counts['open']} open verzoeken: {counts['at_risk']} binnenkort, {counts['missed']} verstreken."


def deadlines_overview(ctx: typer.Context, today: TodayOption = None, warn_days: WarnOption = None,
                       show_all: AllOption = False) -> None:
    """Toon alle open verzoeken met hun beslisdatum, het aantal dagen dat rest en het risico."""
    if ctx.invoked_subcommand is not None:
        return
    from woo.case import UnitOfWork
    from woo.deadlines.watch import look

    day = _today(today)
    use_home(None, reading=True)
    rows, counts, problems = look(UnitOfWork(), day, warn_days=warn_days, limit=None if show_all else _SHOWN)
    console = _console()
    if rows:
        console.print(rows_table(rows, day, total=counts["open"]))
        console.print(_counts(counts))
    else:
        console.print("Er zijn geen open verzoeken met een beslisdatum.")
    _print_problems(console, problems)
    if problems:
        raise typer.Exit(_EXIT_PROBLEMS)


def watch_command(today: TodayOption = None, warn_days: WarnOption = None, show_all: AllOption = False) -> None:
    """Voer de termijnbewaking één keer uit (zonder Prefect): verdagen waar de regels dat zeggen, herinneren."""
    from woo.case import UnitOfWork
    from woo.deadlines.watch import watch

    day = _today(today)
    report = watch(UnitOfWork(), day, warn_days=warn_days)
    console = _console()
    if report.rows:
        console.print(rows_table(report.rows if show_all else report.rows[:_SHOWN], day,
                                 total=report.counts["open"]))
    else:
        console.print("Er zijn geen open verzoeken met een beslisdatum.")
    numbers = {r.request_id: r.number for r in report.rows}
    for check in report.extensions:
        ref = numbers.get(check.request_id, check.request_id)
        if check.result is not None:
            console.print(f"{ref}: {check.outcome.label} tot {format_date_nl(check.result.new_due)}.")
        else:
            console.print(f"{ref}: {check.outcome.label}.")
    console.print(f"{report.counts['at_risk']} binnenkort, {report.counts['missed']} verstreken; "
                  f"{len(report.newly_flagged)} nieuw; {len(report.reminders)} overzicht(en) aan de proceseigenaar "
                  "verstuurd.")
    _print_problems(console, report.problems)
    if report.problems:
        raise typer.Exit(_EXIT_PROBLEMS)
