"""What a request's flow run leaves behind in Prefect and in the audit log when it stops."""

from __future__ import annotations

from typing import Any

from prefect.artifacts import create_markdown_artifact

from woo import clock
from woo.case import UnitOfWork
from woo.errors import UnknownRequest
from woo.flows.progress import resolve, show_step
from woo.schemas.audit import AuditAction
from woo.store import audit_log as audit


def record_final_state(flow: Any, flow_run: Any, state: Any) -> None:
    """Copy the run's final state into the audit log, so history outlives Prefect's retention."""
    ref = (flow_run.parameters or {}).get("request_id")
    if not ref:
        return
    try:
        request_id = resolve(ref)
    except UnknownRequest:  # nothing to record it with; the run's own state says what went wrong
        return
    ctx = audit.RunContext(flow_run_id=str(flow_run.id))
    with audit.run_context(ctx), UnitOfWork() as uow:
        uow.record(AuditAction.FLOW_RUN_STATE, request_id=request_id, step="flow",
                   payload={"state": state.name, "type": str(state.type.value), "run_count": flow_run.run_count,
                            "flow_run_name": flow_run.name})
        uow.commit()


def publish_dossier(request_id: str, summary: dict[str, Any], step: str) -> dict[str, Any]:
    """Attach the request's dossier (timeline, dates met or not, who decided) to the run; no personal data.
    The run is renamed for where the request stands (``step``: done, stopped, or the step it waits for)."""
    from woo.audit import dossier_markdown  # here: the audit reader loads the publication side (PyMuPDF, lxml)

    show_step(request_id, step)
    with UnitOfWork() as uow:
        markdown = dossier_markdown(uow.requests, request_id, today=clock.today())
    create_markdown_artifact(markdown=markdown, key=f"dossier-{request_id}", description="Dossier van het verzoek")
    return summary
