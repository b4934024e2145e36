"""The DiWoo metadata of one request's publication, from facts the publish step gathers (no database here).

Identifiers are the files' public https addresses, the dossier is the request number the letters use, and the
handlings say what the body did: the request was received (``ontvangst``) on its receipt date, the decision
and inventory were adopted (``vaststelling``) on the decision date, and a released document was either
received from outside or made by the body, on its own date (:class:`Origin`). An e-mail's origin follows from
its sender's domain; other documents get theirs from the answers file (``origins``) and are otherwise treated
as received: adoption is a formal act that is never presumed. A document without a date of its own gets the
decision date, the last moment it certainly existed (project rule).
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

from woo.publication.diwoo import (
    ActionKind,
    DiWooDocument,
    DocumentKind,
    DocumentRef,
    Handling,
    ReplaceReason,
    Term,
)
from woo.questions.models import DocumentOrigin

# One vocabulary with the answers file: ``origins`` there says per document where it came from.
Origin = DocumentOrigin


@dataclass(frozen=True)
class RequestFacts:
    """What every file of one publication shares. ``subject`` is already public (personal data masked)."""

    number: str
    subject: str
    received_on: date
    decided_on: date
    public_on: date
    base_url: str
    publisher: Term

    def url(self, rel: str = "") -> str:
        return f"{self.base_url.rstrip('/')}/{quote(self.number)}/{quote(rel)}"


@dataclass(frozen=True)
class ReleasedDocument:
    """One released document: inventory number, public title and path, its date, origin and judgement."""

    number: int
    title: str
    path: str
    on: date | None
    origin: Origin
    judgement: str
    grounds: tuple[str, ...] = ()
    replace_reason: ReplaceReason | None = None


def decision_title(number: str) -> str:
    return f"Besluit op Woo-verzoek {number}"


def _base(facts: RequestFacts, rel: str, title: str, kind: DocumentKind, handlings: Sequence[Handling], *,
          description: str, fmt: str = "application/pdf", created: date | None = None,
          part_of: DocumentRef | None = None, parts: Iterable[DocumentRef] = (),
          reason: ReplaceReason | None = None) -> DiWooDocument:
    return DiWooDocument(
        identifier=facts.url(rel), title=title, document_kind=kind, publisher_uri=facts.publisher.uri,
        publisher_label=facts.publisher.label, handlings=tuple(handlings), format=fmt, created=created,
        description=description, dossier=facts.number, is_part_of=part_of, has_parts=tuple(parts),
        disclosed_on=facts.public_on, replace_reason=reason,
    )


def decision_ref(facts: RequestFacts) -> DocumentRef:
    return DocumentRef(facts.url("besluit.pdf"), decision_title(facts.number))


def decision_metadata(facts: RequestFacts, documents: Iterable[ReleasedDocument] = ()) -> DiWooDocument:
    parts = [DocumentRef(facts.url(d.path), d.title) for d in documents]
    return _base(facts, "besluit.pdf", decision_title(facts.number), DocumentKind.DECISION,
                 [Handling(ActionKind.ADOPTION, facts.decided_on)], created=facts.decided_on,
                 description=f"Besluit op het verzoek om informatie over: {facts.subject}", parts=parts)


def request_metadata(facts: RequestFacts) -> DiWooDocument:
    return _base(facts, "verzoek.pdf", f"Woo-verzoek {facts.number}", DocumentKind.REQUEST,
                 [Handling(ActionKind.RECEIPT, facts.received_on)],
                 description=f"Inhoud van het verzoek om informatie over: {facts.subject}, zonder persoonsgegevens",
                 part_of=decision_ref(facts))


def inventory_metadata(facts: RequestFacts) -> DiWooDocument:
    return _base(facts, "inventaris.csv", f"Inventarislijst bij besluit op Woo-verzoek {facts.number}",
                 DocumentKind.INVENTORY, [Handling(ActionKind.ADOPTION, facts.decided_on)], fmt="text/csv",
                 created=facts.decided_on, part_of=decision_ref(facts),
                 description="Lijst van de documenten die onder het verzoek vallen, met het oordeel per document")


def document_metadata(facts: RequestFacts, doc: ReleasedDocument) -> DiWooDocument:
    kind = ActionKind.RECEIPT if doc.origin is Origin.RECEIVED else ActionKind.ADOPTION
    grounds = f"; gelakt op grond van {', '.join(doc.grounds)}" if doc.grounds else ""
    return _base(facts, doc.path, doc.title, DocumentKind.DOCUMENT, [Handling(kind, doc.on or facts.decided_on)],
                 created=doc.on, part_of=decision_ref(facts), reason=doc.replace_reason,
                 description=f"Document {doc.number} bij het besluit op Woo-verzoek {facts.number} "
                             f"({doc.judgement}{grounds})")


_LEADING_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b")


def date_from_name(name: str) -> date | None:
    """A date a file name starts with (``2025-06-16 Scan brief.png``), as officials often name files."""
    m = _LEADING_DATE.match(Path(name).name)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def own_domains(*addresses: str | None) -> frozenset[str]:
    """The body's mail domains, from its e-mail addresses and website (``www.`` dropped)."""
    out = set()
    for a in addresses:
        if not a:
            continue
        host = a.rpartition("@")[2] if "@" in a else (urlsplit(a).hostname or a)
        host = host.lower().strip().removeprefix("www.")
        if host:
            out.add(host)
    return frozenset(out)


def mail_origin(eml: Path, domains: frozenset[str]) -> Origin | None:
    """Received or own, by the sender's domain of an ``.eml`` (also a subdomain of the body's); None if unknown."""
    try:
        with Path(eml).open("rb") as fh:
            msg = email.message_from_binary_file(fh, policy=email.policy.default)
        sender = msg.get("From")
        addresses = getattr(sender, "addresses", ()) if sender is not None else ()
    except (OSError, ValueError, TypeError):
        return None
    if not addresses:
        return None
    domain = (addresses[0].domain or "").lower()
    if not domain:
        return None
    own = any(domain == d or domain.endswith("." + d) for d in domains)
    return Origin.OWN if own else Origin.RECEIVED
