"""Builders for hostile test PDFs and an independent leak check (PyMuPDF and pypdf) on saved files."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pymupdf
import pypdf


def text_pdf(path: Path, lines: list[str], *, rotation: int = 0) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    if rotation:
        page.set_rotation(rotation)
    for k, line in enumerate(lines):
        page.insert_text((72, 100 + 20 * k), line, fontsize=11)
    doc.save(path)
    return path


def raw_streams(path: Path) -> bytes:
    """Every stream in the file's bytes, inflated where possible, old revisions and orphans included."""
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", path.read_bytes(), re.DOTALL):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            out.append(m.group(1))
    return b"\n".join(out)


def _compact(s: str) -> str:
    return re.sub(r"[\W_]+", "", s).casefold()


def readable_strings(path: Path) -> str:
    """Everything both parsers can read from the file: page text, metadata, fields, attachments, objects."""
    parts: list[str] = []
    doc = pymupdf.open(path)
    for page in doc:
        parts.append(page.get_text("text"))
        parts.extend(a.info.get("content", "") for a in page.annots())
        parts.extend(str(w.field_value) for w in page.widgets())
    parts.extend(str(v) for v in (doc.metadata or {}).values())
    parts.append(doc.get_xml_metadata())
    for name in doc.embfile_names():
        parts.append(name)
        parts.append(doc.embfile_get(name).decode("latin-1"))
    for xref in range(1, doc.xref_length()):
        parts.append(doc.xref_object(xref))
        if doc.xref_is_stream(xref):
            parts.append((doc.xref_stream(xref) or b"").decode("latin-1"))
    doc.close()
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        parts.append(page.extract_text() or "")
        annots = page.get("/Annots")
        for annot in annots if isinstance(annots, list) else []:
            parts.append(str(annot.get_object()))
    parts.append(str(reader.metadata or ""))
    parts.append(str(reader.get_fields() or ""))
    parts.extend(f"{n}{d}" for n, d in reader.attachments.items())
    parts.append(path.read_bytes().decode("latin-1"))
    parts.append(raw_streams(path).decode("latin-1"))
    return "\n".join(parts)


def assert_absent(path: Path, *needles: str) -> None:
    blob = readable_strings(path)
    compact = _compact(blob)
    for needle in needles:
        assert needle.casefold() not in blob.casefold(), "a redacted string is still in the file"
        assert _compact(needle) not in compact, "a redacted string (without spaces) is still in the file"
        assert needle.encode().hex() not in blob.casefold(), "a redacted string is still in the file (hex)"


def assert_present(path: Path, *needles: str) -> None:
    doc = pymupdf.open(path)
    text = " ".join(" ".join(page.get_text("text") for page in doc).split())
    for needle in needles:
        assert needle in text
