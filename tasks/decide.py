"""Task: judge every document and send the decision with its inventory."""

from prefect import task

from woo.case import Step
from woo.process.results import Decided, DecisionSent
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.DECIDE, Decided)
@task(name="decide", retries=3, retry_delay_seconds=[10, 60, 300], retry_condition_fn=retry_unless_permanent)
def decide_request(request_id: str) -> Decided:
    """Judgements and grounds per document, the inventory and the concept decision letter."""
    from woo.process.decide import decide

    return run_step(Step.DECIDE, request_id, decide, Decided)


@records(Step.SEND_DECISION, DecisionSent)
@task(name="send-decision", retries=3, retry_delay_seconds=[10, 60, 300], retry_condition_fn=retry_unless_permanent)
def send_signed_decision(request_id: str) -> DecisionSent:
    """Date and send the signed decision once, to the requester and every third party heard."""
    from woo.process.decide import send_decision

    return run_step(Step.SEND_DECISION, request_id, send_decision, DecisionSent)
