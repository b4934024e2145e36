"""The inventory list (inventarislijst): one row per assessed document, as annex and as CSV.

Columns follow government practice: number, date, description, file type, family (e-mail with attachments),
judgement, grounds, remark, and where the document can be found when already public.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from woo.letters.context import InventoryRow

__all__ = ["CSV_HEADER", "file_type_label", "inventory_csv"]

CSV_HEADER = ("nummer", "datum", "omschrijving", "bestandstype", "familie", "oordeel", "weigeringsgronden",
              "opmerking", "vindplaats")

_TYPES = {
    "application/pdf": "pdf", "message/rfc822": "e-mail", "text/plain": "tekst",
    "image/png": "afbeelding", "image/jpeg": "afbeelding", "image/tiff": "afbeelding", "image/gif": "afbeelding",
}


def file_type_label(media_type: str) -> str:
    return _TYPES.get(media_type, media_type.split("/")[-1])


def inventory_csv(rows: Iterable[InventoryRow]) -> bytes:
    """CSV with a semicolon separator and a BOM, because that is what Dutch spreadsheet users open cleanly."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([
            r.number, r.date.isoformat() if r.date else "", _defuse(r.title), r.file_type,
            r.family if r.family is not None else "", r.judgement, ", ".join(r.grounds), _defuse(r.remark),
            r.link or "",
        ])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _defuse(text: str) -> str:
    # A title taken from an e-mail subject could start with "=" and run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
