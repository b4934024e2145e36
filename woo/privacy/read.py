"""Reading outgoing files the way an outsider would, into plain text per page.

A PDF is read by two independent parsers (PyMuPDF and PDFium, as the redaction check does) and, on a page
without a text layer, by OCR; its metadata, XMP, annotations, links, form fields, bookmarks and embedded file
names count as well. XML and HTML are read both as they are and as a parser sees them (entities resolved), JSON
with its escapes decoded, CSV and text as they are. An e-mail is read header by header, part by part, with its
attachments; a ZIP archive member by member. A file no parser can read, and a page whose OCR is not confident, are
findings of their own: what cannot be read cannot be said to be free of personal data.
"""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage

import pymupdf
import pypdfium2 as pdfium
from lxml import etree
from lxml import html as lxml_html

from woo.redaction.ocr import OcrUnavailable, needs_ocr, ocr_page
from woo.redaction.verify import _PDFIUM_LOCK, TEXT_FLAGS

Word = tuple[float, float, float, float, str]

UNREADABLE_PAGE = "unreadable_page"
UNREADABLE_FILE = "unreadable_file"
_TEXT_SUFFIXES = (".xml", ".csv", ".json", ".html", ".htm", ".txt", ".md")


@dataclass(frozen=True)
class ReadPart:
    """What one reader got from one page (or the headers, metadata or name) of one file.

    ``file`` is the label findings use (never the file's public name, which may itself hold a name); ``page``
    is 1-based, None for everything that is not page text. ``problem`` is ``unreadable_page`` or
    ``unreadable_file`` when the part could not be read with confidence."""

    file: str
    page: int | None
    texts: tuple[str, ...]
    problem: str | None = None
    ocr: bool = False


@dataclass(frozen=True)
class PageReading:
    """The words of one page of an original: from its text layer, or from OCR when it has none."""

    words: list[Word]
    text: str
    ocr: bool


def page_reading(page: pymupdf.Page) -> PageReading:
    """Words and text of ``page``; a page without a text layer is read with OCR (empty when OCR is missing)."""
    text = page.get_text("text", flags=TEXT_FLAGS)
    if not needs_ocr(page, text):
        words = [(w[0], w[1], w[2], w[3], w[4]) for w in page.get_text("words", flags=TEXT_FLAGS)]
        return PageReading(words, text, False)
    try:
        result = ocr_page(page)
    except OcrUnavailable:
        return PageReading([], text, True)
    return PageReading([(*w.rect, w.text) for w in result.words], result.text, True)


def read_pdf(data: bytes, file: str) -> list[ReadPart]:
    """Every page through PyMuPDF, PDFium and (without a text layer) OCR, plus everything around the pages."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        return [ReadPart(file, None, (), UNREADABLE_FILE)]
    try:
        if doc.needs_pass or doc.page_count == 0:
            return [ReadPart(file, None, (), UNREADABLE_FILE)]
        pdfium_pages = _pdfium_texts(data)
        parts = [_around_pages(doc, file)]
        if pdfium_pages is None or len(pdfium_pages) != doc.page_count:
            parts.append(ReadPart(file, None, (), UNREADABLE_FILE))
            pdfium_pages = [""] * doc.page_count
        for i, page in enumerate(doc):
            mu = page.get_text("text", flags=TEXT_FLAGS)
            texts = [mu, pdfium_pages[i]]
            problem: str | None = None
            ocr = needs_ocr(page, mu)
            if ocr:
                try:
                    read = ocr_page(page)
                    texts.append(read.text)
                    if not read.confident:
                        problem = UNREADABLE_PAGE
                except OcrUnavailable:
                    problem = UNREADABLE_PAGE
            parts.append(ReadPart(file, i + 1, tuple(texts), problem, ocr))
        return parts
    finally:
        doc.close()


def _pdfium_texts(data: bytes) -> list[str] | None:
    """PDFium's text of every page (also outside the visible area), or None when PDFium cannot read the file."""
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except Exception:
            return None
        try:
            out = []
            for i in range(len(pdf)):
                page = pdf[i]
                try:
                    textpage = page.get_textpage()
                    try:
                        out.append(textpage.get_text_range())
                    finally:
                        textpage.close()
                finally:
                    page.close()
            return out
        except Exception:
            return None
        finally:
            pdf.close()


