"""Task: collect the documents from the request's documents folder."""

from prefect import task

from woo.case import Step
from woo.process.results import Collected
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.COLLECT, Collected)
@task(name="collect-documents", retries=2, retry_delay_seconds=[10, 60], retry_condition_fn=retry_unless_permanent)
def collect_documents(request_id: str) -> Collected:
    """Store originals read-only with their sha256, convert to PDF, record unreadable files as errors."""
    from woo.process.collect import collect

    return run_step(Step.COLLECT, request_id, collect, Collected)
