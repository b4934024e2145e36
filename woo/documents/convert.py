"""Check PDFs and turn images and plain text into PDFs; problems become :class:`Unreadable` with a Dutch reason."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pymupdf

from woo.documents.dates import parse_pdf_date
from woo.documents.render import text_to_pdf
from woo.errors import Permanent


class Unreadable(Permanent, ValueError):
    """A document that cannot be assessed; the message is Dutch and meant for the official."""


@dataclass
class Rendition:
    """A PDF made from (or checked for) one original."""

    pdf: bytes
    pages: int
    date: datetime.date | None = None
    notes: list[str] = field(default_factory=list)


def inspect_pdf(data: bytes) -> Rendition:
    """Check that ``data`` is a PDF that can be read without a password; the rendition is the file itself."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise Unreadable("Beschadigde PDF: het bestand kan niet worden geopend") from exc
    with doc:
        if doc.needs_pass:
            raise Unreadable("Versleutelde PDF: kan niet worden beoordeeld zonder wachtwoord")
        if not doc.is_pdf:
            raise Unreadable("Beschadigde PDF: het bestand is geen geldige PDF")
        if doc.page_count == 0:
            raise Unreadable("Beschadigde PDF: het bestand bevat geen pagina's")
        notes: list[str] = []
        metadata = doc.metadata or {}
        if metadata.get("encryption"):
            notes.append("PDF is beveiligd met een eigenaarswachtwoord; de inhoud is wel leesbaar")
        if doc.is_repaired:
            notes.append("PDF was beschadigd en is bij het openen hersteld; controleer of alle pagina's compleet zijn")
        return Rendition(data, doc.page_count, parse_pdf_date(metadata.get("creationDate")), notes)


def image_to_pdf(data: bytes, image_format: str) -> Rendition:
    """A PDF with one page per frame of the image."""
    try:
        with pymupdf.open(stream=data, filetype=image_format) as image:
            pdf = image.convert_to_pdf()
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:
            pages = doc.page_count
    except Exception as exc:
        raise Unreadable("Afbeelding kan niet worden gelezen: het bestand is beschadigd of geen afbeelding") from exc
    if pages == 0:
        raise Unreadable("Afbeelding kan niet worden gelezen: geen beeld gevonden")
    return Rendition(pdf, pages, notes=["Afbeelding omgezet naar PDF"])


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Text as UTF-8 (a byte-order mark is dropped), falling back to Windows-1252 with a note."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        # A few bytes are undefined in cp1252; showing U+FFFD beats refusing the whole file.
        return data.decode("cp1252", errors="replace"), [
            "Tekst is geen geldige UTF-8 en is gelezen als Windows-1252; controleer bijzondere tekens"
        ]


def plain_text_to_pdf(data: bytes, title: str) -> Rendition:
    """A PDF rendition of a plain-text file."""
    text, notes = decode_text(data)
    if not text.strip():
        notes.append("Tekstbestand bevat alleen witruimte")
    return pdf_rendition(text_to_pdf(title, text), notes=notes)


def pdf_rendition(pdf: bytes, *, date: datetime.date | None = None, notes: list[str] | None = None) -> Rendition:
    """Wrap a PDF we rendered ourselves, counting its pages."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        pages = doc.page_count
    return Rendition(pdf, pages, date, notes or [])
