"""Starting a request's flow run on the served deployment, named and tagged for people from the start.

A rerun carries who asked for it and why in the new run's first state message and in an artifact on that run.
"Why" is the stored reason's reference (``tekst-…``): the reason is free text and may name someone, so it stays
in the project's store (``woo audit show`` prints it); Prefect gets the user id, the step, the count and the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from woo.case import UnitOfWork
from woo.deployments import REQUEST_DEPLOYMENT
from woo.flows.progress import STEP_NAMES, due_week, run_name


@dataclass(frozen=True)
class Rerun:
    """A person's request to run a request again from a step (``woo rerun``)."""

    by: str  # a user id
    from_step: str
    count: int
    reason_ref: str
    on: dt.date

    @property
    def message(self) -> str:
        return (f"Herstart {self.count} vanaf '{STEP_NAMES.get(self.from_step, self.from_step)}' op verzoek van "
                f"{self.by} op {self.on.isoformat()}; reden: {self.reason_ref}")

    def markdown(self, number: str) -> str:
        return (f"# Herstart {self.count} van {number}\n\n"
                f"- **Vanaf stap:** {STEP_NAMES.get(self.from_step, self.from_step)}\n"
                f"- **Op verzoek van:** {self.by}\n- **Datum:** {self.on.isoformat()}\n"
                f"- **Reden:** opgeslagen in het dossier als `{self.reason_ref}` "
                f"(`woo audit show {number}` toont de tekst)\n")


def start_request_run(request_id: str, *, idempotency_key: str, work_queue: str | None = None,
                      rerun: Rerun | None = None) -> UUID:
    """Create the request's flow run: named ``WOO-… · start`` (or ``· herstart``), tagged with the id, number
    and due week; a rerun's who/why go into the state message and an artifact on the run."""
    from prefect import get_client
    from prefect.client.schemas.actions import ArtifactCreate
    from prefect.states import Scheduled

    with UnitOfWork() as uow:
        req = uow.requests.get(request_id)
        number, due = req.number, req.decision_due
    tags = ["woo", f"woo:{request_id}", *([number] if number else []), *([due_week(due)] if due else [])]
    step = "herstart" if rerun else "start"
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(REQUEST_DEPLOYMENT)
        run = client.create_flow_run_from_deployment(
            deployment.id, parameters={"request_id": request_id}, name=run_name(number, request_id, step),
            tags=tags, idempotency_key=idempotency_key, work_queue_name=work_queue,
            state=Scheduled(message=rerun.message) if rerun else None)
        if rerun is not None:
            client.create_artifact(ArtifactCreate(
                key=f"herstart-{request_id}".replace("_", "-"), type="markdown",
                data=rerun.markdown(number or request_id), description=f"Herstart {rerun.count}",
                flow_run_id=run.id))
    return run.id
