"""Copy each request flow run's final state into the audit log, so history outlives Prefect's retention."""

from __future__ import annotations

from typing import Any

from schemas.audit import AuditAction
from woo import audit
from woo.store.db import session_scope


def record_final_state(flow: Any, flow_run: Any, state: Any) -> None:
    request_id = (flow_run.parameters or {}).get("request_id")
    if not request_id:
        return
    ctx = audit.RunContext(flow_run_id=str(flow_run.id))
    with audit.run_context(ctx), session_scope() as s:
        audit.record(s, AuditAction.FLOW_RUN_STATE, request_id=request_id, step="flow",
                     payload={"state": state.name, "type": str(state.type.value), "run_count": flow_run.run_count,
                              "flow_run_name": flow_run.name})
