"""Dates as Dutch readers write them, and dates as PDF metadata stores them."""

from __future__ import annotations

import datetime
import re

from woo.deadlines.explain import dutch_date

# dutch_date is the deadline engine's (the project's one Dutch date writer), offered here beside the others.
__all__ = ["dutch_date", "dutch_datetime", "parse_pdf_date"]

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def dutch_datetime(value: datetime.datetime) -> str:
    """``14 maart 2025 10:15``."""
    return f"{dutch_date(value)} {value:%H:%M}"


def parse_pdf_date(text: str | None) -> datetime.date | None:
    """The date part of a PDF date string such as ``D:20250314101500+01'00'``; None when absent or invalid."""
    if not text:
        return None
    match = _PDF_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
