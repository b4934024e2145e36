"""Letters go out exactly once, by file or by real SMTP, and an interrupted SMTP send is held, not repeated.
Nothing goes out without passing the privacy gate for its reader; a blocked letter is recorded, not sent."""

from __future__ import annotations

import email
import email.policy
import hashlib
import socket

import pymupdf
import pytest
from sqlalchemy import select

from woo.case import UnitOfWork
from woo.errors import DeliveryError, DeliveryUncertain
from woo.letters.outbox import OutgoingMessage, deliver
from woo.privacy import Audience
from woo.settings import reset_settings
from woo.store.db import session_scope
from woo.store.models import AuditRow, GateBlockRow, OutboxRow, RequesterRow, RequestRow, ThirdPartyRow


def _pdf(text: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    try:
        return doc.tobytes(garbage=4, no_new_id=True)
    finally:
        doc.close()


PDF = _pdf("Ontvangstbevestiging van uw Woo-verzoek")


@pytest.fixture
def request_row(woo_home):
    with session_scope() as s:
        s.add(RequestRow(id="wr-test", intake_sha256="0" * 64, intake={}, status="registered"))
        s.add(RequesterRow(request_id="wr-test", name="J. Jansen", email="j.jansen@voorbeeld.nl",
                           postal_address="Kerkstraat 3\n1234 AB Ergens", phone="06-11223344"))
        s.add(ThirdPartyRow(request_id="wr-test", key="bouwbedrijf", name="Bouwbedrijf B.V.",
                            email="info@bouwbedrijf.nl", contact_person="Karel Bos", phone="030-7654321",
                            document_numbers=[1]))
    return "wr-test"


def _letter(key: str = "acknowledgement:wr-test", email_to: str | None = "j.jansen@voorbeeld.nl", *,
            pdf: bytes = PDF, body: str = "Zie bijlage.", audience: Audience | None = None,
            name: str = "J. Jansen") -> OutgoingMessage:
    return OutgoingMessage(key=key, request_id="wr-test", kind="acknowledgement", subject="Ontvangstbevestiging",
                           body_text=body, pdf=pdf, pdf_name="brief.pdf", recipient_name=name,
                           recipient_email=email_to, audience=audience or Audience.requester())


def test_file_delivery_writes_one_eml_with_the_pdf_attached_and_never_twice(request_row, woo_home):
    first = deliver(UnitOfWork(), _letter())
    second = deliver(UnitOfWork(), _letter())
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
    result = deliver(UnitOfWork(), _letter(email_to=None))
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
    deliver(UnitOfWork(), _letter())
    deliver(UnitOfWork(), _letter())
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
        deliver(UnitOfWork(), _letter())
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
        deliver(UnitOfWork(), _letter())
    assert received == []
    with session_scope() as s:
        assert s.scalar(select(OutboxRow.status)) == "held"


def test_the_requester_receives_their_own_name_and_address(request_row, woo_home):
    result = deliver(UnitOfWork(), _letter(pdf=_pdf("J. Jansen, Kerkstraat 3, 1234 AB Ergens")))
    assert result.status == "sent" and result.check is not None and result.check.passed


def test_a_third_party_letter_naming_the_requester_is_blocked_and_recorded_without_the_value(request_row,
                                                                                            woo_home):
    letter = _letter("zienswijze:wr-test:bouwbedrijf", "info@bouwbedrijf.nl", name="Bouwbedrijf B.V.",
                     pdf=_pdf("Het verzoek van J. Jansen uit Ergens"), audience=Audience.third_party("bouwbedrijf"))
    result = deliver(UnitOfWork(), letter)
    assert result.status == "blocked" and not result.newly_sent
    assert not list((woo_home / "outbox").glob("*.eml"))
    with session_scope() as s:
        row = s.scalar(select(OutboxRow))
        assert row.status == "blocked"
        block = s.scalar(select(GateBlockRow))
        assert (block.item, block.audience, block.outbox_key, block.status) == (
            "letter:zienswijze:wr-test:bouwbedrijf", "third_party:bouwbedrijf", "zienswijze:wr-test:bouwbedrijf",
            "open")
        assert block.findings == [{"file": "zienswijze_wr-test_bouwbedrijf.eml, bijlage 1", "page": 1,
                                   "category": "requester_name", "count": 1}]
        [event] = s.scalars(select(AuditRow).where(AuditRow.action == "privacy_gate.blocked")).all()
        assert "Jansen" not in event.payload and "requester_name" in event.payload


def test_a_contact_person_in_the_body_of_a_mail_to_the_requester_is_blocked(request_row, woo_home):
    result = deliver(UnitOfWork(), _letter(body="Uw contact bij het bedrijf is Karel Bos (030 765 43 21)."))
    assert result.status == "blocked"
    assert {(f.file, f.page, f.category.value) for f in result.check.findings} == {
        ("acknowledgement_wr-test.eml", None, "third_party_contact"),
        ("acknowledgement_wr-test.eml", None, "third_party_phone")}


def test_a_blocked_letter_is_checked_again_and_sent_once_corrected(request_row, woo_home):
    assert deliver(UnitOfWork(), _letter(body="Karel Bos belt u.")).status == "blocked"
    result = deliver(UnitOfWork(), _letter())
    assert result.status == "sent" and result.newly_sent
    with session_scope() as s:
        assert s.scalar(select(GateBlockRow.status)) == "cleared"


def test_a_withheld_letter_is_never_sent(request_row, woo_home):
    deliver(UnitOfWork(), _letter(body="Karel Bos belt u."))
    with session_scope() as s:
        s.scalar(select(OutboxRow)).status = "withheld"
    assert deliver(UnitOfWork(), _letter()).status == "withheld"
    assert not list((woo_home / "outbox").glob("*.eml"))