def _around_pages(doc: pymupdf.Document, file: str) -> ReadPart:
    """Metadata, XMP, bookmarks, annotations, form values, links and embedded file names."""
    texts: list[str] = [str(v) for v in (doc.metadata or {}).values() if v]
    texts.append(doc.get_xml_metadata() or "")
    texts += [str(entry[1]) for entry in doc.get_toc(simple=True)]
    for i in range(doc.embfile_count()):
        info = doc.embfile_info(i)
        texts += [str(info.get(k) or "") for k in ("name", "filename", "ufilename", "description")]
        try:
            texts.append(doc.embfile_get(i).decode("utf-8", "replace"))
        except Exception:
            texts.append("")
    for page in doc:
        for annot in page.annots():
            texts += [str(v) for v in (annot.info or {}).values() if v]
        for widget in page.widgets():
            texts += [str(widget.field_name or ""), str(widget.field_value or "")]
        texts += [str(link.get("uri") or "") for link in page.get_links()]
    return ReadPart(file, None, ("\n".join(t for t in texts if t),))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def _markup_text(root: etree._Element) -> str:
    parts = [t for t in root.itertext()]
    for el in root.iter():
        if isinstance(el.tag, str):
            parts += [str(v) for v in el.attrib.values()]
    return "\n".join(parts)


def read_text(data: bytes, file: str, suffix: str) -> list[ReadPart]:
    """A text file as it is, and as a parser of its kind reads it (entities and escapes resolved)."""
    raw = _decode(data)
    texts = [raw]
    try:
        if suffix == ".xml":
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            texts.append(_markup_text(etree.fromstring(data, parser)))
        elif suffix in (".html", ".htm"):
            texts.append(_markup_text(lxml_html.fromstring(raw)))
        elif suffix == ".json":
            texts.append("\n".join(_json_strings(json.loads(raw))))
    except (etree.LxmlError, ValueError):
        pass  # an outsider still reads the raw text, which is searched
    return [ReadPart(file, None, tuple(texts))]


def read_email(data: bytes, file: str) -> list[ReadPart]:
    """Headers, every text part and every attachment (PDFs page by page) of an e-mail message."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return _read_message(msg, file)


def _read_message(msg: EmailMessage, file: str) -> list[ReadPart]:
    headers = "\n".join(f"{k}: {v}" for k, v in msg.items())
    parts = [ReadPart(file, None, (headers,))]
    attachment = 0
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        name = part.get_filename()
        if name is None and ctype in ("text/plain", "text/html") and not part.is_attachment():
            body = part.get_content()
            texts = [body] if ctype == "text/plain" else [body, _markup_text(lxml_html.fromstring(body or " "))]
            parts.append(ReadPart(file, None, tuple(texts)))
            continue
        attachment += 1
        label = f"{file}, bijlage {attachment}"
        payload = part.get_payload(decode=True)
        payload = payload if isinstance(payload, bytes) else b""  # decoded: bytes, or None for a container
        parts.append(ReadPart(label, None, (name or "",)))
        parts += read_bytes(payload, label, name or "", ctype)
    return parts


# A ZIP expanding beyond this is not read (and so held): the publication's own ZIPs are far smaller.
MAX_ZIP_BYTES = 2 * 1024**3


def read_zip(data: bytes, file: str) -> list[ReadPart]:
    """Every member of a ZIP archive by its own kind, with its name; an encrypted or broken archive is a finding."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_ZIP_BYTES or any(m.flag_bits & 0x1 for m in members):
                return [ReadPart(file, None, (), UNREADABLE_FILE)]
            parts = [ReadPart(file, None, tuple(m.filename for m in members))]
            for m in members:
                parts += read_bytes(zf.read(m), f"{file}, {m.filename}", m.filename)
            return parts
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return [ReadPart(file, None, (), UNREADABLE_FILE)]


def read_bytes(data: bytes, file: str, name: str, content_type: str | None = None) -> list[ReadPart]:
    """Read any outgoing file by its kind; a kind no reader knows is a finding (``unreadable_file``)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data[:1024].lstrip().startswith(b"%PDF-") or suffix == ".pdf" or content_type == "application/pdf":
        return read_pdf(data, file)
    if suffix == ".zip" or content_type == "application/zip":
        return read_zip(data, file)
    if suffix == ".eml" or content_type == "message/rfc822":
        return read_email(data, file)
    if suffix in _TEXT_SUFFIXES or (content_type or "").startswith("text/"):
        return read_text(data, file, suffix or ".txt")
    return [ReadPart(file, None, (), UNREADABLE_FILE)]
