"""Deliver letters exactly once: as ``.eml`` files in the outbox folder (default) or over SMTP.

Nothing leaves without passing the privacy gate (:mod:`woo.privacy`): the message exactly as it will be written
or sent (headers, body, attachment) is read as its recipient would read it and searched for personal data that
recipient may not see (:attr:`OutgoingMessage.audience`). A hit blocks this letter only: it is not sent, its
outbox row says ``blocked``, the block is recorded for a person to settle, and :func:`deliver` returns a
delivery with status ``blocked`` so the step can go on with its other letters.

Every message has an idempotency key (``acknowledgement:<request>``). The outbox row moves pending → sending →
sent, each move committed before the next action. A retry finds ``sent`` and does nothing. A retry that finds
``sending`` knows a previous attempt died mid-send: for the file transport it simply writes the same file again
(harmless); for SMTP it cannot know whether the server accepted the message, so it marks the row ``held`` and
asks a person to check instead of risking a second letter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import TYPE_CHECKING

from woo.case import UnitOfWork
from woo.errors import DeliveryError, DeliveryUncertain
from woo.privacy import Audience, KnownData, known_data
from woo.privacy.blocks import letter_item, record_check
from woo.schemas.audit import AuditAction
from woo.settings import Settings, get_settings
from woo.store.files import write_atomically
from woo.store.models import OutboxRow

if TYPE_CHECKING:
    from woo.privacy import ItemCheck


@dataclass(frozen=True)
class OutgoingMessage:
    """A rendered letter ready to go out. ``recipient_email`` None means it goes by post (printed)."""

    key: str
    request_id: str | None
    """None for a message about no single request (the deadline watch's daily digest to the process owner)."""
    kind: str
    subject: str
    body_text: str
    pdf: bytes
    pdf_name: str
    recipient_name: str
    recipient_email: str | None
    audience: Audience
    """Who reads it: the requester, one third party, or staff; decides what the privacy gate looks for."""
    dated: dt.date | None = None
    """The letter's date; the e-mail's Date header carries the same day (the demo's replay runs on past days)."""
    attachments: tuple[tuple[str, bytes], ...] = ()
    """Further PDFs after the letter (name, bytes), e.g. the proposed-redaction copies for a third party."""


@dataclass(frozen=True)
class Delivery:
    key: str
    status: str
    """sent | blocked (held by the privacy gate) | withheld (a person decided it is not to be sent)"""
    transport: str
    path: str | None
    pdf_sha256: str
    newly_sent: bool
    check: ItemCheck | None = None


def _safe_key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", key)


def build_message(letter: OutgoingMessage, settings: Settings, message_id: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((settings.organisation_name, settings.mail_from))
    msg["To"] = formataddr((letter.recipient_name, letter.recipient_email or ""))
    msg["Subject"] = letter.subject
    now = dt.datetime.now(dt.UTC)
    if letter.dated is not None and letter.dated != now.date():
        now = dt.datetime.combine(letter.dated, dt.time(12, 0), dt.UTC)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    msg.set_content(letter.body_text)
    msg.add_attachment(letter.pdf, maintype="application", subtype="pdf", filename=letter.pdf_name)
    for name, data in letter.attachments:
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg


def _message_id(stem: str, settings: Settings) -> str:
    return f"<{stem}@{settings.mail_from.split('@')[-1]}>"


def _gate(uow: UnitOfWork, letter: OutgoingMessage, message: EmailMessage | None, settings: Settings) -> ItemCheck:
    # The gate's readers (PyMuPDF, PDFium, OCR) load when a letter goes out, not when the letters are imported.
    from woo.privacy import Gate, Outgoing

    """Read the letter exactly as it leaves (the whole e-mail, or the printed PDF) and check it."""
    stem = _safe_key(letter.key)
    if message is not None:
        files = [Outgoing(f"{stem}.eml", bytes(message), content_type="message/rfc822")]
    else:
        files = [Outgoing(f"{stem}.pdf", letter.pdf, content_type="application/pdf")]
        files += [Outgoing(f"{stem}-{name}", data, content_type="application/pdf") for name, data in letter.attachments]
    if letter.request_id is None:
        known = KnownData()  # about no single request (the watch's digest): the gate's own patterns still apply
    else:
        with uow:
            known = known_data(uow.requests, letter.request_id, settings)
    return Gate(known, letter.audience).check(letter_item(letter.key), files)


def deliver(uow: UnitOfWork, letter: OutgoingMessage, settings: Settings | None = None) -> Delivery:
    """Send ``letter`` unless its key was sent before, and only when it passes the privacy gate; safe to call
    again after any crash.

    Each change of the outbox row commits before the next action (deliberately early: a crash between two
    actions must leave a state that tells whether the letter may have gone out), so call it outside ``with uow``.
    """
    settings = settings or get_settings()
    pdf_sha = hashlib.sha256(letter.pdf).hexdigest()
    transport = "post" if letter.recipient_email is None else ("smtp" if settings.smtp_host else "file")
    stem = _safe_key(letter.key)

    held = False
    with uow:
        row = uow.requests.outbox(letter.key)
        if row is not None and row.status == "sent":
            return Delivery(letter.key, "sent", row.transport or transport, row.eml_path, row.pdf_sha256 or "", False)
        if row is not None and row.status == "withheld":
            return Delivery(letter.key, "withheld", row.transport or transport, None, row.pdf_sha256 or "", False)
        message_id = row.message_id if row is not None else _message_id(stem, settings)
        if row is not None and row.status in ("sending", "held") and row.transport == "smtp":
            if row.status == "sending":
                row.status = "held"
                row.error = "verzending onderbroken; controleer of de brief is aangekomen voordat u opnieuw verstuurt"
                uow.record(AuditAction.LETTER_HELD, request_id=letter.request_id, step=letter.kind,
                           payload={"key": letter.key, "pdf_sha256": row.pdf_sha256})
                uow.commit()
            held = True
    if held:
        # Committed above: the hold and its audit event must survive the error that tells the flow to stop.
        raise DeliveryUncertain(f"bericht {letter.key} is mogelijk al verstuurd; een medewerker moet dit nagaan")

    # The exact message that will be written or sent is what the gate reads.
    message = None if transport == "post" else build_message(letter, settings, message_id)
    check = _gate(uow, letter, message, settings)
    with uow:
        row = uow.requests.outbox(letter.key)
        if row is None:
            folder = (settings.outbox_dir / "digests" if letter.request_id is None
                      else settings.request_dir(letter.request_id) / "letters")
            pdf_path = folder / f"{stem}.pdf"
            write_atomically(pdf_path, letter.pdf)
            row = OutboxRow(
                idempotency_key=letter.key, request_id=letter.request_id, kind=letter.kind,
                recipient=letter.recipient_email, subject=letter.subject, pdf_path=str(pdf_path),
                pdf_sha256=pdf_sha, message_id=message_id,
            )
            uow.requests.add(row)
            uow.flush()
        if letter.request_id is not None:
            record_check(uow, letter.request_id, check, step=letter.kind, outbox_key=letter.key)
        elif not check.passed:  # no request to hold it under: the outbox row and this event say it was held
            uow.record(AuditAction.GATE_BLOCKED, request_id=None, step=letter.kind, payload=check.payload())
        if not check.passed:
            row.status = "blocked"
            row.transport = transport
            row.error = "tegengehouden door de privacycontrole; een medewerker beslist"
            uow.commit()
            return Delivery(letter.key, "blocked", transport, None, pdf_sha, False, check)
        row.status = "sending"
        row.transport = transport
        pdf_sha = row.pdf_sha256 or pdf_sha
        uow.commit()  # "sending" is on record before the letter leaves

    path: Path | None = None
    try:
        if transport == "post":
            path = settings.outbox_dir / "post" / f"{stem}.pdf"
            write_atomically(path, letter.pdf)
            for name, data in letter.attachments:
                write_atomically(settings.outbox_dir / "post" / f"{stem}-{_safe_key(name)}", data)
        else:
            assert message is not None
            if transport == "file":
                path = settings.outbox_dir / f"{stem}.eml"
                write_atomically(path, bytes(message))
            else:
                _send_smtp(message, settings)
    except (OSError, smtplib.SMTPException) as exc:
        with uow:
            row = uow.requests.outbox(letter.key)
            assert row is not None
            # Refused before the server accepted it: safe to try again.
            row.status = "pending"
            row.error = f"{type(exc).__name__}"
            uow.commit()
        raise DeliveryError(f"bericht {letter.key} kon niet worden afgeleverd ({type(exc).__name__})") from exc

    with uow:
        row = uow.requests.outbox(letter.key)
        assert row is not None
        row.status = "sent"
        row.sent_at = dt.datetime.now(dt.UTC)
        row.eml_path = str(path) if path else None
        row.error = None
        uow.record(AuditAction.LETTER_SENT, request_id=letter.request_id, step=letter.kind,
                   payload={"key": letter.key, "kind": letter.kind, "transport": transport, "pdf_sha256": pdf_sha,
                            "gate": {"audience": check.audience.code, "pages": check.pages, "passed": True}})
        uow.commit()
    return Delivery(letter.key, "sent", transport, str(path) if path else None, pdf_sha, True, check)


def _send_smtp(message: EmailMessage, settings: Settings) -> None:
    assert settings.smtp_host
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)
