"""The ``woo`` command: run requests, the demo, status, deadlines and redaction from a terminal."""

from __future__ import annotations

import typer

from woo.cli.audit import audit_app, report_command
from woo.cli.deadlines import app as deadlines_app
from woo.cli.redact import redact_command
from woo.cli.requests import demo, run, status

app = typer.Typer(
    name="woo",
    help="Woo-verzoeken afhandelen als controleerbare Prefect-flows.",
    no_args_is_help=True,
    add_completion=False,
    # Tracebacks with local variables would print requesters' names and addresses on the console.
    pretty_exceptions_show_locals=False,
)
app.command("run", help="Handel één verzoek af: REQUEST.yaml met documentenmap (en antwoorden).")(run)
app.command("demo", help="Bouw een voorbeelddossier en handel het af op de ingebouwde standaardinstellingen.")(demo)
app.command("status", help="Toon verzoeken met hun stap en data.")(status)
app.command("redact", help="Lak één PDF en controleer het opgeslagen resultaat.")(redact_command)
app.add_typer(deadlines_app, name="deadlines", help="Wettelijke termijnen berekenen.")
app.add_typer(audit_app, name="audit", help="Audittrail controleren, tonen en exporteren.")
app.command("report", help="Jaarcijfers Woo-verzoeken (tabel, CSV, grafiek).")(report_command)


def main() -> None:
    app()
