"""Helpers for the deadline watch tests: registered requests on fixed dates, and reading the outbox back."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from sqlalchemy import select
from stepping import run_now

from woo.case import UnitOfWork

_counter = itertools.count(1)

REQUESTER_NAME = "Jolanda Jansen-Verhoeven"
REQUESTER_EMAIL = "jolanda.verhoeven@voorbeeld.nl"


def registered(received: dt.date, *, documents: Path | None = None, answers: dict[str, Any] | None = None,
               subject: str = "Herinrichting Stationsplein") -> str:
    """Receive and register a request received on ``received``; returns its id."""
    from woo.process.intake import receive
    from woo.process.register import register

    intake = {"request": {"subject": subject,
                          # The intake hash makes a request unique; a counter keeps test requests apart.
                          "description": f"Alle documenten over het plein (verzoek {next(_counter)}).",
                          "received_on": received.isoformat()},
              "requester": {"name": REQUESTER_NAME, "email": REQUESTER_EMAIL}}
    request_id, _ = receive(UnitOfWork(), intake, documents=documents, answers=answers)
    run_now(register, request_id)
    return request_id


def outbox(request_id: str, kind: str | None = None) -> list[Any]:
    from woo.store.db import session_scope
    from woo.store.models import OutboxRow

    with session_scope() as s:
        query = select(OutboxRow).where(OutboxRow.request_id == request_id)
        if kind is not None:
            query = query.where(OutboxRow.kind == kind)
        return list(s.scalars(query.order_by(OutboxRow.id)))


def audit_actions(request_id: str) -> list[str]:
    from woo.store.audit_log import events_for
    from woo.store.db import session_scope

    with session_scope() as s:
        return [e.action for e in events_for(s, request_id)]


def request_row(request_id: str) -> Any:
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        return s.get(RequestRow, request_id)


def pdf_text(path: str | Path) -> str:
    import pymupdf

    with pymupdf.open(path) as doc:
        return " ".join(page.get_text() for page in doc)


def digests() -> list[Any]:
    """The deadline watch's digests to the process owner, oldest first."""
    from woo.deadlines.watch import DIGEST_KIND
    from woo.store.db import session_scope
    from woo.store.models import OutboxRow

    with session_scope() as s:
        return list(s.scalars(select(OutboxRow).where(OutboxRow.kind == DIGEST_KIND).order_by(OutboxRow.id)))


def mail_text(row: Any) -> tuple[Any, str]:
    """The e-mail an outbox row wrote, and its plain-text body."""
    import email
    import email.policy

    message = email.message_from_bytes(Path(row.eml_path).read_bytes(), policy=email.policy.default)
    return message, message.get_body(preferencelist=("plain",)).get_content()
