"""Alembic environment: runs on the connection handed over by :mod:`woo.store.migrate`."""

from __future__ import annotations

from alembic import context

from woo.store.models import Base

config = context.config
target_metadata = Base.metadata
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through woo.store.migrate
    raise RuntimeError("run migrations through woo.store.migrate.upgrade()")

context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
