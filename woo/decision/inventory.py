"""The inventory list (inventarislijst) as governments exchange it: one row per document FOUND, as CSV and XLSX.

The columns are those of the production report (productierapport) that open.minvws.nl imports and ZyLAB
generates (``minvws/nl-rdo-woo-web``, ``docs/gebruikershandleiding/publiceren/woo-besluit/productierapport.md``):
ID, Matter, Family ID, Email Thread ID, Document, File type, Datum, Beoordeling, Opgeschort, Beoordelingsgrond,
Toelichting, Publieke link, Gerelateerd ID, Zaaknummer; followed by two columns of this project that an importer
reading by column name skips: Vindplaats (where the released document is published) and Status.

Every document found is a row, also one that could not be read: it is listed as "niet beoordeeld" with the
reason, so the number in the decision letter (:attr:`Inventory.found`) is the number of documents found.

CSV: UTF-8 with a byte order mark, ``;`` as separator and CRLF line ends. That is what Excel with Dutch regional
settings opens cleanly (without the BOM it reads UTF-8 as cp1252 and shows "cafÃ©"; with ``,`` it puts every
row in one cell). XLSX is the production report's own format (the template open.minvws.nl offers is a workbook).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from woo.letters.context import InventoryRow
from woo.redaction.titles import public_title
from woo.schemas.judgement import NOT_ASSESSED, Judgement

__all__ = [
    "ASSESSED",
    "CSV_HEADER",
    "DUPLICATE",
    "HELD",
    "UNREADABLE",
    "DocumentLike",
    "Inventory",
    "InventoryItem",
    "add_sentence",
    "build_inventory",
    "file_type_label",
    "report_file_type",
    "thread_ids",
    "thread_key",
    "unreadable_remark",
]

CSV_HEADER = ("ID", "Matter", "Family ID", "Email Thread ID", "Document", "File type", "Datum", "Beoordeling",
              "Opgeschort", "Beoordelingsgrond", "Toelichting", "Publieke link", "Gerelateerd ID", "Zaaknummer",
              "Vindplaats", "Status")

# Status values (the last column): what happened to the document, beyond its judgement.
ASSESSED = "beoordeeld"
UNREADABLE = "onleesbaar"
DUPLICATE = "duplicaat"
HELD = "aangehouden"

_LABELS = {
    "application/pdf": "pdf", "message/rfc822": "e-mail", "text/plain": "tekst", "text/html": "webpagina",
    "image/png": "afbeelding", "image/jpeg": "afbeelding", "image/tiff": "afbeelding", "image/gif": "afbeelding",
    "image/bmp": "afbeelding",
}

# The production report's file types: pdf, doc, image, presentation, spreadsheet, email, html, note, database,
# xml, video, audio, vcard, chat; anything else is shown as "Onbekend" by the importer.
_REPORT_TYPES = {
    "application/pdf": "pdf", "message/rfc822": "email", "text/plain": "note", "text/html": "html",
    "application/xml": "xml", "text/xml": "xml", "text/vcard": "vcard", "text/x-vcard": "vcard",
    "application/msword": "doc", "application/rtf": "doc", "application/vnd.oasis.opendocument.text": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "doc",
    "application/vnd.ms-excel": "spreadsheet", "text/csv": "spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet": "spreadsheet",
    "application/vnd.ms-powerpoint": "presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "presentation",
    "application/vnd.oasis.opendocument.presentation": "presentation",
}


def file_type_label(media_type: str) -> str:
    """The Dutch word the letter's annex shows (``e-mail``, ``afbeelding``)."""
    return _LABELS.get(media_type, media_type.split("/")[-1])


def report_file_type(media_type: str) -> str:
    """The production report's code for a media type (``email``, ``image``), or ``""`` when it has none."""
    if media_type in _REPORT_TYPES:
        return _REPORT_TYPES[media_type]
    major = media_type.split("/")[0]
    return {"image": "image", "video": "video", "audio": "audio"}.get(major, "")


class DocumentLike(Protocol):
    """What the inventory reads of a stored document (``woo.store.models.DocumentRow``)."""

    number: int
    title: str
    date: dt.date | None
    media_type: str
    family: int | None
    parent: int | None
    duplicate_of: int | None
    error: str | None
    judgement: str | None
    grounds: list[str] | None
    remark: str | None
    link: str | None
    held_reason: str | None
    message_id: str | None
    replies_to: list[Any] | None


