"""The privacy gate: phone numbers and contact persons it searches for, held documents and blocked items.

Revision ID: 0004_gate
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_gate"
down_revision = "0003"
branch_labels = None
depends_on = None

# Plain ADD COLUMN (no batch rebuild): SQLite supports it, and rebuilding would drop other tables' triggers.
_COLUMNS = (
    ("requesters", sa.Column("phone", sa.Text(), nullable=True)),
    ("third_parties", sa.Column("contact_person", sa.Text(), nullable=True)),
    ("third_parties", sa.Column("phone", sa.Text(), nullable=True)),
    ("documents", sa.Column("held_reason", sa.Text(), nullable=True)),
)


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, column.copy())
    op.create_table(
        "gate_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("item", sa.String(length=160), nullable=False),
        sa.Column("audience", sa.String(length=60), nullable=False),
        sa.Column("document_number", sa.Integer(), nullable=True),
        sa.Column("outbox_key", sa.String(length=120), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_by", sa.String(length=64), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "item", "audience"),
    )
    op.create_index("ix_gate_blocks_request_id", "gate_blocks", ["request_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_gate_blocks_request_id", table_name="gate_blocks")
    op.drop_table("gate_blocks")
    # Plain DROP COLUMN (SQLite 3.35+); a batch rebuild would trip over the tables referring to these.
    for table, column in reversed(_COLUMNS):
        op.drop_column(table, column.name)
