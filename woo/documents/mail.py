"""Read an ``.eml`` message: its headers, a readable body and its attachments, without trusting any of it.

The body is always reduced to plain text (HTML through :func:`html_to_text`), so nothing a sender wrote can make
the renderer load a resource. Attachment names are kept as text only; the caller sanitises them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage, Message, MIMEPart

from woo.documents.convert import Unreadable
from woo.documents.dates import dutch_datetime
from woo.documents.html_text import html_to_text
from woo.documents.names import safe_text

MAIL_HEADERS = (("From", "Van"), ("To", "Aan"), ("Cc", "Cc"), ("Date", "Datum"), ("Subject", "Onderwerp"))
NO_SUBJECT = "(geen onderwerp)"


@dataclass
class Attachment:
    """One attachment as found in the message; ``data`` is None when it could not be decoded."""

    name: str | None
    media_type: str
    data: bytes | None


@dataclass
class ParsedMail:
    subject: str
    date: datetime.date | None
    headers: list[tuple[str, str]]
    """Dutch label and value, in the order Van, Aan, Cc, Datum, Onderwerp; empty headers left out."""
    body: str
    attachments: list[Attachment]
    notes: list[str] = field(default_factory=list)
    message_id: str | None = None
    """The ``Message-ID`` (``<…@…>``), None when absent or malformed."""
    replies_to: tuple[str, ...] = ()
    """The messages this one answers or forwards: ``In-Reply-To`` and ``References``, without duplicates."""


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:
        # The modern header parser raises on a few malformed headers; the raw text is still worth showing.
        raw = [str(v) for k, v in msg.raw_items() if k.lower() == name.lower()]
        return " ".join(" ".join(raw).split())
    return " ".join(str(value).split()) if value is not None else ""


_MSG_ID = re.compile(r"<([^<>\s]+@[^<>\s]+)>")


def _message_ids(msg: Message, name: str) -> list[str]:
    """The message ids in header ``name`` (``<local@domain>``), as written."""
    raw = " ".join(str(v) for k, v in msg.raw_items() if k.lower() == name.lower())
    return [f"<{m.group(1).strip()}>" for m in _MSG_ID.finditer(raw)]


def _sent_at(msg: Message) -> datetime.datetime | None:
    try:
        value = msg.get("Date")
        return getattr(value, "datetime", None)
    except Exception:
        return None


def _part_text(part: MIMEPart) -> str:
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except Exception:  # noqa: S110 - an unknown charset or broken encoding falls through to lenient decoding
        pass
    payload = part.get_payload(decode=True)
    return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""


def _body(msg: EmailMessage, notes: list[str]) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        notes.append("E-mail had alleen HTML-inhoud; die is als platte tekst weergegeven zonder externe bronnen")
        text = html_to_text(text)
    return text


def _attachment_parts(msg: EmailMessage, depth: int = 0) -> Iterator[MIMEPart]:
    related = msg.get_body(preferencelist=("related",))
    # Inline images of an HTML body belong to the record as much as attached ones.
    if related is not None and related is not msg:
        yield from related.iter_attachments()
    for part in msg.iter_attachments():
        if part.get_content_maintype() == "multipart" and depth < 5:
            yield from (p for p in part.walk() if not p.is_multipart() and p is not part)
        else:
            yield part


_RAW_NAME = re.compile(r"""(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.IGNORECASE)


def _raw_name(part: MIMEPart) -> str | None:
    """The attachment name from the raw headers, for a name sent as 8-bit bytes without RFC 2231 encoding.

    The parser turns such bytes into U+FFFD; the raw header still holds them (as surrogates), and
    :func:`safe_text` reads them as UTF-8 or else Windows-1252 ("café.pdf", not "caf�.pdf")."""
    for key, value in part.raw_items():
        if key.lower() in ("content-disposition", "content-type"):
            m = _RAW_NAME.search(str(value))
            if m:
                return safe_text(m.group(1) if m.group(1) is not None else m.group(2))
    return None


def _attachment(part: MIMEPart) -> Attachment:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name is not None and "\ufffd" in name:
        name = _raw_name(part) or name
    media_type = part.get_content_type()
    try:
        if media_type == "message/rfc822":
            inner = part.get_payload(0)
            data = inner.as_bytes(policy=policy.default) if isinstance(inner, Message) else None
            if name is None and isinstance(inner, Message):
                subject = _header(inner, "Subject")
                name = f"{subject or 'bericht'}.eml"
        else:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else None
    except Exception:
        data = None
    return Attachment(name, media_type, data)


def parse_mail(data: bytes) -> ParsedMail:
    """Headers, body text and attachments of an e-mail; raises :class:`Unreadable` for non-messages."""
    msg = message_from_bytes(data, policy=policy.default)
    if not isinstance(msg, EmailMessage) or not any(name in msg for name, _ in MAIL_HEADERS):
        raise Unreadable("Geen geldig e-mailbericht: de kopregels (Van, Aan, Onderwerp, Datum) ontbreken")
    notes: list[str] = []
    sent_at = _sent_at(msg)
    headers: list[tuple[str, str]] = []
    for name, label in MAIL_HEADERS:
        value = dutch_datetime(sent_at) if name == "Date" and sent_at is not None else _header(msg, name)
        if value:
            headers.append((label, value))
    body = _body(msg, notes)
    attachments = [_attachment(part) for part in _attachment_parts(msg)]
    own = _message_ids(msg, "Message-ID")
    parents = dict.fromkeys(_message_ids(msg, "In-Reply-To") + _message_ids(msg, "References"))
    return ParsedMail(
        subject=_header(msg, "Subject") or NO_SUBJECT,
        date=sent_at.date() if sent_at is not None else None,
        headers=headers,
        body=body,
        attachments=attachments,
        notes=notes,
        message_id=own[0] if own else None,
        replies_to=tuple(p for p in parents if not own or p != own[0]),
    )