@dataclass(frozen=True)
class InventoryItem:
    """One row of the production report."""

    id: int
    matter: str
    family_id: int | None
    """The e-mail's number for an e-mail with attachments and for each attachment; None for a loose document."""
    thread_id: int | None
    """For e-mails: the number of the first e-mail with the same subject (``Re:``/``Fw:`` left out)."""
    title: str
    """Public title: identifiers and names masked (:func:`woo.redaction.titles.public_title`)."""
    date: dt.date | None
    media_type: str
    judgement: str
    """A :class:`Judgement` value, or ``niet beoordeeld`` for a document that could not be read."""
    suspended: bool
    """Opgeschort: a third party objects to disclosing this (partly) public document and it is not yet disclosed."""
    grounds: tuple[str, ...]
    explanation: str
    public_link: str | None
    """Where an already public document can be found (Woo 4.5(2))."""
    related_id: int | None
    """The document this one duplicates."""
    case_number: str
    location: str | None = None
    """Vindplaats: where the released document is published (set by the publish step)."""
    status: str = ASSESSED

    @property
    def grounds_text(self) -> str:
        """``5.1.1c; 5.1.2e;`` as the production report writes them; empty without grounds."""
        return "".join(f"{g}; " for g in self.grounds).rstrip()

    @property
    def file_type(self) -> str:
        return report_file_type(self.media_type)

    def values(self) -> tuple[object, ...]:
        """The row's cells in :data:`CSV_HEADER` order (dates as ``date``; empty cells as ``""``)."""
        return (
            self.id, self.matter, _blank(self.family_id), _blank(self.thread_id), self.title, self.file_type,
            self.date or "", self.judgement, "yes" if self.suspended else "", self.grounds_text, self.explanation,
            self.public_link or "", _blank(self.related_id), self.case_number, self.location or "", self.status,
        )


def _blank(value: int | None) -> object:
    return "" if value is None else value


@dataclass(frozen=True)
class Inventory:
    """Every document found for one request, in number order."""

    items: tuple[InventoryItem, ...]

    @property
    def found(self) -> int:
        """How many documents were found: what the decision letter says ("12 documenten gevonden")."""
        return len(self.items)

    @property
    def unreadable(self) -> tuple[InventoryItem, ...]:
        return tuple(i for i in self.items if i.status == UNREADABLE)

    @property
    def judged(self) -> tuple[InventoryItem, ...]:
        return tuple(i for i in self.items if i.judgement != NOT_ASSESSED)

    def with_locations(self, locations: Mapping[int, str], remarks: Mapping[int, str] | None = None) -> Inventory:
        """The inventory as published: where each released document is, and why others were held back."""
        remarks = remarks or {}
        return Inventory(tuple(
            replace(i, location=locations.get(i.id, i.location),
                    explanation=add_sentence(i.explanation, remarks[i.id]) if i.id in remarks else i.explanation,
                    status=HELD if i.id in remarks else i.status)
            for i in self.items))

    def letter_rows(self) -> tuple[InventoryRow, ...]:
        """The rows of the decision letter's annex, every document found included."""
        return tuple(
            InventoryRow(number=i.id, date=i.date, title=i.title, file_type=file_type_label(i.media_type),
                         family=i.family_id, judgement=i.judgement, grounds=i.grounds, remark=i.explanation,
                         link=i.public_link)
            for i in self.items)

    def csv(self) -> bytes:
        """The production report as CSV (see the module's docstring for the dialect and why)."""
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for item in self.items:
            writer.writerow([_cell(v) for v in item.values()])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

    def xlsx(self) -> bytes:
        """The production report as an Excel workbook (one sheet, a header row, dates as dates)."""
        from openpyxl import Workbook  # imported here: only the decide and publish steps write workbooks

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Productierapport"
        sheet.append(list(CSV_HEADER))
        for item in self.items:
            row: list[object] = []
            for value in item.values():
                if isinstance(value, str):
                    value = _defuse(value)
                row.append(value)
            sheet.append(row)
        for cell in sheet["G"][1:]:
            cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        for column, width in zip("ABCDEFGHIJKLMNOP", (6, 16, 9, 9, 50, 9, 11, 15, 10, 18, 50, 30, 9, 16, 40, 12),
                                 strict=True):
            sheet.column_dimensions[column].width = width
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return _defuse(str(value))


