"""Recompute the audit log's hash chain and name the first place where it was tampered with.

The chain is global (ordered by ``seq``), so even a question about one request verifies every row; the report
then lists the breaks that touch that request. Each break is classified from what the rows still show:

- **edited**: a row's content no longer gives its stored hash, or a row was re-hashed after an edit, so its
  successor points at a hash that no longer exists;
- **deleted**: a row points at a hash that no longer exists and ``seq`` numbers are missing before it;
- **inserted**: a row that its successor skips (both claim the same predecessor), or one pointing at a hash
  nobody ever wrote, without a gap;
- **reordered**: a row points at a row that exists but sits elsewhere in the order.

Deleting the newest rows, or appending well-formed rows, leaves a valid chain: compare the head hash with one
kept elsewhere (every export prints it) to detect that.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from woo.case import Repository
from woo.store.audit_log import GENESIS_HASH, event_hash

__all__ = ["BreakKind", "ChainBreak", "ChainReport", "verify_chain"]

_log = logging.getLogger(__name__)


class BreakKind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"

    @property
    def label_nl(self) -> str:
        return _KIND_NL[self]


_KIND_NL = {
    BreakKind.EDITED: "gewijzigde regel",
    BreakKind.DELETED: "verwijderde regel(s)",
    BreakKind.INSERTED: "ingevoegde regel",
    BreakKind.REORDERED: "verplaatste regel",
}


@dataclass(frozen=True)
class ChainBreak:
    """One broken link. ``seq`` is the row whose check fails; ``suspect_seq`` the row that was tampered with
    (``None`` when it was deleted: then ``missing_seqs`` lists the numbers that are gone, when known)."""

    kind: BreakKind
    seq: int
    suspect_seq: int | None
    request_ids: frozenset[str | None]
    """Requests of the rows involved; a deleted row's request cannot be known and is not in here."""
    missing_seqs: tuple[int, ...] = ()
    related_seq: int | None = None
    """For a reordered row: the row it names as its predecessor, which sits elsewhere in the order."""

    def describe_nl(self) -> str:
        """One Dutch sentence for the official who reads the verification result."""
        if self.kind is BreakKind.EDITED:
            if self.suspect_seq == self.seq:
                return f"Regel {self.seq} is gewijzigd: de inhoud past niet meer bij de opgeslagen hash."
            return (
                f"Regel {self.suspect_seq} is gewijzigd en opnieuw gehasht: regel {self.seq} verwijst naar een "
                "hash die niet meer bestaat."
            )
        if self.kind is BreakKind.DELETED:
            if self.missing_seqs:
                gone = ", ".join(str(n) for n in self.missing_seqs[:10])
                more = " …" if len(self.missing_seqs) > 10 else ""
                return f"Vóór regel {self.seq} is verwijderd: regelnummer(s) {gone}{more} ontbreken."
            return f"Vóór regel {self.seq} is ten minste één regel verwijderd: de voorganger ontbreekt."
        if self.kind is BreakKind.INSERTED:
            return f"Regel {self.suspect_seq} is ingevoegd: hij hoort niet in de keten vóór regel {self.seq}."
        if self.related_seq is None:
            return f"Regel {self.seq} staat op de verkeerde plaats: volgens de keten is hij de eerste regel."
        return (
            f"Regel {self.seq} staat op de verkeerde plaats: volgens de keten volgt hij op regel "
            f"{self.related_seq}."
        )


@dataclass(frozen=True)
class ChainReport:
    """The result of verifying the chain, whole or for one request."""

    request_id: str | None
    rows_checked: int
    request_rows: int | None
    head_seq: int | None
    head_hash: str
    breaks: tuple[ChainBreak, ...] = field(default_factory=tuple)
    total_breaks: int = 0
    """Broken links in the whole chain, also those not touching ``request_id``."""

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first_break(self) -> ChainBreak | None:
        return self.breaks[0] if self.breaks else None

    def summary_nl(self) -> str:
        scope = f"verzoek {self.request_id}" if self.request_id else "de hele audittrail"
        if self.ok:
            extra = ""
            if self.request_id and self.total_breaks:
                extra = f" (elders in de keten zijn {self.total_breaks} breuk(en) gevonden)"
            return (
                f"Keten intact voor {scope}: {self.rows_checked} regels gecontroleerd, "
                f"laatste hash {self.head_hash}{extra}."
            )
        first = self.breaks[0]
        return (
            f"Keten verbroken voor {scope}: {len(self.breaks)} breuk(en); eerste: {first.kind.label_nl} — "
            f"{first.describe_nl()}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "ok": self.ok,
            "rows_checked": self.rows_checked,
            "request_rows": self.request_rows,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "total_breaks": self.total_breaks,
            "breaks": [
                {
                    "kind": str(b.kind),
                    "seq": b.seq,
                    "suspect_seq": b.suspect_seq,
                    "missing_seqs": list(b.missing_seqs),
                    "related_seq": b.related_seq,
                    "description": b.describe_nl(),
                }
                for b in self.breaks
            ],
        }


