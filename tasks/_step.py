"""What every step task shares: audit context from Prefect's runtime, the step log, the clock, retry policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from prefect import Task
from prefect.client.schemas.objects import State, TaskRun
from prefect.runtime import flow_run, task_run

from woo import clock
from woo.case import Step, UnitOfWork
from woo.errors import Permanent
from woo.flows.progress import emit
from woo.process.results import StepResult
from woo.schemas.audit import AuditAction
from woo.store import audit_log

R = TypeVar("R", bound=StepResult)
T = TypeVar("T")

STEP_TASKS: dict[str, tuple[Step, type[StepResult]]] = {}
"""Per task name: the step it records and its result type, so the flow can reuse a finished step without
calling the task (a call would show as a new task run on every resume)."""


def records(step: Step, result: type[StepResult]) -> Callable[[T], T]:
    """Mark a step task: it records ``step`` in the step log with a ``result``."""
    def mark(task: T) -> T:
        STEP_TASKS[task.name] = (step, result)  # type: ignore[attr-defined]
        return task
    return mark


def stored_result(task: Task[..., R], request_id: str) -> R | None:
    """The step's stored result when the step log says it is done, else None."""
    step, result = STEP_TASKS[task.name]
    with UnitOfWork() as uow:
        done = uow.requests.step_result(request_id, step)
    return None if done is None else result.model_validate({**done, "reused": True})  # type: ignore[return-value]


def retry_unless_permanent(task: Task[..., Any], run: TaskRun, state: State) -> bool:
    """Retry unless the error is :class:`~woo.errors.Permanent` (bad input waits for a person, an uncertain send
    must be checked by one, a rule refused)."""
    exc = state.result(raise_on_failure=False)
    return not isinstance(exc, Permanent)


def run_step(step: Step, request_id: str, work: Callable[..., R], result: type[R]) -> R:
    """Run ``work(uow, request_id, today=...)`` once per request: a step already done (an earlier run, a retry)
    returns its stored result; one that waits (``result.waiting``) is not recorded and runs again next time."""
    ctx = audit_log.RunContext(flow_run_id=_str(flow_run.get_id()), task_run_id=_str(task_run.get_id()))
    uow = UnitOfWork()
    with audit_log.run_context(ctx):
        with uow:
            done = uow.requests.step_result(request_id, step)
        if done is not None:
            return result.model_validate({**done, "reused": True})
        try:
            outcome = work(uow, request_id, today=clock.today_for(step.value))
        except Exception as exc:
            with uow:
                uow.record(AuditAction.STEP_FAILED, request_id=request_id, step=step.value,
                           payload={"error": type(exc).__name__})
                uow.commit()
            raise
        if outcome.waiting:
            return outcome
        with uow:
            uow.requests.mark_step_done(request_id, step, outcome.to_log(), ctx.flow_run_id, dt.datetime.now(dt.UTC))
            uow.record(AuditAction.STEP_COMPLETED, request_id=request_id, step=step.value, payload=outcome.to_log())
            uow.commit()
        # For automations and the event feed: the step and the request's run, never what the step handled.
        emit("woo.step.finished", request_id, {"step": step.value, "label": step.label}, flow_run_id=ctx.flow_run_id)
        return outcome


def _str(value: object) -> str | None:
    return str(value) if value else None
