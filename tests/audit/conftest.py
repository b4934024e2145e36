"""Fixtures for the audit trail tests: a store on SQLite and, when a server is configured, on PostgreSQL, with
helpers to add requests, append events and tamper with the log the way someone with database access could."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from woo.schemas.audit import AuditAction
from woo.store import audit_log as audit
from woo.store.db import get_engine, session_scope
from woo.store.models import AuditRow, RequesterRow, RequestRow

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class Store:
    """One migrated database and the ways a test touches it."""

    url: str | None

    def session(self) -> AbstractContextManager[Session]:
        return session_scope(self.url)

    @property
    def dialect(self) -> str:
        return get_engine(self.url).dialect.name

    def add_request(self, rid: str, *, number: str | None = None, name: str = "Test Verzoeker",
                    **fields: Any) -> None:
        with self.session() as s:
            s.add(RequestRow(id=rid, intake_sha256=hashlib.sha256(rid.encode()).hexdigest(), intake={},
                             status=fields.pop("status", "registered"), number=number, **fields))
            s.flush()
            s.add(RequesterRow(request_id=rid, name=name, email=f"{rid}@example.org"))

    def append(self, request_id: str | None, n: int = 1, *, action: AuditAction = AuditAction.STEP_COMPLETED,
               start: int = 0, **kwargs: Any) -> None:
        with self.session() as s:
            for i in range(n):
                audit.record(s, action, request_id=request_id, step=kwargs.get("step", "test"),
                             actor=kwargs.get("actor"), legal_basis=kwargs.get("legal_basis"),
                             payload=kwargs.get("payload", {"i": start + i}),
                             at=kwargs.get("at", T0 + dt.timedelta(minutes=start + i)))

    def raw(self, sql: str, **params: Any) -> None:
        with get_engine(self.url).begin() as conn:
            conn.execute(text(sql), params)

    def rows(self) -> list[dict[str, Any]]:
        with get_engine(self.url).connect() as conn:
            result = conn.execute(AuditRow.__table__.select().order_by(AuditRow.seq))
            return [dict(r._mapping) for r in result]

    def row(self, seq: int) -> dict[str, Any]:
        return next(r for r in self.rows() if r["seq"] == seq)

    def insert_row(self, **values: Any) -> None:
        """Write a row straight into the table, bypassing ``audit.record`` (as a forger would)."""
        with get_engine(self.url).begin() as conn:
            conn.execute(insert(AuditRow.__table__).values(**values))

    def drop_triggers(self) -> None:
        """What an attacker with database rights does first."""
        if self.dialect == "sqlite":
            self.raw("DROP TRIGGER audit_events_no_update")
            self.raw("DROP TRIGGER audit_events_no_delete")
        else:
            self.raw("DROP TRIGGER audit_events_no_update_delete ON audit_events")
            self.raw("DROP TRIGGER audit_events_no_truncate ON audit_events")


def forged(prev_hash: str, *, seq: int, request_id: str = "wr-a", payload: str = '{"forged":true}',
           at: dt.datetime = T0 + dt.timedelta(hours=5)) -> dict[str, Any]:
    """A well-formed row: its hash is right for its content and the predecessor it names."""
    row: dict[str, Any] = {
        "seq": seq, "at": at, "request_id": request_id, "step": "test", "action": AuditAction.STEP_COMPLETED.value,
        "actor": "mallory", "flow_run_id": None, "task_run_id": None, "legal_basis": None, "payload": payload,
        "prev_hash": prev_hash,
    }
    row["hash"] = audit.event_hash(row)
    return row


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, woo_home: Any) -> Iterator[Store]:
    """A fresh migrated store on each backend (PostgreSQL skips without ``WOO_TEST_POSTGRES_URL``)."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    get_engine(url)
    yield Store(url)


@pytest.fixture
def forge():
    """The :func:`forged` row builder, for tests that insert rows by hand."""
    return forged


@pytest.fixture
def sqlite_store(woo_home: Any) -> Store:
    get_engine(None)
    return Store(None)


FULL_ID = "wr-full"
FULL_NUMBER = "WOO-2026-0007"
PERSONAL = ("Jan Jansen", "jan.jansen@example.org", "Dorpsstraat 1", "Memo over Jan Jansen", "Brief aan Jansen",
            "Bouwbedrijf De Vries")
"""Personal data and document titles stored for the full request; none may appear where it must not."""


