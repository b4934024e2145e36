"""Letters go out exactly once, by file or by real SMTP, and an interrupted SMTP send is held, not repeated."""

from __future__ import annotations

import email
import email.policy
import hashlib
import socket

import pytest
from sqlalchemy import select

from woo.errors import DeliveryError, DeliveryUncertain
from woo.outbox import OutgoingMessage, deliver
from woo.settings import reset_settings
from woo.store.db import session_scope
from woo.store.models import AuditRow, OutboxRow, RequestRow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def request_row(woo_home):
    with session_scope() as s:
        s.add(RequestRow(id="wr-test", intake_sha256="0" * 64, intake={}, status="registered"))
    return "wr-test"


def _letter(key: str = "acknowledgement:wr-test", email_to: str | None = "j.jansen@voorbeeld.nl") -> OutgoingMessage:
    return OutgoingMessage(key=key, request_id="wr-test", kind="acknowledgement", subject="Ontvangstbevestiging",
                           body_text="Zie bijlage.", pdf=PDF, pdf_name="brief.pdf", recipient_name="J. Jansen",
                           recipient_email=email_to)


def test_file_delivery_writes_one_eml_with_the_pdf_attached_and_never_twice(request_row, woo_home):
    first = deliver(_letter())
    second = deliver(_letter())
    assert first.newly_sent and not second.newly_sent
    emls = list((woo_home / "outbox").glob("*.eml"))
    assert len(emls) == 1
    msg = email.message_from_bytes(emls[0].read_bytes(), policy=email.policy.default)
    assert msg["To"].addresses[0].addr_spec == "j.jansen@voorbeeld.nl"
    assert next(msg.iter_attachments()).get_content() == PDF
    with session_scope() as s:
        sent = s.scalars(select(AuditRow).where(AuditRow.action == "letter.sent")).all()
        assert len(sent) == 1 and hashlib.sha256(PDF).hexdigest() in sent[0].payload


def test_a_letter_without_e_mail_address_goes_to_the_print_folder(request_row, woo_home):
    result = deliver(_letter(email_to=None))
    assert result.transport == "post"
    assert (woo_home / "outbox" / "post").glob("*.pdf")


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[email.message.Message] = []

    class Collect(Message):
        def handle_message(self, message):  # type: ignore[override]
            received.append(message)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def test_smtp_delivery_reaches_a_real_smtp_server_once(request_row, smtp_server, monkeypatch):
    port, received = smtp_server
    monkeypatch.setenv("WOO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WOO_SMTP_PORT", str(port))
    reset_settings()
    deliver(_letter())
    deliver(_letter())
    assert len(received) == 1
    assert received[0]["Subject"] == "Ontvangstbevestiging"
    assert received[0]["Message-ID"].startswith("<acknowledgement_wr-test@")


def test_a_refused_connection_leaves_the_letter_pending_for_a_retry(request_row, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here after the with-block
    monkeypatch.setenv("WOO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WOO_SMTP_PORT", str(port))
    reset_settings()
    with pytest.raises(DeliveryError):
        deliver(_letter())
    with session_scope() as s:
        assert s.scalar(select(OutboxRow.status)) == "pending"


def test_an_smtp_send_interrupted_after_claiming_is_held_for_a_person(request_row, smtp_server, monkeypatch):
    port, received = smtp_server
    monkeypatch.setenv("WOO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WOO_SMTP_PORT", str(port))
    reset_settings()
    # A crash between claiming the message and recording it as sent leaves it 'sending'.
    with session_scope() as s:
        s.add(OutboxRow(idempotency_key="acknowledgement:wr-test", request_id="wr-test", kind="acknowledgement",
                        subject="x", message_id="<m@x>", status="sending", transport="smtp", pdf_sha256="0" * 64))
    with pytest.raises(DeliveryUncertain):
        deliver(_letter())
    assert received == []
    with session_scope() as s:
        assert s.scalar(select(OutboxRow.status)) == "held"
