"""Task: record the outcome of the concretisation meeting."""

from prefect import task

from woo import clock
from woo.case import Step, UnitOfWork
from woo.process.results import MeetingHeld
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.MEETING, MeetingHeld)
@task(name="hold-concretisation-meeting", retries=2, retry_delay_seconds=[5, 30],
      retry_condition_fn=retry_unless_permanent)
def hold_concretisation_meeting(request_id: str) -> MeetingHeld:
    """Record scope confirmed / narrowed / specification requested / withdrawn / forwarded."""
    from woo.process.meeting import hold_meeting

    return run_step(Step.MEETING, request_id, hold_meeting, MeetingHeld)


@task(name="invite-to-specify", retries=2, retry_delay_seconds=[5, 30], retry_condition_fn=retry_unless_permanent)
def send_specification_request(request_id: str) -> bool:
    """Send the request to specify once (the outbox key guards it), before the flow waits for the answer."""
    from woo.process.meeting import invite_to_specify

    return invite_to_specify(UnitOfWork(), request_id, today=clock.today_for(Step.MEETING.value))
