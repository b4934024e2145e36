"""The steps of a Woo request as plain functions, one module per step (no Prefect).

Every step has the shape ``step(uow, request_id, *, today) -> Result``: it reads what it needs through the unit of
work's repository, does its work, records it in the audit log in the same transaction, commits at its boundary
and returns a typed result of ids, codes and counts (:mod:`woo.process.results`) — the only thing that goes
back to Prefect. The step order is :class:`woo.case.Step`.
"""
