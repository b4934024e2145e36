"""The append-only triggers, and chain verification naming each kind of tampering where it happened."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from woo.audit import BreakKind, verify_chain
from woo.case import Repository
from woo.store import audit_log as audit

# Eight events alternating between two requests: seq 1, 3, 5, 7 are wr-a's, 2, 4, 6, 8 are wr-b's.
N = 8


@pytest.fixture
def chain(store):
    store.add_request("wr-a", number="WOO-2026-0001")
    store.add_request("wr-b", number="WOO-2026-0002")
    for i in range(N):
        store.append("wr-a" if i % 2 == 0 else "wr-b", start=i)
    return store


def report(store, request_id=None):
    with store.session() as s:
        return verify_chain(Repository(s), request_id)


def test_an_untouched_chain_verifies_and_reports_its_head(chain):
    result = report(chain)
    assert result.ok and result.first_break is None
    assert result.rows_checked == N
    assert result.head_seq == N
    assert result.head_hash == chain.row(N)["hash"]
    assert "intact" in result.summary_nl()


def test_an_empty_log_verifies(store):
    result = report(store)
    assert result.ok and result.rows_checked == 0 and result.head_hash == audit.GENESIS_HASH


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor = 'mallory' WHERE seq = 3",
                                       "DELETE FROM audit_events WHERE seq = 3"])
def test_triggers_refuse_update_and_delete(chain, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        chain.raw(statement)
    assert chain.row(3)["actor"] == "system"
    assert report(chain).ok


def test_postgresql_also_refuses_truncate(chain):
    if chain.dialect != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(DBAPIError, match="append-only"):
        chain.raw("TRUNCATE audit_events")
    assert len(chain.rows()) == N


def test_an_edited_row_is_named(chain):
    chain.drop_triggers()
    chain.raw("UPDATE audit_events SET actor = 'mallory' WHERE seq = 4")
    first = report(chain).first_break
    assert first is not None
    assert (first.kind, first.seq, first.suspect_seq) == (BreakKind.EDITED, 4, 4)
    assert "Regel 4 is gewijzigd" in first.describe_nl()


def test_an_edited_and_rehashed_row_is_named_by_its_successors_dangling_link(chain):
    chain.drop_triggers()
    row = chain.row(4)
    row["payload"] = '{"i":999}'
    chain.raw("UPDATE audit_events SET payload = :p, hash = :h WHERE seq = 4", p=row["payload"],
              h=audit.event_hash(row))
    result = report(chain)
    assert (result.first_break.kind, result.first_break.seq, result.first_break.suspect_seq) == (
        BreakKind.EDITED, 5, 4)
    assert len(result.breaks) == 1


def test_a_deleted_row_is_named_with_the_missing_number(chain):
    chain.drop_triggers()
    chain.raw("DELETE FROM audit_events WHERE seq = 4")
    first = report(chain).first_break
    assert (first.kind, first.seq, first.suspect_seq, first.missing_seqs) == (BreakKind.DELETED, 5, None, (4,))
    assert "4" in first.describe_nl()


def test_deleting_the_first_rows_is_detected(chain):
    chain.drop_triggers()
    chain.raw("DELETE FROM audit_events WHERE seq <= 2")
    first = report(chain).first_break
    assert (first.kind, first.seq, first.missing_seqs) == (BreakKind.DELETED, 3, (1, 2))


def test_a_well_formed_row_inserted_in_the_middle_is_named(chain, forge):
    chain.drop_triggers()
    # Make room after seq 4, then slip in a row that claims seq 4 as its predecessor and hashes correctly.
    chain.raw("UPDATE audit_events SET seq = seq + 100 WHERE seq > 4")
    chain.insert_row(**forge(chain.row(4)["hash"], seq=5))
    result = report(chain)
    first = result.first_break
    assert (first.kind, first.seq, first.suspect_seq) == (BreakKind.INSERTED, 105, 5)
    assert len(result.breaks) == 1


def test_a_forged_row_appended_with_a_made_up_predecessor_is_named(chain, forge):
    chain.drop_triggers()
    chain.insert_row(**forge("f" * 64, seq=N + 1))
    first = report(chain).first_break
    assert (first.kind, first.seq, first.suspect_seq) == (BreakKind.INSERTED, N + 1, N + 1)


def test_an_inserted_row_with_a_wrong_hash_is_named_as_inserted(chain, forge):
    chain.drop_triggers()
    chain.raw("UPDATE audit_events SET seq = seq + 100 WHERE seq > 4")
    row = forge(chain.row(4)["hash"], seq=5)
    row["hash"] = "e" * 64
    chain.insert_row(**row)
    first = report(chain).first_break
    assert (first.kind, first.seq, first.suspect_seq) == (BreakKind.INSERTED, 5, 5)


def test_two_swapped_rows_are_named_as_reordered(chain):
    chain.drop_triggers()
    chain.raw("UPDATE audit_events SET seq = -1 WHERE seq = 3")
    chain.raw("UPDATE audit_events SET seq = 3 WHERE seq = 6")
    chain.raw("UPDATE audit_events SET seq = 6 WHERE seq = -1")
    result = report(chain)
    first = result.first_break
    assert (first.kind, first.seq, first.suspect_seq) == (BreakKind.REORDERED, 3, 3)
    assert first.related_seq == 5  # the old seq 6 followed seq 5, which now sits after it
    assert all(b.kind is BreakKind.REORDERED for b in result.breaks)


def test_two_neighbours_swapped_are_named_as_reordered(chain):
    chain.drop_triggers()
    chain.raw("UPDATE audit_events SET seq = -1 WHERE seq = 4")
    chain.raw("UPDATE audit_events SET seq = 4 WHERE seq = 5")
    chain.raw("UPDATE audit_events SET seq = 5 WHERE seq = -1")
    result = report(chain)
    assert (result.first_break.kind, result.first_break.seq) == (BreakKind.REORDERED, 4)
    assert {b.kind for b in result.breaks} == {BreakKind.REORDERED}


def test_a_request_report_lists_only_breaks_touching_that_request(chain):
    chain.drop_triggers()
    chain.raw("UPDATE audit_events SET actor = 'mallory' WHERE seq = 4")  # a wr-b row
    for_a, for_b = report(chain, "wr-a"), report(chain, "wr-b")
    assert for_a.ok and for_a.total_breaks == 1 and for_a.request_rows == N // 2
    assert "elders in de keten" in for_a.summary_nl()
    assert not for_b.ok and for_b.first_break.seq == 4


def test_a_deletion_counts_against_every_request_because_its_owner_is_unknown(chain):
    chain.drop_triggers()
    chain.raw("DELETE FROM audit_events WHERE seq = 4")
    assert not report(chain, "wr-a").ok
    assert not report(chain, "wr-b").ok



def test_the_migration_adds_the_triggers_and_its_downgrade_removes_them(chain):
    from alembic import command

    from woo.store.db import get_engine
    from woo.store.migrate import alembic_config, upgrade

    engine = get_engine(chain.url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    chain.raw("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")
    assert report(chain).first_break.kind is BreakKind.EDITED
    upgrade(engine)
    with pytest.raises(DBAPIError, match="append-only"):
        chain.raw("DELETE FROM audit_events WHERE seq = 2")


def test_a_rolled_back_append_leaves_the_chain_intact(chain):
    # On PostgreSQL the rolled-back row still uses up a sequence number: a gap alone is not tampering.
    with pytest.raises(RuntimeError), chain.session() as s:
        audit.record(s, "step.failed", request_id="wr-a")
        raise RuntimeError("crash before commit")
    chain.append("wr-a", start=N)
    result = report(chain)
    assert result.ok and result.rows_checked == N + 1
