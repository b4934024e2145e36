"""Requests remember the question their flow run waits on, so operators can list and answer them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Plain ADD COLUMN (no batch rebuild): SQLite supports it, and rebuilding would drop other tables' triggers.
_COLUMNS = (
    sa.Column("waiting_for", sa.String(length=40), nullable=True),
    sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True),
    sa.Column("waiting_due", sa.Date(), nullable=True),
    sa.Column("waiting_flow_run_id", sa.String(length=40), nullable=True),
    sa.Column("waiting_problems", sa.JSON(), nullable=True),
)


def upgrade() -> None:
    for column in _COLUMNS:
        op.add_column("requests", column.copy())


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+); a batch rebuild of requests would trip over the tables referring to it.
    for column in reversed(_COLUMNS):
        op.drop_column("requests", column.name)
