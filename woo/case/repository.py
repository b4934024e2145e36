"""The request repository: every query the system asks of the store, by name, and the only place that builds one.

One :class:`Repository` wraps the session of one unit of work (:class:`woo.case.uow.UnitOfWork`). Its methods
read like the questions the procedure asks (``open_awaiting_decision``, ``lapsed_waits``, ``due_before``,
``suspension``, ``outbox``); callers get store rows and never write ``select()`` themselves. Writes are made on
the rows and committed by the unit of work; audit events are appended through it (``uow.record``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Row, and_, case, delete, extract, func, or_, select, update
from sqlalchemy.orm import Session

from woo.case.status import CLOSED, Step
from woo.errors import UnknownRequest
from woo.schemas.audit import AuditAction
from woo.store.models import (
    AnswerTextRow,
    AuditRow,
    DocumentRow,
    GateBlockRow,
    OutboxRow,
    QuestionKeyRow,
    RedactionRow,
    RequestRow,
    StepRow,
    SuspensionRow,
    ThirdPartyRow,
)

__all__ = ["Repository"]

_CHAIN_COLUMNS = (AuditRow.seq, AuditRow.at, AuditRow.request_id, AuditRow.step, AuditRow.action, AuditRow.actor,
                  AuditRow.flow_run_id, AuditRow.task_run_id, AuditRow.legal_basis, AuditRow.payload,
                  AuditRow.prev_hash, AuditRow.hash)
_CLOSED = tuple(s.value for s in CLOSED)


class Repository:
    """Named queries over one session. Rows returned belong to that session (changes commit with it)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- the request ---------------------------------------------------------------------------------------

    def get(self, request_id: str) -> RequestRow:
        row = self.session.get(RequestRow, request_id)
        if row is None:
            raise UnknownRequest(f"onbekend verzoek {request_id!r}")
        return row

    def optional(self, request_id: str) -> RequestRow | None:
        return self.session.get(RequestRow, request_id)

    def find(self, ref: str) -> RequestRow:
        """By id or by registration number (``WOO-2026-0001``)."""
        row = self.session.get(RequestRow, ref)
        if row is None:
            row = self.session.scalar(select(RequestRow).where(RequestRow.number == ref.upper()))
        if row is None:
            raise UnknownRequest(f"onbekend verzoek {ref!r} (geef het id of het zaaknummer)")
        return row

    def many(self, request_ids: Sequence[str]) -> list[RequestRow]:
        """The requests of ``request_ids`` (those that exist), in one query."""
        return list(self.session.scalars(select(RequestRow).where(RequestRow.id.in_(request_ids))))

    def by_intake(self, digest: str) -> RequestRow | None:
        return self.session.scalar(select(RequestRow).where(RequestRow.intake_sha256 == digest))

    def add(self, row: object) -> None:
        self.session.add(row)

    def all(self) -> list[RequestRow]:
        return list(self.session.scalars(select(RequestRow).order_by(RequestRow.created_at)))

    # -- named questions of the watch and the operator ------------------------------------------------------

    def due_before(self, day: dt.date) -> list[RequestRow]:
        """Requests still awaiting a decision whose decision date is on or before ``day``, earliest first."""
        return list(self.session.scalars(
            select(RequestRow)
            .where(RequestRow.status.not_in(_CLOSED), RequestRow.decided_on.is_(None),
                   RequestRow.decision_due.is_not(None), RequestRow.decision_due <= day)
            .order_by(RequestRow.decision_due, RequestRow.created_at)))

    def most_urgent(self, limit: int) -> list[RequestRow]:
        """The ``limit`` requests awaiting a decision with the earliest decision dates (the owner's overview)."""
        return list(self.session.scalars(
            select(RequestRow)
            .where(RequestRow.status.not_in(_CLOSED), RequestRow.decided_on.is_(None),
                   RequestRow.decision_due.is_not(None))
            .order_by(RequestRow.decision_due, RequestRow.created_at).limit(limit)))

    def open_awaiting_decision(self) -> list[RequestRow]:
        """Every request that still awaits a decision and has a decision date, earliest date first."""
        return self.due_before(dt.date.max)

    # -- the deadline watch, set-based (one query each, whatever the number of open requests) -----------------

    def _open(self) -> Any:
        return and_(RequestRow.status.not_in(_CLOSED), RequestRow.decided_on.is_(None),
                    RequestRow.decision_due.is_not(None))

    def _flag_case(self, today: dt.date, warn_days: int) -> Any:
        """The watch's flag computed by the database: ``missed``, ``at-risk`` or NULL (on track)."""
        return case((RequestRow.decision_due < today, "missed"),
                    (RequestRow.decision_due <= today + dt.timedelta(days=warn_days), "at-risk"), else_=None)

    _WATCH_COLUMNS = (RequestRow.id, RequestRow.number, RequestRow.status, RequestRow.decision_due,
                      RequestRow.extension_notice_due, RequestRow.extended, RequestRow.deadline_flag)

    def watch_rows(self, *, limit: int | None = None, flag: str | None = None, today: dt.date | None = None,
                   warn_days: int = 0, exclude: Sequence[str] = ()) -> list[Row[Any]]:
        """Open requests with a decision date as plain tuples (no ORM objects), earliest date first, then by
        number: ``id, number, status, decision_due, extension_notice_due, extended, deadline_flag``.

        ``flag`` (``missed``/``at-risk``, with ``today`` and ``warn_days``) keeps those the watch flags so;
        ``limit`` the first so many; ``exclude`` leaves requests out (their dates are being recomputed)."""
        query = select(*self._WATCH_COLUMNS).where(self._open())
        if flag is not None:
            assert today is not None
            query = query.where(self._flag_case(today, warn_days) == flag)
        if exclude:
            query = query.where(RequestRow.id.not_in(list(exclude)))
        query = query.order_by(RequestRow.decision_due, RequestRow.number)
        return list(self.session.execute(query if limit is None else query.limit(limit)))

    def deadline_counts(self, today: dt.date, warn_days: int) -> dict[str | None, int]:
        """How many open requests the watch flags ``missed``, ``at-risk`` or none (None), in one query."""
        flag = self._flag_case(today, warn_days)
        return {f: int(n) for f, n in self.session.execute(
            select(flag, func.count()).where(self._open()).group_by(flag))}

    def changed_flags(self, today: dt.date, warn_days: int) -> list[Row[Any]]:
        """Open requests whose flag for ``today`` differs from the one the watch stored last (newly at risk, newly
        missed, back on track): the :meth:`watch_rows` columns, earliest date first."""
        return list(self.session.execute(
            select(*self._WATCH_COLUMNS).where(
                self._open(), self._flag_case(today, warn_days).is_distinct_from(RequestRow.deadline_flag))
            .order_by(RequestRow.decision_due, RequestRow.number)))

    def stale_dates(self, today: dt.date) -> list[str]:
        """Open requests whose stored dates must be recomputed for ``today``: marked stale by a change
        (``dates_on`` NULL), or moving day by day because a suspension is still open."""
        suspended = select(SuspensionRow.request_id).where(SuspensionRow.end.is_(None))
        return list(self.session.scalars(
            select(RequestRow.id).where(self._open(), RequestRow.received_on.is_not(None), or_(
                RequestRow.dates_on.is_(None),
                and_(RequestRow.id.in_(suspended), RequestRow.dates_on != today)))))

    def objecting(self, request_ids: Sequence[str]) -> set[str]:
        """Those of ``request_ids`` with a third party that objects to disclosure (Woo 4.4(5))."""
        return set(self.session.scalars(select(ThirdPartyRow.request_id).where(
            ThirdPartyRow.request_id.in_(request_ids), ThirdPartyRow.objects.is_(True))))

    def extension_candidates(self, today: dt.date, until: dt.date) -> list[Row[Any]]:
        """Requests whose extension question can have a new answer today: not extended, and the notice date
        either within ``today..until`` or newly passed (the watch has not yet flagged them missed). Plain tuples:
        ``id, status, decided_on, decision_due, extension_notice_due`` (what the rules weigh), no ORM objects."""
        return list(self.session.execute(
            select(RequestRow.id, RequestRow.status, RequestRow.decided_on, RequestRow.decision_due,
                   RequestRow.extension_notice_due).where(
                self._open(), RequestRow.extended.is_(False), RequestRow.received_on.is_not(None),
                or_(RequestRow.extension_notice_due.between(today, until),
                    and_(RequestRow.extension_notice_due < today,
                         or_(RequestRow.deadline_flag.is_(None), RequestRow.deadline_flag != "missed"))))
            .order_by(RequestRow.extension_notice_due)))

    def work_facts(self, request_ids: Sequence[str]) -> dict[str, tuple[int, int, set[str]]]:
        """Per request: third parties consulted, pages to review, steps done; three grouped queries in all."""
        facts: dict[str, tuple[int, int, set[str]]] = {i: (0, 0, set()) for i in request_ids}
        for rid, count in self.session.execute(
                select(ThirdPartyRow.request_id, func.count()).where(ThirdPartyRow.request_id.in_(request_ids))
                .group_by(ThirdPartyRow.request_id)):
            facts[rid] = (int(count), facts[rid][1], facts[rid][2])
        for rid, pages in self.session.execute(
                select(DocumentRow.request_id, func.coalesce(func.sum(DocumentRow.pages), 0))
                .where(DocumentRow.request_id.in_(request_ids), DocumentRow.error.is_(None),
                       DocumentRow.duplicate_of.is_(None)).group_by(DocumentRow.request_id)):
            facts[rid] = (facts[rid][0], int(pages or 0), facts[rid][2])
        for rid, step in self.session.execute(
                select(StepRow.request_id, StepRow.step).where(StepRow.request_id.in_(request_ids))):
            facts[rid][2].add(step)
        return facts

    def set_deadline_flags(self, flags: dict[str, str | None]) -> None:
        """Store the flag the watch raised per request, in a few statements."""
        by_flag: dict[str | None, list[str]] = {}
        for request_id, flag in flags.items():
            by_flag.setdefault(flag, []).append(request_id)
        for flag, ids in by_flag.items():
            for start in range(0, len(ids), 2000):
                self.session.execute(
                    update(RequestRow).where(RequestRow.id.in_(ids[start:start + 2000])).values(deadline_flag=flag)
                    .execution_options(synchronize_session=False))

    def waiting(self) -> list[RequestRow]:
        """Requests whose flow run waits for a person, the earliest due answer first."""
        return list(self.session.scalars(
            select(RequestRow).where(RequestRow.waiting_for.is_not(None)).order_by(RequestRow.waiting_due)))

    def lapsed_waits(self, today: dt.date, questions: Iterable[str]) -> list[RequestRow]:
        """Runs waiting on one of ``questions`` whose answer was due before ``today``."""
        return list(self.session.scalars(
            select(RequestRow).where(RequestRow.waiting_for.in_(tuple(questions)),
                                     RequestRow.waiting_flow_run_id.is_not(None),
                                     RequestRow.waiting_due < today)))

    def received_in(self, year: int) -> int:
        return len(list(self.session.scalars(
            select(RequestRow.id).where(extract("year", RequestRow.received_on) == year))))

    def decided_in(self, year: int) -> list[RequestRow]:
        return list(self.session.scalars(
            select(RequestRow).where(extract("year", RequestRow.decided_on) == year).order_by(RequestRow.decided_on)))

    # -- documents, redactions, third parties, suspensions ------------------------------------------------

    def documents(self, request_id: str) -> list[DocumentRow]:
        return list(self.session.scalars(
            select(DocumentRow).where(DocumentRow.request_id == request_id).order_by(DocumentRow.number)))

    def documents_of(self, request_ids: Sequence[str]) -> list[DocumentRow]:
        return list(self.session.scalars(select(DocumentRow).where(DocumentRow.request_id.in_(request_ids))))

    def replace_documents(self, request_id: str, rows: Iterable[DocumentRow]) -> None:
        """Forget earlier documents and their redactions (a rerun collects afresh), keep ``rows``."""
        self.session.execute(delete(RedactionRow).where(RedactionRow.request_id == request_id))
        self.session.execute(delete(DocumentRow).where(DocumentRow.request_id == request_id))
        self.session.add_all(list(rows))

    def pages_to_review(self, request_id: str) -> int:
        """Pages of the readable documents that are not duplicates."""
        return int(self.session.scalar(
            select(func.coalesce(func.sum(DocumentRow.pages), 0)).where(
                DocumentRow.request_id == request_id, DocumentRow.error.is_(None),
                DocumentRow.duplicate_of.is_(None))) or 0)

    def redactions(self, request_id: str, *, status: str | None = None) -> list[RedactionRow]:
        query = select(RedactionRow).where(RedactionRow.request_id == request_id)
        if status is not None:
            query = query.where(RedactionRow.status == status)
        return list(self.session.scalars(query.order_by(RedactionRow.id)))

    def grounds_of(self, request_ids: Sequence[str], statuses: Iterable[str]) -> list[str]:
        return list(self.session.scalars(select(RedactionRow.ground).where(
            RedactionRow.request_id.in_(request_ids), RedactionRow.status.in_(tuple(statuses)))))

    def replace_redactions(self, request_id: str, rows: Iterable[RedactionRow]) -> None:
        self.session.execute(delete(RedactionRow).where(RedactionRow.request_id == request_id))
        self.session.add_all(list(rows))

    def proposal_ids(self, request_id: str) -> set[str]:
        return {p for p in self.session.scalars(
            select(RedactionRow.proposal_id).where(RedactionRow.request_id == request_id)) if p}

    def third_parties(self, request_id: str) -> list[ThirdPartyRow]:
        return list(self.session.scalars(
            select(ThirdPartyRow).where(ThirdPartyRow.request_id == request_id).order_by(ThirdPartyRow.id)))

    def objection_expected(self, request_id: str) -> bool:
        """Whether a third party heard objects to disclosure (Woo 4.4(5))."""
        return self.session.scalar(select(ThirdPartyRow.id).where(
            ThirdPartyRow.request_id == request_id, ThirdPartyRow.objects.is_(True)).limit(1)) is not None

    def suspensions(self, request_id: str) -> list[SuspensionRow]:
        return list(self.session.scalars(
            select(SuspensionRow).where(SuspensionRow.request_id == request_id)
            .order_by(SuspensionRow.start, SuspensionRow.id)))

    def suspensions_of(self, request_ids: Sequence[str]) -> list[SuspensionRow]:
        return list(self.session.scalars(select(SuspensionRow).where(SuspensionRow.request_id.in_(request_ids))))

    def suspension(self, request_id: str, kind: str) -> SuspensionRow | None:
        """The request's suspension of ``kind`` (``zienswijze`` or ``precisering``), if one was opened."""
        return self.session.scalar(select(SuspensionRow).where(
            SuspensionRow.request_id == request_id, SuspensionRow.kind == kind).order_by(SuspensionRow.id).limit(1))

    # -- steps done ----------------------------------------------------------------------------------------

    def step_result(self, request_id: str, step: Step) -> dict[str, Any] | None:
        row = self.session.get(StepRow, (request_id, step.value))
        return dict(row.result) if row is not None and row.status == "done" else None

    def mark_step_done(self, request_id: str, step: Step, result: dict[str, Any], flow_run_id: str | None,
                       at: dt.datetime) -> None:
        row = self.session.get(StepRow, (request_id, step.value))
        if row is None:
            row = StepRow(request_id=request_id, step=step.value)
            self.session.add(row)
        row.status = "done"
        row.result = result
        row.flow_run_id = flow_run_id
        row.completed_at = at

    def forget_steps(self, request_id: str, steps: Iterable[Step]) -> None:
        self.session.execute(delete(StepRow).where(StepRow.request_id == request_id,
                                                   StepRow.step.in_([s.value for s in steps])))

    def done_steps(self, request_id: str) -> list[Step]:
        done = set(self.session.scalars(select(StepRow.step).where(StepRow.request_id == request_id)))
        return [s for s in Step if s.value in done]

    # -- letters -------------------------------------------------------------------------------------------

    def outbox(self, key: str) -> OutboxRow | None:
        return self.session.scalar(select(OutboxRow).where(OutboxRow.idempotency_key == key))

    def letters(self, request_id: str) -> list[OutboxRow]:
        return list(self.session.scalars(
            select(OutboxRow).where(OutboxRow.request_id == request_id).order_by(OutboxRow.id)))

    def first_sent(self, request_id: str, kind: str) -> dt.datetime | None:
        """When the first letter of ``kind`` went out."""
        return self.session.scalar(
            select(OutboxRow.sent_at).where(OutboxRow.request_id == request_id, OutboxRow.kind == kind,
                                            OutboxRow.sent_at.is_not(None))
            .order_by(OutboxRow.sent_at).limit(1))

    # -- privacy-gate blocks ---------------------------------------------------------------------------------

    def block(self, block_id: int) -> GateBlockRow | None:
        return self.session.get(GateBlockRow, block_id)

    def find_block(self, request_id: str, item: str, audience: str) -> GateBlockRow | None:
        return self.session.scalar(select(GateBlockRow).where(
            GateBlockRow.request_id == request_id, GateBlockRow.item == item, GateBlockRow.audience == audience))

    def blocks(self, request_id: str, *, status: str | None = None) -> list[GateBlockRow]:
        query = select(GateBlockRow).where(GateBlockRow.request_id == request_id)
        if status is not None:
            query = query.where(GateBlockRow.status == status)
        return list(self.session.scalars(query.order_by(GateBlockRow.id)))

    # -- free-text answers ---------------------------------------------------------------------------------

    def text_ref(self, request_id: str, field: str, digest: str) -> str | None:
        return self.session.scalar(select(AnswerTextRow.id).where(
            AnswerTextRow.request_id == request_id, AnswerTextRow.field == field, AnswerTextRow.sha256 == digest))

    def texts(self, refs: Iterable[str]) -> dict[str, AnswerTextRow]:
        wanted = set(refs)
        if not wanted:
            return {}
        return {r.id: r for r in self.session.scalars(select(AnswerTextRow).where(AnswerTextRow.id.in_(wanted)))}

    # -- question keys -------------------------------------------------------------------------------------

    def question_key(self, key: str) -> QuestionKeyRow | None:
        return self.session.get(QuestionKeyRow, key)

    # -- the audit log (read side) ---------------------------------------------------------------------------

    def events(self, request_id: str) -> list[AuditRow]:
        return list(self.session.scalars(
            select(AuditRow).where(AuditRow.request_id == request_id).order_by(AuditRow.seq)))

    def last_event(self, request_id: str, action: AuditAction) -> AuditRow | None:
        return self.session.scalar(select(AuditRow).where(
            AuditRow.request_id == request_id, AuditRow.action == action.value).order_by(AuditRow.seq.desc()).limit(1))

    def first_event_at(self, request_id: str, action: AuditAction) -> dt.datetime | None:
        return self.session.scalar(select(AuditRow.at).where(
            AuditRow.request_id == request_id, AuditRow.action == action.value).order_by(AuditRow.seq).limit(1))

    def recoveries(self, request_id: str, flow_run_id: str, outcome: str = "retry") -> int:
        """How often the recovery sweep retried (``outcome``: or gave up on) flow run ``flow_run_id``."""
        return int(self.session.scalar(select(func.count()).select_from(AuditRow).where(
            AuditRow.request_id == request_id, AuditRow.action == AuditAction.FLOW_RUN_RECOVERED.value,
            AuditRow.flow_run_id == flow_run_id, AuditRow.step == outcome)) or 0)

    def chain(self) -> Iterator[dict[str, Any]]:
        """Every event's hashed content in ``seq`` order, streamed (the whole log, for verification)."""
        for row in self.session.execute(select(*_CHAIN_COLUMNS).order_by(AuditRow.seq)).yield_per(2000):
            yield dict(row._mapping)

    def chain_links(self, up_to: int) -> list[tuple[int, str, str, str | None]]:
        """``(seq, hash, prev_hash, request_id)`` of every event up to ``up_to``, in ``seq`` order."""
        return [(r.seq, r.hash, r.prev_hash, r.request_id) for r in self.session.execute(
            select(AuditRow.seq, AuditRow.hash, AuditRow.prev_hash, AuditRow.request_id)
            .where(AuditRow.seq <= up_to).order_by(AuditRow.seq))]
