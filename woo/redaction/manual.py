"""Redactions a reviewer gives by hand: a text to find on a page, or a rectangle, with its ground.

A text is found everywhere on its page, tolerant to how the page sets it: any run of spaces or a line break
between words, a word broken over two lines (with or without a hyphen), upper or lower case. Each occurrence
becomes one redaction with one box per line it spans, fitted like detected text
(:meth:`~woo.redaction.textmap.PageText.rects`), and scanned pages are searched in what OCR read. The same
function serves the answer check (a text that is not on its page refuses the answer) and the redact step.

Problems are Dutch and name the document, page and item, never the text itself or any other text of the page:
they are shown in the Prefect UI, where no personal data may appear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pymupdf

from woo.redaction.errors import RedactionInputError
from woo.redaction.model import ManualRedaction, RectTuple
from woo.redaction.pdfio import open_pdf, prepare
from woo.redaction.textmap import PageText, page_text
from woo.schemas.grounds import Ground

# Between two characters of a word: nothing, or a line break (after a hyphen, soft hyphen or none).
_BREAK = r"(?:[-\u00ad\u2010]?[ \t]*\n\s*)?"


class ManualItem(Protocol):
    """The shape of a reviewer's manual redaction (``woo.questions.models.ManualRedaction``)."""

    @property
    def page(self) -> int: ...  # one-based
    @property
    def text(self) -> str | None: ...
    @property
    def rect(self) -> tuple[float, float, float, float] | None: ...
    @property
    def ground(self) -> Ground: ...


def text_pattern(text: str) -> re.Pattern[str] | None:
    """A pattern for ``text`` as a page may set it; None for a text without any visible character."""
    words = text.split()
    if not words:
        return None
    body = r"\s+".join(_BREAK.join(re.escape(c) for c in word) for word in words)
    # Whole words only: "Jan" is not the start of "Januari".
    head = r"(?<!\w)" if words[0][0].isalnum() or words[0][0] == "_" else ""
    tail = r"(?!\w)" if words[-1][-1].isalnum() or words[-1][-1] == "_" else ""
    return re.compile(head + body + tail, re.IGNORECASE)


def find_text(pt: PageText, text: str) -> list[tuple[str, tuple[RectTuple, ...]]]:
    """Every occurrence of ``text`` on the page: the text as the page has it and one rectangle per line."""
    pattern = text_pattern(text)
    if pattern is None:
        return []
    found = []
    for m in pattern.finditer(pt.text):
        rects = pt.rects(m.start(), m.end())
        if rects:
            found.append((" ".join(m.group().split()), rects))
    return found


def manual_redactions(doc: pymupdf.Document, items: Sequence[ManualItem], *, document: int
                      ) -> tuple[list[ManualRedaction], list[str]]:
    """The reviewer's items for one (opened, prepared) document as engine redactions, and a Dutch problem
    for every item that cannot be placed (a page that does not exist, a text that is not on its page)."""
    out: list[ManualRedaction] = []
    problems: list[str] = []
    texts: dict[int, PageText] = {}
    for n, item in enumerate(items, 1):
        where = f"Handmatige lakking {n} (document {document}, pagina {item.page})"
        if not 1 <= item.page <= doc.page_count:
            problems.append(f"{where}: het document heeft {doc.page_count} pagina's.")
            continue
        if item.rect is not None:
            out.append(ManualRedaction(page=item.page - 1, rects=(item.rect,), ground=item.ground))
            continue
        if item.page not in texts:
            texts[item.page] = page_text(doc[item.page - 1])
        found = find_text(texts[item.page], item.text or "")
        if not found:
            problems.append(f"{where}: de opgegeven tekst is niet gevonden op die pagina.")
            continue
        out += [ManualRedaction(page=item.page - 1, rects=rects, ground=item.ground, text=matched)
                for matched, rects in found]
    return out, problems


def manual_redactions_for(pdf_path: Path, items: Sequence[ManualItem], *, document: int
                          ) -> tuple[list[ManualRedaction], list[str]]:
    """:func:`manual_redactions` for a file; an unreadable file is one problem, not an exception."""
    if not items:
        return [], []
    try:
        opened = open_pdf(pdf_path)
    except RedactionInputError:
        return [], [f"Handmatige lakkingen in document {document}: het document kan niet worden gelezen."]
    try:
        prepare(opened.doc)  # the pages as the engine redacts them (form fields and annotations baked in)
        return manual_redactions(opened.doc, items, document=document)
    finally:
        opened.doc.close()


def text_not_found(pdf_path: Path, *, document: int, page: int, text: str, field: str) -> list[str]:
    """For the answer check: a Dutch problem (prefixed with the answer's ``field``) when ``text`` is not on
    ``page`` (one-based) of the document, or the page does not exist."""
    _, problems = manual_redactions_for(pdf_path, [_TextItem(page, text)], document=document)
    # "Handmatige lakking 1 (document 4, pagina 2): <what>" becomes "<field>: <what> (document 4, pagina 2)".
    return [f"{field}: {(problem.partition('): ')[2] or problem).rstrip('.')} (document {document}, pagina {page})"
            for problem in problems]


@dataclass(frozen=True, slots=True)
class _TextItem:
    page: int
    text: str
    rect: None = None
    ground: Ground = Ground.PRIVACY  # not used: only where the text is matters for the answer check
