"""Apply the Alembic migrations shipped inside the package (no alembic.ini needed by users).

Every command opens the store and so checks its schema. Alembic (loading it and reading its scripts) costs a fifth
of a quick command's start, so a store already at the newest revision is recognised without it: the revisions
are read from the scripts as text, and the store's ``alembic_version`` is compared with the head.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]""", re.MULTILINE)


@cache
def head_revision() -> str | None:
    """The newest revision of the shipped scripts (the one no other script names as its predecessor)."""
    revisions: set[str] = set()
    predecessors: set[str] = set()
    for script in (resources.files("woo.store") / "migrations" / "versions").iterdir():
        if not script.name.endswith(".py") or script.name.startswith("__"):
            continue
        for kind, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else predecessors).add(value)
    heads = revisions - predecessors
    return heads.pop() if len(heads) == 1 else None  # several heads: let Alembic decide


def is_current(engine: Engine) -> bool:
    """Whether the store's schema is at the head revision already (False when in doubt)."""
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False  # a new store: no version table yet
    return rows == [head]


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("woo.store") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    if revision == "head" and is_current(engine):
        return
    from alembic import command

    cfg = alembic_config(engine)
    if engine.dialect.name == "postgresql":
        # Several workers may start at once; one migrates, the others wait and find nothing to do.
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(727300)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    else:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
