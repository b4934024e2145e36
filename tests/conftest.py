"""Shared fixtures: an isolated WOO_HOME per test, an optional PostgreSQL database, the shared facts folder."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
POSTGRES_ENV = "WOO_TEST_POSTGRES_URL"

# Test servers must not try to reach Prefect's telemetry service: no network beyond this machine.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture
def woo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data folder and SQLite store for one test."""
    from woo.settings import reset_settings
    from woo.store.db import dispose_engines

    home = tmp_path / "woo-home"
    monkeypatch.setenv("WOO_HOME", str(home))
    monkeypatch.delenv("WOO_DATABASE_URL", raising=False)
    monkeypatch.delenv("WOO_SMTP_HOST", raising=False)
    # The demo's publisher, and public publication on the day of the verstrekking (tests of the two moments
    # set their own delay).
    from woo.demo import demo_environment

    for key in ("WOO_PUBLISHER_URI", "WOO_PUBLISHER_LABEL", "WOO_PUBLICATION_DELAY_DAYS"):
        monkeypatch.setenv(key, demo_environment()[key])
    monkeypatch.delenv("WOO_PUBLICATION_TARGET", raising=False)
    reset_settings()
    dispose_engines()
    yield home
    dispose_engines()
    reset_settings()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL database, when ``WOO_TEST_POSTGRES_URL`` points at a server (CI sets it)."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set; PostgreSQL tests need a server (e.g. "
                    "postgresql://postgres@127.0.0.1:5432/postgres)")
    from sqlalchemy import create_engine, text

    name = f"woo_test_{secrets.token_hex(4)}"
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        from woo.store.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared facts folder {SHARED} is absent (it is beside the repo only on team machines)")
    return SHARED


@pytest.fixture(scope="session")
def diwoo_schema():
    """The DiWoo metadata XSD from the shared folder, validated offline (the MDTO import answered by a stub)."""
    from lxml import etree

    diwoo = SHARED / "diwoo"
    if not (diwoo / "diwoo-metadata.xsd").is_file():
        pytest.skip(f"the DiWoo XSD is absent ({diwoo}); it lives in the shared folder beside the repository, "
                    "on team machines only")

    class MdtoStub(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url and "MDTO" in url:
                return self.resolve_filename(str(diwoo / "mdto-stub.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(MdtoStub())
    return etree.XMLSchema(etree.parse(str(diwoo / "diwoo-metadata.xsd"), parser))


@pytest.fixture(scope="session")
def sitemap_schema():  # type: ignore[no-untyped-def]
    """The sitemap protocol with diwoo:Document validated strictly by the DiWoo XSD (offline, MDTO stubbed)."""
    from lxml import etree

    diwoo = SHARED / "diwoo"
    xsd = diwoo / "diwoo-metadata.xsd"
    if not xsd.is_file():
        pytest.skip(f"the DiWoo XSD is absent ({xsd.resolve()}); it lives in the shared folder beside the repository")

    class MdtoStub(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url and "MDTO" in url:
                return self.resolve_filename(str(diwoo / "mdto-stub.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(MdtoStub())
    data = Path(__file__).parent / "publication" / "data"
    text = (data / "sitemap.xsd").read_text().replace("DIWOO_XSD", xsd.resolve().as_uri())
    return etree.XMLSchema(etree.fromstring(text.encode(), parser, base_url=str(data) + "/"))
