"""A store already at the newest schema opens without Alembic; one behind is still migrated."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import text

OPEN_STORE = """
import sys
from woo.store.db import get_engine
get_engine({url!r})
print("alembic" in sys.modules)
"""


def _opens_with_alembic(url: str) -> bool:
    out = subprocess.run([sys.executable, "-c", OPEN_STORE.format(url=url)], capture_output=True, text=True,
                         check=True)
    return out.stdout.strip() == "True"


def test_a_current_store_is_opened_without_alembic_and_an_older_one_is_migrated(tmp_path):
    from alembic import command

    from woo.store.db import _make_engine
    from woo.store.migrate import alembic_config, head_revision

    url = f"sqlite:///{tmp_path / 'woo.sqlite3'}"
    assert _opens_with_alembic(url)  # a new store: created by the migrations
    assert not _opens_with_alembic(url)  # at the head: only its version was read

    engine = _make_engine(url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:  # one release behind
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_watch")
    assert _opens_with_alembic(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    engine.dispose()
