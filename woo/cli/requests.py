"""``woo run``, ``woo demo`` and ``woo status``: one request through the flow, and where requests stand.

The intake (and an answers file) is checked before anything is stored or Prefect is started: a person fixes the
file and runs the command again. Prefect is imported only when a flow really runs.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from woo.cli.common import DEMO_HOME, DEMO_MARKER, console, fail, next_step, use_home
from woo.errors import WooError

HomeOption = Annotated[Path | None, typer.Option("--home", help="gegevensmap (standaard WOO_HOME of ~/.woo)")]


def _run_flow(request_id: str) -> dict[str, Any]:
    # Prefect's own progress lines are English; the terminal speaks Dutch (`woo --debug` shows them). Only the
    # console is quieted: the run's logs still reach the Prefect server.
    if "--debug" not in sys.argv[1:]:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    console.print("Het verzoek wordt afgehandeld; dit duurt even…", highlight=False)
    from prefect import tags

    from woo.flows.woo_request import handle_request

    with tags("woo", f"woo:{request_id}"):
        return handle_request(request_id=request_id)


def read_and_check(request_file: Path, answers_file: Path | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The intake and answers as read from their files; stops with every problem when one of them is invalid."""
    from woo import clock
    from woo.process.intake import answers_problems, intake_problems, load_yaml

    try:
        intake = load_yaml(request_file, "verzoek")
        answers = load_yaml(answers_file, "antwoorden") if answers_file else None
    except WooError as exc:
        fail(f"{request_file if answers_file is None else 'een bestand'} kan niet worden gelezen.",
             getattr(exc, "problems", []))
    problems = intake_problems(intake, today=clock.today())
    if problems:
        fail(f"het verzoek in {request_file} is niet geldig; er is niets opgeslagen of gestart.", problems)
    if answers is not None:
        problems = answers_problems(answers)
        if problems:
            fail(f"de antwoorden in {answers_file} zijn niet geldig; er is niets opgeslagen of gestart.", problems)
    return intake, answers


def submit_and_run(request_file: Path, documents: Path | None, answers_file: Path | None) -> str:
    from woo.case import UnitOfWork
    from woo.process.intake import receive

    intake, answers = read_and_check(request_file, answers_file)
    request_id, created = receive(UnitOfWork(), intake, documents=documents, answers=answers)
    console.print(f"[bold]Verzoek {request_id}[/] {'ontvangen' if created else 'was al ontvangen; hervat'}")
    _run_flow(request_id)
    return request_id


def documents_choice(documents: Path | None, no_documents: bool) -> Path | None:
    """``--documents MAP`` or an explicit ``--no-documents``: never a silent "no documents found"."""
    if documents is not None and no_documents:
        fail("geef --documents MAP óf --no-documents, niet allebei.")
    if documents is None and not no_documents:
        fail("geef de map met documenten: --documents MAP.",
             ["zijn er geen documenten (het besluit wordt dan 'geen documenten aangetroffen'), "
              "geef dan --no-documents."])
    return documents


def run(
    request_file: Annotated[Path, typer.Argument(help="request.yaml met verzoek en verzoeker", exists=True,
                                                 dir_okay=False)],
    documents: Annotated[Path | None, typer.Option("--documents", "-d", help="map met documenten",
                                                   exists=True, file_okay=False)] = None,
    no_documents: Annotated[bool, typer.Option("--no-documents", help="er zijn bewust geen documenten")] = False,
    answers: Annotated[Path | None, typer.Option("--answers", "-a", help="answers.yaml met besluiten van "
                                                 "medewerkers", exists=True, dir_okay=False)] = None,
    home: HomeOption = None,
) -> None:
    documents = documents_choice(documents, no_documents)
    use_home(home)
    request_id = submit_and_run(request_file, documents, answers)
    print_summary(request_id)
    next_step(f"bekijk het verzoek later met `woo status {request_id}`; de brieven staan in de uitvoermap hierboven.")