@pytest.fixture
def full_request(sqlite_store: Store) -> Store:
    """A decided and published request with a third party, a suspension, redactions, letters and flow runs.

    Received Monday 2 March 2026; third party asked 13 March, view in 20 March, suspension 13-27 March, so the
    decision is due 13 April (woo.deadlines docstring example); decided 10 April; the third party objects, so
    disclosure is two weeks later, 24 April, which is when it was published.
    """
    from woo.store.models import (
        DocumentRow,
        OutboxRow,
        RedactionRow,
        SuspensionRow,
        ThirdPartyRow,
    )

    st = sqlite_store
    d = dt.date
    with st.session() as s:
        s.add(RequestRow(
            id=FULL_ID, intake_sha256="f" * 64, intake={}, status="published", resolution="deels openbaar",
            number=FULL_NUMBER, subject="Parkeren <script>alert(1)</script> & meer", received_on=d(2026, 3, 2),
            decision_due=d(2026, 4, 13), decided_on=d(2026, 4, 10), disclosure_on=d(2026, 4, 24), extended=False,
        ))
        s.flush()  # the rows below refer to it, and the unit of work does not know that without relationships
        s.add(RequesterRow(request_id=FULL_ID, name="Jan Jansen", email="jan.jansen@example.org",
                           postal_address="Dorpsstraat 1\n9999 ZZ Voorbeeldstad"))
        s.add(ThirdPartyRow(request_id=FULL_ID, key="tp-1", name="Bouwbedrijf De Vries BV", document_numbers=[2],
                            asked_on=d(2026, 3, 13), view_due=d(2026, 3, 27), view_received_on=d(2026, 3, 20),
                            objects=True))
        s.add(SuspensionRow(request_id=FULL_ID, kind="zienswijze", start=d(2026, 3, 13), end=d(2026, 3, 27),
                            reason="zienswijze van 1 derde(n)", legal_basis="Woo 4.4(3); Awb 4:8"))
        for number, title, judgement, grounds in ((1, "Memo over Jan Jansen", "openbaar", []),
                                                  (2, "Brief aan Jansen", "deels openbaar", ["5.1.2e"])):
            s.add(DocumentRow(request_id=FULL_ID, number=number, source_path=f"/src/{number}.pdf",
                              display_name=title, media_type="application/pdf", title=title, sha256=f"{number}" * 64,
                              judgement=judgement, grounds=grounds,
                              published_sha256="ab" * 32 if number == 2 else None))
        for status in ("applied", "applied", "rejected"):
            s.add(RedactionRow(request_id=FULL_ID, document_number=2, page=0, rect=[0, 0, 1, 1], category="name",
                               ground="5.1.2e", status=status, decided_by="u-4711"))
        s.add(OutboxRow(idempotency_key=f"ack:{FULL_ID}", request_id=FULL_ID, kind="acknowledgement",
                        recipient="jan.jansen@example.org", subject="Ontvangstbevestiging", pdf_sha256="cd" * 32,
                        message_id="<a@x>", status="sent", transport="file",
                        sent_at=dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)))

        def at(month: int, day: int, hour: int = 9) -> dt.datetime:
            return dt.datetime(2026, month, day, hour, 0, tzinfo=dt.UTC)

        A = AuditAction
        with audit.run_context(audit.RunContext(flow_run_id="fr-123")):
            audit.record(s, A.FLOW_RUN_STATE, request_id=FULL_ID, payload={"state": "Running"}, at=at(3, 2, 8))
            audit.record(s, A.REQUEST_REGISTERED, request_id=FULL_ID, step="register",
                         payload={"number": FULL_NUMBER}, at=at(3, 2))
            audit.record(s, A.THIRD_PARTY_ASKED, request_id=FULL_ID, step="consult", legal_basis="Awb 4:8",
                         payload={"third_party": "tp-1", "documents": [2], "view_due": "2026-03-27"}, at=at(3, 13))
            audit.record(s, A.SUSPENSION_RECORDED, request_id=FULL_ID, step="consult", legal_basis="Woo 4.4(3)",
                         payload={"start": "2026-03-13", "end": "2026-03-27", "third_parties": 1}, at=at(3, 13))
            audit.record(s, A.ANSWER_REFUSED, request_id=FULL_ID, step="consult",
                         payload={"problem": "Jan Jansen belde over Dorpsstraat 1"}, at=at(3, 14))
            audit.record(s, A.THIRD_PARTY_VIEW_RECORDED, request_id=FULL_ID, step="consult", actor="u-4711",
                         payload={"third_party": "tp-1", "received_on": "2026-03-20", "objects": True},
                         at=at(3, 20))
            audit.record(s, A.DECISION_MADE, request_id=FULL_ID, step="decide", actor="u-4711", legal_basis="Woo 4.4",
                         payload={"decision_type": "deels openbaar", "grounds": ["5.1.2e"]}, at=at(4, 9))
            audit.record(s, A.DECISION_SIGNED, request_id=FULL_ID, step="decide", actor="teamleider-7",
                         legal_basis="Awb 10:3 (mandaat)", payload={"decided_on": "2026-04-10"}, at=at(4, 10))
            audit.record(s, A.FLOW_RUN_STATE, request_id=FULL_ID, payload={"state": "Completed"}, at=at(4, 10, 12))
        with audit.run_context(audit.RunContext(flow_run_id="fr-456")):
            audit.record(s, A.PUBLISHED, request_id=FULL_ID, step="publish", legal_basis="Woo 3.3(2)(i)",
                         payload={"folder": FULL_NUMBER, "files": {"besluit.pdf": "ef" * 32,
                                                                   "documenten/002-brief.pdf": "ab" * 32}},
                         at=at(4, 24, 10))
    return st


@pytest.fixture
def personal_data() -> tuple[str, ...]:
    return PERSONAL
