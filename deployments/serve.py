"""Serve the request flow, the daily deadline watch and the recovery sweep from one process (small setups; see
prefect.yaml and ``woo deploy`` for work pools and workers). The deployments are declared once, in
:mod:`woo.deployments`; the self-healing automations are the production profile's (:mod:`woo.deployments.production`).
"""

from __future__ import annotations

import os
from typing import Any
from uuid import UUID

from prefect import get_client, serve
from prefect.schedules import Cron

from woo.deployments import RECOVERY, REQUEST, WATCH, DeploymentSpec
from woo.deployments.automations import ensure_deadline_automation
from woo.deployments.production import ensure_recovery
from woo.flows.deadline_watch import deadline_watch
from woo.flows.recovery import recover_stranded_runs
from woo.flows.woo_request import handle_request
from woo.settings import get_settings


def _options(spec: DeploymentSpec) -> dict[str, Any]:
    schedules = [Cron(spec.cron, timezone=spec.timezone)] if spec.cron else None
    return {"name": spec.name, "description": spec.description, "tags": list(spec.tags),
            "enforce_parameter_schema": True, "schedules": schedules}


def deployments() -> list[Any]:
    """The request flow, the watch and the recovery sweep (one sweep at a time: it looks at every stranded run)."""
    return [handle_request.to_deployment(**_options(REQUEST)), deadline_watch.to_deployment(**_options(WATCH)),
            recover_stranded_runs.to_deployment(**_options(RECOVERY), concurrency_limit=1)]


def prepare(served: list[Any]) -> dict[str, UUID]:
    """Register the deployments and, with ``WOO_NOTIFY_WEBHOOK``, the notices; with ``WOO_SERVE_SELF_HEALING``
    also self-healing for the request runs (a run whose process died is marked Crashed and the sweep retries it,
    as with ``woo deploy``). Safe to repeat; returns the deployment ids by full name."""
    ids = {f"{d.flow_name}/{d.name}": UUID(str(d.apply())) for d in served}
    if get_settings().serve_self_healing:
        with get_client(sync_client=True) as client:
            ensure_recovery(client, ids[REQUEST.full_name], ids[RECOVERY.full_name])  # the notices too
    else:
        # Off by default: small setups often keep Prefect on SQLite, where the automations' bucket writes for
        # every run event made the server log "database is locked" (57 times in an 8-request run, once on a
        # flow-run state write). The daily watch still sweeps stranded runs.
        ensure_deadline_automation()
    return ids


def serve_all(limit: int | None = None) -> None:
    """Serve the deployments until interrupted; each flow run runs in its own process. Sets up the notices (and,
    when asked, self-healing) first (:func:`prepare`)."""
    served = deployments()
    prepare(served)
    # A person waits for the next form after each answer: look for work every second rather than Prefect's 10 s
    # (one cheap API call per second); an explicit PREFECT_RUNNER_POLL_FREQUENCY still wins.
    if "PREFECT_RUNNER_POLL_FREQUENCY" in os.environ:
        serve(*served, limit=limit)
    else:
        serve(*served, limit=limit, query_seconds=1)