def demo(
    home: Annotated[Path, typer.Option("--home", help="map voor het voorbeeld (wordt opnieuw aangemaakt)")] = DEMO_HOME,
) -> None:
    from woo import clock

    home = home.resolve()
    if home.exists():
        if not (home / DEMO_MARKER).exists():
            fail(f"{home} bestaat al en is geen voorbeeldmap; kies een andere met --home.")
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / DEMO_MARKER).write_text("folder made by `woo demo`; safe to delete\n")
    from woo.demo import build_demo_dossier, demo_environment

    # The demo's public functionaries keep their names visible; it publishes under its own publisher, at once.
    for key, value in demo_environment().items():
        os.environ.setdefault(key, value)
    use_home(home)

    received = clock.today() - dt.timedelta(days=21)
    dossier = build_demo_dossier(home / "invoer", received=received, decided=clock.today())
    # Each step runs on the day of its event in the demo's history, so each letter is dated when it is sent.
    os.environ.update(dossier.replay_environment())
    console.print(f"Voorbeelddossier gemaakt in {dossier.documents_dir}", highlight=False)
    request_id = submit_and_run(dossier.request_file, dossier.documents_dir, dossier.answers_file)
    print_summary(request_id)
    where = "" if home == DEMO_HOME.resolve() else f" --home {home}"
    next_step(f"`woo status{where}` toont het verzoek; de brieven staan in {home / 'outbox'}.")


def print_summary(request_id: str) -> None:
    """The request's summary: facts in a table, letters and folders below it as whole paths (never broken)."""
    from rich.table import Table

    from woo.case import UnitOfWork
    from woo.reporting.summary import request_summary

    summary = request_summary(UnitOfWork(), request_id)
    table = Table(title=f"Verzoek {summary['number'] or request_id}", show_header=False)
    table.add_column(no_wrap=True)
    table.add_column()
    files: list[tuple[str, str]] = []
    for key, value in summary["lines"]:
        text = _dutch(key, value)
        if key.startswith("brief:"):
            state, _, path = text.partition(": ")
            files.append((f"{_LETTER_KINDS.get(key[6:].strip(), key[6:].strip())} ({state})", path))
        elif isinstance(value, Path) or key in _FOLDERS:
            files.append((key, str(value)))
        else:
            table.add_row(key, text)
    console.print(table)
    for label, path in files:
        # A path is printed whole on its own line: copied from the terminal, it must still be the path.
        console.print(f"{label}:", highlight=False)
        console.print(f"  {path}", soft_wrap=True, highlight=False, markup=False)
    for problem in summary.get("problems", []):
        console.print(f"[yellow]Let op:[/] {problem}", highlight=False)


_FOLDERS = {"besluit en inventaris", "publicatiemap"}
_LETTER_WORDS = {"sent": "verzonden", "pending": "wacht", "failed": "mislukt", "uncertain": "onzeker",
                 "file": "bestand", "smtp": "e-mail"}
_LETTER_KINDS = {
    "acknowledgement": "ontvangstbevestiging", "zienswijze_request": "verzoek om zienswijze", "decision": "besluit",
    "published_decision": "gepubliceerd besluit", "third_party_decision_notice": "besluit aan derde",
    "suspension_notice": "opschorting", "suspension_ended_notice": "einde opschorting",
    "extension_notice": "verdaging", "withdrawal_confirmation": "bevestiging intrekking",
    "disclosure_notice": "datum van verstrekking",
}


def _dutch(key: str, value: object) -> str:
    """The summary's stored codes in the words people use (the store keeps English codes)."""
    from woo.case import RequestStatus

    text = str(value)
    if key == "status" and text in {s.value for s in RequestStatus}:
        return RequestStatus(text).label
    if key.startswith("brief:"):
        head, sep, rest = text.partition(": ")
        return " ".join(_LETTER_WORDS.get(w, w) for w in head.split()) + sep + rest
    return text


def status(
    request: Annotated[str | None, typer.Argument(help="id of zaaknummer; leeg = alle verzoeken")] = None,
    home: HomeOption = None,
) -> None:
    from rich.table import Table

    from woo import clock
    from woo.case import RequestStatus, UnitOfWork

    use_home(home, reading=True)
    if request is not None:
        with UnitOfWork() as uow:
            request_id = uow.requests.find(request).id
        print_summary(request_id)
        return
    today = clock.today()
    # Five columns that wrap within 80 characters; the id is what every command also accepts.
    table = Table(title="Woo-verzoeken")
    table.add_column("verzoek", overflow="fold")
    table.add_column("status")
    table.add_column("beslissen uiterlijk", overflow="fold")
    table.add_column("dagen over", justify="right")
    table.add_column("laatste stap")
    with UnitOfWork() as uow:
        rows = uow.requests.all()
        for r in rows:
            state = RequestStatus(r.status)
            left = (r.decision_due - today).days if r.decision_due and not state.closed else ""
            done = uow.requests.done_steps(r.id)
            table.add_row(f"{r.number}\n{r.id}" if r.number else r.id, state.label, str(r.decision_due or "-"),
                          str(left), done[-1].label if done else "-")
    if not rows:
        console.print("Er zijn nog geen verzoeken.")
        return
    console.print(table)
