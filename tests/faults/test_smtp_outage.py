"""Fault: the mail server is down, then refuses, then recovers. Letters wait in the outbox and each leaves once.

Real Prefect (a test server), the real register and acknowledge tasks with their own retry policy (only the
delays shortened), a real SMTP server (aiosmtpd) on a local port: first nothing listens (connection refused),
then it answers every recipient with ``451`` (try again later), then it accepts. Exactly-once is checked on the
server's side (messages received per recipient) and in the store (one ``letter.sent`` per request), and the
audit chain verifies.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter

import pytest

pytestmark = pytest.mark.integration

REQUESTS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mailbox:
    """An SMTP handler that refuses (451) while ``refusing`` is set and records what it accepts."""

    def __init__(self) -> None:
        self.refusing = True
        self.refused = 0
        self.received: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 Tijdelijk niet beschikbaar"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def test_letters_wait_while_the_mail_server_is_out_and_each_is_sent_once_after(prefect_server, woo_home, received,
                                                                              monkeypatch):
    from aiosmtpd.controller import Controller
    from prefect import flow

    from woo.audit.verify import verify_chain
    from woo.case import UnitOfWork
    from woo.schemas.audit import AuditAction
    from woo.settings import reset_settings
    from woo.tasks.acknowledge import acknowledge_request
    from woo.tasks.register import register_request

    port = free_port()
    monkeypatch.setenv("WOO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WOO_SMTP_PORT", str(port))
    reset_settings()
    request_ids = received(REQUESTS)

    # The production task with its retries (5), only the waits shortened: the outage spans several attempts.
    acknowledge = acknowledge_request.with_options(retry_delay_seconds=[3, 3, 6, 6, 12])

    @flow
    def acknowledge_all(ids: list[str]) -> list[bool]:
        for request_id in ids:
            register_request(request_id)
        # All at once, as a burst of requests would: every letter meets the outage.
        futures = [acknowledge.submit(request_id) for request_id in ids]
        return [future.result().newly_sent for future in futures]

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    outcome: dict[str, object] = {}
    runner = threading.Thread(target=lambda: outcome.update(result=acknowledge_all(request_ids)))
    runner.start()

    def outbox() -> Counter[str]:
        with UnitOfWork() as uow:
            return Counter(uow.requests.outbox(f"acknowledgement:{r}").status  # type: ignore[union-attr]
                           for r in request_ids if uow.requests.outbox(f"acknowledgement:{r}") is not None)

    # Phase 1: nothing listens. Every letter is tried, fails and waits as 'pending'.
    deadline = time.monotonic() + 120
    while outbox()["pending"] < REQUESTS:
        assert time.monotonic() < deadline and runner.is_alive(), f"no letter pending: {outbox()}"
        time.sleep(0.5)
    # Phase 2: the server is up but refuses every recipient (451) for a few attempts.
    controller.start()
    try:
        while mailbox.refused < REQUESTS:
            assert time.monotonic() < deadline and runner.is_alive(), "the retry never reached the server"
            time.sleep(0.5)
        pending_while_refused = outbox()
        assert mailbox.received == [] and pending_while_refused["sent"] == 0
        # Phase 3: it recovers.
        mailbox.refusing = False
        runner.join(timeout=300)
    finally:
        controller.stop()
    assert not runner.is_alive()

    letters: Counter[str] = Counter()
    with UnitOfWork() as uow:
        for request_id in request_ids:
            letters[request_id] = sum(e.action == AuditAction.LETTER_SENT.value
                                      for e in uow.requests.events(request_id))
        chain = verify_chain(uow.requests)
    print(f"\nSMTP outage: letters pending while refused {dict(pending_while_refused)}, {mailbox.refused} "
          f"refusal(s); after recovery received {len(mailbox.received)} for {REQUESTS} requests")
    assert outcome["result"] == [True] * REQUESTS
    assert outbox() == Counter({"sent": REQUESTS})
    assert Counter(mailbox.received) == Counter({f"verzoeker{n}@voorbeeld.nl": 1 for n in range(REQUESTS)})
    assert letters == Counter({r: 1 for r in request_ids})
    assert chain.ok
