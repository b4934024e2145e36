"""audit log is append-only

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00

Triggers refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on ``audit_events``, so a bug or a careless
query cannot rewrite history. Someone with the rights to drop the triggers still can; the hash chain
(``woo audit verify``) is what detects that.

Beware: on SQLite a batch migration that rebuilds ``audit_events`` drops these triggers; such a migration must
create them again (call :func:`create_triggers`).
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_REFUSED = "audit_events mag alleen worden aangevuld (append-only)"

_SQLITE_UP = [
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, '{_REFUSED}: wijzigen (UPDATE) is geweigerd'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, '{_REFUSED}: verwijderen (DELETE) is geweigerd'); END
    """,
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_events_no_update",
    "DROP TRIGGER IF EXISTS audit_events_no_delete",
]

_POSTGRES_UP = [
    f"""
    CREATE OR REPLACE FUNCTION woo_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{_REFUSED}: % is geweigerd', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION woo_audit_events_append_only()
    """,
    # Row triggers do not fire on TRUNCATE, which would otherwise empty the log in one statement.
    """
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION woo_audit_events_append_only()
    """,
]
_POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_no_update_delete ON audit_events",
    "DROP FUNCTION IF EXISTS woo_audit_events_append_only()",
]


def _statements(up: bool) -> list[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return _SQLITE_UP if up else _SQLITE_DOWN
    if dialect == "postgresql":
        return _POSTGRES_UP if up else _POSTGRES_DOWN
    raise NotImplementedError(f"append-only triggers for audit_events are not written for {dialect!r}")


def create_triggers() -> None:
    for statement in _statements(up=True):
        op.execute(statement)


def upgrade() -> None:
    create_triggers()


def downgrade() -> None:
    for statement in _statements(up=False):
        op.execute(statement)
