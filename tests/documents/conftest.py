"""Builders for the small files the collection tests feed in: PDFs, images and e-mails made on the spot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from email import message_from_bytes, policy
from email.message import EmailMessage

import pymupdf
import pytest


def pdf_bytes(text: str = "Hallo wereld", *, created: str | None = None, pages: int = 1) -> bytes:
    with pymupdf.open() as doc:
        for n in range(pages):
            doc.new_page().insert_text((72, 72), f"{text} {n + 1}" if pages > 1 else text)
        if created:
            doc.set_metadata({"creationDate": created})
        return doc.tobytes()


def png_bytes(text: str = "Scan") -> bytes:
    with pymupdf.open() as doc:
        page = doc.new_page(width=200, height=100)
        page.insert_text((20, 50), text)
        return page.get_pixmap(dpi=36).tobytes("png")


def mail_bytes(
    *,
    subject: str = "Overleg Stationsplein",
    body: str = "Beste collega,\n\nZie bijlage.\n",
    html: str | None = None,
    html_only: bool = False,
    attachments: Sequence[tuple[bytes, str, str, str | None]] = (),
    nested: Sequence[bytes] = (),
) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Sanne Elzinga <s.elzinga@voorbeeldstad.nl>"
    msg["To"] = "Peter Jansen <p.jansen@bouwbedrijf-jansen.nl>"
    msg["Cc"] = "Tom Bos <t.bos@voorbeeldstad.nl>"
    msg["Date"] = "Fri, 14 Mar 2025 10:15:00 +0100"
    msg["Subject"] = subject
    if html_only:
        msg.set_content(html or "", subtype="html")
    else:
        msg.set_content(body)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    for data, maintype, subtype, filename in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    for inner in nested:
        msg.add_attachment(message_from_bytes(inner, policy=policy.default))
    return msg.as_bytes(policy=policy.SMTP)


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return pdf_bytes


@pytest.fixture
def make_png() -> Callable[..., bytes]:
    return png_bytes


@pytest.fixture
def make_mail() -> Callable[..., bytes]:
    return mail_bytes
