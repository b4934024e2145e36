"""The ``woo`` command: run requests, the demo, status, deadlines and redaction from a terminal."""

from __future__ import annotations

import os

import typer

from woo.cli.audit import audit_app, report_command
from woo.cli.deadlines import app as deadlines_app
from woo.cli.operate import answer, pending, rerun, serve_command, submit
from woo.cli.production import deploy_command, doctor
from woo.cli.publication import publication_app
from woo.cli.redact import redact_command
from woo.cli.requests import demo, run, status
from woo.cli.watch import deadlines_overview, watch_command

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
app.command("submit", help="Dien een verzoek in bij de geserveerde deployment (wachtpunten in de UI).")(submit)
app.command("pending", help="Toon verzoeken die op een antwoord wachten.")(pending)
app.command("answer", help="Beantwoord een wachtend verzoek (eerst gecontroleerd).")(answer)
app.command("rerun", help="Voer een verzoek opnieuw uit vanaf een stap, met reden.")(rerun)
app.command("serve", help="Serveer de verzoek-flow en de termijnbewaking in dit proces.")(serve_command)
app.command("deploy", help="Richt de werkpool met limieten in en zet de flows erin (productie).")(deploy_command)
app.command("doctor", help="Controleer of productie kan werken: versies, database, SMTP, werkpool, planning.")(doctor)
app.command("redact", help="Lak één PDF en controleer het opgeslagen resultaat.")(redact_command)
deadlines_app.callback(invoke_without_command=True)(deadlines_overview)
app.add_typer(deadlines_app, name="deadlines", help="Open verzoeken op termijn; 'calc' berekent wettelijke termijnen.")
app.command("watch", help="Voer de termijnbewaking één keer uit (zonder Prefect).")(watch_command)
app.add_typer(audit_app, name="audit", help="Audittrail controleren, tonen en exporteren.")
app.command("report", help="Jaarcijfers Woo-verzoeken (tabel, CSV, grafiek).")(report_command)
app.add_typer(publication_app, name="publication", help="Gepubliceerde besluiten: intrekken, vervangen, site, links.")


def main() -> None:
    # The temporary Prefect server would otherwise phone home; this system talks to nothing beyond its machine.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # A Prefect server under a burst answers 500 now and then (issue 14: a worker died on one); Prefect's client
    # retries 429/502/503 with exponential backoff, and with this also 500, so a submit backs off instead of failing.
    os.environ.setdefault("PREFECT_CLIENT_RETRY_EXTRA_CODES", "500")
    app()
