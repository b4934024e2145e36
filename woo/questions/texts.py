"""Free-text answers live in the store; answers and Prefect carry only a reference to them.

Whatever a person types in a Prefect form stays in Prefect's database (its ``flow_run_input`` table) for good,
and a new scope, a passage, a manual redaction's text or a remark can name people. So such a text is stored here
(:class:`~woo.store.models.AnswerTextRow`) and answers hold its reference, ``tekst-`` and 16 random hex digits.
A reference is only valid for the request and the field it was stored for. Storing a text is audit-logged by
reference and hash, never by value.

Paths (:data:`woo.questions.models.ANSWER_TEXT_PATHS`, :data:`woo.questions.forms.FORM_TEXT_PATHS`) name where free text
sits in an answers dict; ``*`` stands for every item of a list.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from woo.case import Repository, UnitOfWork
from woo.questions.models import TextField, TextPath, is_text_ref
from woo.schemas.audit import AuditAction
from woo.schemas.text import clean_text
from woo.store.models import AnswerTextRow

__all__ = [
    "TextProblem",
    "locations",
    "refs_to_texts",
    "store_text",
    "texts_to_refs",
]


def _new_ref() -> str:
    return "tekst-" + secrets.token_hex(8)


def store_text(uow: UnitOfWork, request_id: str, field: TextField, text: str, *, by: str) -> str:
    """Store ``text`` (cleaned of control characters) for ``request_id`` and return its reference.

    The same text for the same request and field gives the same reference, so answering twice stores it once.
    """
    text = clean_text(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = uow.requests.text_ref(request_id, field.value, digest)
    if existing is not None:
        return existing
    ref = _new_ref()
    uow.requests.add(AnswerTextRow(id=ref, request_id=request_id, field=field.value, sha256=digest, text=text,
                                   created_by=by or "system"))
    uow.record(AuditAction.TEXT_STORED, request_id=request_id, step="answers", actor=by or None,
                 payload={"text": ref, "field": field.value, "sha256": digest, "length": len(text)})
    return ref


def locations(data: Any, path: TextPath, where: tuple[str | int, ...] = ()) -> Iterator[
        tuple[dict[str, Any], str, tuple[str | int, ...]]]:
    """Every ``(container, key, location)`` that ``path`` reaches in ``data`` and that holds a value."""
    if not path or not isinstance(data, dict | list):
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from locations(item, rest, (*where, i))
        return
    if not isinstance(data, dict) or data.get(head) is None:
        return
    if rest:
        yield from locations(data[head], rest, (*where, head))
    else:
        yield data, head, (*where, head)


def _label(where: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in where)


def texts_to_refs(uow: UnitOfWork, request_id: str, data: Mapping[str, Any],
                  paths: Mapping[TextPath, TextField], *, by: str) -> dict[str, Any]:
    """A copy of ``data`` with every plain text at ``paths`` stored and replaced by its reference.

    Values that already are references are left as they are (:func:`refs_to_texts` checks them); values that
    are not text are left for the schema to refuse.
    """
    out = copy.deepcopy(dict(data))
    for path, field in paths.items():
        for container, key, _ in list(locations(out, path)):
            value = container[key]
            if not isinstance(value, str) or is_text_ref(value):
                continue
            container[key] = store_text(uow, request_id, field, value, by=by) if clean_text(value) else None
    return out


@dataclass(frozen=True)
class TextProblem:
    """Why a value at a text path cannot be used; ``raw_text`` when it was text instead of a reference."""

    where: str
    message: str
    raw_text: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def refs_to_texts(repo: Repository, request_id: str, data: Mapping[str, Any],
                  paths: Mapping[TextPath, TextField], *, prefix: str = "") -> tuple[dict[str, Any], list[TextProblem]]:
    """A copy of ``data`` with every reference at ``paths`` replaced by its text, and what was wrong.

    A value that is not a reference, a reference to nothing, or one stored for another request or field is a
    problem; the message never repeats the value (it may be exactly the personal data that must not spread).
    """
    out = copy.deepcopy(dict(data))
    found: list[tuple[dict[str, Any], str, tuple[str | int, ...], TextField]] = [
        (c, k, w, field) for path, field in paths.items() for c, k, w in locations(out, path)]
    refs = {c[k] for c, k, _, _ in found if is_text_ref(c[k])}
    rows = repo.texts(refs)
    problems: list[TextProblem] = []
    for container, key, where, field in found:
        value = container[key]
        label = f"{prefix}{_label(where)}"
        if not is_text_ref(value):
            problems.append(TextProblem(label, "hier hoort een verwijzing naar een opgeslagen tekst (tekst-…), niet "
                                               "de tekst zelf; geef de tekst met `woo answer … --file`", True))
            continue
        row = rows.get(value)
        if row is None or row.request_id != request_id:
            problems.append(TextProblem(label, "onbekende tekstverwijzing (niet opgeslagen bij dit verzoek)"))
        elif row.field != field.value:
            problems.append(TextProblem(label, f"deze tekstverwijzing hoort bij een ander veld ({row.field})"))
        else:
            container[key] = row.text
    return out, problems
