"""SQLAlchemy 2 tables of the store: requests and their requesters, documents, redactions, third parties,
suspensions, steps done, outbox messages, free-text answers, question keys and the audit log.

Personal data (the requester, third parties, document files) lives here and in ``WOO_HOME``, never in Prefect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, list[Any]: JSON}


class RequestRow(Base):
    __tablename__ = "requests"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    """Opaque id used in Prefect (parameters, tags, run names); carries no personal data."""
    intake_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    """Hash of the normalised intake, so submitting the same intake twice finds the same request."""
    intake: Mapped[dict[str, Any]] = mapped_column(JSON)
    documents_source: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(40), default="received")
    resolution: Mapped[str | None] = mapped_column(String(60))
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    subject: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_due: Mapped[dt.date | None] = mapped_column(Date)
    extension_notice_due: Mapped[dt.date | None] = mapped_column(Date)
    """The last day the extension may be announced (Woo 4.4(2)), stored with ``decision_due``."""
    dates_on: Mapped[dt.date | None] = mapped_column(Date)
    """The day the stored dates were computed for; NULL when a change (suspension, extension) makes them stale."""
    deadline_flag: Mapped[str | None] = mapped_column(String(20))
    """The flag the deadline watch last raised (``at-risk``, ``missed``), so a change is recorded once."""
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    disclosure_on: Mapped[dt.date | None] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)
    waiting_for: Mapped[str | None] = mapped_column(String(40))
    """The question the request's flow run is suspended on (meeting, specification, views, review, sign_off)."""
    waiting_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    waiting_due: Mapped[dt.date | None] = mapped_column(Date)
    """When the answer is due; for views and specifications the day the period lapses by law."""
    waiting_flow_run_id: Mapped[str | None] = mapped_column(String(40))
    waiting_problems: Mapped[list[Any] | None] = mapped_column(JSON)
    """Why the last answer was refused, shown with the question until a valid answer arrives."""
    reruns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many times an operator asked to run the request again from a step (``woo rerun``)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    requester: Mapped[RequesterRow | None] = relationship(back_populates="request", uselist=False)

    __table_args__ = (
        # The deadline watch's set-based selection (woo.case.Repository.watch_rows and friends).
        Index("ix_requests_decision_due", "decision_due", "number"),
        Index("ix_requests_extension_notice_due", "extension_notice_due"),
        Index("ix_requests_waiting", "waiting_for", "waiting_due"),
    )


class RequesterRow(Base):
    __tablename__ = "requesters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), unique=True)
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    postal_address: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)

    request: Mapped[RequestRow] = relationship(back_populates="requester")


class NumberCounter(Base):
    """The last registration number issued per year; updated in the same transaction that uses it."""

    __tablename__ = "number_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    source_path: Mapped[str] = mapped_column(Text)
    display_name: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    pages: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date)
    family: Mapped[int | None] = mapped_column(Integer)
    parent: Mapped[int | None] = mapped_column(Integer)
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    original_path: Mapped[str | None] = mapped_column(Text)
    pdf_path: Mapped[str | None] = mapped_column(Text)
    redacted_path: Mapped[str | None] = mapped_column(Text)
    redacted_sha256: Mapped[str | None] = mapped_column(String(64))
    check_ok: Mapped[bool | None] = mapped_column(Boolean)
    check_problems: Mapped[list[Any] | None] = mapped_column(JSON)
    judgement: Mapped[str | None] = mapped_column(String(30))
    grounds: Mapped[list[Any] | None] = mapped_column(JSON)
    remark: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    published_path: Mapped[str | None] = mapped_column(Text)
    published_sha256: Mapped[str | None] = mapped_column(String(64))
    held_reason: Mapped[str | None] = mapped_column(Text)
    """Why publication of this document is held although it was judged (partly) public (Dutch), e.g. a ground
    claimed without a box carrying it; set by the decide step."""
    # An e-mail's Message-ID and the ids it answers (In-Reply-To, References): the inventory's thread.
    message_id: Mapped[str | None] = mapped_column(Text)
    replies_to: Mapped[list[Any] | None] = mapped_column(JSON)


class RedactionRow(Base):
    __tablename__ = "redactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    document_number: Mapped[int] = mapped_column(Integer)
    proposal_id: Mapped[str | None] = mapped_column(String(80))
    page: Mapped[int] = mapped_column(Integer)
    rect: Mapped[list[Any]] = mapped_column(JSON)
    """The first box ``[x0, y0, x1, y1]`` in PDF points (where a reviewer finds the proposal)."""
    rects: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    """Every box of the proposal: a name wrapped over two lines has two, and the privacy gate must know both."""
    category: Mapped[str] = mapped_column(String(40))
    ground: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))
    """proposed | accepted | rejected | applied"""
    decided_by: Mapped[str | None] = mapped_column(String(64))
    text_sha256: Mapped[str | None] = mapped_column(String(64))


