"""Free-text answers get a table of their own; answers refer to them by an opaque id.

Revision ID: 0005_texts
Revises: 0004_gate

Answers used to hold free text (a new scope, passages, a manual redaction's text, a remark, the body a request
was forwarded to) verbatim, and the same values went to Prefect as form answers. From now on the text lives in
``answer_texts`` and ``requests.answers`` holds its reference (``tekst-`` + 16 random hex digits). The upgrade
moves existing texts over (without audit events: the migration has no actor; the rows carry ``created_by =
'migration'``); the downgrade puts them back. The paths are spelled out here rather than imported, so this
migration keeps doing what it did when the application's vocabulary moves on.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_texts"
down_revision = "0004_gate"
branch_labels = None
depends_on = None

_PATHS: dict[tuple[str, ...], str] = {
    ("meeting", "new_scope"): "new_scope",
    ("meeting", "forwarded_to"): "forwarded_to",
    ("meeting", "specification", "new_scope"): "new_scope",
    ("third_parties", "*", "view", "passages"): "passages",
    ("redaction_review", "manual", "*", "text"): "manual_text",
    ("decision", "remark"): "remark",
}
_REF = re.compile(r"tekst-[0-9a-f]{16}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

_requests = sa.table("requests", sa.column("id", sa.String), sa.column("answers", sa.JSON))
_texts = sa.table("answer_texts", sa.column("id", sa.String), sa.column("request_id", sa.String),
                  sa.column("field", sa.String), sa.column("sha256", sa.String), sa.column("text", sa.Text),
                  sa.column("created_by", sa.String), sa.column("created_at", sa.DateTime(timezone=True)))


def _places(data: Any, path: tuple[str, ...]) -> Iterator[tuple[dict[str, Any], str]]:
    if not path or not isinstance(data, dict | list):
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for item in data:
                yield from _places(item, rest)
        return
    if not isinstance(data, dict) or data.get(head) is None:
        return
    if rest:
        yield from _places(data[head], rest)
    else:
        yield data, head


def upgrade() -> None:
    op.create_table(
        "answer_texts",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "field", "sha256"),
    )
    op.create_index("ix_answer_texts_request_id", "answer_texts", ["request_id"], unique=False)

    conn = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    for request_id, answers in conn.execute(sa.select(_requests.c.id, _requests.c.answers)).all():
        if not answers:
            continue
        changed = copy.deepcopy(answers)
        seen: dict[tuple[str, str], str] = {}
        for path, field in _PATHS.items():
            for container, key in list(_places(changed, path)):
                value = container[key]
                if not isinstance(value, str) or _REF.fullmatch(value):
                    continue
                text = _CONTROL.sub("", value).strip()
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                ref = seen.get((field, digest))
                if ref is None:
                    ref = seen[(field, digest)] = "tekst-" + secrets.token_hex(8)
                    conn.execute(_texts.insert().values(id=ref, request_id=request_id, field=field, sha256=digest,
                                                        text=text, created_by="migration", created_at=now))
                container[key] = ref
        if changed != answers:
            conn.execute(_requests.update().where(_requests.c.id == request_id).values(answers=changed))


def downgrade() -> None:
    conn = op.get_bind()
    texts = {row.id: row.text for row in conn.execute(sa.select(_texts.c.id, _texts.c.text)).all()}
    for request_id, answers in conn.execute(sa.select(_requests.c.id, _requests.c.answers)).all():
        if not answers:
            continue
        changed = copy.deepcopy(answers)
        for path in _PATHS:
            for container, key in list(_places(changed, path)):
                if isinstance(container[key], str) and container[key] in texts:
                    container[key] = texts[container[key]]
        if changed != answers:
            conn.execute(_requests.update().where(_requests.c.id == request_id).values(answers=changed))
    op.drop_index("ix_answer_texts_request_id", table_name="answer_texts")
    op.drop_table("answer_texts")
