"""Document titles appear in the published inventory; personal data in them is masked with its ground code.

A title taken from a document ("Brief van Jeroen Smit", "Klacht mevrouw De Vries over parkeren", an e-mail
subject "Vraag van Pieter") can name a person. The same detection that proposes redactions in the documents
finds identifiers and names in the title, and each is replaced by its ground (``[5.1.2e]``). A title that is
little more than masks says nothing and becomes a neutral one ("Document 7").
"""

from __future__ import annotations

import re

from woo.redaction.model import DEFAULT_GROUNDS, Category
from woo.redaction.names import find_names, given_names
from woo.redaction.officials import Officials
from woo.redaction.patterns import find_identifiers, find_organisations

__all__ = ["public_title"]

_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")


def _lone_given_names(title: str, taken: list[tuple[int, int]], orgs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised listed given names the name finder leaves alone in a short text ("E-mail Pieter over …")."""
    names = given_names()
    out = []
    for m in _WORD.finditer(title):
        word = m.group()
        if word[:1].isupper() and word in names and m.start() > 0 and not any(
                m.start() < e and s < m.end() for s, e in taken + orgs):
            out.append((m.start(), m.end()))
    return out


def public_title(title: str, officials: Officials | None = None, *, number: int | None = None) -> str:
    """The title with identifiers and person names replaced by ``[5.1.2e]``-style marks.

    ``number`` gives the neutral title ("Document 7") used when masking leaves nothing to read."""
    orgs = find_organisations(title)
    spans: list[tuple[int, int, str]] = [(m.start, m.end, str(DEFAULT_GROUNDS[m.category]))
                                         for m in find_identifiers(title, orgs)]
    taken = [(s, e) for s, e, _ in spans]
    for m in find_names(title, officials, orgs):
        if not any(m.start < e and s < m.end for s, e in taken):
            spans.append((m.start, m.end, str(DEFAULT_GROUNDS[Category.PERSON_NAME])))
            taken.append((m.start, m.end))
    org_spans = [(o.start, o.end) for o in orgs]
    for s, e in _lone_given_names(title, taken, org_spans):
        spans.append((s, e, str(DEFAULT_GROUNDS[Category.PERSON_NAME])))
    out = title
    for start, end, ground in sorted(spans, reverse=True):
        out = out[:start] + f"[{ground}]" + out[end:]
    if spans and len(_WORD.findall(re.sub(r"\[[^\]]*\]", " ", out))) < 2:
        return f"Document {number}" if number is not None else "Document"
    return out
