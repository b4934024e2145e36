"""Serve the request flow and the daily deadline watch from one process (small setups; see prefect.yaml for
work pools and workers)."""

from __future__ import annotations

from prefect import serve
from prefect.schedules import Cron

from woo.flows.deadline_watch import deadline_watch
from woo.flows.woo_request import handle_request

REQUEST_DEPLOYMENT = "woo-request/woo-request"
WATCH_DEPLOYMENT = "deadline-watch/deadline-watch"
WATCH_SCHEDULE = Cron("0 6 * * *", timezone="Europe/Amsterdam")


def deployments() -> list:
    return [
        handle_request.to_deployment(
            name="woo-request",
            description="Eén Woo-verzoek van registratie tot publicatie; parameter: het id van het verzoek.",
            tags=["woo"],
            enforce_parameter_schema=True,
        ),
        deadline_watch.to_deployment(
            name="deadline-watch",
            description="Dagelijkse termijnbewaking: dagen over, at-risk en gemist, herinneringen, verdaging.",
            tags=["woo"],
            schedules=[WATCH_SCHEDULE],
        ),
    ]


def serve_all(limit: int | None = None) -> None:
    """Serve both deployments until interrupted; each flow run runs in its own process."""
    serve(*deployments(), limit=limit)
