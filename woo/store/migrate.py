"""Apply the Alembic migrations shipped inside the package (no alembic.ini needed by users)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("woo.store") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
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
