"""A short account of one request for the terminal: number, dates, where each output is, and the counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from woo.privacy.blocks import block_message, open_blocks
from woo.settings import get_settings
from woo.store.db import session_scope
from woo.store.models import OutboxRow, RedactionRow
from woo.store.queries import documents, get_request, step_result


def request_summary(request_id: str) -> dict[str, Any]:
    settings = get_settings()
    lines: list[tuple[str, Any]] = []
    problems: list[str] = []
    with session_scope() as s:
        req = get_request(s, request_id)
        lines += [("id", req.id), ("status", req.status), ("ontvangen", req.received_on or "-"),
                  ("beslissen uiterlijk", req.decision_due or "-")]
        if req.error:
            problems.append(req.error)
        if req.decided_on:
            lines += [("besluit", f"{req.resolution} op {req.decided_on}"),
                      ("openbaarmaking", req.disclosure_on or "-")]
        for row in s.scalars(select(OutboxRow).where(OutboxRow.request_id == request_id).order_by(OutboxRow.id)):
            lines.append((f"brief: {row.kind}", f"{row.status} via {row.transport}: {row.eml_path or row.pdf_path}"))
        docs = documents(s, request_id)
        if docs:
            lines.append(("documenten", f"{len(docs)} gevonden, {sum(1 for d in docs if d.error)} onleesbaar, "
                                        f"{sum(1 for d in docs if d.duplicate_of)} duplicaat"))
            problems += [f"document {d.number} ({d.display_name}): {d.error}" for d in docs if d.error]
            problems += [f"document {d.number}: lakcontrole mislukt" for d in docs if d.check_ok is False]
            problems += [f"document {d.number}: {d.held_reason}" for d in docs if d.held_reason]
        problems += [f"privacycontrole: {block_message(b)}" for b in open_blocks(s, request_id)]
        grounds = Counter(s.scalars(select(RedactionRow.ground).where(RedactionRow.request_id == request_id,
                                                                      RedactionRow.status == "applied")))
        if grounds:
            lines.append(("lakkingen per grond", ", ".join(f"{g}: {n}" for g, n in sorted(grounds.items()))))
        judgements = Counter(d.judgement for d in docs if d.judgement)
        if judgements:
            lines.append(("oordelen", ", ".join(f"{j}: {n}" for j, n in sorted(judgements.items()))))
        decision_dir = settings.request_dir(request_id) / "besluit"
        if decision_dir.exists():
            lines.append(("besluit en inventaris", decision_dir))
        published = step_result(s, request_id, "publish")
        if published and published.get("folder"):
            lines.append(("publicatiemap", published["folder"]))
        number = req.number
    return {"number": number, "lines": lines, "problems": problems}