def _defuse(text: str) -> str:
    # A title taken from an e-mail subject could start with "=" and run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def add_sentence(text: str, addition: str) -> str:
    """Two sentences, not one run-on line: "Intern beraad. Openbaarmaking aangehouden: …"."""
    text = text.strip()
    if not text:
        return addition
    return f"{text} {addition}" if text.endswith((".", "!", "?", ";", ":")) else f"{text}. {addition}"


_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|antw|aw|wg|doorst)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def thread_key(subject: str) -> str:
    """The subject an e-mail thread shares: ``Re: Fw: Planning`` and ``planning`` are one thread."""
    return " ".join(_REPLY_PREFIX.sub("", subject).split()).casefold()


def thread_ids(docs: Sequence[DocumentLike]) -> dict[int, int]:
    """Each e-mail's thread: the number of the thread's first e-mail, by document number.

    E-mails that share a message id (one's ``Message-ID`` in another's ``In-Reply-To`` or ``References``, or two
    replies to one message) are one thread, whatever their subjects say. Only an e-mail without any of these
    headers falls back to its subject (:func:`thread_key`), among the other e-mails without headers.
    """
    mails = sorted((d for d in docs if d.media_type == "message/rfc822"), key=lambda d: d.number)
    root: dict[int, int] = {}

    def find(n: int) -> int:
        while root[n] != n:
            root[n] = root[root[n]]
            n = root[n]
        return n

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)  # the lowest number names the thread

    seen: dict[str, int] = {}  # message id -> the first e-mail that carries it (as its own id or a parent)
    by_subject: dict[str, int] = {}
    for d in mails:
        root[d.number] = d.number
        ids = [i for i in (d.message_id, *(d.replies_to or ())) if isinstance(i, str) and i]
        if not ids:
            join(d.number, by_subject.setdefault(thread_key(d.title), d.number))
            continue
        for i in ids:
            join(d.number, seen.setdefault(i, d.number))
    return {d.number: find(d.number) for d in mails}


def unreadable_remark(error: str) -> str:
    """Why a document found is not judged (Dutch), for the inventory's explanation."""
    reason = error.strip().rstrip(".")
    return f"Niet beoordeeld: het bestand kon niet worden gelezen ({reason[:1].lower()}{reason[1:]})."


def build_inventory(docs: Iterable[DocumentLike], *, case_number: str, objected: Collection[int] = (),
                    disclosed: bool = False) -> Inventory:
    """The inventory of every document found.

    ``objected`` are the numbers of documents a third party objects to disclosing; while ``disclosed`` is False
    their (partly) public rows are "opgeschort" (Woo 4.4(5): disclosure waits for the objection term).
    """
    docs = sorted(docs, key=lambda d: d.number)
    threads = thread_ids(docs)
    items: list[InventoryItem] = []
    for d in docs:
        thread = threads.get(d.number)
        family = d.family if d.family is not None and (d.family != d.number or _has_children(d, docs)) else None
        common = dict(id=d.number, matter=case_number, family_id=family, thread_id=thread,
                      title=public_title(d.title, number=d.number), date=d.date, media_type=d.media_type,
                      related_id=d.duplicate_of, case_number=case_number)
        if d.judgement:
            judgement = Judgement.parse(d.judgement)
            status = HELD if d.held_reason else DUPLICATE if d.duplicate_of is not None else ASSESSED
            items.append(InventoryItem(
                **common, judgement=judgement.value, grounds=tuple(d.grounds or ()),  # type: ignore[arg-type]
                suspended=(not disclosed and d.number in objected and judgement.releases_content),
                explanation=d.remark or "",
                public_link=d.link, status=status))
        elif d.error:
            items.append(InventoryItem(**common, judgement=NOT_ASSESSED, grounds=(),  # type: ignore[arg-type]
                                       suspended=False, explanation=unreadable_remark(d.error), public_link=None,
                                       status=UNREADABLE))
    return Inventory(tuple(items))


def _has_children(d: DocumentLike, docs: Sequence[DocumentLike]) -> bool:
    return any(o.parent == d.number for o in docs)
