"""Two processes appending events at the same moment keep one valid chain (no fork, no lost row)."""

from __future__ import annotations

import multiprocessing as mp
import os
from typing import Any

from sqlalchemy import func, select

from woo.audit import verify_chain
from woo.case import Repository
from woo.store.models import AuditRow

PER_WRITER = 50


def _append_many(url: str | None, home: str, request_id: str, n: int, start: Any) -> None:
    os.environ["WOO_HOME"] = home
    if url:
        os.environ["WOO_DATABASE_URL"] = url
    from woo.schemas.audit import AuditAction
    from woo.settings import reset_settings
    from woo.store import audit_log as audit
    from woo.store.db import dispose_engines, session_scope

    reset_settings()
    dispose_engines()
    with session_scope():
        pass  # connect before waiting, so both writers start appending at the same moment
    start.wait(60)
    for i in range(n):
        with session_scope() as s:
            audit.record(s, AuditAction.STEP_COMPLETED, request_id=request_id, step="race", payload={"i": i})


def test_two_concurrent_writers_keep_a_valid_chain(store, woo_home):
    store.append("wr-before", 2)  # the writers extend an existing chain, not start one
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(2)
    writers = [ctx.Process(target=_append_many, args=(store.url, str(woo_home), f"wr-{k}", PER_WRITER, start))
               for k in range(2)]
    for p in writers:
        p.start()
    for p in writers:
        p.join(120)
        assert p.exitcode == 0
    with store.session() as s:
        result = verify_chain(Repository(s))
        per_request = dict(s.execute(select(AuditRow.request_id, func.count()).group_by(AuditRow.request_id)).all())
    assert result.ok, result.summary_nl()
    assert result.rows_checked == 2 + 2 * PER_WRITER
    assert per_request == {"wr-before": 2, "wr-0": PER_WRITER, "wr-1": PER_WRITER}
