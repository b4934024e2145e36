"""Operator commands against a running Prefect server: submit, pending, answer, rerun, serve."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from woo import clock
from woo.case import Step, UnitOfWork
from woo.errors import WooError
from woo.schemas.errors import describe_validation_error

console = Console()
err = Console(stderr=True)

RERUN_POINTS: dict[str, tuple[list[Step], list[str]]] = {
    # --from STEP: (steps to run again, questions to ask again)
    "meeting": (Step.MEETING.and_later(), ["meeting", "specification", "review", "sign_off"]),
    "collect": (Step.COLLECT.and_later(), ["review", "sign_off"]),
    "consult": (Step.CONSULT.and_later(), ["review", "sign_off"]),
    "redact": (Step.PROPOSE.and_later(), ["review", "sign_off"]),
    "decide": (Step.DECIDE.and_later(), ["sign_off"]),
    "publish": (Step.PUBLISH.and_later(), []),
}


def _require_server() -> None:
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        err.print("[red]Geen Prefect-server ingesteld.[/] Start er een (`prefect server start`), zet PREFECT_API_URL "
                  "en start `woo serve`; of gebruik `woo run` om een verzoek zonder wachtpunten af te handelen.")
        raise typer.Exit(2)


def _work_queue(decision_due: dt.date | None) -> str | None:
    """With a work pool, requests closest to their date go to the high-priority queue and run first."""
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
    answers: Annotated[Path | None, typer.Option("--answers", "-a", exists=True, dir_okay=False,
                                                 help="antwoorden die al bekend zijn (bijv. derden)")] = None,
) -> None:
    """Register a request and start its flow run on the served deployment; the same intake twice is one request."""
    _require_server()
    from woo.process.intake import load_yaml, receive

    try:
        request_id, created = receive(UnitOfWork(), load_yaml(request_file, "verzoek"), documents=documents,
                                      answers=load_yaml(answers, "antwoorden") if answers else None)
    except WooError as exc:
        err.print(f"[red]Fout:[/] {exc}")
        for p in getattr(exc, "problems", []):
            err.print(f"  - {p}")
        raise typer.Exit(1) from None
    from woo.deadlines.request_dates import expected_decision_due

    # Queued by its decision date (urgent or normal), like a rerun; registration has not run yet.
    due = expected_decision_due(UnitOfWork(), request_id, today=clock.today())
    run_id = start_run(request_id, idempotency_key=request_id, decision_due=due)
    console.print(f"Verzoek {request_id} {'ingediend' if created else 'was al ingediend'}; flow run {run_id}")


def pending() -> None:
    """List every request that waits for a person, with the question and when the answer is due."""
    from woo.questions.catalogue import QUESTIONS

    table = Table(title="Wachtende verzoeken")
    for col in ("zaaknummer", "id", "stap", "vraag", "wacht sinds", "antwoord vóór"):
        table.add_column(col, no_wrap=col in ("zaaknummer", "id", "stap"))
    refused: list[str] = []
    with UnitOfWork() as uow:
        rows = uow.requests.waiting()
        for r in rows:
            assert r.waiting_for is not None  # waiting() selects exactly these
            table.add_row(r.number or "-", r.id, r.waiting_for, QUESTIONS[r.waiting_for].title,
                          r.waiting_since.date().isoformat() if r.waiting_since else "-", str(r.waiting_due or "-"))
            refused += [f"{r.number}: vorig antwoord geweigerd: {p}" for p in r.waiting_problems or []]
    if not rows:
        console.print("Geen verzoeken wachten op een antwoord.")
        return
    console.print(table)
    for line in refused:
        console.print(line)


def _parse_sets(values: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"gebruik veld=waarde, niet {item!r}")
        data[key.strip()] = yaml.safe_load(value)
    return data


def answer(
    request: Annotated[str, typer.Argument(help="id of zaaknummer")],
    step: Annotated[str, typer.Argument(help="meeting | specification | views | review | sign_off | privacy")],
    file: Annotated[Path | None, typer.Option("--file", "-f", exists=True, dir_okay=False)] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", help="veld=waarde (herhaalbaar)")] = None,
) -> None:
    """Answer a waiting request: validated first (form and domain rules); only a valid answer resumes the run.

    Free text in the answer (a new scope, passages, a manual redaction's text, a remark) is stored in the store;
    the run is resumed with references to it only, so no text reaches Prefect.
    """
    from prefect.exceptions import NotPausedError

    from woo.flows.asking import resume_with_answer
    from woo.questions.catalogue import AnswerRefused, check_and_store
    from woo.questions.forms import FORM_TEXT_PATHS, FORMS
    from woo.questions.texts import texts_to_refs

    if step not in FORMS:
        err.print(f"[red]Onbekende stap {step!r}[/]; kies uit {', '.join(FORMS)}")
        raise typer.Exit(2)
    data: dict[str, Any] = {}
    if file is not None:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(loaded, dict):
            err.print("[red]Het antwoordbestand moet velden met waarden bevatten.[/]")
            raise typer.Exit(1)
        data.update(loaded)
    data.update(_parse_sets(sets or []))
    try:
        form = FORMS[step].model_validate(data)
    except ValidationError as exc:
        _refuse(describe_validation_error(exc))
    payload = form.model_dump(mode="json")
    actor = str(payload.get("signed_by") or payload.get("answered_by") or "")
    stored: int = 0
    try:
        with UnitOfWork() as uow:
            req = uow.requests.find(request)
            if req.waiting_for != step or not req.waiting_flow_run_id:
                err.print(f"[red]Verzoek {req.number or req.id} wacht niet op '{step}'[/] "
                          f"(wacht op: {req.waiting_for or 'niets'}).")
                raise typer.Exit(1)
            run_id = req.waiting_flow_run_id
            # Texts are stored (and kept: this session commits) only when the whole answer is accepted.
            with_refs = texts_to_refs(uow, req.id, payload, FORM_TEXT_PATHS[step], by=actor)
            stored = sum(1 for path in FORM_TEXT_PATHS[step] for _ in _texts_at(payload, path))
            with uow.trial():  # the flow stores the answer itself after resuming; here it is only checked
                check_and_store(uow, req, step, with_refs, today=clock.today())
            payload = with_refs
            uow.commit()
    except AnswerRefused as refused:
        _refuse(refused.problems)
    except WooError as exc:
        err.print(f"[red]Fout:[/] {exc}")
        raise typer.Exit(1) from None
    try:
        resume_with_answer(UUID(run_id), payload)
    except (NotPausedError, RuntimeError) as exc:
        # The question is recorded a moment before Prefect suspends the run; or the run was cancelled meanwhile.
        err.print(f"[red]De flow run wacht (nog) niet op een antwoord[/] ({exc}); probeer het zo opnieuw.")
        raise typer.Exit(1) from None
    texts = f" ({stored} tekst(en) in de eigen opslag; Prefect krijgt alleen de verwijzing)" if stored else ""
    console.print(f"Antwoord op '{step}' gegeven{texts}; flow run {run_id} gaat verder.")


def _texts_at(data: dict[str, Any], path: tuple[str, ...]) -> list[str]:
    """The plain texts (not references) at ``path`` in ``data``."""
    from woo.questions.models import is_text_ref
    from woo.questions.texts import locations

    return [c[k] for c, k, _ in locations(data, path) if isinstance(c[k], str) and not is_text_ref(c[k])]


def _refuse(problems: list[str]) -> None:
    err.print("[red]Antwoord niet geaccepteerd; het verzoek blijft wachten:[/]")
    for p in problems:
        err.print(f"  - {p}")
    raise typer.Exit(1)


def rerun(
    request: Annotated[str, typer.Argument(help="id of zaaknummer")],
    from_step: Annotated[str, typer.Option("--from", help=" | ".join(RERUN_POINTS))],
    reason: Annotated[str, typer.Option("--reason", help="waarom (komt in de audittrail)")],
    by: Annotated[str, typer.Option("--by", help="uw gebruikers-id")] = os.environ.get("USER", "operator"),
    scope: Annotated[str | None, typer.Option("--scope", help="nieuwe omschrijving na verduidelijking")] = None,
) -> None:
    """Run a request again from a step after a clarification; earlier steps are reused, later ones redone."""
    _require_server()
    from prefect import get_client
    from prefect.states import Cancelled

    from woo.questions.catalogue import clear_answer
    from woo.questions.models import TextField
    from woo.questions.texts import store_text
    from woo.schemas.audit import AuditAction

    if from_step not in RERUN_POINTS:
        err.print(f"[red]Onbekende stap {from_step!r}[/]; kies uit {', '.join(RERUN_POINTS)}")
        raise typer.Exit(2)
    steps, questions = RERUN_POINTS[from_step]
    with UnitOfWork() as uow:
        req = uow.requests.find(request)
        request_id = req.id
        sent = uow.requests.step_result(request_id, Step.SEND_DECISION)
        if sent and sent.get("sent") and from_step != "publish":
            err.print("[red]Het besluit is al verzonden;[/] een nieuw besluit volgt uit bezwaar, niet uit een rerun.")
            raise typer.Exit(1)
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


def serve_command(
    limit: Annotated[int | None, typer.Option(help="maximaal gelijktijdige flow runs")] = None,
) -> None:
    """Serve the request flow and the daily deadline watch in this process (needs PREFECT_API_URL)."""
    _require_server()
    from woo.deployments.serve import serve_all

    serve_all(limit=limit)
