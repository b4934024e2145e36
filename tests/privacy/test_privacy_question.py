"""The privacy question: a document the gate held is put to a person, by block id and without any value; the
answer is checked (unknown or missing blocks refused) and carried out once, also when the run replays it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from privacy_dossier import REQUEST_ID, add_document, pdf_bytes, redact, text_pdf
from stepping import run_now

from woo.case import Repository, UnitOfWork
from woo.errors import AnswerRefused
from woo.privacy.blocks import open_blocks
from woo.process.gate import settle_answered_blocks
from woo.process.publish import GATE_HELD_REMARK, GATE_WITHHELD_REMARK, publish
from woo.questions.catalogue import check_and_store, describe, is_answered
from woo.settings import get_settings
from woo.store.db import session_scope
from woo.store.models import RequestRow


@pytest.fixture
def held(store) -> Path:
    """Document 2's redacted name is only painted over: publishing holds it and asks the privacy question."""
    f = store.folder
    for n in (1, 2):
        original = text_pdf(f / f"{n}-origineel.pdf", [f"Notitie {n}", "Opgesteld door Sanne Elzinga."])
        add_document(n, original, f / f"{n}.pdf", redact(original, f / f"{n}.pdf", ["Sanne Elzinga"], really=n == 1))
    besluit = get_settings().request_dir(REQUEST_ID) / "besluit"
    besluit.mkdir(parents=True)
    (besluit / "besluit-openbaar.pdf").write_bytes(pdf_bytes(["Besluit op Woo-verzoek WOO-2026-0042"]))
    assert run_now(publish, REQUEST_ID).blocked_by_gate == 1
    return get_settings().publication_dir / "WOO-2026-0042"


def _inventory(target: Path) -> dict[str, str]:
    lines = (target / "inventaris.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    return {line.split(";")[0]: line for line in lines}


def _answer(decisions: list[dict[str, object]]) -> None:
    with session_scope() as s:
        check_and_store(UnitOfWork.joining(s), s.get(RequestRow, REQUEST_ID), "privacy",
                        {"decisions": decisions, "answered_by": "m.devries"}, today=dt.date.today())


def _block_id() -> int:
    with session_scope() as s:
        [block] = open_blocks(Repository(s), REQUEST_ID)
        return block.id


def test_the_question_lists_each_block_by_id_without_any_value(held):
    block = _block_id()
    with session_scope() as s:
        req = s.get(RequestRow, REQUEST_ID)
        assert not is_answered(Repository(s), req, "privacy")
        markdown = describe(Repository(s), req, "privacy")
    assert "Geblokkeerde stukken: persoonsgegevens gevonden" in markdown
    assert f"| {block} | document:2 (publicatie): tegengehouden" in markdown and "pagina 1" in markdown
    assert "Elzinga" not in markdown and "Sanne" not in markdown


def test_unknown_and_missing_blocks_are_refused(held):
    block = _block_id()
    with pytest.raises(AnswerRefused, match="onbekende of al afgehandelde blokkade 999"):
        _answer([{"block": block, "decision": "withhold"}, {"block": 999, "decision": "recheck"}])
    with pytest.raises(AnswerRefused, match=r"privacy\.decisions"):
        _answer([])
    with session_scope() as s:
        assert not is_answered(Repository(s), s.get(RequestRow, REQUEST_ID), "privacy")


def test_withhold_leaves_the_document_out_and_a_replay_settles_nothing_twice(held):
    _answer([{"block": _block_id(), "decision": "withhold"}])
    with session_scope() as s:
        assert is_answered(Repository(s), s.get(RequestRow, REQUEST_ID), "privacy")
    assert run_now(settle_answered_blocks, REQUEST_ID) == {"settled": 1, "skipped": 0}
    assert GATE_WITHHELD_REMARK in _inventory(held)["2"]
    assert [p.name[:3] for p in (held / "documenten").iterdir()] == ["001"]
    assert run_now(settle_answered_blocks, REQUEST_ID) == {"settled": 0, "skipped": 1}


def test_recheck_after_the_leak_is_fixed_publishes_the_document(held, store):
    assert GATE_HELD_REMARK in _inventory(held)["2"]
    redact(store.folder / "2-origineel.pdf", store.folder / "2.pdf", ["Sanne Elzinga"])  # now for real
    _answer([{"block": _block_id(), "decision": "recheck"}])
    assert run_now(settle_answered_blocks, REQUEST_ID) == {"settled": 1, "skipped": 0}
    assert sorted(p.name[:3] for p in (held / "documenten").iterdir()) == ["001", "002"]
    assert "aangehouden" not in _inventory(held)["2"]
    with session_scope() as s:
        assert open_blocks(Repository(s), REQUEST_ID) == []
