"""A request's runs are found by number in Prefect, named for their step, and a replay adds no task runs."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest
from stepping import run_now

pytestmark = pytest.mark.integration

RECEIVED = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def _withdrawn_request() -> str:
    """A request whose meeting answer (withdrawn) is known at intake: the flow stops after the meeting."""
    from woo.case import UnitOfWork
    from woo.process.intake import receive

    intake = {"request": {"subject": "Herinrichting Stationsplein", "description": "Alle documenten over het plein.",
                          "received_on": RECEIVED.isoformat()},
              "requester": {"name": "Jolanda Jansen-Verhoeven", "email": "jolanda.verhoeven@voorbeeld.nl"}}
    answers = {"meeting": {"held_on": (RECEIVED + dt.timedelta(days=3)).isoformat(), "outcome": "withdrawn",
                           "answered_by": "m.devries"}}
    request_id, _ = receive(UnitOfWork(), intake, documents=None, answers=answers)
    return request_id


def _runs_named(client: Any, like: str) -> list[Any]:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    return client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=like)))


def _task_runs(client: Any, flow_run_id: Any) -> list[Any]:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    return client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))


def test_a_run_is_found_by_number_named_for_its_step_and_a_replay_adds_no_task_runs(prefect_server, woo_home):
    from prefect import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    from woo.case import UnitOfWork
    from woo.flows.woo_request import handle_request

    request_id = _withdrawn_request()
    handle_request(request_id=request_id)
    with UnitOfWork() as uow:
        req = uow.requests.get(request_id)
        number, due = req.number, req.decision_due
    assert number and number.startswith("WOO-") and due is not None
    year, week, _ = due.isocalendar()

    with get_client(sync_client=True) as client:
        # The runs list searches names: the number finds the run.
        [run] = _runs_named(client, number)
        assert run.name == f"{number} · beëindigd"
        assert {number, "stap:beëindigd", f"due:{year}-W{week:02d}"} <= set(run.tags)
        assert "Stationsplein" not in run.name + " ".join(run.tags)
        first = {t.name.rsplit("-", 1)[0] for t in _task_runs(client, run.id)}
        assert {"register", "acknowledge", "hold-concretisation-meeting"} <= first

        # The deployment parameter takes the number as well; every step is done, so no task runs at all.
        handle_request(request_id=number)
        runs = _runs_named(client, f"{number} ·%")
        assert len(runs) == 2
        again = next(r for r in runs if r.id != run.id)
        assert _task_runs(client, again.id) == []

        # Each finished step is an event about the request, related to the request's run.
        deadline, events = time.monotonic() + 20, []
        while len(events) < 3 and time.monotonic() < deadline:
            events = list(client.read_events(filter=EventFilter(
                event=EventNameFilter(name=["woo.step.finished"]),
                resource=EventResourceFilter(id=[f"woo.request.{request_id}"])), limit=50).events)
            time.sleep(0.5)
        assert {e.payload["step"] for e in events} == {"register", "acknowledge", "meeting"}
        assert all(e.resource["woo.request.number"] == number for e in events)
        assert all(str(r.id) == f"prefect.flow-run.{run.id}" for e in events for r in e.related
                   if r.role == "flow-run")


def test_an_unknown_number_is_refused_in_dutch(prefect_server, woo_home):
    from woo.errors import UnknownRequest
    from woo.flows.woo_request import handle_request

    with pytest.raises(UnknownRequest, match="onbekend verzoek"):
        handle_request(request_id="WOO-2026-9999")


def test_the_deadline_watch_run_is_named_for_its_day(prefect_server, woo_home):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from woo.flows.deadline_watch import deadline_watch
    from woo.flows.overview import OVERVIEW_KEY
    from woo.process.register import register

    request_id = _withdrawn_request()
    run_now(register, request_id)
    deadline_watch(today=dt.date(2026, 11, 29))
    with get_client(sync_client=True) as client:
        assert len(_runs_named(client, "termijnbewaking 2026-11-29")) == 1
        # The process owner's overview: Dutch columns, one row per open request, no personal data.
        [overview] = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[OVERVIEW_KEY])))
    rows = json.loads(overview.data) if isinstance(overview.data, str) else overview.data
    row = next(r for r in rows if r["Zaaknummer"].startswith("WOO-"))
    assert set(row) == {"Zaaknummer", "Stap", "Wie moet handelen", "Uiterste beslisdatum", "Dagen over", "Run"}
    assert row["Stap"] == "na: registratie" and isinstance(row["Dagen over"], int)
    assert "Jansen" not in json.dumps(rows) and "Stationsplein" not in json.dumps(rows)


def test_a_rerun_run_says_who_asked_and_why_by_reference(prefect_server, woo_home):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from woo.case import UnitOfWork
    from woo.deployments.runs import Rerun, start_request_run
    from woo.deployments.serve import deployments
    from woo.process.register import register

    for deployment in deployments():
        deployment.apply()
    request_id = _withdrawn_request()
    run_now(register, request_id)
    with UnitOfWork() as uow:
        number = uow.requests.get(request_id).number
    rerun = Rerun(by="m.devries", from_step="decide", count=2, reason_ref="tekst-0123456789abcdef",
                  on=dt.date(2026, 11, 29))
    run_id = start_request_run(request_id, idempotency_key=f"{request_id}:rerun:2", rerun=rerun)

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(run_id)
        assert run.name == f"{number} · herstart" and number in run.tags and f"woo:{request_id}" in run.tags
        assert run.state.message == ("Herstart 2 vanaf 'besluit opstellen' op verzoek van m.devries op 2026-11-29; "
                                     "reden: tekst-0123456789abcdef")
        [artifact] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"herstart-{request_id}"])))
        assert artifact.flow_run_id == run_id and "m.devries" in str(artifact.data)
