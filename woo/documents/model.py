"""The result of collecting a folder: one record per document found, errors included."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class CollectedDocument:
    """A file or e-mail attachment found in the source folder, with where its original and PDF are stored."""

    index: int
    """1-based order of discovery, stable for the same folder."""
    display_name: str
    """Sanitised file name (or attachment name), safe to show; never used to build a path."""
    relative_path: str
    """Path text relative to the source folder; for attachments ``"<mail>.eml#<attachment>"``."""
    media_type: str
    size_bytes: int
    sha256: str | None
    """Of the original bytes; None when the file could not be read."""
    original_path: Path | None
    pdf_path: Path | None
    """The PDF rendition to redact; None on error."""
    pages: int | None
    title: str
    date: datetime.date | None
    family: int
    """Index of the family's root document (itself for a root)."""
    parent: int | None
    """Index of the containing e-mail for attachments."""
    duplicate_of: int | None = None
    error: str | None = None
    """Dutch, human-readable reason the document cannot be processed; None if fine."""
    message_id: str | None = None
    """An e-mail's ``Message-ID``; with ``replies_to`` it places the e-mail in its thread."""
    replies_to: tuple[str, ...] = ()
    """The message ids an e-mail answers or forwards (``In-Reply-To``, ``References``)."""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the document has a PDF rendition that can be assessed."""
        return self.error is None


@dataclass
class Collection:
    """All documents found in a folder, in discovery order, plus notes about what was skipped."""

    documents: list[CollectedDocument]
    notes: list[str] = field(default_factory=list)
    """Dutch notes about files that were skipped on purpose (hidden and system files)."""

    @property
    def counts(self) -> dict[str, int]:
        """Totals for reporting.

        ``pages`` counts readable documents that are not duplicates, because a duplicate is assessed once;
        ``families`` counts e-mails that brought at least one attachment along.
        """
        errors = sum(1 for d in self.documents if d.error is not None)
        parents = {d.parent for d in self.documents if d.parent is not None}
        return {
            "found": len(self.documents),
            "readable": len(self.documents) - errors,
            "errors": errors,
            "duplicates": sum(1 for d in self.documents if d.duplicate_of is not None),
            "pages": sum(d.pages or 0 for d in self.documents if d.error is None and d.duplicate_of is None),
            "families": len({d.family for d in self.documents if d.index in parents}),
        }

    def by_index(self, index: int) -> CollectedDocument:
        """The document with this 1-based index."""
        document = self.documents[index - 1]
        assert document.index == index
        return document
