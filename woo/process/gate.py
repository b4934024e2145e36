"""Settling what the privacy gate held back: a person decides per item, the system carries it out.

The flow asks the ``privacy`` question for every open block (:func:`woo.privacy.blocks.open_blocks`); the
answer comes here, one :func:`settle_block` per block. ``withhold`` leaves the item out for good: a document
stays out of the publication and the inventory says so; a letter is never sent. ``recheck`` checks the item
again after it was corrected (a document redacted again, a decision re-rendered): a document or publication
file is checked by publishing again (an amendment that adds what now passes); a letter goes back to
``pending`` and is checked when its step delivers it again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from woo.case import RequestStatus, UnitOfWork
from woo.decision.letters import PUBLIC_DECISION_NAME
from woo.errors import Permanent
from woo.privacy.blocks import BlockStatus, Settlement, block_message
from woo.process.publish import REQUEST_TEXT_NAME, publish
from woo.publication.folder import DECISION_ITEM, INVENTORY_ITEM, REQUEST_ITEM
from woo.questions.answers import answers_of
from woo.schemas.audit import AuditAction
from woo.settings import get_settings

__all__ = ["SettlementRefused", "settle_answered_blocks", "settle_block"]


class SettlementRefused(Permanent, ValueError):
    """The settlement cannot be carried out; the message says why, in Dutch."""


def _user_id(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 64 or any(c.isspace() for c in value):
        raise SettlementRefused("geef een gebruikers-id zonder spaties (bijvoorbeeld 'm.devries')")
    return value


def settle_block(uow: UnitOfWork, request_id: str, block_id: int, action: Settlement | str, *, by: str,
                 today: dt.date) -> dict[str, Any]:
    """Carry out a person's decision on one blocked item; returns what happened (ids, codes and counts)."""
    settlement = Settlement(action)
    actor = _user_id(by)
    with uow:
        req = uow.requests.get(request_id)
        row = uow.requests.block(block_id)
        if row is None or row.request_id != request_id:
            raise SettlementRefused(f"onbekende blokkade {block_id} bij dit verzoek")
        if row.status not in (BlockStatus.OPEN, BlockStatus.RECHECK):
            raise SettlementRefused(f"blokkade {block_id} is al afgehandeld ({block_message(row)})")
        if settlement is Settlement.WITHHOLD and row.item in (DECISION_ITEM, INVENTORY_ITEM):
            raise SettlementRefused("het besluit en de inventarislijst kunnen niet worden achtergehouden: zonder "
                                    "hen wordt niets gepubliceerd; herstel ze en kies 'opnieuw controleren'")
        row.status = BlockStatus.WITHHELD if settlement is Settlement.WITHHOLD else BlockStatus.RECHECK
        row.settled_by = actor
        row.settled_at = dt.datetime.now(dt.UTC)
        item, letter_key = row.item, row.outbox_key
        if letter_key:
            outbox = uow.requests.outbox(letter_key)
            if outbox is not None and outbox.status != "sent":
                outbox.status = "withheld" if settlement is Settlement.WITHHOLD else "pending"
                outbox.error = None if settlement is Settlement.RECHECK else "definitief achtergehouden"
        uow.record(AuditAction.GATE_SETTLED, request_id=request_id, step="privacy_gate", actor=actor,
                   payload={"block": block_id, "item": item, "audience": row.audience,
                            "settlement": settlement.value})
        published = req.status in (RequestStatus.PUBLISHED, RequestStatus.DECIDED)
        uow.commit()  # the person's decision is kept even when publishing again fails below
    result: dict[str, Any] = {"block": block_id, "item": item, "settlement": settlement.value}
    if letter_key is not None:
        # The letter is rendered by its step; delivering it again there checks it again.
        result["letter"] = "withheld" if settlement is Settlement.WITHHOLD else "pending"
        return result
    filed = {DECISION_ITEM: PUBLIC_DECISION_NAME, REQUEST_ITEM: REQUEST_TEXT_NAME}.get(item)
    if settlement is Settlement.RECHECK and filed:
        # Render the public decision or request text afresh from the corrected store.
        (get_settings().request_dir(request_id) / "besluit" / filed).unlink(missing_ok=True)
    if published:
        result["publication"] = publish(uow, request_id, today=today, amend=True).to_log()
    with uow:
        after = uow.requests.block(block_id)
        result["status"] = after.status if after is not None else None
    return result


def settle_answered_blocks(uow: UnitOfWork, request_id: str, *, today: dt.date) -> dict[str, int]:
    """Carry out the stored answer to the ``privacy`` question, one :func:`settle_block` per decision.

    Idempotent on replay: a block that is no longer open (settled by an earlier run) is skipped. Returns counts.
    """
    with uow:
        answer = answers_of(uow.requests, uow.requests.get(request_id)).privacy
        if answer is None:
            return {"settled": 0, "skipped": 0}
        still_open = {b.id for b in uow.requests.blocks(request_id, status=BlockStatus.OPEN.value)}
    settled = skipped = 0
    for d in answer.decisions:
        if d.block not in still_open:
            skipped += 1
            continue
        settle_block(uow, request_id, d.block, d.decision, by=answer.answered_by, today=today)
        settled += 1
    return {"settled": settled, "skipped": skipped}
