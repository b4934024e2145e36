"""What people see of a request in Prefect: the run's name and tags follow the step, events mark its moments.

A request's flow run is named ``WOO-2026-0001 · <stap>`` once it has a number (before that ``wr-… · <stap>``) and
tagged with the number, ``stap:<stap>`` and the ISO week of the decision date (``due:2026-W50``), so the runs
list finds it by number and filters it by step or week. Names, tags and events carry numbers, ids, codes and dates
only: never the subject, a name or free text.

Requests are referred to by id (``wr-…``) or by number (``WOO-…``) wherever a person types one; :func:`resolve`
is the one place a deployment parameter is turned into the id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from prefect import get_client, get_run_logger
from prefect.context import FlowRunContext
from prefect.events import emit_event

from woo.case import UnitOfWork

STEP_TAG, DUE_TAG = "stap:", "due:"

STEP_NAMES: dict[str, str] = {
    # Short Dutch step names for run names and tags (the runs list has room for a few words).
    "register": "registratie",
    "acknowledge": "ontvangstbevestiging",
    "meeting": "concretisering",
    "specification": "precisering",
    "collect": "verzamelen",
    "consult": "derden raadplegen",
    "views": "zienswijzen",
    "propose": "lakvoorstellen",
    "review": "lakbeoordeling",
    "redact": "lakken",
    "decide": "besluit opstellen",
    "sign_off": "vaststelling",
    "send_decision": "besluit verzenden",
    "privacy": "privacycontrole",
    "publish": "openbaarmaking",
    "done": "afgerond",
    "stopped": "beëindigd",
}


def resolve(ref: str) -> str:
    """The request id for ``ref``: an id (``wr-…``) or a registration number (``WOO-2026-0001``)."""
    with UnitOfWork() as uow:
        return uow.requests.find(ref.strip()).id


def due_week(day: dt.date) -> str:
    """``due:2026-W50``: the ISO week of a date, as a tag people can filter the runs list on."""
    year, week, _ = day.isocalendar()
    return f"{DUE_TAG}{year}-W{week:02d}"


def run_name(number: str | None, request_id: str, step: str) -> str:
    return f"{number or request_id} · {STEP_NAMES.get(step, step)}"


def tags_for(current: list[str], number: str | None, step: str, due: dt.date | None) -> list[str]:
    """The run's tags with the step and due week replaced (other tags, such as ``woo:<id>``, kept)."""
    kept = [t for t in current if not t.startswith((STEP_TAG, DUE_TAG))]
    new = [number] if number else []
    new.append(f"{STEP_TAG}{STEP_NAMES.get(step, step)}")
    if due is not None:
        new.append(due_week(due))
    return kept + [t for t in new if t not in kept]


def _run() -> Any:
    ctx = FlowRunContext.get()
    return ctx.flow_run if ctx is not None else None


def show_step(request_id: str, step: str) -> None:
    """Rename and retag the current flow run for ``step``; nothing happens outside a flow run or when unchanged."""
    run = _run()
    if run is None:
        return
    with UnitOfWork() as uow:
        req = uow.requests.optional(request_id)
        number, due = (req.number, req.decision_due) if req is not None else (None, None)
    name = run_name(number, request_id, step)
    tags = tags_for(list(run.tags or []), number, step, due)
    if name == run.name and tags == list(run.tags or []):
        return
    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(run.id, name=name, tags=tags)
    except Exception as exc:  # a name is a convenience: it must never stop the request
        get_run_logger().warning("could not rename the flow run (%s)", type(exc).__name__)
        return
    # The context's copy is what later comparisons (and the final hook) see.
    run.name, run.tags = name, tags


def flow_run_resource(flow_run_id: str | UUID | None = None) -> list[dict[str, str]]:
    """The request's flow run as related resource of an event (the current run when none is given)."""
    if flow_run_id is None:
        run = _run()
        flow_run_id = run.id if run is not None else None
    if flow_run_id is None:
        return []
    return [{"prefect.resource.id": f"prefect.flow-run.{flow_run_id}", "prefect.resource.role": "flow-run"}]


def request_resource(request_id: str, number: str | None) -> dict[str, str]:
    resource = {"prefect.resource.id": f"woo.request.{request_id}",
                "prefect.resource.name": number or request_id}
    if number:
        resource["woo.request.number"] = number
    return resource


def emit(event: str, request_id: str, payload: dict[str, Any], *, flow_run_id: str | UUID | None = None) -> None:
    """Emit a ``woo.*`` event about a request, with its flow run as related resource; payload: codes and counts."""
    with UnitOfWork() as uow:
        req = uow.requests.optional(request_id)
        number = req.number if req is not None else None
    emit_event(event=event, resource=request_resource(request_id, number),
               related=flow_run_resource(flow_run_id), payload=payload)
