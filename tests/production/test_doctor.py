"""``woo doctor`` says in Dutch what keeps production from working, and exits 1 then."""

from __future__ import annotations

import socket

import typer
from typer.testing import CliRunner


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens there


def test_doctor_names_a_missing_server_and_an_unreachable_smtp_server(woo_home, monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from woo.cli.production import doctor
    from woo.settings import reset_settings

    monkeypatch.setenv("WOO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WOO_SMTP_PORT", str(_closed_port()))
    reset_settings()
    app = typer.Typer()
    app.command()(doctor)
    with temporary_settings(updates={PREFECT_API_URL: None}):
        result = CliRunner().invoke(app, [])
    assert result.exit_code == 1, result.output
    assert "versies: " in result.output and "werken samen" in result.output
    assert "database: SQLite bereikbaar" in result.output
    assert "niet bereikbaar (ConnectionRefusedError)" in result.output
    assert "Geen Prefect-server ingesteld" in result.output
    assert "2 probleem/problemen gevonden" in result.output


def test_doctor_refuses_sqlalchemy_2_1_under_prefect_3_8(monkeypatch):
    import woo.cli.production as production

    real = production._version
    monkeypatch.setattr(production, "_version",
                        lambda p: {"prefect": (3, 8, 8), "sqlalchemy": (2, 1, 9)}.get(p) or real(p))
    [check] = [c for c in production._versions() if "SQLAlchemy" in c.message]
    assert not check.ok and "sqlalchemy<2.1" in check.message and "nooit aangemaakt" in check.message
