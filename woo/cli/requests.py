"""``woo run``, ``woo demo`` and ``woo status``: one request through the flow, and where requests stand."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from woo import clock
from woo.case import RequestStatus, UnitOfWork
from woo.errors import WooError

console = Console()
err = Console(stderr=True)

DEMO_MARKER = ".woo-demo"


def _use_home(home: Path | None) -> None:
    if home is not None:
        os.environ["WOO_HOME"] = str(home.resolve())
    from woo.settings import reset_settings

    reset_settings()


def _run_flow(request_id: str) -> dict[str, Any]:
    from prefect import tags

    from woo.flows.woo_request import handle_request

    with tags("woo", f"woo:{request_id}"):
        return handle_request(request_id=request_id)


def submit_and_run(request_file: Path, documents: Path | None, answers_file: Path | None) -> str:
    from woo.process.intake import load_yaml, receive

    intake = load_yaml(request_file, "verzoek")
    answers = load_yaml(answers_file, "antwoorden") if answers_file else None
    request_id, created = receive(UnitOfWork(), intake, documents=documents, answers=answers)
    console.print(f"[bold]Verzoek {request_id}[/] {'ontvangen' if created else 'was al ontvangen; hervat'}")
    _run_flow(request_id)
    return request_id


def run(
    request_file: Annotated[Path, typer.Argument(help="request.yaml met verzoek en verzoeker", exists=True,
                                                 dir_okay=False)],
    documents: Annotated[Path | None, typer.Option("--documents", "-d", help="map met documenten",
                                                   exists=True, file_okay=False)] = None,
    answers: Annotated[Path | None, typer.Option("--answers", "-a", help="answers.yaml met besluiten van "
                                                 "medewerkers", exists=True, dir_okay=False)] = None,
    home: Annotated[Path | None, typer.Option("--home", help="gegevensmap (standaard WOO_HOME of ~/.woo)")] = None,
) -> None:
    _use_home(home)
    try:
        request_id = submit_and_run(request_file, documents, answers)
    except WooError as exc:
        _fail(exc)
    print_summary(request_id)


def demo(
    home: Annotated[Path, typer.Option("--home", help="map voor het voorbeeld (wordt opnieuw aangemaakt)")] = Path(
        "woo-demo"),
) -> None:
    home = home.resolve()
    if home.exists():
        if not (home / DEMO_MARKER).exists():
            err.print(f"[red]{home} bestaat al en is geen voorbeeldmap; kies een andere met --home[/]")
            raise typer.Exit(2)
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / DEMO_MARKER).write_text("folder made by `woo demo`; safe to delete\n")
    from woo.demo import build_demo_dossier, demo_environment

    # The demo's public functionaries keep their names visible; it publishes under its own publisher, at once.
    for key, value in demo_environment().items():
        os.environ.setdefault(key, value)
    _use_home(home)

    received = clock.today() - dt.timedelta(days=21)
    dossier = build_demo_dossier(home / "invoer", received=received, decided=clock.today())
    # Each step runs on the day of its event in the demo's history, so each letter is dated when it is sent.
    os.environ.update(dossier.replay_environment())
    console.print(f"Voorbeelddossier gemaakt in {dossier.documents_dir}")
    try:
        request_id = submit_and_run(dossier.request_file, dossier.documents_dir, dossier.answers_file)
    except WooError as exc:
        _fail(exc)
    print_summary(request_id)


def _fail(exc: WooError) -> None:
    err.print(f"[red]Fout:[/] {exc}")
    for problem in getattr(exc, "problems", []):
        err.print(f"  - {problem}")
    raise typer.Exit(1)


def print_summary(request_id: str) -> None:
    from woo.reporting.summary import request_summary

    summary = request_summary(UnitOfWork(), request_id)
    table = Table(title=f"Verzoek {summary['number'] or request_id}", show_header=False)
    table.add_column(no_wrap=True)
    # Paths are the point of the summary: wrap them whole rather than cut them off with an ellipsis.
    table.add_column(overflow="fold")
    for key, value in summary["lines"]:
        table.add_row(key, str(value))
    console.print(table)
    for problem in summary.get("problems", []):
        console.print(f"[yellow]Let op:[/] {problem}")


def status(
    request: Annotated[str | None, typer.Argument(help="id of zaaknummer; leeg = alle verzoeken")] = None,
    home: Annotated[Path | None, typer.Option("--home")] = None,
) -> None:
    _use_home(home)
    if request is not None:
        try:
            with UnitOfWork() as uow:
                request_id = uow.requests.find(request).id
        except WooError as exc:
            _fail(exc)
        print_summary(request_id)
        return
    today = clock.today()
    table = Table(title="Woo-verzoeken")
    for col in ("id", "zaaknummer", "status", "ontvangen", "beslissen uiterlijk", "dagen over", "stappen"):
        table.add_column(col)
    with UnitOfWork() as uow:
        for r in uow.requests.all():
            status = RequestStatus(r.status)
            left = (r.decision_due - today).days if r.decision_due and not status.closed else ""
            table.add_row(r.id, r.number or "-", status.value, str(r.received_on or "-"), str(r.decision_due or "-"),
                          str(left), ", ".join(uow.requests.done_steps(r.id)))
    console.print(table)
