"""The timeline of a request and the short payload summaries shown with it."""

from __future__ import annotations

from woo.audit import ACTION_LABELS_NL, action_label, summarise_payload, timeline
from woo.case import Repository
from woo.schemas.audit import AuditAction


def test_every_action_has_a_dutch_label():
    assert set(ACTION_LABELS_NL) == set(AuditAction)
    assert action_label("decision.signed") == "Besluit ondertekend"
    assert action_label("something.else") == "something.else"


def test_summary_shortens_hashes_and_counts_collections():
    text = summarise_payload({"pdf_sha256": "ab" * 32, "files": {"a": 1, "b": 2}, "documents": list(range(9)),
                              "grounds": ["5.1.2e"], "lapsed": False, "n": 3})
    assert text == "documents=[9], files={2}, grounds=[5.1.2e], lapsed=nee, n=3, pdf_sha256=abababababab"


def test_summary_reads_the_stored_json_text_and_is_cut_to_width():
    text = summarise_payload('{"a":"' + "x" * 300 + '","b":"' + "y" * 30 + '"}', width=60)
    assert text.startswith("a=xxx") and len(text) == 60 and text.endswith("…")
    assert "x" * 39 + "…, b=yyy" in text  # one long value does not crowd out the others


def test_strict_summary_withholds_free_text_but_keeps_codes_dates_and_terms():
    text = summarise_payload({"problem": "Jan Jansen belde", "email": "jan@example.org", "ground": "5.1.2e",
                              "decision_type": "deels openbaar", "on": "2026-03-02", "key": "tp-1",
                              "name": "Jansen", "phone": "0612345678", "bsn": "123456782",
                              "number": "WOO-2026-0007", "state": "Completed", "request": "wr-0a1b2c3d4e"},
                             strict=True, width=1000)
    assert "Jansen" not in text and "example.org" not in text
    assert "0612345678" not in text and "123456782" not in text
    assert "problem=…" in text and "email=…" in text and "name=…" in text
    assert "number=WOO-2026-0007" in text and "state=Completed" in text and "request=wr-0a1b2c3d4e" in text
    assert "ground=5.1.2e" in text and "decision_type=deels openbaar" in text and "on=2026-03-02" in text
    assert "key=tp-1" in text


def test_timeline_lists_a_requests_events_in_order_with_run_ids(full_request):
    with full_request.session() as s:
        entries = timeline(Repository(s), "wr-full")
        assert timeline(Repository(s), "wr-unknown") == []
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert entries[0].action == AuditAction.FLOW_RUN_STATE and entries[0].flow_run_id == "fr-123"
    signed = next(e for e in entries if e.action == AuditAction.DECISION_SIGNED)
    assert (signed.actor, signed.action_nl, signed.payload) == (
        "teamleider-7", "Besluit ondertekend", {"decided_on": "2026-04-10"})
    assert signed.at.tzinfo is not None
