"""``woo deadlines calc``: the legal deadlines of one request, or of many from a JSON-lines file, as JSON.

The lead mounts :data:`app` as ``woo deadlines``. Output is machine-readable JSON; error messages are Dutch
because officials read them.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from woo.deadlines import DeadlineInputError, compute_deadlines

__all__ = ["app", "calc", "case_from_json", "parse_date", "parse_interval", "run_batch"]

app = typer.Typer(help="Wettelijke termijnen van Woo-verzoeken berekenen.")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BATCH_KEYS = ("received", "precisering", "zienswijze", "extended", "decided", "objection_expected")
_EXIT_BAD_INPUT = 2
_EXIT_SOME_LINES_FAILED = 1


def parse_date(text: object, what: str) -> date:
    """A strict ``JJJJ-MM-DD`` date; anything else is refused with a message naming ``what``."""
    # date.fromisoformat also takes week dates and compact forms; only the plain form is unambiguous here.
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text.strip()):
        raise DeadlineInputError(f"{what}: '{text}' is geen datum in de vorm JJJJ-MM-DD.")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DeadlineInputError(f"{what}: '{text}' bestaat niet als datum.") from None


def parse_interval(value: object, what: str) -> tuple[date, date]:
    """``"START:EINDE"`` (command line) or ``[start, end]`` (JSON) as a pair of dates."""
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) != 2:
            raise DeadlineInputError(
                f"{what}: '{value}' moet de vorm BEGIN:EINDE hebben, bv. 2026-03-05:2026-03-12."
            )
    elif isinstance(value, list | tuple):
        parts = list(value)
        if len(parts) != 2:
            raise DeadlineInputError(
                f"{what}: {json.dumps(value)} moet precies twee datums [begin, einde] bevatten."
            )
    else:
        raise DeadlineInputError(f"{what}: {json.dumps(value)} is geen periode [begin, einde].")
    return parse_date(parts[0], f"{what}, begindatum"), parse_date(parts[1], f"{what}, einddatum")


def _bool(value: object, what: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise DeadlineInputError(f"{what}: {json.dumps(value)} moet true of false zijn.")
    return value


def _intervals(value: object, what: str) -> list[tuple[date, date]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DeadlineInputError(f"{what}: verwacht een lijst van perioden [[begin, einde], ...].")
    return [parse_interval(item, f"{what} {i}") for i, item in enumerate(value, start=1)]


def case_from_json(obj: object, *, explain: bool = False) -> dict[str, Any]:
    """One batch line, already parsed from JSON, to its result object; raises DeadlineInputError."""
    if not isinstance(obj, dict):
        raise DeadlineInputError("de regel is geen JSON-object {...}.")
    unknown = sorted(set(obj) - set(_BATCH_KEYS))
    if unknown:
        raise DeadlineInputError(
            f"onbekende sleutel(s) {', '.join(unknown)}; toegestaan: {', '.join(_BATCH_KEYS)}."
        )
    if "received" not in obj:
        raise DeadlineInputError("sleutel 'received' (ontvangstdatum) ontbreekt.")
    decided = obj.get("decided")
    result = compute_deadlines(
        parse_date(obj["received"], "received"),
        precisering=_intervals(obj.get("precisering"), "precisering"),
        zienswijze=_intervals(obj.get("zienswijze"), "zienswijze"),
        extended=_bool(obj.get("extended"), "extended"),
        decided=None if decided is None else parse_date(decided, "decided"),
        objection_expected=_bool(obj.get("objection_expected"), "objection_expected"),
    )
    return result.to_dict(explain=explain)


def run_batch(lines: Iterable[str], *, explain: bool = False) -> Iterator[tuple[dict[str, Any], bool]]:
    """One ``(output object, ok)`` per non-blank line, in order; a bad line never stops the others."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield case_from_json(json.loads(line), explain=explain), True
        except json.JSONDecodeError as exc:
            yield {"line": number, "error": f"ongeldige JSON: {exc.msg} (kolom {exc.colno})."}, False
        except DeadlineInputError as exc:
            yield {"line": number, "error": str(exc)}, False


def _emit(obj: dict[str, Any]) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False))


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Fout: {message}", err=True)
    return typer.Exit(_EXIT_BAD_INPUT)


def _open_input(path: Path) -> TextIO:
    if str(path) == "-":
        return sys.stdin
    try:
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise _fail(f"invoerbestand '{path}' kan niet worden gelezen: {exc.strerror}.") from None


@app.command()
def calc(
    received: Annotated[
        str | None, typer.Option("--received", help="Ontvangstdatum van het verzoek (JJJJ-MM-DD).")
    ] = None,
    precisering: Annotated[
        list[str] | None,
        typer.Option(
            "--precisering", help="Opschorting voor preciseren: UITNODIGING:ONTVANGST (herhaalbaar)."
        ),
    ] = None,
    zienswijze: Annotated[
        list[str] | None,
        typer.Option("--zienswijze", help="Opschorting voor zienswijze: MEDEDELING:ONTVANGST (herhaalbaar)."),
    ] = None,
    extended: Annotated[bool, typer.Option("--extended", help="De beslistermijn is verdaagd.")] = False,
    decided: Annotated[
        str | None, typer.Option("--decided", help="Datum van bekendmaking van het besluit (JJJJ-MM-DD).")
    ] = None,
    objection_expected: Annotated[
        bool, typer.Option("--objection-expected", help="Een derde maakt naar verwachting bezwaar.")
    ] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Voeg de uitleg in zinnen toe.")] = False,
    input_path: Annotated[
        Path | None,
        typer.Option("--input", help="JSON-lines-bestand met één verzoek per regel ('-' voor stdin)."),
    ] = None,
) -> None:
    """Bereken de wettelijke termijnen en druk ze af als JSON."""
    if input_path is not None:
        if received or precisering or zienswijze or extended or decided or objection_expected:
            raise _fail("gebruik --input óf de losse opties (--received enz.), niet allebei.")
        stream = _open_input(input_path)
        failed = 0
        try:
            for obj, ok in run_batch(stream, explain=explain):
                _emit(obj)
                failed += not ok
        except UnicodeDecodeError:
            raise _fail(f"invoerbestand '{input_path}' is geen UTF-8-tekst.") from None
        finally:
            if stream is not sys.stdin:
                stream.close()
        if failed:
            typer.echo(f"{failed} regel(s) konden niet worden berekend.", err=True)
            raise typer.Exit(_EXIT_SOME_LINES_FAILED)
        return

    if received is None:
        raise _fail("geef --received (ontvangstdatum) of --input (bestand met verzoeken).")
    try:
        result = compute_deadlines(
            parse_date(received, "--received"),
            precisering=[parse_interval(v, "--precisering") for v in precisering or ()],
            zienswijze=[parse_interval(v, "--zienswijze") for v in zienswijze or ()],
            extended=extended,
            decided=None if decided is None else parse_date(decided, "--decided"),
            objection_expected=objection_expected,
        )
    except DeadlineInputError as exc:
        raise _fail(str(exc)) from None
    _emit(result.to_dict(explain=explain))
