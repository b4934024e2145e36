"""The deadline watch at scale: stored dates with the day they were computed, the last flag raised, indexes.

Revision ID: 0008_watch
Revises: 0007_rects

The watch used to recompute every open request's dates one by one (47.7 s over 10,220 requests). The dates are
now stored when they change (``decision_due`` already was; ``extension_notice_due`` joins it) together with the
day they were computed for (``dates_on``; NULL means "recompute": the store sets it so when a suspension or the
extension changes). ``deadline_flag`` is the flag the watch last raised, so it records and announces a change
once instead of every day. The digest the watch sends the process owner concerns no single request, so an
outbox row may have no request. Indexes serve the watch's set-based selection.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_watch"
down_revision = "0007_rects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch copy of ``requests``: on SQLite a copy means dropping a table that other
    # tables' foreign keys point at, which fails on a store that holds requests.
    op.add_column("requests", sa.Column("extension_notice_due", sa.Date(), nullable=True))
    op.add_column("requests", sa.Column("dates_on", sa.Date(), nullable=True))
    op.add_column("requests", sa.Column("deadline_flag", sa.String(20), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("request_id", existing_type=sa.String(40), nullable=True)
    op.create_index("ix_requests_decision_due", "requests", ["decision_due", "number"])
    op.create_index("ix_requests_extension_notice_due", "requests", ["extension_notice_due"])
    op.create_index("ix_requests_waiting", "requests", ["waiting_for", "waiting_due"])
    op.create_index("ix_suspensions_open", "suspensions", ["end", "request_id"])


def downgrade() -> None:
    op.drop_index("ix_suspensions_open", "suspensions")
    op.drop_index("ix_requests_waiting", "requests")
    op.drop_index("ix_requests_extension_notice_due", "requests")
    op.drop_index("ix_requests_decision_due", "requests")
    op.execute("DELETE FROM outbox WHERE request_id IS NULL")  # the watch's digests have no place before 0008
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("request_id", existing_type=sa.String(40), nullable=False)
    for column in ("deadline_flag", "dates_on", "extension_notice_due"):
        op.execute(f"ALTER TABLE requests DROP COLUMN {column}")  # SQLite >= 3.35 and PostgreSQL alike
