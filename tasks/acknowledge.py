"""Task: send the acknowledgement of receipt, once."""

from prefect import task

from woo.case import Step
from woo.process.results import Acknowledged
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.ACKNOWLEDGE, Acknowledged)
@task(name="acknowledge", retries=5, retry_delay_seconds=[10, 60, 300, 900, 3600],
      retry_condition_fn=retry_unless_permanent)
def acknowledge_request(request_id: str) -> Acknowledged:
    """Render the acknowledgement letter and deliver it (mail servers can be down for a while)."""
    from woo.process.acknowledge import acknowledge

    return run_step(Step.ACKNOWLEDGE, request_id, acknowledge, Acknowledged)
