"""The publish step with the gate inside: a leaking document is held and recorded, the rest is published;
a person settles the block (withhold for good, or recheck after a new redaction) and the publication follows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from privacy_dossier import REQUEST_ID, add_document, pdf_bytes, redact, text_pdf
from sqlalchemy import select
from stepping import run_now

from woo.case import Repository
from woo.privacy.blocks import open_blocks
from woo.process.gate import SettlementRefused, settle_block
from woo.process.publish import GATE_HELD_REMARK, GATE_WITHHELD_REMARK, publish
from woo.settings import get_settings
from woo.store.db import session_scope
from woo.store.models import AuditRow, GateBlockRow, RequestRow


@pytest.fixture
def decided(store) -> Path:
    """Document 1 redacted for real, document 2 with the redacted name only painted over; decision filed."""
    f = store.folder
    for n in (1, 2):
        original = text_pdf(f / f"{n}-origineel.pdf", [f"Notitie {n}", "Opgesteld door Sanne Elzinga."])
        add_document(n, original, f / f"{n}.pdf", redact(original, f / f"{n}.pdf", ["Sanne Elzinga"], really=n == 1))
    besluit = get_settings().request_dir(REQUEST_ID) / "besluit"
    besluit.mkdir(parents=True)
    (besluit / "besluit-openbaar.pdf").write_bytes(pdf_bytes(["Besluit op Woo-verzoek WOO-2026-0042"]))
    return get_settings().publication_dir / "WOO-2026-0042"


def _inventory(target: Path) -> dict[str, str]:
    lines = (target / "inventaris.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    return {line.split(";")[0]: line for line in lines}


def _block() -> GateBlockRow:
    with session_scope() as s:
        [row] = open_blocks(Repository(s), REQUEST_ID)
        return row


def test_a_leaking_document_is_held_recorded_and_the_rest_published(decided):
    result = run_now(publish, REQUEST_ID)
    assert result.status == "published" and result.documents == 1 and result.blocked_by_gate == 1
    assert [p.name[:3] for p in (decided / "documenten").iterdir()] == ["001"]
    assert GATE_HELD_REMARK in _inventory(decided)["2"]
    block = _block()
    assert (block.item, block.audience, block.document_number) == ("document:2", "public", 2)
    assert block.findings == [{"file": "documenten/002", "page": 1, "category": "redacted_text", "count": 1}]
    with session_scope() as s:
        payloads = " ".join(r.payload for r in s.scalars(select(AuditRow)))
        assert s.get(RequestRow, REQUEST_ID).status == "published"
    for value in ("Elzinga", "Sanne", "Smit", "Dorpsstraat"):
        assert value not in payloads


def test_withhold_leaves_the_document_out_for_good_and_the_inventory_says_so(decided):
    run_now(publish, REQUEST_ID)
    first = hashlib.sha256((decided / "besluit.pdf").read_bytes()).hexdigest()
    result = run_now(settle_block, REQUEST_ID, _block().id, "withhold", by="m.devries")
    assert result["status"] == "withheld" and result["publication"]["status"] == "published"
    assert GATE_WITHHELD_REMARK in _inventory(decided)["2"]
    assert [p.name[:3] for p in (decided / "documenten").iterdir()] == ["001"]
    assert hashlib.sha256((decided / "besluit.pdf").read_bytes()).hexdigest() == first
    with session_scope() as s:
        actions = [r.action for r in s.scalars(select(AuditRow).order_by(AuditRow.seq))]
    assert "privacy_gate.settled" in actions and actions[-1] == "request.publication_amended"
    with pytest.raises(SettlementRefused, match="al afgehandeld"):
        run_now(settle_block, REQUEST_ID, result["block"], "recheck", by="m.devries")


def test_recheck_after_a_new_redaction_adds_the_document_and_changes_nothing_published(decided, store):
    run_now(publish, REQUEST_ID)
    before = {p.name: p.read_bytes() for p in (decided / "documenten").iterdir()}
    # The document is redacted again, for real this time, into the same file.
    redact(store.folder / "2-origineel.pdf", store.folder / "2.pdf", ["Sanne Elzinga"])
    result = run_now(settle_block, REQUEST_ID, _block().id, "recheck", by="m.devries")
    assert result["status"] == "cleared"
    names = sorted(p.name for p in (decided / "documenten").iterdir())
    assert [n[:3] for n in names] == ["001", "002"]
    assert {n: (decided / "documenten" / n).read_bytes() for n in before} == before
    assert "aangehouden" not in _inventory(decided)["2"]


def test_a_recheck_that_still_fails_opens_the_block_again(decided):
    run_now(publish, REQUEST_ID)
    result = run_now(settle_block, REQUEST_ID, _block().id, "recheck", by="m.devries")
    assert result["status"] == "open"
    assert GATE_HELD_REMARK in _inventory(decided)["2"]


def test_the_decision_cannot_be_withheld_and_bad_settlements_are_refused(decided):
    with session_scope() as s:
        s.add(GateBlockRow(request_id=REQUEST_ID, item="file:besluit.pdf", audience="public", findings=[]))
    with session_scope() as s:
        block = s.scalar(select(GateBlockRow))
    with pytest.raises(SettlementRefused, match="besluit"):
        run_now(settle_block, REQUEST_ID, block.id, "withhold", by="m.devries")
    with pytest.raises(SettlementRefused, match="gebruikers-id"):
        run_now(settle_block, REQUEST_ID, block.id, "recheck", by="Mark de Vries")
    with pytest.raises(SettlementRefused, match="onbekende blokkade"):
        run_now(settle_block, REQUEST_ID, 999, "recheck", by="m.devries")
    with pytest.raises(ValueError):
        run_now(settle_block, REQUEST_ID, block.id, "publish anyway", by="m.devries")
