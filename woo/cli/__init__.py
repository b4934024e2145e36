"""The ``woo`` command: run requests, the demo, status, deadlines and redaction from a terminal.

Every command module imports its heavy parts (Prefect, PyMuPDF, WeasyPrint, the store) inside the command, so
``woo --help`` and the commands that only read start fast. A user error is one Dutch message and exit code 2;
``woo --debug …`` shows the traceback.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import click

from woo.cli.audit import audit_app, report_command
from woo.cli.deadlines import app as deadlines_app
from woo.cli.dutch import speak_dutch
from woo.cli.operate import answer, pending, rerun, review_page_command, serve_command, submit
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
_DEBUG = {"on": False}


@app.callback()
def _options(debug: Annotated[bool, typer.Option("--debug", help="toon bij een fout de volledige traceback")]
             = False) -> None:
    _DEBUG["on"] = debug


app.command("run", help="Handel één verzoek af: REQUEST.yaml met documentenmap (en antwoorden).")(run)
app.command("demo", help="Bouw een voorbeelddossier en handel het af op de ingebouwde standaardinstellingen.")(demo)
app.command("status", help="Toon verzoeken met hun stap en data.")(status)
app.command("submit", help="Dien een verzoek in bij de geserveerde deployment (wachtpunten in de UI).")(submit)
app.command("pending", help="Toon verzoeken die op een antwoord wachten.")(pending)
app.command("answer", help="Beantwoord een wachtend verzoek (eerst gecontroleerd).")(answer)
app.command("rerun", help="Voer een verzoek opnieuw uit vanaf een stap, met reden.")(rerun)
app.command("serve", help="Serveer de verzoek-flow, de termijnbewaking en de lakpagina in dit proces.")(serve_command)
app.command("review-page", help="Serveer alleen de lakpagina (beoordeling van lakvoorstellen in de browser).")(
    review_page_command)
app.command("deploy", help="Richt de werkpool met limieten in en zet de flows erin (productie).")(deploy_command)
app.command("doctor", help="Controleer of productie kan werken: versies, database, SMTP, werkpool, planning.")(doctor)
app.command("redact", help="Lak één PDF en controleer het opgeslagen resultaat.")(redact_command)
deadlines_app.callback(invoke_without_command=True)(deadlines_overview)
app.add_typer(deadlines_app, name="deadlines", help="Open verzoeken op termijn; 'calc' berekent wettelijke termijnen.")
app.command("watch", help="Voer de termijnbewaking één keer uit (zonder Prefect).")(watch_command)
app.add_typer(audit_app, name="audit", help="Audittrail controleren, tonen en exporteren.")
app.command("report", help="Jaarcijfers Woo-verzoeken (tabel, CSV, grafiek).")(report_command)
app.add_typer(publication_app, name="publication", help="Gepubliceerde besluiten: intrekken, vervangen, site, links.")
speak_dutch(app)  # Click's "Usage:", "[OPTIONS]" and "Show this message and exit." in Dutch


def main() -> None:
    # The temporary Prefect server would otherwise phone home; this system talks to nothing beyond its machine.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # A Prefect server under a burst answers 500 now and then (issue 14: a worker died on one); Prefect's client
    # retries 429/502/503 with exponential backoff, and with this also 500, so a submit backs off instead of failing.
    os.environ.setdefault("PREFECT_CLIENT_RETRY_EXTRA_CODES", "500")
    # On a busy machine the temporary server of `woo run`/`woo demo` needs longer than Prefect's 20 s to start.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if "--help" in sys.argv[1:] or len(sys.argv) == 1:
        _dutch_help()
    try:
        code = app(standalone_mode=False, prog_name="woo")  # "woo" also under `python -c`/`-m`
    except typer.Abort:
        typer.echo("Afgebroken.", err=True)
        code = 1
    except Exception as exc:  # the one place that turns errors into messages for people
        if _is_click_error(exc):  # Typer carries its own copy of Click: known by what it has, not by its class
            code = _usage_error(exc)  # type: ignore[arg-type]
        elif _DEBUG["on"] or "--debug" in sys.argv[1:]:
            raise
        else:
            try:
                _report(exc)
            except typer.Exit as done:
                code = done.exit_code
    sys.exit(code if isinstance(code, int) else 0)


# Click's own messages (unknown option, missing argument, a path that does not exist), said in Dutch.
_CLICK_NL = [
    (r"No such option: (\S+)", r"onbekende optie \1"),
    (r"No such command '([^']+)'\.", r"onbekend commando '\1'"),
    (r"\s*Did you mean (.*)\?", r" (bedoelt u \1?)"),
    (r"\s*\(Possible options: (.*)\)", r" (mogelijk: \1)"),
    (r"Missing argument '([^']+)'\.", r"argument \1 ontbreekt"),
    (r"Missing option '([^']+)'\.", r"optie \1 ontbreekt"),
    (r"Option '([^']+)' requires an argument\.", r"optie \1 heeft een waarde nodig"),
    (r"Got unexpected extra arguments? \((.*)\)", r"onverwacht extra argument: \1"),
    (r"Invalid value for '([^']+)': ", r"ongeldige waarde voor \1: "),
    (r"(?i)(file|directory|path) '([^']*)' does not exist\.?", r"'\2' bestaat niet"),
    (r"(?i)(file|directory|path) '([^']*)' is a directory\.?", r"'\2' is een map, geen bestand"),
    (r"(?i)(file|directory|path) '([^']*)' is a file\.?", r"'\2' is een bestand, geen map"),
    (r"'([^']*)' is not a valid integer( range)?\.", r"'\1' is geen geheel getal"),
    (r"'([^']*)' is not one of (.*)\.", r"'\1' is geen van \2"),
]


def _dutch_help() -> None:
    """The help screen's own words in Dutch: Typer's panel titles and markers (Click's, see woo.cli.dutch)."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
    rich_utils.OPTIONS_PANEL_TITLE = "Opties"
    rich_utils.COMMANDS_PANEL_TITLE = "Commando's"
    rich_utils.DEFAULT_STRING = "[standaard: {}]"
    rich_utils.ENVVAR_STRING = "[omgevingsvariabele: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[verplicht]"


def _is_click_error(exc: Exception) -> bool:
    return isinstance(getattr(exc, "exit_code", None), int) and callable(getattr(exc, "format_message", None))


def _usage_error(exc: click.ClickException) -> int:
    import re

    message = exc.format_message()
    if not message.strip():  # `woo` without a command: Click printed the help, and has nothing to add
        return exc.exit_code
    for pattern, dutch in _CLICK_NL:
        message = re.sub(pattern, dutch, message)
    where = getattr(getattr(exc, "ctx", None), "command_path", "") or "woo"
    where = "woo" + where[where.find(" "):] if " " in where else "woo"
    message = message.strip().rstrip(".")
    typer.echo(f"Fout: {message}{'' if message.endswith(')') else '.'}\nZie `{where} --help`.", err=True)
    return exc.exit_code


def _report(exc: Exception) -> None:
    from woo.cli.common import fail
    from woo.errors import Permanent, WooError

    if isinstance(exc, WooError):
        # A Permanent error is the person's to fix (bad input, unknown request, a refused answer or change).
        fail(str(exc).rstrip(".") + ".", getattr(exc, "problems", []),
             code=2 if isinstance(exc, Permanent) else 1)
    if isinstance(exc, RuntimeError) and "ephemeral Prefect API server" in str(exc):
        fail("de tijdelijke Prefect-server startte niet op tijd.",
             ["probeer het opnieuw, of geef hem meer tijd: PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=300;",
              "of start een eigen server (`prefect server start`) en zet PREFECT_API_URL."], code=1)
    fail(f"onverwachte fout ({type(exc).__name__}); draai het commando opnieuw met --debug voor details.",
         code=1)
