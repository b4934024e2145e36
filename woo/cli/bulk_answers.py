"""Answering many waiting requests from one file: ``woo answer --file answers.jsonl``.

One JSON object per line: the request (id or number), the question key and the answer's fields, either nested
under ``answer`` or beside the two keys::

    {"request": "WOO-2026-0001", "question": "meeting", "answer": {"outcome": "scope_confirmed", ...}}
    {"request": "WOO-2026-0002", "question": "sign_off", "approve": true, "signed_by": "a.bakker"}

Each line takes the path of a single ``woo answer`` (:func:`woo.cli.answering.give_answer`: the form, the domain
rules, texts to the store, then the run resumed). A bad line is reported with its line number and skipped; the
other lines are answered all the same, so nothing else is lost. Prefect is only imported when a run is resumed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from woo.errors import Permanent

__all__ = ["ANSWERED", "REFUSED", "SKIPPED", "BulkSummary", "LineOutcome", "answer_file", "answer_lines", "parse_line"]

Status = Literal["beantwoord", "geweigerd", "overgeslagen"]
ANSWERED: Final[Status] = "beantwoord"
REFUSED: Final[Status] = "geweigerd"
SKIPPED: Final[Status] = "overgeslagen"

_REQUEST_KEYS = ("request", "verzoek")
_QUESTION_KEYS = ("question", "vraag")


class BadLine(Permanent, ValueError):
    """A line that cannot be read as one answer (the message is Dutch, without the line number)."""


@dataclass(frozen=True)
class LineOutcome:
    line: int
    status: Status
    message: str
    problems: tuple[str, ...] = ()


@dataclass
class BulkSummary:
    outcomes: list[LineOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return any(o.status != ANSWERED for o in self.outcomes)

    def line(self) -> str:
        return (f"{self.count(ANSWERED)} beantwoord, {self.count(REFUSED)} geweigerd, "
                f"{self.count(SKIPPED)} overgeslagen")


def _one_of(obj: dict[str, Any], keys: tuple[str, ...], what: str) -> str:
    present = [k for k in keys if k in obj]
    if len(present) != 1:
        raise BadLine(f"geef precies één van {' of '.join(repr(k) for k in keys)} ({what})")
    value = obj[present[0]]
    if not isinstance(value, str) or not value.strip():
        raise BadLine(f"'{present[0]}' moet tekst zijn ({what})")
    return value.strip()


def parse_line(text: str) -> tuple[str, str, dict[str, Any]]:
    """The request, the question key and the answer's fields of one line; raises :class:`BadLine`."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadLine(f"geen geldige JSON ({exc.msg}, teken {exc.pos + 1})") from None
    if not isinstance(obj, dict):
        raise BadLine("verwacht één JSON-object met request, question en de antwoordvelden")
    request = _one_of(obj, _REQUEST_KEYS, "id of zaaknummer")
    question = _one_of(obj, _QUESTION_KEYS, "de vraag, bijv. meeting")
    rest = {k: v for k, v in obj.items() if k not in _REQUEST_KEYS + _QUESTION_KEYS}
    if "answer" in rest:
        if len(rest) > 1 or not isinstance(rest["answer"], dict):
            raise BadLine("'answer' moet een object zijn en de enige plek van de antwoordvelden")
        rest = dict(rest["answer"])
    return request, question, rest


def answer_lines(lines: Iterable[str], give: Callable[[str, str, dict[str, Any]], Any] | None = None,
                 ) -> Iterator[LineOutcome]:
    """Answer every line in turn (``give`` is :func:`~woo.cli.answering.give_answer`); one outcome per
    non-empty line, in order. An error on one line never stops the next."""
    from woo.cli.answering import NotWaiting, give_answer
    from woo.errors import AnswerRefused, Permanent

    give = give or give_answer
    seen: dict[tuple[str, str], int] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            request, question, data = parse_line(text)
        except BadLine as bad:
            yield LineOutcome(number, SKIPPED, str(bad))
            continue
        where = f"{request}, vraag '{question}'"
        if (request, question) in seen:
            yield LineOutcome(number, SKIPPED, f"{where} staat al op regel {seen[request, question]}")
            continue
        seen[request, question] = number
        try:
            given = give(request, question, data)
        except AnswerRefused as refused:
            yield LineOutcome(number, REFUSED, f"{where}: antwoord niet geaccepteerd; het verzoek blijft wachten",
                              tuple(refused.problems))
        except NotWaiting as exc:
            yield LineOutcome(number, SKIPPED, f"{where}: {exc}")
        except Permanent as exc:  # an unknown request, or another rule of the person's to fix
            yield LineOutcome(number, SKIPPED, f"{where}: {str(exc).rstrip('.')}")
        except Exception as exc:  # the server or store failed for this line; the next may pass
            yield LineOutcome(number, SKIPPED, f"{where}: onverwachte fout ({type(exc).__name__}); "
                                               "het verzoek blijft wachten, probeer deze regel later opnieuw")
        else:
            label = getattr(given, "number", None) or request
            yield LineOutcome(number, ANSWERED, f"{label}, vraag '{question}' beantwoord")


def answer_file(path: Path) -> None:
    """``woo answer --file answers.jsonl``: answer each line, report bad lines by number, end with a summary;
    exit code 2 when any line was refused or skipped."""
    import typer

    from woo.cli.common import EXIT_USER_ERROR, console, err, next_step, use_home

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        err.print(f"Fout: {path} is geen tekstbestand (UTF-8) met één JSON-object per regel.", style="red",
                  markup=False, highlight=False)
        raise typer.Exit(EXIT_USER_ERROR) from None
    use_home(None, reading=True)  # answers go to a store that exists; never a new one
    summary = BulkSummary()
    for outcome in answer_lines(lines):
        summary.outcomes.append(outcome)
        if outcome.status == ANSWERED:
            console.print(f"regel {outcome.line}: {outcome.message}", markup=False, highlight=False)
            continue
        err.print(f"Fout in regel {outcome.line} ({outcome.status}): {outcome.message}.", style="red",
                  markup=False, highlight=False)
        for problem in outcome.problems:
            err.print(f"  - {problem}", markup=False, highlight=False)
    if not summary.outcomes:
        err.print(f"Fout: {path} bevat geen antwoorden (één JSON-object per regel).", style="red", markup=False,
                  highlight=False)
        raise typer.Exit(EXIT_USER_ERROR)
    console.print(f"Samenvatting: {summary.line()}.", highlight=False)
    if summary.failed:
        next_step("verbeter de regels hierboven en geef alleen die opnieuw; `woo pending` toont wat nog wacht.")
        raise typer.Exit(EXIT_USER_ERROR)
    next_step("`woo pending` toont de volgende vragen.")