class ThirdPartyRow(Base):
    __tablename__ = "third_parties"
    __table_args__ = (UniqueConstraint("request_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    key: Mapped[str] = mapped_column(String(41))
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    postal_address: Mapped[str | None] = mapped_column(Text)
    contact_person: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    document_numbers: Mapped[list[Any]] = mapped_column(JSON)
    asked_on: Mapped[dt.date | None] = mapped_column(Date)
    view_due: Mapped[dt.date | None] = mapped_column(Date)
    view_received_on: Mapped[dt.date | None] = mapped_column(Date)
    lapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    objects: Mapped[bool | None] = mapped_column(Boolean)
    passages: Mapped[str | None] = mapped_column(Text)


class GateBlockRow(Base):
    """An outgoing item the privacy gate held back, until a person settles it (withhold or recheck).

    ``item`` names it: ``document:3`` (a released document), ``file:besluit.pdf`` (a file of the publication),
    ``letter:<outbox key>``. ``findings`` lists file labels, pages, categories and counts, never values.
    """

    __tablename__ = "gate_blocks"
    __table_args__ = (UniqueConstraint("request_id", "item", "audience"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    item: Mapped[str] = mapped_column(String(160))
    audience: Mapped[str] = mapped_column(String(60))
    document_number: Mapped[int | None] = mapped_column(Integer)
    outbox_key: Mapped[str | None] = mapped_column(String(120))
    findings: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="open")
    """open (held, waiting for a person) | withheld (left out for good) | recheck (check again) | cleared"""
    blocked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    settled_by: Mapped[str | None] = mapped_column(String(64))
    settled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SuspensionRow(Base):
    __tablename__ = "suspensions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    __table_args__ = (Index("ix_suspensions_open", "end", "request_id"),)

    kind: Mapped[str] = mapped_column(String(20))
    """zienswijze (Woo 4.4(3)) or precisering (Awb 4:15(1)(a))"""
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(60))


class StepRow(Base):
    """A step of a request's flow that has completed; a rerun from a step deletes it and those after it."""

    __tablename__ = "steps"

    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), primary_key=True)
    step: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    completed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    flow_run_id: Mapped[str | None] = mapped_column(String(40))


class OutboxRow(Base):
    """A message to a requester or third party. ``idempotency_key`` is what makes sending happen once."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("requests.id"), index=True)
    """None for a message about no single request (the deadline watch's daily digest)."""
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    pdf_path: Mapped[str | None] = mapped_column(Text)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    """pending → sending → sent; ``held`` when a crash left it unknown whether it went out."""
    transport: Mapped[str | None] = mapped_column(String(20))
    eml_path: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AnswerTextRow(Base):
    """A free-text answer (a new scope, passages, a manual redaction's text, a remark, ...) kept in the store.

    Answers (``RequestRow.answers``) and Prefect forms hold only the opaque ``id`` (``tekst-`` and 16 hex
    digits, random: it says nothing about the text); the text itself never leaves the store. The same text for
    the same request and field is stored once, so answering twice gives the same reference.
    """

    __tablename__ = "answer_texts"
    __table_args__ = (UniqueConstraint("request_id", "field", "sha256"),)

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    """What the text answers: new_scope, forwarded_to, passages, manual_text, remark or rerun_reason."""
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class QuestionKeyRow(Base):
    """A key a flow run suspended on for a question, and what became of it (asked, answered, refused).

    A replay after a resume must not ask, record or refuse the same key twice; a new attempt after a refusal
    gets a new key. The key holds the question, the flow run and its run count (see ``woo.flows.asking``).
    """

    __tablename__ = "question_keys"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    question: Mapped[str] = mapped_column(String(40))
    asked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    refused_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """One audit event. Rows form a hash chain: ``hash`` covers the row's content and ``prev_hash``."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    request_id: Mapped[str | None] = mapped_column(String(40), index=True)
    step: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    actor: Mapped[str] = mapped_column(String(64))
    flow_run_id: Mapped[str | None] = mapped_column(String(40))
    task_run_id: Mapped[str | None] = mapped_column(String(40))
    legal_basis: Mapped[str | None] = mapped_column(String(120))
    payload: Mapped[str] = mapped_column(Text)
    """Canonical JSON (sorted keys), stored as text so the hash can be recomputed byte for byte."""
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
