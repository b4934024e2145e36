"""A document's title and date as the document itself gives them, for the inventory.

Title, in order: an "Onderwerp:"/"Betreft:" line, the PDF's own title when it is a real title (not "Microsoft
Word - brief.docx" or "Untitled"), the first page's heading (its largest type), the e-mail subject (the mail
reader sets that itself), and last the file name without its date.

Date, in order: the e-mail's sent date (the mail reader), a "Datum:" line, a date in the file name
(``2026-03-03``, ``20260303``, ``3 maart 2026``, ``03-03-2026``), the first date in the opening of the text (a
letter's date under its letterhead; a date of birth is skipped), and the PDF's creation date (for a scan that is
the day of scanning, so it comes last). An attachment without a date of its own takes its e-mail's (the
collector does that).

These titles are raw: they may contain a name. What is published passes :func:`woo.redaction.titles.public_title`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pymupdf

from woo.documents.dates import dutch_date, parse_pdf_date

__all__ = [
    "MAX_TITLE",
    "Described",
    "date_from_name",
    "date_line",
    "dates_in",
    "describe_pdf",
    "describe_text",
    "first_date",
    "heading",
    "opening_date",
    "sensible_title",
    "strip_date",
    "subject_line",
]

# The month names as the project's one Dutch date writer spells them, plus the usual abbreviations.
_MONTHS = {dutch_date(dt.date(2000, m, 1)).split()[1]: m for m in range(1, 13)} | {
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # 2026-03-03, 2026_03_03, 2026.03.03
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-_.](?P<m>\d{1,2})[-_.](?P<d>\d{1,2})(?!\d)"),
    # 3 maart 2026, 3 mrt. 2026, maandag 3 maart 2026
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?P<mn>{_MONTH_ALT})\.?\s*(?P<y>(?:19|20)\d{{2}})(?!\d)", re.IGNORECASE),
    # 03-03-2026, 3/3/2026, 03.03.2026 (Dutch order: day first)
    re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d{2})(?!\d)"),
    # 20260303
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)
_DATE_LINE = re.compile(r"^[ \t]*(?:datum|date|verzonden|verzenddatum|dagtekening)[ \t]*:?[ \t]+(?P<rest>.+)$",
                        re.IGNORECASE | re.MULTILINE)
_SUBJECT_LINE = re.compile(r"^[ \t]*(?:onderwerp|betreft|subject|inzake)[ \t]*:?[ \t]+(?P<rest>\S.*)$",
                           re.IGNORECASE | re.MULTILINE)
# A date after these words is about a person, not when the document was made.
_BIRTH_CONTEXT = re.compile(r"(geboren|geboortedatum|geb\.)\s*(op\s*)?$", re.IGNORECASE)
_OPENING_CHARS = 1500

_MEANINGLESS_TITLES = re.compile(
    r"^(?:untitled|naamloos|titel|title|document\d*|doc\d*|presentatie\d*|presentation\d*|brief\d*|"
    r"microsoft word.*|powerpoint.*|scan\w*|img[_-]?\d+|dsc[_-]?\d+|\d+|[-_. ]*)$", re.IGNORECASE)
_OFFICE_PREFIX = re.compile(r"^(?:microsoft\s+(?:word|excel|powerpoint)\s*-\s*)", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|odt|rtf|txt|msg|eml)$", re.IGNORECASE)
MAX_TITLE = 200


@dataclass(frozen=True)
class Described:
    """What the document says about itself; None where it says nothing."""

    title: str | None = None
    date: dt.date | None = None
    """From a "Datum:" line: the document's own statement, before the file name."""
    fallback_date: dt.date | None = None
    """From the opening text or the PDF's metadata: used when neither a "Datum:" line nor the file name has one."""


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if 1900 <= year <= 2100 else None


