"""Task: redact the collected documents and check every saved file."""

from prefect import task

from woo.case import Step
from woo.process.results import Proposed, Redacted
from woo.tasks._step import records, retry_unless_permanent, run_step


@records(Step.REDACT, Redacted)
@task(name="redact", retries=1, retry_delay_seconds=[30], retry_condition_fn=retry_unless_permanent)
def redact_documents(request_id: str) -> Redacted:
    """Propose, settle, apply and verify redactions; a failed check blocks that document's publication."""
    from woo.process.redact import redact

    return run_step(Step.REDACT, request_id, redact, Redacted)


@records(Step.PROPOSE, Proposed)
@task(name="propose-redactions", retries=1, retry_delay_seconds=[30], retry_condition_fn=retry_unless_permanent)
def propose_redactions(request_id: str) -> Proposed:
    """Detect personal data and write review copies with the proposals highlighted; nothing is removed yet."""
    from woo.process.redact import propose

    return run_step(Step.PROPOSE, request_id, propose, Proposed)
