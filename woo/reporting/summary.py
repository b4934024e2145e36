"""A short account of one request for the terminal: number, dates, where each output is, and the counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from woo.case import Resolution, Step, UnitOfWork
from woo.privacy.blocks import block_message, open_blocks
from woo.settings import get_settings

__all__ = ["request_summary"]


def request_summary(uow: UnitOfWork, request_id: str) -> dict[str, Any]:
    settings = get_settings()
    lines: list[tuple[str, Any]] = []
    problems: list[str] = []
    with uow:
        repo = uow.requests
        req = repo.get(request_id)
        lines += [("id", req.id), ("status", req.status), ("ontvangen", req.received_on or "-"),
                  ("beslissen uiterlijk", req.decision_due or "-")]
        if req.error:
            problems.append(req.error)
        if req.decided_on:
            resolution = Resolution(req.resolution).label if req.resolution else "-"
            lines += [("besluit", f"{resolution} op {req.decided_on}"),
                      ("openbaarmaking", req.disclosure_on or "-")]
        for row in repo.letters(request_id):
            lines.append((f"brief: {row.kind}", f"{row.status} via {row.transport}: {row.eml_path or row.pdf_path}"))
        docs = repo.documents(request_id)
        if docs:
            lines.append(("documenten", f"{len(docs)} gevonden, {sum(1 for d in docs if d.error)} onleesbaar, "
                                        f"{sum(1 for d in docs if d.duplicate_of)} duplicaat"))
            problems += [f"document {d.number} ({d.display_name}): {d.error}" for d in docs if d.error]
            problems += [f"document {d.number}: lakcontrole mislukt" for d in docs if d.check_ok is False]
            problems += [f"document {d.number}: {d.held_reason}" for d in docs if d.held_reason]
        blocked = open_blocks(repo, request_id)
        problems += [f"privacycontrole: {block_message(b)}" for b in blocked]
        if blocked and req.waiting_for is None:
            # A batch run asks nobody: what the gate held stays held, the safe default.
            problems.append(f"{len(blocked)} tegengehouden stuk(ken) blijven tegengehouden tot een medewerker "
                            "beslist (woo answer … privacy, of de vraag 'privacy' in een geserveerde run)")
        grounds = Counter(r.ground for r in repo.redactions(request_id, status="applied"))
        if grounds:
            lines.append(("lakkingen per grond", ", ".join(f"{g}: {n}" for g, n in sorted(grounds.items()))))
        judgements = Counter(d.judgement for d in docs if d.judgement)
        if judgements:
            lines.append(("oordelen", ", ".join(f"{j}: {n}" for j, n in sorted(judgements.items()))))
        decision_dir = settings.request_dir(request_id) / "besluit"
        if decision_dir.exists():
            lines.append(("besluit en inventaris", decision_dir))
        published = repo.step_result(request_id, Step.PUBLISH)
        if published and published.get("folder"):
            lines.append(("publicatiemap", published["folder"]))
        number = req.number
    return {"number": number, "lines": lines, "problems": problems}
