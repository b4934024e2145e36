"""The flow of one Woo request, from registration to publication.

The only parameter is the request's opaque id: names, addresses and document text stay in the store.
Each step is a task that does its work once per request; running the flow again reuses finished steps.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger

from flows.hooks import record_final_state
from tasks.acknowledge import acknowledge_request
from tasks.collect import collect_documents
from tasks.consult import consult_third_parties
from tasks.decide import decide_request
from tasks.meeting import hold_concretisation_meeting
from tasks.publish import publish_request
from tasks.redact import redact_documents
from tasks.register import register_request


@flow(
    name="woo-request",
    flow_run_name="woo-{request_id}",
    validate_parameters=True,
    on_completion=[record_final_state],
    on_failure=[record_final_state],
    on_crashed=[record_final_state],
    on_cancellation=[record_final_state],
)
def handle_request(request_id: str) -> dict[str, Any]:
    """Register, acknowledge, meet, collect, consult, redact, decide and publish one request."""
    log = get_run_logger()
    summary: dict[str, Any] = {"request_id": request_id}

    summary["register"] = register_request(request_id)
    log.info("registered as %s", summary["register"]["number"])
    summary["acknowledge"] = acknowledge_request(request_id)

    meeting = summary["meeting"] = hold_concretisation_meeting(request_id)
    if meeting["path"] == "stop":
        log.info("request ends after the meeting: %s", meeting["outcome"])
        return summary

    if meeting["path"] == "normal":
        summary["collect"] = collect_documents(request_id)
        summary["consult"] = consult_third_parties(request_id)
        summary["redact"] = redact_documents(request_id)

    summary["decide"] = decide_request(request_id)
    summary["publish"] = publish_request(request_id)
    log.info("request %s: %s", summary["register"]["number"], summary["publish"].get("status"))
    return summary
