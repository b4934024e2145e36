"""Blocked items in the store: what the gate held back, for whom, and how a person settled it.

One :class:`~woo.store.models.GateBlockRow` per item and audience. The gate's findings (file labels, pages,
categories, counts) are stored with it; the status moves ``open`` → ``withheld`` (left out for good) or
``recheck`` (check again once the item was corrected) → ``cleared`` when a later check passes. Every move is an
audit event. Settling with consequences beyond the row (a new publication, a letter sent after all) is done by
:func:`woo.process.gate.settle_block`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from woo.case import Repository, UnitOfWork
from woo.schemas.audit import AuditAction
from woo.store.models import GateBlockRow

if TYPE_CHECKING:  # the gate's readers load PyMuPDF; the blocks only store what it found
    from woo.privacy.gate import ItemCheck


class BlockStatus(StrEnum):
    OPEN = "open"
    WITHHELD = "withheld"
    RECHECK = "recheck"
    CLEARED = "cleared"


class Settlement(StrEnum):
    """What a person decides about a blocked item."""

    WITHHOLD = "withhold"
    RECHECK = "recheck"

    @property
    def label(self) -> str:
        return {"withhold": "definitief achterhouden", "recheck": "opnieuw controleren"}[self.value]

    @classmethod
    def _missing_(cls, value: object) -> Settlement | None:
        # A form shows (and Prefect stores) the Dutch label; it means the same choice.
        return next((m for m in cls if isinstance(value, str) and value.strip().lower() == m.label), None)


def document_item(number: int) -> str:
    return f"document:{number}"


def letter_item(key: str) -> str:
    return f"letter:{key}"


def find_block(repo: Repository, request_id: str, item: str, audience: str) -> GateBlockRow | None:
    return repo.find_block(request_id, item, audience)


def blocks(repo: Repository, request_id: str, *, status: BlockStatus | None = None) -> list[GateBlockRow]:
    return repo.blocks(request_id, status=status.value if status is not None else None)


def open_blocks(repo: Repository, request_id: str) -> list[GateBlockRow]:
    """Items waiting for a person's decision: the question the flow asks."""
    return blocks(repo, request_id, status=BlockStatus.OPEN)


def record_check(uow: UnitOfWork, request_id: str, check: ItemCheck, *, step: str, document: int | None = None,
                 outbox_key: str | None = None) -> GateBlockRow | None:
    """Store the outcome of one item's check: a block (new or again) when it failed, cleared when a block
    that was to be rechecked now passes. Returns the block row, if any."""
    row = uow.requests.find_block(request_id, check.item, check.audience.code)
    if check.passed:
        if row is not None and row.status in (BlockStatus.OPEN, BlockStatus.RECHECK):
            row.status = BlockStatus.CLEARED
            row.findings = []
            uow.record(AuditAction.GATE_CLEARED, request_id=request_id, step=step, payload=check.payload())
        return row
    if row is None:
        row = GateBlockRow(request_id=request_id, item=check.item, audience=check.audience.code,
                           document_number=document, outbox_key=outbox_key)
        uow.requests.add(row)
    if row.status == BlockStatus.WITHHELD:
        return row  # left out for good already; nothing new to ask
    row.findings = [f.to_dict() for f in check.findings]
    row.status = BlockStatus.OPEN
    row.blocked_at = dt.datetime.now(dt.UTC)
    row.settled_by = row.settled_at = None
    uow.flush()
    uow.record(AuditAction.GATE_BLOCKED, request_id=request_id, step=step, payload=check.payload())
    return row


def block_message(row: GateBlockRow) -> str:
    """Dutch, for the operator and the question: which item, for whom, what was found where (no values)."""
    from woo.privacy.known import Audience, Category

    found = "; ".join(
        f"{Category(f['category']).label} in {f['file']}" + (f", pagina {f['page']}" if f.get("page") else "")
        for f in row.findings or [])
    what = {"open": "tegengehouden", "withheld": "definitief achtergehouden", "recheck": "wacht op nieuwe controle",
            "cleared": "vrijgegeven na nieuwe controle"}.get(row.status, row.status)
    return f"{row.item} ({Audience.parse(row.audience).label}): {what}" + (f" — {found}" if found else "")
