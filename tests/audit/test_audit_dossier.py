"""The dossier Markdown for the Prefect UI: dates and whether they were met, who decided, no personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from woo.audit import dossier_markdown
from woo.case import Repository
from woo.errors import UnknownRequest


def _dossier(store, request_id="wr-full", today=dt.date(2026, 5, 1)) -> str:
    with store.session() as s:
        return dossier_markdown(Repository(s), request_id, today=today)


def test_dossier_holds_no_personal_data_or_document_titles(full_request, personal_data):
    text = _dossier(full_request)
    for item in personal_data:
        assert item not in text
    assert "Voorbeeldstad" not in text  # the requester's postal address
    assert "<script>" not in text and "Parkeren" not in text  # the subject is the requester's own words


def test_dossier_states_dates_and_whether_they_were_met(full_request):
    text = _dossier(full_request)
    assert text.startswith("# Dossier WOO-2026-0007")
    assert "| Besluit | 2026-04-13 | 2026-04-10 | gehaald | art. 4.4 lid 1 Woo" in text
    assert "| Verstrekking van de informatie | 2026-04-24 | 2026-04-24 | gehaald |" in text
    assert "| Verzoek om precisering | 2026-03-16 | - | niet van toepassing |" in text
    assert "| zienswijze | 2026-03-13 | 2026-03-27 | 14 | Woo 4.4(3); Awb 4:8 |" in text
    assert "Niet verdaagd." in text


def test_dossier_names_who_decided_what_by_user_id(full_request):
    text = _dossier(full_request)
    decisions = text.split("## Wie besliste wat", 1)[1].split("## Tijdlijn", 1)[0]
    assert "| Besluit ondertekend | teamleider-7 | decide | Awb 10:3 (mandaat)" in decisions
    assert "| Besluit opgesteld | u-4711 |" in decisions
    assert "| u-4711 | applied | 2 |" in decisions and "| u-4711 | rejected | 1 |" in decisions


def test_dossier_timeline_shows_every_event_with_local_time(full_request):
    text = _dossier(full_request)
    timeline = text.split("## Tijdlijn", 1)[1]
    assert timeline.count("\n| ") == 1 + 10  # header and ten events
    assert "2026-03-02 10:00" in timeline  # 09:00 UTC is 10:00 in Amsterdam in winter
    assert "problem=…" in timeline


def test_an_open_request_past_its_due_date_is_shown_as_overdue(sqlite_store):
    sqlite_store.add_request("wr-open", number="WOO-2026-0009", received_on=dt.date(2026, 3, 2),
                             decision_due=dt.date(2026, 3, 30))
    text = _dossier(sqlite_store, "wr-open", today=dt.date(2026, 4, 15))
    assert "| Besluit | 2026-03-30 | - | verstreken, nog niet gedaan |" in text
    assert "Test Verzoeker" not in text


def test_unknown_request_is_refused(sqlite_store):
    with pytest.raises(UnknownRequest):
        _dossier(sqlite_store, "wr-nope")
