"""The flow of one Woo request, from registration to publication.

The only parameter is the request's opaque id or its number (``WOO-2026-0001``): names, addresses and document
text stay in the store. Each step is a task that does its work once per request; running the flow again (after a
resume, a retry or a rerun) reuses finished steps from the step log without calling their task, so the run's
timeline shows only new work. At ``ask(...)`` the run waits for a person without holding a process. The run is
renamed ``WOO-… · <stap>`` as it goes (:mod:`woo.flows.progress`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from prefect import Task, flow, get_run_logger

from woo.flows.asking import ask, has_open_blocks, needs_person, waits_for_specification
from woo.flows.hooks import publish_dossier, record_final_state
from woo.flows.progress import resolve, show_step
from woo.flows.scheduling import schedule_publication
from woo.process.results import MeetingPath, PublicationStatus, StepResult
from woo.tasks._step import STEP_TASKS, stored_result
from woo.tasks.acknowledge import acknowledge_request
from woo.tasks.collect import collect_documents
from woo.tasks.consult import consult_third_parties, record_third_party_views
from woo.tasks.decide import decide_request, send_signed_decision
from woo.tasks.gate import settle_privacy_blocks
from woo.tasks.meeting import hold_concretisation_meeting, send_specification_request
from woo.tasks.publish import publish_request
from woo.tasks.redact import propose_redactions, redact_documents
from woo.tasks.register import register_request

R = TypeVar("R", bound=StepResult)


@flow(
    name="woo-request",
    flow_run_name="{request_id} · start",
    validate_parameters=True,
    on_completion=[record_final_state],
    on_failure=[record_final_state],
    on_crashed=[record_final_state],
    on_cancellation=[record_final_state],
)
def handle_request(request_id: str) -> dict[str, Any]:
    """Register, acknowledge, meet, collect, consult, redact, decide and publish one request (id or number)."""
    log = get_run_logger()
    request_id = resolve(request_id)
    summary: dict[str, Any] = {"request_id": request_id}

    summary["register"] = once(register_request, request_id)
    summary["acknowledge"] = once(acknowledge_request, request_id)

    if ask(request_id, "meeting") and waits_for_specification(request_id):
        send_specification_request(request_id)
        ask(request_id, "specification")
    meeting = summary["meeting"] = once(hold_concretisation_meeting, request_id)
    if meeting.path is MeetingPath.STOP:
        log.info("request ends after the meeting: %s", meeting.outcome)
        return publish_dossier(request_id, summary, "stopped")

    if meeting.path is MeetingPath.NORMAL:
        summary["collect"] = once(collect_documents, request_id)
        consult = summary["consult"] = once(consult_third_parties, request_id)
        settle_what_the_gate_held(request_id)
        if consult.third_parties:
            ask(request_id, "views")
            views = summary["views"] = once(record_third_party_views, request_id)
            if not views.complete:
                log.info("views are still due; the request waits")
                return publish_dossier(request_id, summary, "views")
        if needs_person(request_id, "review"):
            summary["propose"] = once(propose_redactions, request_id)
            ask(request_id, "review")
        summary["redact"] = once(redact_documents, request_id)

    summary["decide"] = once(decide_request, request_id)
    ask(request_id, "sign_off")
    sent = summary["send_decision"] = once(send_signed_decision, request_id)
    settle_what_the_gate_held(request_id)
    if not sent.sent:
        log.info("decision not sent: %s", sent.reason)
        return publish_dossier(request_id, summary, "stopped")

    published = summary["publish"] = once(publish_request, request_id)
    settle_what_the_gate_held(request_id)
    # The next moment: the disclosure date (Woo 4.4(5)), or after the private link the public date.
    next_on = published.run_on or published.disclosure_on
    if published.status is PublicationStatus.SCHEDULED and next_on:
        schedule_publication(request_id, next_on)
        return publish_dossier(request_id, summary, "publish")  # waits for its publication date
    return publish_dossier(request_id, summary, "done")


def once(task: Task[[str], R], request_id: str) -> R:
    """The step's result: from the step log when it is done (no new task run on a replay), else run the task."""
    done = stored_result(task, request_id)
    if done is not None:
        return done
    show_step(request_id, STEP_TASKS[task.name][0].value)
    return task(request_id)


def settle_what_the_gate_held(request_id: str) -> None:
    """Ask what to do with the items the privacy gate held back, and do it; a batch run asks nobody, so they
    stay held (the safe default)."""
    if has_open_blocks(request_id) and ask(request_id, "privacy"):
        settle_privacy_blocks(request_id)
