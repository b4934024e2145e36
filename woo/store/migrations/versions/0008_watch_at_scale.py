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
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("extension_notice_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("dates_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("deadline_flag", sa.String(20), nullable=True))
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
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("request_id", existing_type=sa.String(40), nullable=False)
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("deadline_flag")
        batch.drop_column("dates_on")
        batch.drop_column("extension_notice_due")
