"""``woo audit verify|show|export`` and ``woo report``: check, read and hand over the audit trail.

The lead mounts :data:`audit_app` as ``woo audit`` and :func:`report_command` as ``woo report``.
Exit codes: 0 fine; 1 the audit chain is broken (``verify``); 2 bad input (unknown request, unwritable file).
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from woo.cli.common import use_home
from woo.errors import UnknownRequest

__all__ = ["EXIT_BAD_INPUT", "EXIT_BROKEN", "audit_app", "export", "report_command", "show", "verify"]

EXIT_BROKEN = 1
EXIT_BAD_INPUT = 2
_MAX_BREAKS_SHOWN = 10
_WIDE = 120  # columns from which the timeline is one table row per event

_log = logging.getLogger(__name__)
console = Console()
err = Console(stderr=True)

audit_app = typer.Typer(
    help="De audittrail controleren, inzien en exporteren.", no_args_is_help=True, add_completion=False
)


class ExportFormat(StrEnum):
    """The choices of ``--format``; the same values as ``woo.audit.ExportFormat`` (imported only when used)."""

    PDF = "pdf"
    CSV = "csv"
    JSON = "json"


class ReportFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]Fout:[/] {message}")
    return typer.Exit(EXIT_BAD_INPUT)


@audit_app.command("verify")
def verify(
    request: Annotated[
        str | None, typer.Argument(help="id (wr-…) of zaaknummer (WOO-2026-0001); leeg = de hele keten")
    ] = None,
) -> None:
    """Herbereken de hashketen en noem de eerste verbroken schakel."""
    from woo.audit import verify_chain
    from woo.case import UnitOfWork

    use_home(None, reading=True)
    with UnitOfWork() as uow:
        request_id = None
        if request:
            try:
                request_id = uow.requests.find(request).id
            except UnknownRequest as exc:
                raise _fail(str(exc)) from None
        report = verify_chain(uow.requests, request_id)
    if report.ok:
        console.print(f"[green]{report.summary_nl()}[/]")
        return
    err.print(f"[red bold]{report.summary_nl()}[/]")
    for b in report.breaks[:_MAX_BREAKS_SHOWN]:
        err.print(f"  regel {b.seq}: {b.kind.label_nl} — {b.describe_nl()}")
    if len(report.breaks) > _MAX_BREAKS_SHOWN:
        err.print(f"  … en nog {len(report.breaks) - _MAX_BREAKS_SHOWN} breuk(en)")
    err.print(f"Laatste regel {report.head_seq}, hash {report.head_hash}")
    raise typer.Exit(EXIT_BROKEN)


@audit_app.command("show")
def show(
    request: Annotated[str, typer.Argument(help="id (wr-…) of zaaknummer (WOO-2026-0001)")],
) -> None:
    """Toon de tijdlijn van één verzoek."""
    from woo.audit import timeline
    from woo.audit.legal_dates import format_moment
    from woo.case import RequestStatus, UnitOfWork

    use_home(None, reading=True)
    with UnitOfWork() as uow:
        try:
            req = uow.requests.find(request)
        except UnknownRequest as exc:
            raise _fail(str(exc)) from None
        title = f"Tijdlijn {req.number or req.id} ({req.id}), status {RequestStatus(req.status).label}"
        entries = timeline(uow.requests, req.id)
    if console.width >= _WIDE:
        table = Table(title=title, show_lines=False, expand=False)
        for name in ("#", "Tijd", "Stap", "Handeling", "Door", "Grondslag", "Gegevens"):
            table.add_column(name, overflow="fold")
        for e in entries:
            table.add_row(str(e.seq), format_moment(e.at), e.step or "-", e.action_nl, e.actor,
                          e.legal_basis or "-", e.summary(width=80))
    else:
        # A narrow terminal: one block per event (what, when, who on the first line; the data below), so words
        # wrap between words instead of seven columns cutting every word in pieces.
        table = Table(title=title, show_lines=True, expand=False)
        table.add_column("#", justify="right")
        table.add_column("Gebeurtenis", overflow="fold")
        for e in entries:
            basis = f" · {e.legal_basis}" if e.legal_basis else ""
            table.add_row(str(e.seq), f"[bold]{e.action_nl}[/] · {format_moment(e.at)} · stap {e.step or '-'} · "
                                      f"door {e.actor}{basis}\n{e.summary(width=2000)}")
    console.print(table, highlight=False)
    if not entries:
        console.print("Nog geen gebeurtenissen vastgelegd.")


@audit_app.command("export")
def export(
    request: Annotated[str, typer.Argument(help="id (wr-…) of zaaknummer (WOO-2026-0001)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="bestand om naar te schrijven", dir_okay=False)],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="pdf (rapport), csv of json")] = ExportFormat.PDF,
) -> None:
    """Exporteer de audittrail van één verzoek: een verantwoordingsrapport (pdf) of de gebeurtenissen."""
    from woo import audit, clock
    from woo.case import UnitOfWork

    use_home(None, reading=True)
    with UnitOfWork() as uow:
        try:
            req = uow.requests.find(request)
        except UnknownRequest as exc:
            raise _fail(str(exc)) from None
        data = audit.export_request(uow.requests, req.id, audit.ExportFormat(fmt.value), today=clock.today())
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as exc:
        raise _fail(f"kan {output} niet schrijven ({exc.strerror or type(exc).__name__})") from None
    _log.info("exported audit trail of %s as %s (%d bytes)", req.id, fmt, len(data))
    console.print(f"Geschreven: {output} ({len(data)} bytes)")
    if ExportFormat(fmt) is ExportFormat.PDF:
        console.print("[yellow]Let op: het rapport is VERTROUWELIJK (het noemt de verzoeker).[/]")


def report_command(
    year: Annotated[int, typer.Option("--year", help="het verslagjaar, bv. 2026", min=1900, max=9999)],
    fmt: Annotated[ReportFormat, typer.Option("--format", help="table of csv")] = ReportFormat.TABLE,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="schrijf een grafiek van de behandelduur per maand (png)",
                                  dir_okay=False)
    ] = None,
) -> None:
    """Jaarcijfers: ontvangen, besloten, tijdig, behandelduur, verdagingen, opschortingen, oordelen, gronden."""
    if chart is not None and chart.suffix.lower() != ".png":
        raise _fail(f"de grafiek {chart.name} moet een .png-bestand zijn")
    from woo.audit import stats_csv, stats_rows, write_chart, year_statistics
    from woo.case import UnitOfWork

    use_home(None, reading=True)
    with UnitOfWork() as uow:
        stats = year_statistics(uow.requests, year)
    if ReportFormat(fmt) is ReportFormat.CSV:
        typer.echo(stats_csv(stats), nl=False)
    else:
        table = Table(title=f"Woo-verzoeken {year}")
        table.add_column("Onderdeel")
        table.add_column("Waarde", justify="right")
        for label, value in stats_rows(stats):
            table.add_row(label, value)
        console.print(table)
        console.print("Besloten, tijdig, behandelduur en de uitsplitsingen tellen de verzoeken waarop in dit jaar "
                      "is besloten; 'ontvangen' telt de verzoeken die in dit jaar zijn ontvangen.")
    if chart is not None:
        try:
            write_chart(stats, chart)
        except OSError as exc:
            raise _fail(f"kan {chart} niet schrijven ({exc.strerror or type(exc).__name__})") from None
        err.print(f"Grafiek geschreven: {chart}")
