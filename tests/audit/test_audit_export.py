"""Exports of a request's audit trail: CSV and JSON with the same re-hashable events, and the compliance report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json

import pymupdf
import pytest

from woo.audit import EVENT_FIELDS, build_report, export_csv, export_json, export_request, report_html
from woo.case import Repository
from woo.store import audit_log as audit

TODAY = dt.date(2026, 5, 1)


def _csv_rows(store) -> list[dict[str, str]]:
    with store.session() as s:
        return list(csv.DictReader(io.StringIO(export_csv(Repository(s), "wr-full").decode("utf-8"))))


def _json(store) -> dict:
    with store.session() as s:
        return json.loads(export_json(Repository(s), "wr-full"))


def test_csv_and_json_carry_the_same_events_one_row_each(full_request):
    rows, body = _csv_rows(full_request), _json(full_request)
    assert len(rows) == len(body["events"]) == 10
    assert list(rows[0]) == list(EVENT_FIELDS)
    for row, event in zip(rows, body["events"], strict=True):
        assert row == {k: "" if v is None else str(v) for k, v in event.items()}


def test_exported_events_can_be_rehashed_by_anyone(full_request):
    events = _json(full_request)["events"]
    for event in events:
        assert audit.event_hash(event) == event["hash"]
    # Within one request the rows are consecutive here, so each names the previous one's hash.
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(events))


def test_json_carries_the_chain_verification_and_head_hash(full_request):
    body = _json(full_request)
    assert body["number"] == "WOO-2026-0007"
    assert body["chain"]["ok"] is True
    assert body["chain"]["head_hash"] == body["events"][-1]["hash"]


def _html(store) -> str:
    with store.session() as s:
        return report_html(build_report(Repository(s), "wr-full", today=TODAY,
                                        now=dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)))


def test_report_is_marked_confidential_and_escapes_stored_text(full_request):
    html = _html(full_request)
    assert html.count("VERTROUWELIJK") >= 2  # the banner and every page header
    assert "Jan Jansen" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_report_shows_every_legal_date_with_its_computation_and_outcome(full_request):
    html = _html(full_request)
    assert "Uiterste datum voor het besluit" in html  # the engine's own explanation
    assert "2026-04-13" in html and "2026-04-24" in html and "gehaald" in html
    assert "zienswijze" in html and "Woo 4.4(3); Awb 4:8" in html


def test_report_shows_parties_redactions_judgements_letters_files_runs_and_chain(full_request):
    html = _html(full_request)
    assert "tp-1" in html and "Bouwbedrijf" not in html
    assert "Eerbiediging van de persoonlijke levenssfeer" in html and "applied: 2, rejected: 1" in html
    assert "deels openbaar" in html and "5.1.2e" in html
    assert "cd" * 32 in html  # the acknowledgement's pdf hash
    assert "ef" * 32 in html and "documenten/002-brief.pdf" in html
    assert "fr-123" in html and "Running" in html and "Completed" in html and "fr-456" in html
    with full_request.session() as s:
        head = build_report(Repository(s), "wr-full", today=TODAY).chain.head_hash
    assert "De hashketen is intact." in html and head in html


def test_report_shows_a_broken_chain(full_request):
    full_request.drop_triggers()
    full_request.raw("UPDATE audit_events SET actor = 'mallory' WHERE seq = 8")
    html = _html(full_request)
    assert "De hashketen is verbroken" in html and "Regel 8 is gewijzigd" in html


def test_pdf_export_renders_the_report(full_request):
    with full_request.session() as s:
        pdf = export_request(Repository(s), "wr-full", "pdf")
    assert pdf.startswith(b"%PDF")
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        text = "".join(page.get_text() for page in doc)
    assert "VERTROUWELIJK" in text and "WOO-2026-0007" in text and "Tijdlijn" in text


def test_an_unknown_format_is_refused(full_request):
    with full_request.session() as s, pytest.raises(ValueError):
        export_request(Repository(s), "wr-full", "xlsx")
