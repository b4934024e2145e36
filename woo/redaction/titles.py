"""Document titles appear in the published inventory; personal data in them is masked with its ground code."""

from __future__ import annotations

from woo.redaction.model import DEFAULT_GROUNDS
from woo.redaction.patterns import find_identifiers


def public_title(title: str) -> str:
    """The title with identifiers (e-mail addresses, phone numbers, BSNs, …) replaced by ``[5.1.2e]``-style marks."""
    out = title
    for m in sorted(find_identifiers(title), key=lambda m: m.start, reverse=True):
        out = out[: m.start] + f"[{DEFAULT_GROUNDS[m.category]}]" + out[m.end :]
    return out
