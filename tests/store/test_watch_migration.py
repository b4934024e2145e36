"""Migration 0008 on a store that already holds requests, letters and suspensions (SQLite, foreign keys on)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, inspect, text


def test_0008_upgrades_a_populated_store_and_marks_dates_for_recomputation(tmp_path):
    from alembic import command

    from woo.store.db import _make_engine
    from woo.store.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'woo.sqlite3'}"
    engine = _make_engine(url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007_rects")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO requests (id, intake_sha256, intake, status, number, received_on, "
                          "decision_due, extended, reruns, created_at, updated_at) VALUES ('wr-1', 'h', '{}', "
                          "'in_progress', 'WOO-2026-0001', '2026-03-02', '2026-03-30', 0, 0, :t, :t)"),
                     {"t": dt.datetime(2026, 3, 2)})
        conn.execute(text("INSERT INTO outbox (idempotency_key, request_id, kind, subject, message_id, status, "
                          "created_at) VALUES ('acknowledgement:wr-1', 'wr-1', 'acknowledgement', 'x', '<m>', "
                          "'sent', :t)"), {"t": dt.datetime(2026, 3, 3)})
        conn.execute(text("INSERT INTO suspensions (request_id, kind, start, reason, legal_basis) "
                          "VALUES ('wr-1', 'zienswijze', '2026-03-10', 'r', 'Woo 4.4(3)')"))
    upgrade(engine)

    columns = {c["name"] for c in inspect(engine).get_columns("requests")}
    assert {"extension_notice_due", "dates_on", "deadline_flag"} <= columns
    with engine.connect() as conn:
        assert conn.execute(text("SELECT dates_on, decision_due FROM requests")).one() == (None, "2026-03-30")
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 1
    engine.dispose()
    create_engine(url).dispose()
