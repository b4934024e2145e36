"""`woo answer --file answers.jsonl`: every line is checked like a single answer; a bad line is reported by its
number and skipped, the others are still handled, and the run ends with a summary and exit code 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner


def _request(received: dt.date) -> str:
    from woo.case import UnitOfWork
    from woo.process.intake import receive

    request_id, _ = receive(UnitOfWork(), {
        "request": {"subject": "Plein", "description": "Alle documenten over het plein.",
                    "received_on": received.isoformat()},
        "requester": {"name": "Jolanda Jansen", "email": "jolanda@voorbeeld.nl"}}, documents=None, answers=None)
    return request_id


def test_bad_lines_are_reported_by_number_and_the_rest_is_still_handled(woo_home: Path, tmp_path: Path):
    from woo.cli import app

    request_id = _request(dt.date(2026, 11, 2))
    meeting = {"outcome": "scope_confirmed", "held_on": "2026-11-05", "answered_by": "m.devries"}
    lines = [
        json.dumps({"request": request_id, "question": "meeting", "answer": meeting}),  # not waiting (yet)
        '{"request": "WOO-2026-0001", "question": ',                                     # broken JSON
        json.dumps({"request": request_id, "question": "koffie", "approve": True}),      # no such question
        "",
        json.dumps({"verzoek": "WOO-2026-9999", "vraag": "meeting", **meeting}),         # unknown request
        json.dumps({"request": request_id, "question": "meeting", "answer": meeting}),  # the same twice
        json.dumps(["niet", "een", "object"]),
    ]
    file = tmp_path / "antwoorden.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["answer", "--file", str(file)])
    out = " ".join(result.output.split())

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "regel 1 (overgeslagen)" in out and "wacht niet op 'meeting'" in out
    assert "regel 2 (overgeslagen): geen geldige JSON" in out
    assert "regel 3 (geweigerd)" in out and "onbekende vraag 'koffie'" in out
    assert "regel 5 (overgeslagen): WOO-2026-9999" in out
    assert "regel 6 (overgeslagen)" in out and "staat al op regel 1" in out
    assert "regel 7 (overgeslagen): verwacht één JSON-object" in out
    assert "regel 4" not in out  # an empty line is no answer
    assert "Samenvatting: 0 beantwoord, 1 geweigerd, 5 overgeslagen." in out


def test_each_line_reaches_the_single_answer_path_and_one_failure_does_not_stop_the_next():
    from woo.cli.bulk_answers import ANSWERED, REFUSED, SKIPPED, answer_lines
    from woo.errors import AnswerRefused

    calls: list[tuple[str, str, dict[str, object]]] = []

    def give(request: str, question: str, data: dict[str, object]) -> object:
        calls.append((request, question, data))
        if request == "WOO-2026-0002":
            raise AnswerRefused(["de datum ligt vóór de ontvangst"])
        if request == "WOO-2026-0003":
            raise ConnectionError("server weg")
        return None

    lines = [json.dumps({"request": f"WOO-2026-000{i}", "question": "sign_off",
                         "answer": {"approve": True, "signed_by": "a.bakker"}}) for i in (1, 2, 3, 4)]
    outcomes = list(answer_lines(lines, give=give))

    assert [o.status for o in outcomes] == [ANSWERED, REFUSED, SKIPPED, ANSWERED]
    assert outcomes[1].problems == ("de datum ligt vóór de ontvangst",)
    assert "onverwachte fout (ConnectionError)" in outcomes[2].message
    assert calls[0] == ("WOO-2026-0001", "sign_off", {"approve": True, "signed_by": "a.bakker"})
    assert len(calls) == 4


def test_a_jsonl_file_takes_no_request_or_question_and_a_single_answer_needs_both(woo_home: Path, tmp_path: Path):
    from woo.cli import app

    file = tmp_path / "a.jsonl"
    file.write_text("{}\n", encoding="utf-8")
    runner = CliRunner()
    mixed = runner.invoke(app, ["answer", "WOO-2026-0001", "meeting", "--file", str(file)])
    bare = runner.invoke(app, ["answer", "WOO-2026-0001"])
    assert mixed.exit_code == 2 and "per regel het verzoek en de vraag" in " ".join(mixed.output.split())
    assert bare.exit_code == 2 and "argument step ontbreekt" in " ".join(bare.output.split())
