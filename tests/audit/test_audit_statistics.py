"""Year figures counted from rows inserted by hand, checked against counts made by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from woo.audit import stats_csv, stats_rows, write_chart, year_statistics
from woo.case import Repository
from woo.store.models import DocumentRow, RedactionRow, SuspensionRow

d = dt.date


@pytest.fixture
def year_rows(store):
    """Seven requests; see each line for what it contributes to 2026."""
    st = store
    # A: received and decided in 2026, on time, 25 days, January.
    st.add_request("a", received_on=d(2026, 1, 5), decided_on=d(2026, 1, 30), decision_due=d(2026, 2, 2),
                   resolution="openbaar")
    # B: decided late (51 days, March), extended, one zienswijze suspension.
    st.add_request("b", received_on=d(2026, 1, 10), decided_on=d(2026, 3, 2), decision_due=d(2026, 2, 23),
                   extended=True, resolution="deels openbaar")
    # C: decided on time (28 days, March), one precisering suspension.
    st.add_request("c", received_on=d(2026, 2, 1), decided_on=d(2026, 3, 1), decision_due=d(2026, 3, 2),
                   resolution="deels openbaar")
    # D: received in December, still open: counts as received only.
    st.add_request("d", received_on=d(2026, 12, 20), decision_due=d(2027, 1, 18))
    # E: received in 2025, decided in 2026 on the (recomputed, unstored) due day: 28 days, January.
    st.add_request("e", received_on=d(2025, 12, 15), decided_on=d(2026, 1, 12), resolution="niet openbaar")
    # F: all in 2025: not counted.
    st.add_request("f", received_on=d(2025, 11, 1), decided_on=d(2025, 11, 20), decision_due=d(2025, 11, 29),
                   resolution="openbaar")
    # G: received in 2026, withdrawn without a decision: counts as received only.
    st.add_request("g", received_on=d(2026, 5, 1), status="withdrawn")
    with st.session() as s:
        s.add(SuspensionRow(request_id="b", kind="zienswijze", start=d(2026, 1, 20), end=d(2026, 2, 3), reason="-",
                            legal_basis="Woo 4.4(3)"))
        s.add(SuspensionRow(request_id="c", kind="precisering", start=d(2026, 2, 3), end=d(2026, 2, 5), reason="-",
                            legal_basis="Awb 4:15"))
        s.add(SuspensionRow(request_id="f", kind="zienswijze", start=d(2025, 11, 3), end=d(2025, 11, 5), reason="-",
                            legal_basis="Woo 4.4(3)"))
        docs = [("a", 1, "openbaar", []), ("a", 2, "openbaar", []),
                ("b", 1, "deels openbaar", ["5.1.2e", "5.1.1e", "art. 5.1 lid 1 onder e"]),
                ("b", 2, "niet openbaar", ["5.1.2e"]),
                ("f", 1, "niet openbaar", ["5.1.2e"]), ("c", 1, None, None)]
        for rid, number, judgement, grounds in docs:
            s.add(DocumentRow(request_id=rid, number=number, source_path="-", display_name="-",
                              media_type="application/pdf", title="-", judgement=judgement, grounds=grounds))
        for ground, status in (("5.1.2e", "accepted"), ("5.1.2e", "applied"), ("5.1.2e", "applied"),
                               ("5.1.1e", "applied"), ("5.1.2e", "rejected"), ("5.1.2e", "proposed")):
            s.add(RedactionRow(request_id="b", document_number=1, page=0, rect=[0, 0, 1, 1], category="x",
                               ground=ground, status=status))
    return st


def test_year_statistics_match_the_hand_count(year_rows):
    with year_rows.session() as s:
        stats = year_statistics(Repository(s), 2026)
    assert (stats.received, stats.decided, stats.decided_on_time) == (5, 4, 3)
    assert stats.on_time_share == 0.75
    assert sorted(stats.handling_days) == [25, 28, 28, 51]
    assert stats.average_handling_days == 33.0 and stats.median_handling_days == 28.0
    assert (stats.extended, stats.suspended_requests) == (1, 2)
    assert stats.suspensions_by_kind == {"precisering": 1, "zienswijze": 1}
    assert stats.decision_types == {"deels openbaar": 2, "niet openbaar": 1, "openbaar": 1}
    assert stats.judgements == {"deels openbaar": 1, "niet openbaar": 1, "openbaar": 2}
    # Two notations of 5.1.1e on one document count once; 5.1.2e is on two documents.
    assert stats.grounds == {"5.1.1e": 1, "5.1.2e": 2}
    assert stats.redactions_by_ground == {"5.1.1e": 1, "5.1.2e": 3}
    assert stats.handling_days_by_month == {1: (28, 25), 3: (28, 51)}
    assert stats.unknown_due == 0


def test_a_year_without_requests_has_no_averages(year_rows):
    with year_rows.session() as s:
        stats = year_statistics(Repository(s), 2024)
    assert (stats.received, stats.decided) == (0, 0)
    assert stats.on_time_share is None and stats.median_handling_days is None
    assert ("Aandeel tijdig", "-") in stats_rows(stats)


def test_rows_and_csv_are_dutch_and_agree(year_rows):
    with year_rows.session() as s:
        stats = year_statistics(Repository(s), 2026)
    rows = dict(stats_rows(stats))
    assert rows["Aandeel tijdig"] == "75,0%"
    assert rows["Mediane behandelduur (dagen)"] == "28,0"
    assert rows["Behandelduur 2026-03 (mediaan, 2 besluiten)"] == "39,5"
    text = stats_csv(stats)
    assert text.splitlines()[0] == "onderdeel,waarde"
    assert "Ontvangen verzoeken,5" in text.splitlines()


def test_chart_is_a_png(year_rows, tmp_path):
    with year_rows.session() as s:
        stats = year_statistics(Repository(s), 2026)
    path = write_chart(stats, tmp_path / "out" / "chart.png")
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
