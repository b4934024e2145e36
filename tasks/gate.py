"""Task: carry out a person's answer to the privacy question, one settlement per blocked item."""

from prefect import task

from woo import clock
from woo.case import UnitOfWork
from woo.tasks._step import retry_unless_permanent


@task(name="settle-privacy-blocks", retries=2, retry_delay_seconds=[10, 60], retry_condition_fn=retry_unless_permanent)
def settle_privacy_blocks(request_id: str) -> dict[str, int]:
    """Withhold or recheck each item the gate held back, as answered; settled blocks are skipped on a replay."""
    from woo.process.gate import settle_answered_blocks

    return settle_answered_blocks(UnitOfWork(), request_id, today=clock.today())
