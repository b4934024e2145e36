"""Question keys and rerun numbers become columns of their own; resolutions get English values.

Revision ID: 0006_case
Revises: 0005_texts

The flow used to find out whether a question key was already asked, answered or refused, and how many reruns
a request had, by searching the audit log's JSON payloads. Operational state now has its own place:
``question_keys`` (one row per key a run suspended on) and ``requests.reruns``. Both are filled from the audit
log on upgrade, so a run suspended before the upgrade resumes as it would have.

``requests.resolution`` held the decision type's Dutch wording ("deels openbaar") for decided requests and
English codes ("withdrawn") for the others; it now holds English codes only (``woo.case.status.Resolution``),
with the Dutch wording as the enum's label. The mapping is spelled out here so this migration keeps doing what
it did when the vocabulary moves on.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006_case"
down_revision = "0005_texts"
branch_labels = None
depends_on = None

_RESOLUTIONS = {
    "openbaar": "public",
    "deels openbaar": "partly_public",
    "niet openbaar": "not_public",
    "reeds openbaar": "already_public",
    "geen documenten aangetroffen": "nothing_found",
    "niet in behandeling genomen": "not_handled",
}


def upgrade() -> None:
    op.create_table(
        "question_keys",
        sa.Column("key", sa.String(length=80), primary_key=True),
        sa.Column("request_id", sa.String(length=40), sa.ForeignKey("requests.id"), nullable=False, index=True),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True),
    )
    # Plain ADD COLUMN (no batch rebuild): a rebuild of requests would drop other tables' triggers.
    op.add_column("requests", sa.Column("reruns", sa.Integer(), nullable=False, server_default="0"))

    conn = op.get_bind()
    audit = sa.table("audit_events", sa.column("seq", sa.Integer), sa.column("at", sa.DateTime(timezone=True)),
                     sa.column("request_id", sa.String), sa.column("action", sa.String),
                     sa.column("payload", sa.Text))
    keys = sa.table("question_keys", sa.column("key", sa.String), sa.column("request_id", sa.String),
                    sa.column("question", sa.String), sa.column("asked_at", sa.DateTime(timezone=True)),
                    sa.column("answered_at", sa.DateTime(timezone=True)),
                    sa.column("refused_at", sa.DateTime(timezone=True)))
    requests = sa.table("requests", sa.column("id", sa.String), sa.column("resolution", sa.String),
                        sa.column("reruns", sa.Integer))
    column = {"question.asked": "asked_at", "answer.given": "answered_at", "answer.refused": "refused_at"}
    found: dict[str, dict[str, object]] = {}
    reruns: dict[str, int] = {}
    rows = conn.execute(sa.select(audit.c.at, audit.c.request_id, audit.c.action, audit.c.payload)
                        .where(audit.c.action.in_([*column, "rerun.requested"])).order_by(audit.c.seq))
    for at, request_id, action, payload in rows:
        if action == "rerun.requested":
            reruns[request_id] = reruns.get(request_id, 0) + 1
            continue
        data = json.loads(payload or "{}")
        key = data.get("key")
        if not key or not request_id:
            continue
        row = found.setdefault(key, {"key": key, "request_id": request_id,
                                     "question": data.get("question") or "", "asked_at": None,
                                     "answered_at": None, "refused_at": None})
        row[column[action]] = row[column[action]] or at
    if found:
        conn.execute(keys.insert(), list(found.values()))
    for request_id, n in reruns.items():
        conn.execute(requests.update().where(requests.c.id == request_id).values(reruns=n))
    for old, new in _RESOLUTIONS.items():
        conn.execute(requests.update().where(requests.c.resolution == old).values(resolution=new))


def downgrade() -> None:
    requests = sa.table("requests", sa.column("resolution", sa.String))
    conn = op.get_bind()
    for old, new in _RESOLUTIONS.items():
        conn.execute(requests.update().where(requests.c.resolution == new).values(resolution=old))
    op.drop_column("requests", "reruns")
    op.drop_table("question_keys")
