"""A document's title and date come from the document (subject line, PDF title, heading, e-mail header, "Datum:"
line, text, file name), not from the raw file name; and a title that names a person is masked before it is
published."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pymupdf
import pytest

from woo.documents import collect_folder
from woo.documents.describe import date_from_name, describe_pdf, describe_text, first_date, sensible_title
from woo.redaction.titles import public_title


@pytest.mark.parametrize(("name", "day"), [
    ("2026-03-03 Brief over planning.pdf", dt.date(2026, 3, 3)),
    ("20260303_notulen.pdf", dt.date(2026, 3, 3)),
    ("Brief 3 maart 2026.pdf", dt.date(2026, 3, 3)),
    ("verslag 3 mrt. 2026.pdf", dt.date(2026, 3, 3)),
    ("Memo 03-03-2026.txt", dt.date(2026, 3, 3)),
    ("Offerte v2.pdf", None),
    ("Factuur 123456789.pdf", None),
    ("2026-02-30 onmogelijk.pdf", None),
])
def test_a_date_in_the_file_name_in_every_usual_notation(name, day):
    assert date_from_name(name) == day


def test_a_date_of_birth_is_not_the_documents_date():
    assert first_date("Mevrouw, geboren op 4 mei 1961, schreef op 12 juni 2025 een brief.") == dt.date(2025, 6, 12)


@pytest.mark.parametrize(("raw", "title"), [
    ("Microsoft Word - Advies verkeersveiligheid.docx", "Advies verkeersveiligheid"),
    ("Untitled", None), ("Document1", None), ("scan0001", None), ("12345", None), ("", None),
    ("  Verslag   projectoverleg  ", "Verslag projectoverleg"),
])
def test_a_pdf_title_is_used_only_when_it_says_something(raw, title):
    assert sensible_title(raw) == title


def _heading_pdf(heading: str, body: str, *, title: str | None = None, created: str | None = None) -> bytes:
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_text((72, 72), "Gemeente Voorbeeldstad", fontsize=10)
        page.insert_text((72, 110), heading, fontsize=18)
        for n, line in enumerate(body.splitlines()):
            page.insert_text((72, 140 + 14 * n), line, fontsize=10)
        meta = {}
        if title is not None:
            meta["title"] = title
        if created:
            meta["creationDate"] = created
        doc.set_metadata(meta)
        return doc.tobytes()


def test_pdf_title_order_subject_line_then_metadata_then_heading():
    body = "Datum: 3 maart 2026\nBetreft: Herinrichting Stationsplein, fase 2\nGeachte heer, mevrouw,"
    assert describe_pdf(_heading_pdf("Raadsinformatiebrief", body, title="Iets anders")).title == \
        "Herinrichting Stationsplein, fase 2"
    plain = "Het college heeft besloten.\nDe raad wordt geinformeerd."
    assert describe_pdf(_heading_pdf("Raadsinformatiebrief", plain, title="Advies parkeren")).title == "Advies parkeren"
    assert describe_pdf(_heading_pdf("Raadsinformatiebrief parkeren", plain, title="Untitled")).title == \
        "Raadsinformatiebrief parkeren"


def test_pdf_date_order_datum_line_then_text_then_metadata():
    created = "D:20260401120000+01'00'"
    dated = describe_pdf(_heading_pdf("Brief", "Datum: 3 maart 2026\nTekst.", created=created))
    assert dated.date == dt.date(2026, 3, 3)
    in_text = describe_pdf(_heading_pdf("Brief", "Utrecht, 5 februari 2026\nTekst.", created=created))
    assert in_text.date is None and in_text.fallback_date == dt.date(2026, 2, 5)
    only_meta = describe_pdf(_heading_pdf("Brief", "Tekst zonder datum.", created=created))
    assert only_meta.fallback_date == dt.date(2026, 4, 1)


def test_memo_title_and_date_from_its_onderwerp_and_datum_lines():
    memo = "MEMO\n\nAan: team\nDatum:      20 juni 2025\nOnderwerp:  Klacht over parkeren\n\nTekst."
    described = describe_text(memo)
    assert described.title == "Klacht over parkeren" and described.date == dt.date(2025, 6, 20)


def test_collected_documents_carry_the_documents_title_and_date(tmp_path: Path, make_pdf, make_mail):
    source = tmp_path / "bron"
    source.mkdir()
    (source / "scan_0001.pdf").write_bytes(_heading_pdf("Verslag projectoverleg", "Datum: 10 april 2025\nAanwezig."))
    (source / "kopie.pdf").write_bytes((source / "scan_0001.pdf").read_bytes())
    (source / "memo.txt").write_text("Datum: 20 juni 2025\nOnderwerp: Klacht bewoner\n\nTekst.", encoding="utf-8")
    (source / "2025-06-16 Scan brief bewoner.png").write_bytes(make_pdf())  # no image: listed with its name
    (source / "20250301 Raadsvoorstel.pdf").write_bytes(b"%PDF-1.7\nkapot")
    (source / "mail.eml").write_bytes(make_mail(subject="Re: Planning", attachments=[
        (make_pdf("Bijlage zonder datum"), "application", "pdf", "bijlage.pdf")]))
    os.utime(source / "memo.txt", (0, 0))  # the file's own time is never taken for the document's date
    docs = {d.display_name: d for d in collect_folder(source, tmp_path / "store").documents}
    assert (docs["scan_0001.pdf"].title, docs["scan_0001.pdf"].date) == ("Verslag projectoverleg", dt.date(2025, 4, 10))
    # An exact copy is the same document, whatever its file name says.
    assert (docs["kopie.pdf"].title, docs["kopie.pdf"].date) == ("Verslag projectoverleg", dt.date(2025, 4, 10))
    assert (docs["memo.txt"].title, docs["memo.txt"].date) == ("Klacht bewoner", dt.date(2025, 6, 20))
    scan = docs["2025-06-16 Scan brief bewoner.png"]
    assert (scan.title, scan.date) == ("Scan brief bewoner", dt.date(2025, 6, 16))
    broken = docs["20250301 Raadsvoorstel.pdf"]
    assert broken.error and (broken.title, broken.date) == ("Raadsvoorstel", dt.date(2025, 3, 1))
    assert (docs["mail.eml"].title, docs["mail.eml"].date) == ("Re: Planning", dt.date(2025, 3, 14))
    # An attachment without a date of its own is dated by its e-mail.
    assert docs["bijlage.pdf"].date == dt.date(2025, 3, 14)


def test_a_latin1_attachment_name_in_a_raw_header_is_not_mangled(tmp_path: Path, make_pdf, make_mail):
    source = tmp_path / "bron"
    source.mkdir()
    data = make_mail(attachments=[(make_pdf(), "application", "pdf", "cafe.pdf")])
    data = data.replace(b'filename="cafe.pdf"', b'filename="caf\xe9 overleg.pdf"')
    (source / "bericht.eml").write_bytes(data)
    names = [d.display_name for d in collect_folder(source, tmp_path / "store").documents]
    assert "café overleg.pdf" in names


@pytest.mark.parametrize(("title", "public"), [
    ("Brief van Jeroen Smit", "Brief van [5.1.2e]"),
    ("Klacht mevrouw De Vries over parkeren", "Klacht mevrouw [5.1.2e] over parkeren"),
    ("E-mail Pieter over planning", "E-mail [5.1.2e] over planning"),
    ("Mail van j.smit@gmail.com", "Mail van [5.1.2e]"),
    ("Jeroen Smit", "Document 7"),
    ("Offerte herinrichting Stationsplein", "Offerte herinrichting Stationsplein"),
    ("Kopie brief Bouwbedrijf Jansen", "Kopie brief Bouwbedrijf Jansen"),
    ("Re: Aangepaste planning Stationsplein", "Re: Aangepaste planning Stationsplein"),
])
def test_a_published_title_names_nobody(title, public):
    assert public_title(title, number=7) == public
