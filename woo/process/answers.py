"""Read the human answers stored with a request, validated, with problems in plain Dutch."""

from __future__ import annotations

from pydantic import ValidationError

from schemas.answers import Answers
from schemas.errors import describe_validation_error
from woo.errors import AnswersInvalid
from woo.store.models import RequestRow


def answers_of(req: RequestRow) -> Answers:
    try:
        return Answers.model_validate(req.answers or {})
    except ValidationError as exc:
        raise AnswersInvalid(describe_validation_error(exc)) from None
