"""The recovery sweep: request runs a dead worker stranded go back to Scheduled, so a live worker picks them up.

A worker killed with its flow processes leaves runs Pending or Running for good, and the work pool counts them
against its limit (issue 14). Prefect's automations (:mod:`woo.deployments.automations`) mark them Crashed
(Pending without Running, Running without heartbeats) and start this flow for each crash; the daily deadline
watch runs the same sweep as a backstop. The judgement (what counts as stranded, the retry limit) is
:mod:`woo.case.recovery`; here only the facts are gathered from Prefect and the verdict is carried out.

Carrying out, in this order, so a crash of the sweep itself never retries beyond the limit: the audit line on
the request (``flow_run.recovered``, step ``retry``; ids and codes only) is committed first, then the run is set
to AwaitingRetry (Scheduled, now), then the event ``woo.run.recovered`` is emitted with the run as related
resource. A run retried ``max_retries`` times stays Crashed; once, an audit line (step ``give_up``) and the event
``woo.run.recovery-exhausted`` tell the process owner. The request flow's steps are idempotent through the step
log and the outbox, so running a request again from the top repeats no finished step and sends no letter twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from prefect import flow, get_client, get_run_logger
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter, EventResourceFilter
from prefect.exceptions import MissingContextError, ObjectNotFound
from prefect.states import AwaitingRetry

from woo.case import UnitOfWork
from woo.case.recovery import RecoveryPolicy, RunSeen, Verdict, decide
from woo.deployments import REQUEST_DEPLOYMENT
from woo.errors import UnknownRequest
from woo.flows.progress import emit, resolve
from woo.schemas.audit import AuditAction
from woo.settings import get_settings
from woo.store import audit_log as audit

RECOVERED_EVENT = "woo.run.recovered"
EXHAUSTED_EVENT = "woo.run.recovery-exhausted"
HEARTBEAT_EVENT = "prefect.flow-run.heartbeat"
PAGE = 200
_WATCHED = [StateType.PENDING, StateType.RUNNING, StateType.CRASHED]


def policy_from_settings() -> RecoveryPolicy:
    """The thresholds from ``WOO_RECOVERY_PENDING_SECONDS``, ``…_SILENT_SECONDS`` and ``…_MAX_RETRIES``."""
    settings = get_settings()
    return RecoveryPolicy(pending_after=dt.timedelta(seconds=settings.recovery_pending_seconds),
                          silent_after=dt.timedelta(seconds=settings.recovery_silent_seconds),
                          max_retries=settings.recovery_max_retries)


@dataclass
class SweepReport:
    looked_at: int = 0
    retried: int = 0
    given_up: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"looked_at": self.looked_at, "retried": self.retried, "given_up": self.given_up}


@flow(name="run-recovery", flow_run_name="herstel vastgelopen runs", validate_parameters=True)
def recover_stranded_runs() -> dict[str, int]:
    """Retry the request runs a dead worker left Crashed, Pending or silent; give up after the retry limit."""
    return sweep().as_dict()


def sweep(policy: RecoveryPolicy | None = None, now: dt.datetime | None = None) -> SweepReport:
    """One pass over the request deployment's Pending, Running and Crashed runs (see the module docstring)."""
    policy = policy or policy_from_settings()
    now = now or dt.datetime.now(dt.UTC)
    report = SweepReport()
    with get_client(sync_client=True) as client:
        try:
            deployment = client.read_deployment_by_name(REQUEST_DEPLOYMENT)
        except ObjectNotFound:
            return report  # nothing deployed, nothing stranded
        runs = watched_runs(client, deployment.id)
        running = [r.id for r in runs if r.state is not None and r.state.type is StateType.RUNNING]
        beats = last_heartbeats(client, running, since=now - policy.silent_after)
        for run in runs:
            report.looked_at += 1
            _handle(client, run, beats.get(run.id), policy, now, report)
    return report


def watched_runs(client: SyncPrefectClient, deployment_id: UUID) -> list[FlowRun]:
    """The deployment's Pending, Running and Crashed runs, page by page (the server gives at most 200 at once)."""
    runs: list[FlowRun] = []
    while True:
        page = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=_WATCHED))),
            limit=PAGE, offset=len(runs))
        runs += page
        if len(page) < PAGE:
            return runs


