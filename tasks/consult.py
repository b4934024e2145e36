"""Task: consult third parties whose interests the documents concern."""

from prefect import task

from woo.case import Step
from woo.process.results import Consulted, ViewsRecorded
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.CONSULT, Consulted)
@task(name="consult-third-parties", retries=3, retry_delay_seconds=[10, 60, 300],
      retry_condition_fn=retry_unless_permanent)
def consult_third_parties(request_id: str) -> Consulted:
    """Send a zienswijze request per third party, suspend the term and tell the requester."""
    from woo.process.consult import consult

    return run_step(Step.CONSULT, request_id, consult, Consulted)


@records(Step.VIEWS, ViewsRecorded)
@task(name="record-third-party-views", retries=3, retry_delay_seconds=[10, 60, 300],
      retry_condition_fn=retry_unless_permanent)
def record_third_party_views(request_id: str) -> ViewsRecorded:
    """Close the suspension with the views (or lapsed periods) and tell the requester the new decision date."""
    from woo.process.consult import record_views

    return run_step(Step.VIEWS, request_id, record_views, ViewsRecorded)
