"""Starting a request's flow run on the served deployment, named and tagged for people from the start.

A rerun carries who asked for it and why in the new run's first state message and in an artifact on that run.

Submitting backs off instead of failing when the Prefect server is busy (issue 14: under a burst it answered 500
when its own database pool ran out): Prefect's client retries 408/429/502/503 and dropped connections with
exponential backoff (2, 4, 8 … s, ``PREFECT_CLIENT_MAX_RETRIES`` times); :func:`submitting` adds 500 to those
codes, and a server that cannot be reached at all is tried again a few times. A retried creation is safe: the run
carries an idempotency key, so a creation the server did store before answering 500 is found, not repeated.
"Why" is the stored reason's reference (``tekst-…``): the reason is free text and may name someone, so it stays
in the project's store (``woo audit show`` prints it); Prefect gets the user id, the step, the count and the date.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from woo.case import UnitOfWork
from woo.deployments import REQUEST_DEPLOYMENT
from woo.flows.progress import STEP_NAMES, due_week, run_name

T = TypeVar("T")

# Seconds to wait before each new attempt when the server cannot be reached at all (Prefect's client retries a
# refused connection only once it has connected before).
CONNECT_BACKOFF: tuple[float, ...] = (2.0, 4.0, 8.0)


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
                      rerun: Rerun | None = None, at: dt.datetime | None = None) -> UUID:
    """Create the request's flow run (now, or ``at`` a later moment): named ``WOO-… · start`` (or ``· herstart``),
    tagged with the id, number and due week; a rerun's who/why go into the state message and an artifact."""
    from prefect import get_client
    from prefect.client.schemas.actions import ArtifactCreate
    from prefect.states import Scheduled

    with UnitOfWork() as uow:
        req = uow.requests.get(request_id)
        number, due = req.number, req.decision_due
    tags = ["woo", f"woo:{request_id}", *([number] if number else []), *([due_week(due)] if due else [])]
    step = "herstart" if rerun else "start"

    def create() -> UUID:
        with get_client(sync_client=True) as client:
            deployment = client.read_deployment_by_name(REQUEST_DEPLOYMENT)
            run = client.create_flow_run_from_deployment(
                deployment.id, parameters={"request_id": request_id}, name=run_name(number, request_id, step),
                tags=tags, idempotency_key=idempotency_key, work_queue_name=work_queue,
                state=Scheduled(message=rerun.message if rerun else None, scheduled_time=at)
                if rerun or at else None)
            if rerun is not None:
                client.create_artifact(ArtifactCreate(
                    key=f"herstart-{request_id}".replace("_", "-"), type="markdown",
                    data=rerun.markdown(number or request_id), description=f"Herstart {rerun.count}",
                    flow_run_id=run.id))
        return run.id

    with submitting():
        return with_connect_retries(create)


@contextmanager
def submitting() -> Iterator[None]:
    """Prefect's client settings for submitting under load: 500 is retried with backoff like 502/503 (kept when
    the environment already names more codes)."""
    from prefect.settings import PREFECT_CLIENT_RETRY_EXTRA_CODES, temporary_settings

    codes = set(PREFECT_CLIENT_RETRY_EXTRA_CODES.value() or ())
    if 500 in codes:
        yield
        return
    with temporary_settings(updates={PREFECT_CLIENT_RETRY_EXTRA_CODES: {*codes, 500}}):
        yield


def with_connect_retries(call: Callable[[], T], backoff: tuple[float, ...] = CONNECT_BACKOFF) -> T:
    """``call()``, tried again after each pause in ``backoff`` while the server refuses the connection."""
    import httpx

    for pause in (*backoff, None):
        try:
            return call()
        except httpx.ConnectError:
            if pause is None:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")  # the loop returns or raises
