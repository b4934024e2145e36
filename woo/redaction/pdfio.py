"""Open input PDFs safely and bring them into the shape the engine works on.

Opening refuses what cannot be redacted (not a PDF, corrupt, password-protected) with a Dutch message naming
the file. :func:`prepare` bakes annotations and form fields into the page content first, so the text a form
field shows is found and redacted like any other text, and nothing can hide in an annotation.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from woo.redaction.errors import CorruptPdfError, EncryptedPdfError, NotAPdfError, RedactionInputError
from woo.redaction.verify import page_texts

_log = logging.getLogger(__name__)

# Glyph boxes of neighbouring lines overlap with full-height boxes, so redacting one line would take
# characters of the line above or below with it.
pymupdf.TOOLS.set_small_glyph_heights(True)
# Character boxes as the font draws them, without MuPDF's quad corrections: with them, tightly set lines (line
# height 1.0) overlap and a box takes characters of the next line (tests/redaction/test_redaction_geometry.py).
# PyMuPDF 2.0 sets this on import through pymupdf4llm; it is stated here so the engine does not depend on that.
pymupdf.TOOLS.unset_quad_corrections(True)


@dataclass(slots=True)
class OpenedPdf:
    doc: pymupdf.Document
    fingerprint: str  # sha256 of the input bytes: stable ids and the salt of text hashes
    warnings: list[str] = field(default_factory=list)
    # Text per page as the check extracts it, read while opening; None once preparing changed the pages.
    page_texts: list[str] | None = None


def open_pdf(path: Path) -> OpenedPdf:
    """Open ``path`` for redaction or raise a :class:`RedactionInputError` subclass with a Dutch message."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RedactionInputError(f"Bestand {name} bestaat niet.") from None
    except OSError as exc:
        raise RedactionInputError(f"Bestand {name} kan niet worden gelezen ({exc.strerror}).") from None
    if b"%PDF-" not in data[:1024]:
        raise NotAPdfError(f"Bestand {name} is geen PDF-bestand; lakken is niet mogelijk.")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # MuPDF raises several error types for broken files
        raise CorruptPdfError(
            f"Bestand {name} is beschadigd en kan niet worden geopend; lakken is niet mogelijk."
        ) from None
    if doc.needs_pass:
        doc.close()
        raise EncryptedPdfError(
            f"Bestand {name} is versleuteld met een wachtwoord; lakken is niet mogelijk. "
            "Vraag een onbeveiligde versie op."
        )
    if doc.page_count == 0:
        doc.close()
        raise CorruptPdfError(f"Bestand {name} bevat geen leesbare pagina's; lakken is niet mogelijk.")
    opened = OpenedPdf(doc, hashlib.sha256(data).hexdigest())
    if doc.is_repaired:
        opened.warnings.append(f"Bestand {name} was beschadigd en is hersteld; controleer de uitvoer extra goed.")
    try:
        # Forces MuPDF to parse every content stream now, not halfway through applying; the text is kept as
        # the check's baseline so it is not extracted twice.
        opened.page_texts = page_texts(doc)
    except Exception:
        doc.close()
        raise CorruptPdfError(f"Bestand {name} is beschadigd (een pagina kan niet worden gelezen).") from None
    return opened


def prepare_opened(opened: OpenedPdf) -> list[str]:
    """:func:`prepare` for a document from :func:`open_pdf`, keeping its page texts only if still valid."""
    if any(page.first_annot or page.first_widget for page in opened.doc):
        opened.page_texts = None  # baking puts annotation and field text into the pages
    return prepare(opened.doc)


def prepare(doc: pymupdf.Document) -> list[str]:
    """Drop unapplied redaction marks and bake every other annotation and form field into the page content.

    Baking keeps what a form field shows (as page content that detection sees and redaction removes) while
    the field, its value and every annotation object disappear. Returns Dutch warnings for the report.
    """
    warnings: list[str] = []
    stale = 0
    for page in doc:
        for annot in list(page.annots(types=[pymupdf.PDF_ANNOT_REDACT])):
            page.delete_annot(annot)
            stale += 1
    if stale:
        warnings.append(f"{stale} niet-uitgevoerde lakmarkering(en) uit het bronbestand zijn verwijderd.")
    if any(page.first_annot or page.first_widget for page in doc):
        try:
            doc.bake(annots=True, widgets=True)
        except Exception:
            _log.warning("baking annotations failed; deleting them instead")
            for page in doc:
                for annot in list(page.annots()):
                    page.delete_annot(annot)
                for widget in list(page.widgets()):
                    page.delete_widget(widget)
            warnings.append("Annotaties en formuliervelden konden niet worden vastgezet en zijn verwijderd.")
    return warnings
