"""Read the human answers stored with a request, validated, with problems in plain Dutch; store new ones.

``RequestRow.answers`` has the shape of an ``answers.yaml``, except that free text (new scope, passages, manual
redaction text, remarks, the body a request is forwarded to) is a reference to the store's ``answer_texts``.
A batch run's answers file holds plain text: :func:`store_answers` stores it the same way, so interactive and
batch answers are read by one path, :func:`answers_of`, which puts the texts back.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from woo.case import Repository, UnitOfWork
from woo.errors import AnswersInvalid
from woo.questions.models import ANSWER_TEXT_PATHS, STORED, Answers
from woo.questions.texts import refs_to_texts, texts_to_refs
from woo.schemas.errors import describe_validation_error
from woo.store.models import RequestRow

__all__ = ["answers_of", "store_answers"]


def answers_of(repo: Repository, req: RequestRow) -> Answers:
    """The request's answers with their free texts read from the store; ``AnswersInvalid`` when they are wrong."""
    data, problems = refs_to_texts(repo, req.id, req.answers or {}, ANSWER_TEXT_PATHS)
    if problems:
        raise AnswersInvalid([str(p) for p in problems])
    try:
        return Answers.model_validate(data, context={STORED: True})
    except ValidationError as exc:
        raise AnswersInvalid(describe_validation_error(exc)) from None


def store_answers(uow: UnitOfWork, req: RequestRow, answers: dict[str, Any] | None, *, by: str = "intake") -> None:
    """Keep ``answers`` (from an answers file) with the request, their free texts stored and referred to."""
    if answers is None:
        return
    uow.flush()  # the texts refer to the request row
    stored = texts_to_refs(uow, req.id, answers, ANSWER_TEXT_PATHS, by=by)
    if stored != req.answers:
        req.answers = stored