def dates_in(text: str) -> list[tuple[int, dt.date]]:
    """Every date written in ``text`` with its position, in text order; a date of birth is left out."""
    found: dict[int, dt.date] = {}
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            month = _MONTHS.get(m.group("mn").lower()) if "mn" in pattern.groupindex else int(m.group("m"))
            value = _valid(int(m.group("y")), month or 0, int(m.group("d")))
            if value is None or _BIRTH_CONTEXT.search(text[max(0, m.start() - 30):m.start()]):
                continue
            found[m.start()] = value
            taken.append((m.start(), m.end()))
    return sorted(found.items())


def first_date(text: str) -> dt.date | None:
    """The first date written in ``text``, any of the usual notations."""
    found = dates_in(text)
    return found[0][1] if found else None


def date_from_name(name: str) -> dt.date | None:
    """A date in a file name: ``2026-03-03 brief.pdf``, ``20260303_notulen.pdf``, ``brief 3 maart 2026.pdf``."""
    return first_date(name.replace("_", " "))


def date_line(text: str) -> dt.date | None:
    """The date of a "Datum:" line (memo, letter, forwarded e-mail)."""
    for m in _DATE_LINE.finditer(text[:_OPENING_CHARS * 2]):
        value = first_date(m.group("rest"))
        if value is not None:
            return value
    return None


def subject_line(text: str) -> str | None:
    """The text of an "Onderwerp:"/"Betreft:" line, when it is a title."""
    for m in _SUBJECT_LINE.finditer(text[:_OPENING_CHARS * 2]):
        title = sensible_title(m.group("rest"))
        if title:
            return title
    return None


def sensible_title(title: str | None) -> str | None:
    """``title`` cleaned up, or None when it says nothing (a program's default, a file name, a number)."""
    if not title:
        return None
    text = " ".join(title.split())
    text = _FILE_SUFFIX.sub("", _OFFICE_PREFIX.sub("", text)).strip(" -_.:")
    if len(text) < 3 or _MEANINGLESS_TITLES.match(text) or not re.search(r"[^\W\d_]{3}", text):
        return None
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return text


def strip_date(title: str) -> str:
    """A file-name title without its date: ``2026-03-03 Brief over planning`` → ``Brief over planning``."""
    out = title
    for pattern in _DATE_PATTERNS:
        out = pattern.sub(" ", out)
    out = " ".join(out.split()).strip(" -_.,")
    return out[:1].upper() + out[1:] if out else title


def heading(page: pymupdf.Page) -> str | None:
    """The line in the largest type on ``page`` when it stands out from the body text (a title, not a letterhead
    in body size)."""
    sizes: list[tuple[float, str, float]] = []
    try:
        blocks = page.get_text("dict")["blocks"]
    except Exception:
        return None
    for block in blocks:
        for line in block.get("lines", ()):
            spans = [s for s in line.get("spans", ()) if s.get("text", "").strip()]
            if not spans:
                continue
            text = " ".join("".join(s["text"] for s in spans).split())
            size = max(s["size"] for s in spans)
            sizes.append((size, text, line["bbox"][1]))
    if not sizes:
        return None
    body = sorted(s for s, _, _ in sizes)[len(sizes) // 2]
    top = max(s for s, _, _ in sizes)
    if top < body * 1.25:
        return None
    # The first line in that size (a title may wrap over two lines: join them).
    lines = [t for s, t, _ in sorted(sizes, key=lambda x: x[2]) if s >= top - 0.5]
    return sensible_title(" ".join(lines[:2]))


def describe_pdf(data: bytes) -> Described:
    """Title and date from a PDF's text, its metadata and its first page's heading."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        return Described()
    with doc:
        if doc.needs_pass or doc.page_count == 0:
            return Described()
        metadata = doc.metadata or {}
        first = doc[0]
        text = first.get_text()
        title = subject_line(text) or sensible_title(metadata.get("title")) or heading(first)
        return Described(title, date_line(text),
                         opening_date(text) or parse_pdf_date(metadata.get("creationDate")))


def describe_text(text: str) -> Described:
    """Title and date from plain text (a memo, a note)."""
    return Described(subject_line(text), date_line(text), opening_date(text))


def opening_date(text: str) -> dt.date | None:
    """The first date in the opening of a text (a letter's date under its letterhead)."""
    return first_date(text[:_OPENING_CHARS])
