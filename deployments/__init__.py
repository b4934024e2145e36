"""Deployment definitions: how the request flow and the deadline watch are served and scheduled.

Each deployment is declared once, here (:data:`DEPLOYMENTS`): its name, description, tags and schedule.
``serve.py`` serves them (and :data:`RECOVERY`) in one process; ``prefect.yaml`` declares the same three for
work pools (``tests/production/test_prefect_yaml.py`` keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEPLOYMENTS", "REQUEST_DEPLOYMENT", "WATCH_DEPLOYMENT", "DeploymentSpec"]


@dataclass(frozen=True)
class DeploymentSpec:
    flow: str
    name: str
    description: str
    tags: tuple[str, ...] = ("woo",)
    cron: str | None = None
    timezone: str = "Europe/Amsterdam"

    @property
    def full_name(self) -> str:
        """``flow/deployment``, as ``run_deployment`` takes it."""
        return f"{self.flow}/{self.name}"


REQUEST = DeploymentSpec(
    flow="woo-request", name="woo-request",
    description="Eén Woo-verzoek van registratie tot publicatie; parameter: het id van het verzoek.")
WATCH = DeploymentSpec(
    flow="deadline-watch", name="deadline-watch",
    description="Dagelijkse termijnbewaking: dagen over, at-risk en gemist, herinneringen, verdaging.",
    cron="0 6 * * *")
# The sweep that retries runs a dead worker (or a dead `woo serve`) stranded, started by an automation when a
# request's run crashes; deployed by `woo deploy` and `woo serve` (woo.deployments.production, woo.flows.recovery).
RECOVERY = DeploymentSpec(
    flow="run-recovery", name="run-recovery",
    description="Herstelronde: verzoek-runs die door een weggevallen werker vastliepen opnieuw inplannen.")
DEPLOYMENTS = (REQUEST, WATCH)
REQUEST_DEPLOYMENT = REQUEST.full_name
WATCH_DEPLOYMENT = WATCH.full_name
