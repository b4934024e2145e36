"""Task: judge every document and send the decision with its inventory."""

from typing import Any

from prefect import task

from woo.process.decide import decide, send_decision
from woo.tasks._step import retry_unless_permanent, run_step


@task(name="decide", retries=3, retry_delay_seconds=[10, 60, 300], retry_condition_fn=retry_unless_permanent)
def decide_request(request_id: str) -> dict[str, Any]:
    """Judgements and grounds per document, the inventory and the concept decision letter."""
    return run_step("decide", request_id, decide)


@task(name="send-decision", retries=3, retry_delay_seconds=[10, 60, 300], retry_condition_fn=retry_unless_permanent)
def send_signed_decision(request_id: str) -> dict[str, Any]:
    """Date and send the signed decision once, to the requester and every third party heard."""
    return run_step("send_decision", request_id, send_decision)