def last_heartbeats(client: SyncPrefectClient, run_ids: list[UUID], since: dt.datetime) -> dict[UUID, dt.datetime]:
    """The latest heartbeat event since ``since`` of each run (runs without one are absent)."""
    if not run_ids:
        return {}
    # Prefect types ``since`` as its own DateTime (a datetime subclass); a plain aware datetime is what it parses.
    page = client.read_events(EventFilter(
        occurred=EventOccurredFilter(since=since),  # type: ignore[arg-type]
        event=EventNameFilter(name=[HEARTBEAT_EVENT]),
        resource=EventResourceFilter(id=[f"prefect.flow-run.{run_id}" for run_id in run_ids])), limit=50)
    latest: dict[UUID, dt.datetime] = {}
    while True:
        for event in page.events:
            run_id = UUID(event.resource.id.rsplit(".", 1)[1])
            if run_id not in latest or event.occurred > latest[run_id]:
                latest[run_id] = event.occurred
        if not page.next_page:
            return latest
        page = client.read_events_page(str(page.next_page))


def _handle(client: SyncPrefectClient, run: FlowRun, heartbeat: dt.datetime | None, policy: RecoveryPolicy,
            now: dt.datetime, report: SweepReport) -> None:
    state = run.state
    if state is None or state.timestamp is None:
        return
    try:
        request_id = resolve(str((run.parameters or {}).get("request_id", "")))
    except UnknownRequest:
        return  # not a request this store knows: its own state tells what went wrong
    with UnitOfWork() as uow:
        retries = uow.requests.recoveries(request_id, str(run.id))
        given_up = uow.requests.recoveries(request_id, str(run.id), outcome="give_up") > 0
    seen = RunSeen(flow_run_id=str(run.id), state_type=state.type.value, state_since=state.timestamp,
                   last_heartbeat=heartbeat)
    decision = decide(seen, now, policy, retries)
    if decision.verdict is Verdict.LEAVE or (decision.verdict is Verdict.GIVE_UP and given_up):
        return
    log = _logger()
    payload: dict[str, Any] = {"flow_run_id": str(run.id), "reason": decision.reason, "attempt": decision.attempt,
                               "max_retries": policy.max_retries, "from_state": state.type.value.lower()}
    outcome = "retry" if decision.verdict is Verdict.RETRY else "give_up"
    with audit.run_context(audit.RunContext(flow_run_id=str(run.id))), UnitOfWork() as uow:
        uow.record(AuditAction.FLOW_RUN_RECOVERED, request_id=request_id, step=outcome, payload=payload)
        uow.commit()
    if decision.verdict is Verdict.RETRY:
        # Forced: Pending and Running runs cannot go back to Scheduled by the normal rules, and their process is
        # gone. A live worker takes the run from its queue; the flow replays finished steps from the store.
        client.set_flow_run_state(run.id, AwaitingRetry(
            scheduled_time=now, message=f"Automatisch opnieuw ingepland ({decision.reason}), poging "
                                        f"{decision.attempt} van {policy.max_retries}"), force=True)
        emit(RECOVERED_EVENT, request_id, payload, flow_run_id=run.id)
        report.retried += 1
        log.warning("request %s: run %s %s; retry %d of %d", request_id, run.id, decision.reason,
                    decision.attempt, policy.max_retries)
    else:
        if state.type is not StateType.CRASHED:
            client.set_flow_run_state(run.id, _crashed(decision.reason), force=True)  # frees its pool slot
        emit(EXHAUSTED_EVENT, request_id, payload, flow_run_id=run.id)
        report.given_up += 1
        log.error("request %s: run %s stranded again after %d automatic retries; left Crashed for a person",
                  request_id, run.id, decision.attempt)


def _logger() -> Any:
    """The run's logger inside a flow (the lines show on the sweep's run page); else a plain one (tests, CLI)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("woo.recovery")


def _crashed(reason: str) -> Any:
    from prefect.states import Crashed

    return Crashed(message=f"Vastgelopen ({reason}); automatisch herstel opgegeven, een medewerker kijkt ernaar")
