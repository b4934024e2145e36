"""Planted leaks of every kind: each blocks exactly its own item, named by file, page and category only.

The request in the store (see conftest) has a requester, two third parties with contact persons and documents
whose redactions were applied. Every outgoing file is real: PDFs read by PyMuPDF, PDFium and OCR, DiWoo XML,
the inventory CSV, e-mails with their PDF attached, as the outbox writes them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from privacy_dossier import (
    BOUW,
    REQUEST_ID,
    add_document,
    pdf_bytes,
    redact,
    scanned_pdf,
    text_pdf,
)
from sqlalchemy import select

from woo.case import Repository
from woo.privacy import Audience, Category, Gate, Outgoing, known_data
from woo.publication import (
    ActionKind,
    DiWooDocument,
    Handling,
    PublicationBlocked,
    PublishedDocument,
    publish_folder,
)
from woo.store.db import session_scope

DECISION = pdf_bytes(["Besluit op Woo-verzoek WOO-2026-0042", "Aan: de verzoeker"])
CLEAN_INVENTORY = b"nummer;omschrijving;oordeel\r\n1;Stuk 1;deels openbaar\r\n"


def meta(number: int, title: str = "Stuk", description: str | None = None) -> DiWooDocument:
    return DiWooDocument(f"https://open.voorbeeldstad.nl/WOO-2026-0042/{number}.pdf", title, created=date(2026, 3, 1),
                         dossier="WOO-2026-0042", description=description,
                         publisher_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm0499",
                         publisher_label="Gemeente Voorbeeldstad",
                         handlings=(Handling(ActionKind.RECEIPT, date(2026, 3, 1)),))


def gate(audience: Audience | None = None) -> Gate:
    with session_scope() as s:
        return Gate(known_data(Repository(s), REQUEST_ID), audience or Audience.public())


@pytest.fixture
def planted(store) -> list[PublishedDocument]:
    """Seven documents: six with one planted leak each, one clean."""
    f = store.folder
    # 1: the requester's name in a PDF's text.
    one = text_pdf(f / "1.pdf", ["Verslag van het overleg", "Aanwezig: Jeroen Smit (bewoner)"])
    add_document(1, one)
    # 2: the requester's address split over two lines and hyphenated.
    two = text_pdf(f / "2.pdf", ["De klager woont aan de Dorps-", "straat 12, 3512 AB Voorbeeldstad."])
    add_document(2, two)
    # 3: clean PDF, but the requester's e-mail address in its DiWoo metadata.
    three = text_pdf(f / "3.pdf", ["Planning van de werkzaamheden"])
    add_document(3, three)
    # 4: a word that was redacted (a box was applied) still in the text layer: painted over, not removed.
    four_original = text_pdf(f / "4-origineel.pdf", ["Contact: Sanne Elzinga, projectleider", "Akkoord."])
    four = f / "4.pdf"
    add_document(4, four_original, four, redact(four_original, four, ["Sanne Elzinga"], really=False))
    # 5: a scanned page showing the requester's name (no text layer; OCR reads it).
    five = scanned_pdf(f / "5.pdf", ["Geachte heer Jeroen Smit,", "Hierbij ontvangt u de stukken."])
    add_document(5, five)
    # 6: a third party's contact person and phone in a released document.
    six = text_pdf(f / "6.pdf", ["Na overleg met Karin Visser (050 321 65 49) is besloten."])
    add_document(6, six)
    # 7: clean, redacted for real: the box's text is gone.
    seven_original = text_pdf(f / "7-origineel.pdf", ["Opgesteld door Sanne Elzinga.", "Vastgesteld."])
    seven = f / "7.pdf"
    add_document(7, seven_original, seven, redact(seven_original, seven, ["Sanne Elzinga"]))
    return [
        PublishedDocument(1, "verslag", one, meta(1)),
        PublishedDocument(2, "klacht", two, meta(2)),
        PublishedDocument(3, "planning", three, meta(3, description="Reactie aan j.smit@voorbeeld.nl")),
        PublishedDocument(4, "akkoord", four, meta(4)),
        PublishedDocument(5, "scan", five, meta(5)),
        PublishedDocument(6, "overleg", six, meta(6)),
        PublishedDocument(7, "vastgesteld", seven, meta(7)),
    ]


def test_each_planted_leak_blocks_exactly_its_own_document(planted, tmp_path: Path):
    target = tmp_path / "publicatie" / "WOO-2026-0042"
    manifest = publish_folder(target, decision_pdf=DECISION, inventory_csv=CLEAN_INVENTORY, documents=planted,
                              gate=gate())
    found = {c.item: {(f.file, f.page, f.category) for f in c.findings} for c in manifest.blocked}
    assert found == {
        "document:1": {("documenten/001", 1, Category.REQUESTER_NAME)},
        "document:2": {("documenten/002", 1, Category.REQUESTER_ADDRESS)},
        # "j.smit@" also reads as the initial and surname: both are reported.
        "document:3": {("metadata/003.xml", None, Category.REQUESTER_EMAIL),
                       ("metadata/003.xml", None, Category.REQUESTER_NAME)},
        "document:4": {("documenten/004", 1, Category.REDACTED_TEXT)},
        "document:5": {("documenten/005", 1, Category.REQUESTER_NAME)},
        "document:6": {("documenten/006", 1, Category.CONTACT_NAME), ("documenten/006", 1, Category.CONTACT_PHONE)},
    }
    published = sorted(p.name for p in (target / "documenten").iterdir())
    assert published == ["007-vastgesteld.pdf"]
    assert (target / "besluit.pdf").exists() and (target / "inventaris.csv").exists()
    # Findings hold labels, pages, categories and counts: never a value.
    for check in manifest.blocked:
        payload = str(check.payload()) + check.message
        for value in ("Smit", "Dorpsstraat", "j.smit", "Elzinga", "Visser", "321"):
            assert value not in payload


def test_the_phone_number_in_the_inventory_stops_the_publication(planted, tmp_path: Path):
    target = tmp_path / "publicatie" / "WOO-2026-0042"
    inventory = CLEAN_INVENTORY + b"2;Terugbelverzoek 06 8765 4321;openbaar\r\n"
    with pytest.raises(PublicationBlocked) as err:
        publish_folder(target, decision_pdf=DECISION, inventory_csv=inventory, documents=planted[-1:], gate=gate())
    [check] = err.value.checks
    assert check.item == "file:inventaris.csv"
    assert [(f.file, f.category) for f in check.findings] == [("inventaris.csv", Category.REQUESTER_PHONE)]
    assert not target.exists()


def test_an_unreadable_scan_is_a_finding_of_its_own(store, tmp_path: Path):
    import random

    import pymupdf

    rng = random.Random(7)  # specks: an image over the page, but no words to read with confidence
    width, height = 400, 560
    samples = bytes(0 if rng.random() < 0.08 else 255 for _ in range(width * height))
    noise = pymupdf.Pixmap(pymupdf.csGRAY, width, height, samples, False)
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=noise)
    check = gate().check("document:9", [Outgoing("documenten/009", doc.tobytes(), document=9)])
    assert [(f.page, f.category) for f in check.findings] == [(1, Category.UNREADABLE_PAGE)]
    assert check.ocr_pages == 1


def test_a_file_no_reader_can_open_is_a_finding(store):
    check = gate().check("document:9", [Outgoing("documenten/009", b"%PDF-1.7\n garbage", document=9)])
    assert {f.category for f in check.findings} == {Category.UNREADABLE_FILE}


def _mail(body: str, attachment: bytes, to: str) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "woo@voorbeeldstad.nl"
    msg["To"] = to
    msg["Subject"] = "Besluit op een Woo-verzoek (WOO-2026-0042)"
    msg.set_content(body)
    msg.add_attachment(attachment, maintype="application", subtype="pdf", filename="besluit.pdf")
    return bytes(msg)


def test_mail_to_a_third_party_may_name_its_own_contact_but_no_other(store):
    own = _mail("Geachte heer Jansen,\n\nZie bijlage.", pdf_bytes(["t.a.v. Peter Jansen", "+31 30 123 4567"]),
                f"Peter Jansen <{BOUW['email']}>")
    assert gate(Audience.third_party("bouwbedrijf")).check("letter:a", [Outgoing("a.eml", own)]).passed

    other = _mail("Ook Karin Visser van het adviesbureau is gehoord.", pdf_bytes(["Besluit"]), BOUW["email"])
    check = gate(Audience.third_party("bouwbedrijf")).check("letter:b", [Outgoing("b.eml", other)])
    assert [(f.file, f.page, f.category) for f in check.findings] == [("b.eml", None, Category.CONTACT_NAME)]

    requester = _mail("Zie bijlage.", pdf_bytes(["Verzoeker: J. Smit"]), BOUW["email"])
    check = gate(Audience.third_party("bouwbedrijf")).check("letter:c", [Outgoing("c.eml", requester)])
    assert [(f.file, f.page, f.category) for f in check.findings] == [
        ("c.eml, bijlage 1", 1, Category.REQUESTER_NAME)]


def test_the_requester_may_read_their_own_data_and_what_they_wrote_but_not_others(store):
    own = pdf_bytes(["Jeroen Smit", "Dorpsstraat 12", "3512 AB Voorbeeldstad"])
    assert gate(Audience.requester()).check("letter:d", [Outgoing("d.pdf", own)]).passed
    other = pdf_bytes(["Uw verzoek is besproken met Peter Jansen."])
    check = gate(Audience.requester()).check("letter:e", [Outgoing("e.pdf", other)])
    assert {f.category for f in check.findings} == {Category.CONTACT_NAME}


def test_the_requester_may_read_back_whom_they_named_in_their_own_request(store):
    from woo.store.models import RequestRow

    with session_scope() as s:
        s.get(RequestRow, REQUEST_ID).scope = "Alle stukken over mijn gesprek met Peter Jansen."
    quoted = pdf_bytes(["U vraagt: Alle stukken over mijn gesprek met Peter Jansen."])
    assert gate(Audience.requester()).check("letter:g", [Outgoing("g.pdf", quoted)]).passed
    assert not gate(Audience.public()).check("file:verzoek.pdf", [Outgoing("verzoek.pdf", quoted)]).passed


def test_staff_reminders_are_read_but_search_for_nothing(store):
    check = gate(Audience.staff()).check("letter:f", [Outgoing("f.pdf", pdf_bytes(["Jeroen Smit"]))])
    assert check.passed and check.pages == 1


def test_the_store_keeps_no_value_and_reads_the_text_under_each_box_from_the_original(planted):
    with session_scope() as s:
        known = known_data(Repository(s), REQUEST_ID)
        from woo.store.models import RedactionRow

        rows = list(s.scalars(select(RedactionRow)))
    assert all(set(r.__dict__) .isdisjoint({"text"}) for r in rows)
    dossier = sorted({(v.value, v.document) for v in known.values if v.owner == "dossier"})
    assert dossier == [("Sanne Elzinga", 4), ("Sanne Elzinga", 7)]
    assert known.allowance == {4: {"Sanne Elzinga": 0}, 7: {"Sanne Elzinga": 0}}