@dataclass(frozen=True)
class _Link:
    seq: int
    hash: str
    prev_hash: str
    request_id: str | None


def verify_chain(repo: Repository, request_id: str | None = None) -> ChainReport:
    """Recompute every row's hash and link, in ``seq`` order; report the breaks (touching ``request_id``)."""
    # First pass streams full rows and keeps only what failed; the whole-chain index needed to classify a
    # break is built only when something is broken, so a healthy chain costs one sequential read.
    failed: list[tuple[int, bool]] = []  # (position, content_ok)
    expected = GENESIS_HASH
    count = 0
    request_rows = 0
    head_seq: int | None = None
    for values in repo.chain():
        content_ok = event_hash(values) == values["hash"]
        if not content_ok or values["prev_hash"] != expected:
            failed.append((count, content_ok))
        if request_id is not None and values["request_id"] == request_id:
            request_rows += 1
        expected = values["hash"]
        head_seq = values["seq"]
        count += 1

    breaks: list[ChainBreak] = []
    if failed and head_seq is not None:
        links = [_Link(*r) for r in repo.chain_links(head_seq)]
        chain = _Chain(links)
        breaks = [chain.classify(position, content_ok) for position, content_ok in failed]
    relevant = [b for b in breaks if request_id is None or _touches(b, request_id)]
    if breaks:
        _log.warning("audit chain: %d broken link(s); first at seq %d", len(breaks), breaks[0].seq)
    return ChainReport(
        request_id=request_id,
        rows_checked=count,
        request_rows=request_rows if request_id is not None else None,
        head_seq=head_seq,
        head_hash=expected,
        breaks=tuple(relevant),
        total_breaks=len(breaks),
    )


def _touches(b: ChainBreak, request_id: str) -> bool:
    # Whose row was deleted is unknowable, so a deletion may have removed part of any request's trail.
    return b.kind is BreakKind.DELETED or request_id in b.request_ids


class _Chain:
    """The whole chain's links, indexed to answer 'where is this hash' and 'who points at it'."""

    def __init__(self, links: list[_Link]) -> None:
        self.links = links
        self.position_of_hash = {link.hash: i for i, link in enumerate(links)}
        self.pointed_at_by: dict[str, list[int]] = defaultdict(list)
        for i, link in enumerate(links):
            self.pointed_at_by[link.prev_hash].append(i)

    def _hash_before(self, position: int) -> str:
        return self.links[position - 1].hash if position > 0 else GENESIS_HASH

    def _requests(self, *positions: int | None) -> frozenset[str | None]:
        return frozenset(self.links[p].request_id for p in positions if p is not None)

    def _break(
        self,
        kind: BreakKind,
        position: int,
        suspect: int | None,
        *,
        missing: tuple[int, ...] = (),
        related: int | None = None,
    ) -> ChainBreak:
        links = self.links
        return ChainBreak(
            kind=kind,
            seq=links[position].seq,
            suspect_seq=links[suspect].seq if suspect is not None else None,
            request_ids=self._requests(position, suspect, related),
            missing_seqs=missing,
            related_seq=links[related].seq if related is not None else None,
        )

    def classify(self, i: int, content_ok: bool) -> ChainBreak:
        links = self.links
        cur = links[i]
        expected = self._hash_before(i)
        if not content_ok:
            successor = links[i + 1] if i + 1 < len(links) else None
            skipped = successor is not None and successor.prev_hash == expected
            if skipped and not self.pointed_at_by.get(cur.hash):
                return self._break(BreakKind.INSERTED, i, i)
            return self._break(BreakKind.EDITED, i, i)

        j = self.position_of_hash.get(cur.prev_hash, -1 if cur.prev_hash == GENESIS_HASH else None)
        if j is not None:
            if j >= i:
                return self._break(BreakKind.REORDERED, i, i, related=j)
            # Rows j+1 .. i-1 sit between this row and the predecessor it names. If nobody outside them
            # points at any of them they were never part of the chain: inserted. Otherwise they were moved.
            between = range(j + 1, i)
            pointers = {p for k in between for p in self.pointed_at_by.get(links[k].hash, [])}
            if pointers <= set(between):
                return self._break(BreakKind.INSERTED, i, j + 1)
            return self._break(BreakKind.REORDERED, i, i, related=j if j >= 0 else None)

        # The predecessor this row names no longer exists.
        previous_seq = links[i - 1].seq if i > 0 else 0
        if cur.seq > previous_seq + 1:
            return self._break(BreakKind.DELETED, i, None, missing=tuple(range(previous_seq + 1, cur.seq)))
        if i == 0:
            return self._break(BreakKind.DELETED, i, None)
        if not self.pointed_at_by.get(links[i - 1].hash):
            # The previous row's hash changed (edited and re-hashed) unless this row is the newest, where a
            # forged row with a made-up predecessor is the likelier story.
            if i == len(links) - 1:
                return self._break(BreakKind.INSERTED, i, i)
            return self._break(BreakKind.EDITED, i, i - 1)
        return self._break(BreakKind.INSERTED, i, i)
