"""Task: register the request (validate the intake, store it, issue the number)."""

from prefect import task

from woo.case import Step
from woo.process.results import Registered
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.REGISTER, Registered)
@task(name="register", retries=3, retry_delay_seconds=[2, 10, 30], retry_condition_fn=retry_unless_permanent)
def register_request(request_id: str) -> Registered:
    """Validate the intake, store the requester and issue WOO-YYYY-NNNN."""
    from woo.process.register import register

    return run_step(Step.REGISTER, request_id, register, Registered)
