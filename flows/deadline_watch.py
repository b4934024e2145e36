"""The daily deadline watch as a Prefect flow: run the watch, show the list, raise events for flagged requests.

All logic lives in :mod:`woo.deadlines.watch`; this flow only publishes the result to Prefect: a table artifact
(``deadline-watch``) and one event per flagged request (``woo.deadline.at-risk`` / ``woo.deadline.missed``) with
the request as resource, so automations can notify or escalate. Rows and events carry ids, numbers and dates only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.events import emit_event
from prefect.runtime import flow_run

from woo import clock
from woo.case import UnitOfWork
from woo.deadlines.watch import WatchReport, WatchRow, watch
from woo.flows.asking import resume_with_answer
from woo.flows.overview import latest_runs, refresh_overview
from woo.flows.progress import flow_run_resource, request_resource
from woo.flows.recovery import sweep
from woo.questions.catalogue import lapsed_waits
from woo.store import audit_log as audit

ARTIFACT_KEY = "deadline-watch"
ARTIFACT_ROWS = 1000  # the most urgent; over 100,000 open requests a full table would swamp the server and the UI


def _event_for(row: WatchRow, report: WatchReport, run: Any) -> None:
    assert row.flag is not None
    emit_event(
        event=row.flag.event,
        resource=request_resource(row.request_id, row.number),
        # The request's own run, so the event shows on that run's page and an automation can act on it.
        related=flow_run_resource(run.id) if run is not None else [],
        payload={
            "decision_due": row.decision_due.isoformat(),
            "days_left": row.days_left,
            "risk": str(row.risk),
            "status": row.status,
            "extended": row.extended,
            "checked_on": report.today.isoformat(),
        },
    )


def watch_run_name() -> str:
    """``termijnbewaking 2026-11-29``: the day watched, so the runs list reads as a diary."""
    today = (flow_run.get_parameters() or {}).get("today") or clock.today()
    return f"termijnbewaking {today}"


@flow(name="deadline-watch", flow_run_name=watch_run_name, validate_parameters=True)
def deadline_watch(today: dt.date | None = None) -> dict[str, Any]:
    """Watch every open request's decision date for ``today`` (default: the current date)."""
    log = get_run_logger()
    run_id = flow_run.get_id()
    with audit.run_context(audit.RunContext(flow_run_id=str(run_id) if run_id else None)):
        report = watch(UnitOfWork(), today or clock.today())
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=report.table(limit=ARTIFACT_ROWS),
        description=f"Termijnbewaking Woo-verzoeken op {report.today.isoformat()}: {len(report.rows)} open, "
                    f"{len(report.at_risk)} binnenkort, {len(report.missed)} verstreken.",
    )
    runs = latest_runs([row.request_id for row in report.newly_flagged])
    for row in report.newly_flagged:  # an event when a flag is raised, not every day it stays raised
        _event_for(row, report, runs.get(row.request_id))
    summary = report.summary()
    log.info("deadline watch: %d open, %d at risk, %d missed, %d reminder(s), %d problem(s)",
             summary["open"], summary["at_risk"], summary["missed"], summary["reminders_sent"],
             summary["problems"])
    for problem in report.problems:
        # Problems name request numbers and Dutch reasons, never personal data.
        log.warning(problem)
    summary["lapsed_resumed"] = resume_lapsed_waits(report.today)
    summary["runs_recovered"] = recover_stranded(log)
    # Requesters' private links whose time is up are taken down (woo.publication.moments). Imported here: the
    # publication side loads the gate's PDF readers, which the watch's process needs for nothing else.
    from woo.process.publication_changes import expire_shares

    summary["private_links_expired"] = len(expire_shares(UnitOfWork(), today=report.today))
    refresh_overview(report.today)
    return summary


def recover_stranded(log: Any) -> int:
    """The recovery sweep as a daily backstop (the automations start it on every crash): runs a dead worker
    left Pending or silent while the automations were not there (a server restart) are retried too."""
    try:
        return sweep().retried
    except Exception as exc:  # the watch's own work is done; a failing sweep must not fail it
        log.warning("recovery sweep failed: %s", type(exc).__name__)
        return 0


def resume_lapsed_waits(today: dt.date) -> int:
    """Resume runs waiting for views or a specification whose period lapsed, with 'period lapsed' as answer."""
    log = get_run_logger()
    with UnitOfWork() as uow:
        waits = lapsed_waits(uow.requests, today)
    resumed = 0
    for wait in waits:
        try:
            resume_with_answer(UUID(wait.flow_run_id), wait.answer)
        except Exception as exc:  # one run that cannot be resumed must not stop the others
            log.warning("could not resume request %s (%s): %s", wait.request_id, wait.question, type(exc).__name__)
            continue
        resumed += 1
        log.info("request %s: %s period lapsed; run resumed", wait.request_id, wait.question)
    return resumed
