"""The steps of a Woo request as plain functions of a request id (no Prefect): one module per step.

Each step reads what it needs from the store, does its work, records what it did in the audit log and returns
a small summary of ids and counts — the only thing that goes back to Prefect.
"""

STEPS = ("register", "acknowledge", "meeting", "collect", "consult", "redact", "decide", "publish")
