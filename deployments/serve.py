"""Serve the request flow and the daily deadline watch from one process (small setups; see prefect.yaml for
work pools and workers). The deployments are declared once, in :mod:`woo.deployments`."""

from __future__ import annotations

from typing import Any

from prefect import serve
from prefect.schedules import Cron

from woo.deployments import REQUEST, WATCH, DeploymentSpec
from woo.deployments.automations import ensure_deadline_automation
from woo.flows.deadline_watch import deadline_watch
from woo.flows.woo_request import handle_request


def _options(spec: DeploymentSpec) -> dict[str, Any]:
    schedules = [Cron(spec.cron, timezone=spec.timezone)] if spec.cron else None
    return {"name": spec.name, "description": spec.description, "tags": list(spec.tags),
            "enforce_parameter_schema": True, "schedules": schedules}


def deployments() -> list[Any]:
    return [handle_request.to_deployment(**_options(REQUEST)), deadline_watch.to_deployment(**_options(WATCH))]


def serve_all(limit: int | None = None) -> None:
    """Serve both deployments until interrupted; each flow run runs in its own process. Sets up the deadline
    notification first (when ``WOO_NOTIFY_WEBHOOK`` is set)."""
    ensure_deadline_automation()
    serve(*deployments(), limit=limit)
