"""``woo publication``: withdraw or replace a published document, rebuild the site, expire private links.

Messages are Dutch because officials run this. Exit code 1 means the change was refused (nothing changed).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from woo.errors import WooError

console = Console()
err = Console(stderr=True)
publication_app = typer.Typer(no_args_is_help=True, add_completion=False,
                              help="Gepubliceerde Woo-besluiten beheren: intrekken, vervangen, site, links.")


class Reason(StrEnum):
    privacy = "privacy"
    procedure = "procedure"


_NUMBER = typer.Argument(..., help="Zaaknummer (WOO-2026-0001) of id van het verzoek.")
_DOC = typer.Argument(..., help="Nummer van het document in de inventarislijst.")
_REASON = typer.Option(..., "--reason", help="privacy (correctie privacygevoelige gegevens) of procedure "
                                             "(correctie procedurele fout, bijvoorbeeld na een uitspraak).")
_BY = typer.Option(..., "--by", help="Uw gebruikers-id (bijvoorbeeld m.devries); komt in het auditlog.")
_NOTE = typer.Option(None, "--note", help="Openbare toelichting op de pagina van het ingetrokken document.")
_HOME = typer.Option(None, "--home", help="gegevensmap (standaard WOO_HOME of ~/.woo)")
_FILE = typer.Argument(..., help="De gecorrigeerde PDF.", exists=True, dir_okay=False)


def _use_home(home: Path | None) -> None:
    from woo.cli.common import use_home

    use_home(home)


def _fail(exc: Exception) -> None:
    err.print(f"[red]Geweigerd:[/] {exc}")
    raise typer.Exit(1)


@publication_app.command("withdraw", help="Trek een gepubliceerd document in (met reden); er blijft een "
                                          "pagina staan die zegt wanneer en waarom.")
def withdraw(number: str = _NUMBER, document: int = _DOC, reason: Reason = _REASON, by: str = _BY,
             note: str | None = _NOTE, home: Path | None = _HOME) -> None:
    _use_home(home)
    from woo.case import UnitOfWork
    from woo.process.publication_changes import withdraw_document

    try:
        result = withdraw_document(UnitOfWork(), number, document, reason=reason.value, by=by, note=note)
    except WooError as exc:
        _fail(exc)
        return
    console.print(f"Document {result['document']} van {result['number']} is ingetrokken; de sitemaps tellen nu "
                  f"{result['sitemap_urls']} adressen.")


@publication_app.command("replace", help="Vervang een gepubliceerd document door een gecorrigeerde PDF, op "
                                         "hetzelfde adres.")
def replace(number: str = _NUMBER, document: int = _DOC, file: Path = _FILE, reason: Reason = _REASON,
            by: str = _BY, note: str | None = _NOTE, home: Path | None = _HOME) -> None:
    _use_home(home)
    from woo.case import UnitOfWork
    from woo.process.publication_changes import replace_document

    try:
        result = replace_document(UnitOfWork(), number, document, file, reason=reason.value, by=by, note=note)
    except WooError as exc:
        _fail(exc)
        return
    console.print(f"Document {result['document']} van {result['number']} is vervangen.")


@publication_app.command("site", help="Bouw robots.txt, de sitemaps en de leeszaal opnieuw en zet ze op het "
                                      "publicatiedoel.")
def site(home: Path | None = _HOME) -> None:
    _use_home(home)
    from woo.process.publish import refresh_site
    from woo.settings import get_settings

    try:
        result = refresh_site(get_settings())
    except WooError as exc:
        _fail(exc)
        return
    console.print(f"{result['requests']} verzoeken, {result['urls']} adressen in {result['sitemaps']} sitemap(s); "
                  f"doel: {result['target']}")


@publication_app.command("expire", help="Verwijder persoonlijke links waarvan de termijn voorbij is "
                                        "(dagelijks uitvoeren).")
def expire(home: Path | None = _HOME) -> None:
    _use_home(home)
    from woo import clock
    from woo.case import UnitOfWork
    from woo.process.publication_changes import expire_shares

    done = expire_shares(UnitOfWork(), today=clock.today())
    console.print(f"{len(done)} persoonlijke link(s) verwijderd.")
