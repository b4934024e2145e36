"""The production profile: the work pool, its queues and their limits, and the deployments in it, set up by code.

A burst of 100 requests on a pool without limits crashed 17 runs and left 35 stranded (issue 14): every waiting
run was started at once and the Prefect server's database pool ran out. :func:`apply_profile` therefore sets the
limits as part of deploying, not as advice to the operator. It is idempotent: run it after every upgrade.

- the pool ``woo`` (process) runs at most :attr:`Profile.pool_limit` flow runs at once;
- queue ``urgent`` (priority 1) may use all of them; ``normal`` (priority 10) one fewer, so a request close to
  its date, or the daily watch, always finds a free slot;
- the request flow and the daily deadline watch (cron 06:00 Europe/Amsterdam) are deployed in the pool by module
  path, so a worker on any machine with the project installed can run them; their runs retry a server's 500
  with backoff (:data:`RUN_ENV`);
- self-healing: the recovery sweep (one at a time) and the automations that mark a dead worker's runs Crashed
  and start the sweep (:mod:`woo.flows.recovery`, :func:`woo.deployments.automations.recovery_automations`).

The Prefect server's own database pool is sized where the server starts, not here:
``PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE`` and ``..._MAX_OVERFLOW`` (README, "Production setup").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.actions import WorkPoolCreate, WorkPoolUpdate
from prefect.exceptions import ObjectNotFound
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from woo.deployments import RECOVERY, REQUEST, WATCH, DeploymentSpec

__all__ = ["Profile", "QueueSpec", "apply_profile", "deploy", "profile_from_settings"]


@dataclass(frozen=True)
class QueueSpec:
    name: str
    priority: int
    concurrency_limit: int | None


@dataclass(frozen=True)
class Profile:
    pool: str = "woo"
    pool_limit: int = 4
    queues: tuple[QueueSpec, ...] = field(default_factory=lambda: (
        QueueSpec("urgent", 1, None), QueueSpec("normal", 10, 3)))


def profile_from_settings() -> Profile:
    """The profile from ``WOO_WORK_POOL`` and ``WOO_WORK_POOL_LIMIT`` (urgent may use every slot, normal all but
    one)."""
    from woo.settings import get_settings

    settings = get_settings()
    limit = settings.work_pool_limit
    return Profile(pool=settings.work_pool or "woo", pool_limit=limit,
                   queues=(QueueSpec("urgent", 1, limit), QueueSpec("normal", 10, max(1, limit - 1))))


def apply_profile(client: SyncPrefectClient, profile: Profile) -> list[str]:
    """Create or update the pool and its queues with their limits; returns what was done, in Dutch."""
    from prefect.workers.process import ProcessWorker

    done: list[str] = []
    try:
        client.read_work_pool(profile.pool)
    except ObjectNotFound:
        client.create_work_pool(WorkPoolCreate(
            name=profile.pool, type="process", concurrency_limit=profile.pool_limit,
            base_job_template=ProcessWorker.get_default_base_job_template()))
        done.append(f"werkpool '{profile.pool}' aangemaakt (ten hoogste {profile.pool_limit} tegelijk)")
    else:
        client.update_work_pool(profile.pool, WorkPoolUpdate(concurrency_limit=profile.pool_limit))
        done.append(f"werkpool '{profile.pool}': ten hoogste {profile.pool_limit} tegelijk")
    for queue in profile.queues:
        try:
            existing = client.read_work_queue_by_name(queue.name, work_pool_name=profile.pool)
        except ObjectNotFound:
            client.create_work_queue(queue.name, work_pool_name=profile.pool, priority=queue.priority,
                                     concurrency_limit=queue.concurrency_limit)
        else:
            client.update_work_queue(existing.id, priority=queue.priority,
                                     concurrency_limit=queue.concurrency_limit)
        limit = "geen eigen limiet" if queue.concurrency_limit is None else f"ten hoogste {queue.concurrency_limit}"
        done.append(f"wachtrij '{queue.name}': prioriteit {queue.priority}, {limit}")
    return done


# Every flow run the workers start talks to the server with these client settings: a 500 from a server whose own
# database pool is exhausted is retried with backoff (like 502/503) instead of crashing the run (issue 14).
RUN_ENV = {"PREFECT_CLIENT_RETRY_EXTRA_CODES": "500"}


def _deployment(spec: DeploymentSpec, profile: Profile, queue: str) -> Any:
    from woo.flows.deadline_watch import deadline_watch
    from woo.flows.recovery import recover_stranded_runs
    from woo.flows.woo_request import handle_request

    flows: dict[str, Any] = {REQUEST.name: handle_request, WATCH.name: deadline_watch,
                             RECOVERY.name: recover_stranded_runs}
    flow = flows[spec.name]
    schedules = [Cron(spec.cron, timezone=spec.timezone)] if spec.cron else None
    # One sweep at a time: a burst of crashes starts one sweep each, and each sweep looks at every stranded run.
    limit = 1 if spec is RECOVERY else None
    return flow.to_deployment(name=spec.name, description=spec.description, tags=list(spec.tags),
                              enforce_parameter_schema=True, schedules=schedules, work_pool_name=profile.pool,
                              work_queue_name=queue, entrypoint_type=EntrypointType.MODULE_PATH,
                              job_variables={"env": RUN_ENV}, concurrency_limit=limit)


def deploy(client: SyncPrefectClient, profile: Profile | None = None) -> dict[str, str]:
    """Apply the profile and (re)deploy both flows into its pool; returns the deployment ids by full name."""
    profile = profile or profile_from_settings()
    apply_profile(client, profile)
    ids: dict[str, str] = {}
    # New requests default to 'normal' (submit picks 'urgent' per request); the watch is urgent by nature.
    # The recovery sweep is urgent too: it runs when crashed runs have just freed their slots.
    for spec, queue in ((REQUEST, "normal"), (WATCH, "urgent"), (RECOVERY, "urgent")):
        ids[spec.full_name] = str(_deployment(spec, profile, queue).apply())
    ensure_recovery(client, UUID(ids[REQUEST.full_name]), UUID(ids[RECOVERY.full_name]))
    return ids


def ensure_recovery(client: SyncPrefectClient, request_deployment: UUID, recovery_deployment: UUID) -> None:
    """Set up the self-healing automations with the thresholds from the settings (``WOO_RECOVERY_*``), and the
    notices to ``WOO_NOTIFY_WEBHOOK`` when it is set."""
    from woo.deployments.automations import ensure_automations, ensure_deadline_automation, recovery_automations
    from woo.flows.recovery import policy_from_settings

    policy = policy_from_settings()
    ensure_automations(client, recovery_automations(request_deployment, recovery_deployment,
                                                    pending_after=policy.pending_after,
                                                    silent_after=policy.silent_after))
    ensure_deadline_automation()  # with WOO_NOTIFY_WEBHOOK: notices for deadlines at risk and runs given up on
