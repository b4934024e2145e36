"""Task: publish the decision, inventory and released documents with DiWoo metadata."""

from prefect import task

from woo.case import Step
from woo.process.results import Published
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.PUBLISH, Published)
@task(name="publish", retries=3, retry_delay_seconds=[10, 60, 300], retry_condition_fn=retry_unless_permanent)
def publish_request(request_id: str) -> Published:
    """Lay out the publication folder once, only with redacted documents that passed the check."""
    from woo.process.publish import publish

    return run_step(Step.PUBLISH, request_id, publish, Published)
