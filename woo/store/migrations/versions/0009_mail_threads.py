"""E-mail thread headers per document: the inventory's thread ID from Message-ID, In-Reply-To and References.

Revision ID: 0009_threads
Revises: 0008_watch

The inventory grouped e-mails into threads by subject only, so "Planning" and an unrelated "planning" were one
thread and a reply whose subject was changed was another. The collector now keeps each e-mail's ``Message-ID``
and the ids it answers; documents collected before this revision have neither and keep the subject fallback.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_threads"
down_revision = "0008_watch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (nullable columns): no batch copy of a table that holds a request's documents.
    op.add_column("documents", sa.Column("message_id", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("replies_to", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("replies_to")
        batch.drop_column("message_id")
