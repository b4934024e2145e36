"""Every box of a redaction proposal, not only the first.

Revision ID: 0007_rects
Revises: 0006_case

A name wrapped over two lines is one proposal with two boxes. The store kept only the first, so the privacy gate,
which reads the text under each applied box from the original, knew only the first line of such a value.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_rects"
down_revision = "0006_case"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redactions") as batch:
        batch.add_column(sa.Column("rects", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("redactions") as batch:
        batch.drop_column("rects")
