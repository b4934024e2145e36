"""Task: record the outcome of the concretisation meeting."""

from prefect import task

from woo.case import Step
from woo.process.meeting import hold_meeting
from woo.process.results import MeetingHeld
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.MEETING, MeetingHeld)
@task(name="hold-concretisation-meeting", retries=2, retry_delay_seconds=[5, 30],
      retry_condition_fn=retry_unless_permanent)
def hold_concretisation_meeting(request_id: str) -> MeetingHeld:
    """Record scope confirmed / narrowed / specification requested / withdrawn / forwarded."""
    return run_step(Step.MEETING, request_id, hold_meeting, MeetingHeld)
