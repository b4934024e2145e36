"""The inventory as governments exchange it: the production report's columns, every document found, CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from openpyxl import load_workbook

from woo.decision.inventory import CSV_HEADER, build_inventory
from woo.publication.readingroom import inventory_entries


@dataclass
class Doc:
    number: int
    title: str
    media_type: str = "application/pdf"
    date: dt.date | None = None
    family: int | None = None
    parent: int | None = None
    duplicate_of: int | None = None
    error: str | None = None
    judgement: str | None = "openbaar"
    grounds: list[str] | None = field(default_factory=list)
    remark: str | None = None
    link: str | None = None
    held_reason: str | None = None
    message_id: str | None = None
    replies_to: list[str] | None = None


def dossier() -> list[Doc]:
    return [
        Doc(1, "Offerte herinrichting", "message/rfc822", dt.date(2025, 2, 20), family=1, judgement="deels openbaar",
            grounds=["5.1.1c", "5.1.2e"], remark="Prijsopbouw vertrouwelijk verstrekt"),
        Doc(2, "Offerte", date=dt.date(2025, 2, 20), family=1, parent=1, judgement="niet openbaar",
            grounds=["5.1.1c"]),
        Doc(3, "Re: Offerte herinrichting", "message/rfc822", dt.date(2025, 2, 21), family=3),
        Doc(4, "Persbericht", date=dt.date(2025, 3, 1), family=4, judgement="reeds openbaar",
            link="https://www.voorbeeldstad.nl/nieuws/1"),
        Doc(5, "Kopie offerte", family=5, duplicate_of=2, judgement="niet openbaar", grounds=["5.1.1c"],
            remark="Duplicaat van document 2"),
        Doc(6, "Raadsvoorstel", family=6, error="Beschadigde PDF: het bestand kan niet worden geopend",
            judgement=None, grounds=None),
        Doc(7, "=HYPERLINK(\"http://x\")", "text/plain", family=7),
    ]


def test_every_document_found_is_a_row_with_the_production_report_columns():
    inv = build_inventory(dossier(), case_number="WOO-2026-0007")
    assert inv.found == 7 and len(inv.judged) == 6 and [i.id for i in inv.unreadable] == [6]
    rows = list(csv.reader(io.StringIO(inv.csv().decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[0][:14] == ["ID", "Matter", "Family ID", "Email Thread ID", "Document", "File type", "Datum",
                            "Beoordeling", "Opgeschort", "Beoordelingsgrond", "Toelichting", "Publieke link",
                            "Gerelateerd ID", "Zaaknummer"]
    by_id = {r[0]: dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]}
    assert len(by_id) == 7
    one = by_id["1"]
    assert one["Matter"] == one["Zaaknummer"] == "WOO-2026-0007"
    assert one["Family ID"] == "1" and by_id["2"]["Family ID"] == "1" and by_id["4"]["Family ID"] == ""
    assert one["File type"] == "email" and by_id["2"]["File type"] == "pdf" and by_id["7"]["File type"] == "note"
    assert one["Datum"] == "2025-02-20" and by_id["5"]["Datum"] == ""
    assert one["Beoordelingsgrond"] == "5.1.1c; 5.1.2e;" and by_id["3"]["Beoordelingsgrond"] == ""
    assert by_id["4"]["Publieke link"] == "https://www.voorbeeldstad.nl/nieuws/1"
    assert by_id["5"]["Gerelateerd ID"] == "2" and by_id["5"]["Status"] == "duplicaat"
    # The reply is in the first e-mail's thread; attachments have no thread.
    assert one["Email Thread ID"] == by_id["3"]["Email Thread ID"] == "1" and by_id["2"]["Email Thread ID"] == ""
    unreadable = by_id["6"]
    assert unreadable["Beoordeling"] == "niet beoordeeld" and unreadable["Status"] == "onleesbaar"
    assert "kon niet worden gelezen (beschadigde PDF" in unreadable["Toelichting"]
    # A formula in a title stays text in a spreadsheet.
    assert by_id["7"]["Document"].startswith("'=")


def test_csv_is_utf8_with_bom_semicolons_and_crlf_and_keeps_non_ascii_titles():
    data = build_inventory([Doc(1, "Notulen café De Zwaan", family=1)], case_number="WOO-1").csv()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"ID;Matter;" in data
    assert "Notulen café De Zwaan" in data.decode("utf-8-sig")


def test_opgeschort_while_a_third_party_objects_and_the_documents_are_not_yet_disclosed():
    docs = dossier()
    pending = build_inventory(docs, case_number="W", objected={1, 2, 3})
    # Only (partly) public documents wait for the objection; a refused one has nothing to disclose.
    assert {i.id for i in pending.items if i.suspended} == {1, 3}
    assert not any(i.suspended for i in build_inventory(docs, case_number="W", objected={1, 3}, disclosed=True).items)


def test_xlsx_has_the_same_rows_with_real_dates():
    inv = build_inventory(dossier(), case_number="WOO-2026-0007")
    sheet = load_workbook(io.BytesIO(inv.xlsx())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == CSV_HEADER and len(values) == 1 + inv.found
    assert values[1][6] == dt.datetime(2025, 2, 20) and values[1][9] == "5.1.1c; 5.1.2e;"
    assert values[6][7] == "niet beoordeeld"
    assert values[7][4].startswith("'=")


def test_published_inventory_carries_the_vindplaats_and_why_a_document_was_held():
    inv = build_inventory(dossier(), case_number="W").with_locations(
        {1: "https://open.voorbeeldstad.nl/W/documenten/001-offerte.pdf"}, {3: "Aangehouden door de privacytoets."})
    by_id = {i.id: i for i in inv.items}
    assert by_id[1].location.endswith("001-offerte.pdf") and by_id[2].location is None
    assert by_id[3].status == "aangehouden" and by_id[3].explanation == "Aangehouden door de privacytoets."
    # The reading room reads the published CSV back.
    entries = {e.number: e for e in inventory_entries(inv.csv())}
    assert entries[1].grounds == "5.1.1c, 5.1.2e" and entries[1].date == dt.date(2025, 2, 20)
    assert entries[6].judgement == "niet beoordeeld" and entries[7].title.startswith("=")


def test_the_letter_annex_lists_every_document_found_so_its_count_is_the_inventorys():
    inv = build_inventory(dossier(), case_number="W")
    rows = inv.letter_rows()
    assert len(rows) == inv.found == 7
    assert rows[5].judgement == "niet beoordeeld" and rows[0].file_type == "e-mail"


def test_an_earlier_published_inventory_still_reads():
    old = "\ufeffnummer;datum;omschrijving;bestandstype;familie;oordeel;weigeringsgronden;opmerking;vindplaats\r\n" \
          "1;2025-01-02;Brief;pdf;;deels openbaar;5.1.2e;;\r\n"
    [entry] = inventory_entries(old.encode())
    assert entry.number == 1 and entry.grounds == "5.1.2e" and entry.judgement == "deels openbaar"


def test_the_requests_inventory_is_opgeschort_until_the_disclosure_date_of_an_objection():
    from types import SimpleNamespace

    from woo.decision.letters import request_inventory

    docs = dossier()
    parties = [SimpleNamespace(objects=True, document_numbers=[1, 2]), SimpleNamespace(objects=False,
                                                                                       document_numbers=[3])]
    repo = SimpleNamespace(documents=lambda _id: docs, third_parties=lambda _id: parties)
    req = SimpleNamespace(id="wr-1", number="WOO-2026-0007", disclosure_on=dt.date(2026, 12, 14))
    before = request_inventory(repo, req, day=dt.date(2026, 11, 30))
    assert [i.id for i in before.items if i.suspended] == [1]  # 2 is refused: nothing to disclose
    assert before.items[0].case_number == "WOO-2026-0007"
    assert not any(i.suspended for i in request_inventory(repo, req, day=dt.date(2026, 12, 14)).items)
