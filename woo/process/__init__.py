"""The steps of a Woo request as plain functions of a request id (no Prefect): one module per step.

Each step reads what it needs from the store, does its work, records what it did in the audit log and returns
a small summary of ids and counts — the only thing that goes back to Prefect.
"""

# The order in which the flow runs the steps (as recorded in the steps table); a rerun redoes a tail of it.
STEPS = ("register", "acknowledge", "meeting", "collect", "consult", "views", "propose", "redact", "decide",
         "send_decision", "publish")


def steps_from(step: str) -> list[str]:
    """``step`` and every step after it."""
    return list(STEPS[STEPS.index(step):])
