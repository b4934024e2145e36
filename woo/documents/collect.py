"""Walk a folder of received documents, store every original and make a PDF of each for assessment.

Nothing here trusts the input: names only become display text, every file is size-checked before it is read,
symbolic links may not lead outside the folder, and every problem with one file becomes a Dutch error on that
document while the others are processed as usual.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from pathlib import Path

from woo.documents.convert import (
    Rendition,
    Unreadable,
    decode_text,
    image_to_pdf,
    inspect_pdf,
    pdf_rendition,
    plain_text_to_pdf,
)
from woo.documents.describe import Described, date_from_name, describe_pdf, describe_text, strip_date
from woo.documents.kinds import FileType, Kind, file_type
from woo.documents.mail import Attachment, parse_mail
from woo.documents.model import CollectedDocument, Collection
from woo.documents.names import safe_text, sanitise_name, suffix_of, title_from_name
from woo.documents.render import mail_to_pdf
from woo.documents.storage import ContentStore

_log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_BYTES = 100 * 2**20
MAX_MAIL_DEPTH = 3
"""E-mails attached to e-mails attached to e-mails: deeper nesting is refused rather than followed."""

_SYSTEM_FILE_NAMES = {"thumbs.db", "desktop.ini"}

EMPTY_FILE = "Leeg bestand: er is niets te beoordelen"
UNREADABLE_FILE = "Bestand kan niet worden gelezen"
UNEXPECTED = "Document kan door een onverwachte fout niet worden omgezet naar PDF"


def _size_text(size: int) -> str:
    if size >= 2**20:
        return f"{size / 2**20:.1f} MB".replace(".", ",").replace(",0 MB", " MB")
    if size >= 1024:
        return f"{size // 1024} kB"
    return f"{size} bytes"


def too_large(size: int, maximum: int) -> str:
    """The Dutch error for a file over the size limit."""
    return f"Bestand te groot ({_size_text(size)}, maximum {_size_text(maximum)})"


def unsupported(suffix: str, media_type: str) -> str:
    """The Dutch error for a file type we cannot turn into a PDF."""
    if suffix:
        return f"Bestandstype niet ondersteund: {suffix}"
    return f"Bestandstype niet ondersteund: bestand zonder extensie ({media_type})"


def _is_hidden(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in _SYSTEM_FILE_NAMES


class _Collector:
    def __init__(self, root: Path, store: ContentStore, max_file_bytes: int) -> None:
        self.root = root
        self.store = store
        self.store_root = store.root.resolve()
        self.max_file_bytes = max_file_bytes
        self.documents: list[CollectedDocument] = []
        self.notes: list[str] = []
        self._first_by_sha: dict[str, CollectedDocument] = {}

    # -- walking -------------------------------------------------------------------------------------------

    def walk(self, directory: Path) -> None:
        relative_dir = self._relative(directory)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: (e.name.casefold(), e.name))
        except OSError:
            self._error_entry(directory.name, relative_dir, "Map kan niet worden gelezen")
            return
        for entry in entries:
            path = Path(entry.path)
            relative = self._relative(path)
            if _is_hidden(entry.name):
                self.notes.append(f"Verborgen of systeembestand overgeslagen: {relative}")
                continue
            if entry.is_symlink():
                self._follow_link(path, relative, entry.name)
            elif entry.is_dir(follow_symlinks=False):
                if path.resolve() == self.store_root:
                    self.notes.append(f"Opslagmap overgeslagen: {relative}")
                else:
                    self.walk(path)
            elif entry.is_file(follow_symlinks=False):
                self.add_file(path, relative, entry.name)
            else:
                # Opening a pipe or device would block or read forever.
                self._error_entry(entry.name, relative, "Geen gewoon bestand (bijvoorbeeld een apparaat): niet gelezen")

    def _follow_link(self, path: Path, relative: str, name: str) -> None:
        target = path.resolve()
        if not target.is_relative_to(self.root):
            self._error_entry(name, relative, "Snelkoppeling naar een locatie buiten de map: niet meegenomen")
        elif not target.exists():
            self._error_entry(name, relative, "Snelkoppeling verwijst naar een bestand dat niet bestaat")
        elif target.is_dir():
            # The folder it points to is inside the source and is walked anyway; following it could loop.
            self.notes.append(f"Snelkoppeling naar een map overgeslagen: {relative}")
        elif target.is_file():
            self.add_file(target, relative, name)
        else:
            self._error_entry(name, relative, "Geen gewoon bestand (bijvoorbeeld een apparaat): niet gelezen")

    def _relative(self, path: Path) -> str:
        return safe_text(path.relative_to(self.root).as_posix()) if path != self.root else ""

    # -- documents -----------------------------------------------------------------------------------------

    def _new(
        self, display_name: str, relative: str, media_type: str, *, parent: CollectedDocument | None
    ) -> CollectedDocument:
        index = len(self.documents) + 1
        document = CollectedDocument(
            index=index,
            display_name=display_name,
            relative_path=relative,
            media_type=media_type,
            size_bytes=0,
            sha256=None,
            original_path=None,
            pdf_path=None,
            pages=None,
            # Until the document says better: the file name without its date, and that date.
            title=strip_date(title_from_name(display_name)),
            date=date_from_name(display_name) or (parent.date if parent else None),
            family=parent.family if parent else index,
            parent=parent.index if parent else None,
        )
        self.documents.append(document)
        return document

    def _error_entry(self, name: str, relative: str, error: str) -> None:
        display = sanitise_name(name)
        document = self._new(display, relative, file_type(suffix_of(display)).media_type, parent=None)
        document.error = error

    def add_file(self, path: Path, relative: str, name: str) -> None:
        display = sanitise_name(name)
        kind = file_type(suffix_of(display))
        document = self._new(display, relative, kind.media_type, parent=None)
        try:
            document.size_bytes = size = path.stat().st_size
            if size == 0:
                document.error = EMPTY_FILE
                return
            if size > self.max_file_bytes:
                document.error = too_large(size, self.max_file_bytes)
                return
            with path.open("rb") as handle:
                # One byte over the limit is enough to know a growing file is too large.
                data = handle.read(self.max_file_bytes + 1)
        except OSError:
            document.error = UNREADABLE_FILE
            return
        if len(data) > self.max_file_bytes:
            document.error = too_large(len(data), self.max_file_bytes)
            return
        self._process(document, data, kind, depth=0)

    def _add_attachment(self, mail: CollectedDocument, attachment: Attachment, name: str, depth: int) -> None:
        kind = file_type(suffix_of(name), attachment.media_type)
        document = self._new(name, f"{mail.relative_path}#{name}", kind.media_type, parent=mail)
        if attachment.data is None:
            document.error = "Bijlage kan niet worden gelezen: de codering is beschadigd"
            return
        document.size_bytes = len(attachment.data)
        if len(attachment.data) > self.max_file_bytes:
            document.error = too_large(len(attachment.data), self.max_file_bytes)
            return
        self._process(document, attachment.data, kind, depth=depth)

    def _process(self, document: CollectedDocument, data: bytes, kind: FileType, *, depth: int) -> None:
        if not data:
            document.error = EMPTY_FILE
            return
        document.sha256, document.original_path = self.store.put_original(data)
        first = self._first_by_sha.get(document.sha256)
        if first is not None:
            self._mark_duplicate(document, first, kind)
            return
        self._first_by_sha[document.sha256] = document
        try:
            rendition = self._render(document, data, kind, depth)
        except Unreadable as exc:
            document.error = str(exc)
            return
        except Exception as exc:
            _log.warning("document %d: conversion failed (%s)", document.index, type(exc).__name__)
            document.error = UNEXPECTED
            return
        document.pdf_path = self.store.put_pdf(document.sha256, rendition.pdf)
        document.pages = rendition.pages
        self._describe(document, data, kind, rendition)
        document.notes.extend(rendition.notes)

    def _describe(self, document: CollectedDocument, data: bytes, kind: FileType, rendition: Rendition) -> None:
        """Title and date from the document itself (see :mod:`woo.documents.describe` for the order)."""
        if kind.kind is Kind.MAIL:
            # The subject and the sent date, set when the mail was read; an undated mail keeps the name's date.
            document.date = rendition.date or document.date
            return
        try:
            if kind.kind is Kind.PDF:
                described = describe_pdf(data)
            elif kind.kind is Kind.TEXT:
                described = describe_text(decode_text(data)[0])
            else:
                described = Described()
        except Exception as exc:  # a title is a nicety: never lose the document over it
            _log.warning("document %d: no title or date read (%s)", document.index, type(exc).__name__)
            described = Described()
        document.title = described.title or document.title
        # A "Datum:" line, then the file name's date (set when the document was added), then the text or metadata.
        document.date = described.date or document.date or described.fallback_date

    def _mark_duplicate(self, document: CollectedDocument, first: CollectedDocument, kind: FileType) -> None:
        document.duplicate_of = first.index
        document.pdf_path, document.pages, document.error = first.pdf_path, first.pages, first.error
        # Same bytes, same document: its own title and date, whatever the copy's file name says.
        document.date = first.date or document.date
        if kind.kind is Kind.MAIL or first.error is None:
            document.title = first.title
        document.notes.append(f"Exact gelijk aan document {first.index}")
        if any(d.parent == first.index for d in self.documents):
            document.notes.append(f"Bijlagen niet opnieuw opgenomen; zie de bijlagen van document {first.index}")

    def _render(self, document: CollectedDocument, data: bytes, kind: FileType, depth: int) -> Rendition:
        if kind.kind is Kind.PDF:
            return inspect_pdf(data)
        if kind.kind is Kind.IMAGE:
            assert kind.image_format is not None
            return image_to_pdf(data, kind.image_format)
        if kind.kind is Kind.TEXT:
            return plain_text_to_pdf(data, document.title)
        if kind.kind is Kind.MAIL:
            return self._render_mail(document, data, depth)
        raise Unreadable(unsupported(suffix_of(document.display_name), document.media_type))

    def _render_mail(self, document: CollectedDocument, data: bytes, depth: int) -> Rendition:
        if depth >= MAX_MAIL_DEPTH:
            raise Unreadable(f"E-mail is te diep genest (meer dan {MAX_MAIL_DEPTH} niveaus); niet verwerkt")
        mail = parse_mail(data)
        document.title, document.date = mail.subject, mail.date
        document.message_id, document.replies_to = mail.message_id, mail.replies_to
        names = [
            sanitise_name(a.name, fallback=f"bijlage-{n}{mimetypes.guess_extension(a.media_type) or ''}")
            for n, a in enumerate(mail.attachments, start=1)
        ]
        rendition: Rendition | None = None
        try:
            pdf = mail_to_pdf(mail.subject, mail.headers, mail.body, names)
            rendition = pdf_rendition(pdf, date=mail.date, notes=mail.notes)
        except Exception as exc:
            _log.warning("document %d: e-mail rendering failed (%s)", document.index, type(exc).__name__)
        # Attachments are documents of their own, so they are collected even when the message itself fails.
        for attachment, name in zip(mail.attachments, names, strict=True):
            self._add_attachment(document, attachment, name, depth + 1)
        if rendition is None:
            raise Unreadable("E-mail kan niet worden omgezet naar PDF")
        return rendition


def collect_folder(source: Path, store_dir: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Collection:
    """Collect every document under ``source`` (recursively, in sorted order) into ``store_dir``.

    Originals go to ``store_dir/originals/<sha256>`` (read-only), PDF renditions to
    ``store_dir/pdf/<sha256>.pdf``. E-mail attachments become documents in the e-mail's family. A bad file
    becomes a document with a Dutch ``error``; it never stops the others.
    """
    if not source.is_dir():
        raise NotADirectoryError(f"Bronmap niet gevonden of geen map: {source}")
    root = source.resolve()
    if root == store_dir.resolve() or root.is_relative_to(store_dir.resolve()):
        raise ValueError("De opslagmap mag niet de bronmap zelf zijn of de bronmap bevatten")
    collector = _Collector(root, ContentStore(store_dir), max_file_bytes)
    collector.walk(root)
    collection = Collection(collector.documents, collector.notes)
    counts = collection.counts
    _log.info(
        "collected %d documents: %d readable, %d errors, %d duplicates, %d pages",
        counts["found"], counts["readable"], counts["errors"], counts["duplicates"], counts["pages"],
    )  # fmt: skip
    return collection
