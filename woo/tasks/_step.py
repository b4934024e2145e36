"""What every step task shares: audit context from Prefect's runtime, step bookkeeping, retry policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import Task
from prefect.client.schemas.objects import TaskRun
from prefect.runtime import flow_run, task_run
from prefect.states import State

from woo.errors import AnswersInvalid, DeliveryUncertain, IntakeInvalid, UnknownRequest
from woo.publication import PublicationError
from woo.schemas.audit import AuditAction
from woo.store import audit_log as audit
from woo.store.db import session_scope
from woo.store.queries import mark_step_done, step_result

# Errors a retry cannot cure: bad input waits for a person, an uncertain send must be checked by one.
_PERMANENT = (IntakeInvalid, AnswersInvalid, DeliveryUncertain, PublicationError, UnknownRequest)


def retry_unless_permanent(task: Task[..., Any], run: TaskRun, state: State) -> bool:
    exc = state.result(raise_on_failure=False)
    return not isinstance(exc, _PERMANENT)


def run_step(step: str, request_id: str, work: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` once per request: a step already done (earlier run, retry) returns its stored summary."""
    ctx = audit.RunContext(flow_run_id=_str(flow_run.get_id()), task_run_id=_str(task_run.get_id()))
    with audit.run_context(ctx):
        with session_scope() as s:
            done = step_result(s, request_id, step)
        if done is not None:
            return {**done, "reused": True}
        try:
            result = work(request_id)
        except Exception as exc:
            with session_scope() as s:
                audit.record(s, AuditAction.STEP_FAILED, request_id=request_id, step=step,
                             payload={"error": type(exc).__name__})
            raise
        if result.get("incomplete"):
            # Waiting for a person or a date: the step must run again next time, so it is not marked done.
            return result
        with session_scope() as s:
            mark_step_done(s, request_id, step, result, ctx.flow_run_id)
            audit.record(s, AuditAction.STEP_COMPLETED, request_id=request_id, step=step, payload=result)
        return result


def _str(value: object) -> str | None:
    return str(value) if value else None
