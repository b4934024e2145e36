"""Operator commands against a running Prefect server: submit, pending, answer, rerun, serve."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
import yaml

from woo import clock
from woo.cli.common import console, fail, next_step, use_home

# --from STEP: the first step to run again, and the questions to ask again (their answers are forgotten).
RERUN_POINTS: dict[str, tuple[str, list[str]]] = {
    "meeting": ("meeting", ["meeting", "specification", "review", "sign_off"]),
    "collect": ("collect", ["review", "sign_off"]),
    "consult": ("consult", ["review", "sign_off"]),
    "redact": ("propose", ["review", "sign_off"]),
    "decide": ("decide", ["sign_off"]),
    "publish": ("publish", []),
}


def _require_server() -> None:
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        fail("geen Prefect-server ingesteld.",
             ["start er een (`prefect server start`), zet PREFECT_API_URL en start `woo serve`;",
              "of gebruik `woo run` om een verzoek zonder wachtpunten af te handelen."])


def _work_queue(decision_due: dt.date | None) -> str | None:
    """With a work pool, requests closest to their date go to the high-priority queue and run first."""
    from woo import clock
    from woo.settings import get_settings

    if not get_settings().work_pool:
        return None
    if decision_due is not None and (decision_due - clock.today()).days <= get_settings().urgent_days:
        return "urgent"
    return "normal"


def start_run(request_id: str, idempotency_key: str, decision_due: dt.date | None = None,
              rerun: Any = None) -> UUID:
    from woo.deployments.runs import start_request_run

    return start_request_run(request_id, idempotency_key=idempotency_key, work_queue=_work_queue(decision_due),
                             rerun=rerun)


def submit(
    request_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="request.yaml")],
    documents: Annotated[Path | None, typer.Option("--documents", "-d", exists=True, file_okay=False)] = None,
    no_documents: Annotated[bool, typer.Option("--no-documents", help="er zijn bewust geen documenten")] = False,
    answers: Annotated[Path | None, typer.Option("--answers", "-a", exists=True, dir_okay=False,
                                                 help="antwoorden die al bekend zijn (bijv. derden)")] = None,
) -> None:
    """Register a request and start its flow run on the served deployment; the same intake twice is one request."""
    from woo.case import UnitOfWork
    from woo.cli.requests import documents_choice, read_and_check
    from woo.process.intake import receive

    documents = documents_choice(documents, no_documents)
    intake, given = read_and_check(request_file, answers)  # before Prefect: a bad file stops here
    _require_server()
    request_id, created = receive(UnitOfWork(), intake, documents=documents, answers=given)
    from woo.deadlines.request_dates import expected_decision_due

    # Queued by its decision date (urgent or normal), like a rerun; registration has not run yet.
    due = expected_decision_due(UnitOfWork(), request_id, today=clock.today())
    run_id = start_run(request_id, idempotency_key=request_id, decision_due=due)
    console.print(f"Verzoek {request_id} {'ingediend' if created else 'was al ingediend'}; flow run {run_id}")
    next_step(f"`woo pending` toont wanneer het verzoek op een antwoord wacht; `woo status {request_id}` waar het "
              "staat.")


def pending() -> None:
    """List every request that waits for a person, with the question and when the answer is due."""
    from rich.table import Table

    from woo.case import UnitOfWork
    from woo.questions.catalogue import QUESTIONS

    use_home(None, reading=True)
    # Four columns that wrap within 80 characters; the question key is what `woo answer` takes.
    table = Table(title="Wachtende verzoeken")
    table.add_column("verzoek", overflow="fold")
    table.add_column("vraag (naam voor woo answer)")
    table.add_column("wacht sinds", overflow="fold")
    table.add_column("antwoord vóór", overflow="fold")
    refused: list[str] = []
    first: tuple[str, str] | None = None
    with UnitOfWork() as uow:
        rows = uow.requests.waiting()
        for r in rows:
            assert r.waiting_for is not None  # waiting() selects exactly these
            table.add_row(f"{r.number}\n{r.id}" if r.number else r.id,
                          f"{r.waiting_for}: {QUESTIONS[r.waiting_for].title}",
                          r.waiting_since.date().isoformat() if r.waiting_since else "-", str(r.waiting_due or "-"))
            refused += [f"{r.number or r.id}: vorig antwoord geweigerd: {p}" for p in r.waiting_problems or []]
            first = first or (r.number or r.id, r.waiting_for)
    if not rows or first is None:
        console.print("Geen verzoeken wachten op een antwoord.")
        return
    console.print(table)
    for line in refused:
        console.print(line, highlight=False, markup=False)
    from woo.settings import get_settings

    review = (f"; of beoordeel de lakvoorstellen op {get_settings().review_url.rstrip('/')}/verzoek/{first[0]}"
              if first[1] == "review" else "")
    next_step(f"`woo answer {first[0]} {first[1]} --file antwoord.yaml` (of in de Prefect-UI){review}.")


def _parse_sets(values: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            fail(f"gebruik --set veld=waarde, niet {item!r}.")
        try:
            data[key.strip()] = yaml.safe_load(value)
        except yaml.YAMLError:
            fail(f"de waarde in --set {item!r} kan niet worden gelezen.")
    return data


def answer(
    request: Annotated[str | None, typer.Argument(help="id of zaaknummer (niet bij een .jsonl-bestand)")] = None,
    step: Annotated[str | None, typer.Argument(
        help="meeting | specification | views | review | sign_off | privacy")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", exists=True, dir_okay=False,
        help="antwoord.yaml, of antwoorden.jsonl voor veel verzoeken tegelijk")] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", help="veld=waarde (herhaalbaar)")] = None,
) -> None:
    """Answer a waiting request: validated first (form and domain rules); only a valid answer resumes the run.

    Free text in the answer (a new scope, passages, a manual redaction's text, a remark) is stored in the store;
    the run is resumed with references to it only, so no text reaches Prefect. ``--file X.jsonl`` answers many
    requests, one per line (:mod:`woo.cli.bulk_answers`).
    """
    if file is not None and file.suffix.lower() == ".jsonl":
        if request or step or sets:
            fail("een .jsonl-bestand noemt per regel het verzoek en de vraag; geef geen verzoek, vraag of --set.")
        from woo.cli.bulk_answers import answer_file

        return answer_file(file)
    if not request or not step:  # optional only for a .jsonl file; said as Click says a missing argument
        fail(f"argument {'request' if not request else 'step'} ontbreekt.",
             ["zie `woo answer --help`; voor veel verzoeken tegelijk: woo answer --file antwoorden.jsonl"])
    from woo.cli.answering import NotWaiting, give_answer
    from woo.errors import AnswerRefused, UnknownRequest
    from woo.questions.catalogue import QUESTIONS  # the forms would load Prefect: only when the answer is given

    if step not in QUESTIONS:
        fail(f"onbekende vraag {step!r}; kies uit {', '.join(QUESTIONS)}.")
    data: dict[str, Any] = {}
    if file is not None:
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            fail(f"{file} is geen leesbaar YAML-bestand.")
        if not isinstance(loaded, dict):
            fail(f"het antwoordbestand {file} moet velden met waarden bevatten.")
        data.update(loaded)
    data.update(_parse_sets(sets or []))
    use_home(None, reading=True)  # an answer goes to a store that exists; it never makes a new one
    try:
        given = give_answer(request, step, data)
    except AnswerRefused as refused:
        fail("antwoord niet geaccepteerd; het verzoek blijft wachten.", refused.problems)
    except (NotWaiting, UnknownRequest) as exc:
        fail(f"{exc}.")
    texts = (f" ({given.stored_texts} tekst(en) in de eigen opslag; Prefect krijgt alleen de verwijzing)"
             if given.stored_texts else "")
    console.print(f"Antwoord op '{step}' gegeven{texts}; flow run {given.flow_run_id} gaat verder.")
    next_step(f"`woo pending` toont de volgende vraag; `woo status {given.number or given.request_id}` waar het "
              "verzoek staat.")


def rerun(
    request: Annotated[str, typer.Argument(help="id of zaaknummer")],
    from_step: Annotated[str, typer.Option("--from", help=" | ".join(RERUN_POINTS))],
    reason: Annotated[str, typer.Option("--reason", help="waarom (komt in de audittrail)")],
    by: Annotated[str, typer.Option("--by", help="uw gebruikers-id")] = os.environ.get("USER", "operator"),
    scope: Annotated[str | None, typer.Option("--scope", help="nieuwe omschrijving na verduidelijking")] = None,
) -> None:
    """Run a request again from a step after a clarification; earlier steps are reused, later ones redone."""
    if from_step not in RERUN_POINTS:
        fail(f"onbekende stap {from_step!r}; kies uit {', '.join(RERUN_POINTS)}.")
    _require_server()
    from prefect import get_client
    from prefect.states import Cancelled

    from woo.case import Step, UnitOfWork
    from woo.questions.catalogue import clear_answer
    from woo.questions.models import TextField
    from woo.questions.texts import store_text
    from woo.schemas.audit import AuditAction

    first, questions = RERUN_POINTS[from_step]
    steps = Step(first).and_later()
    with UnitOfWork() as uow:
        req = uow.requests.find(request)
        request_id = req.id
        sent = uow.requests.step_result(request_id, Step.SEND_DECISION)
        if sent and sent.get("sent") and from_step != "publish":
            fail("het besluit is al verzonden; een nieuw besluit volgt uit bezwaar, niet uit een rerun.")
        waiting_run = req.waiting_flow_run_id
        if scope is not None:
            req.scope = scope
        uow.requests.forget_steps(request_id, steps)
        for q in questions:
            clear_answer(req, q)
        req.waiting_for = req.waiting_since = req.waiting_due = req.waiting_flow_run_id = None
        req.waiting_problems = None
        req.reruns = n = (req.reruns or 0) + 1
        # The reason is free text (it may name someone): the audit log refers to it in the store.
        reason_ref = store_text(uow, request_id, TextField.RERUN_REASON, reason, by=by)
        uow.record(AuditAction.RERUN_REQUESTED, request_id=request_id, step=from_step, actor=by,
                   payload={"from": from_step, "reason_text": reason_ref, "rerun": n,
                            "scope_changed": scope is not None})
        due = req.decision_due
        uow.commit()
    if waiting_run:
        # A run still waiting at an older question would otherwise wake up beside the new one.
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(UUID(waiting_run), Cancelled(message="vervangen door een rerun"), force=True)
    from woo.deployments.runs import Rerun

    run_id = start_run(request_id, idempotency_key=f"{request_id}:rerun:{n}", decision_due=due,
                       rerun=Rerun(by=by, from_step=from_step, count=n, reason_ref=reason_ref, on=clock.today()))
    console.print(f"Verzoek {request_id} opnieuw vanaf '{from_step}'; flow run {run_id}")
    next_step("`woo pending` toont wanneer het verzoek weer op een antwoord wacht.")


ReviewPort = Annotated[int, typer.Option("--review-port", envvar="WOO_REVIEW_PORT",
                                         help="poort van de lakpagina (0 = geen lakpagina)")]
ReviewHost = Annotated[str, typer.Option("--review-host", help="adres van de lakpagina (standaard alleen deze "
                                                               "machine)")]


def serve_command(
    limit: Annotated[int | None, typer.Option(help="maximaal gelijktijdige flow runs")] = None,
    review_port: ReviewPort = 8484,
    review_host: ReviewHost = "127.0.0.1",
) -> None:
    """Serve the request flow and the daily deadline watch in this process (needs PREFECT_API_URL)."""
    _require_server()
    from woo.deployments.serve import serve_all

    if review_port:
        from woo.web.app import review_url, serve_in_background

        serve_in_background(review_host, review_port)
        # The review question links to the page: its flow runs (children of this process) get this address.
        os.environ.setdefault("WOO_REVIEW_URL", f"http://{review_host}:{review_port}")
        console.print(f"Lakpagina: {review_url(f'http://{review_host}:{review_port}', 'WOO-…')} "
                      f"(overzicht op http://{review_host}:{review_port}/)", highlight=False)
    serve_all(limit=limit)


def review_page_command(review_port: ReviewPort = 8484, review_host: ReviewHost = "127.0.0.1") -> None:
    """Serve only the redaction review page (answers resume runs on the Prefect server of PREFECT_API_URL)."""
    _require_server()
    from woo.web.app import serve

    console.print(f"Lakpagina op http://{review_host}:{review_port}/ (stoppen met Ctrl+C)", highlight=False)
    serve(review_host, review_port)
