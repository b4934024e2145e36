"""Task: consult third parties whose interests the documents concern."""

from typing import Any

from prefect import task

from tasks._step import retry_unless_permanent, run_step
from woo.process.consult import consult


@task(name="consult-third-parties", retries=3, retry_delay_seconds=[10, 60, 300],
      retry_condition_fn=retry_unless_permanent)
def consult_third_parties(request_id: str) -> dict[str, Any]:
    """Send a zienswijze request per third party and record their views and the suspension."""
    return run_step("consult", request_id, consult)
