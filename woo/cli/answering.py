"""Giving an answer to a waiting request: the one path ``woo answer`` and the review page both take.

The answer is validated first (the question's form, then the domain rules of ``woo.questions.catalogue``); free
text in it is stored in the store and replaced by references; only then is the waiting flow run resumed with the
answer as Prefect run input. A refused answer changes nothing: the request keeps waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from woo.errors import AnswerRefused, Permanent

__all__ = ["AnswerGiven", "NotWaiting", "give_answer"]


class NotWaiting(Permanent):
    """The request does not wait for this question (any more), or its run cannot be resumed now."""


@dataclass(frozen=True)
class AnswerGiven:
    request_id: str
    number: str | None
    step: str
    flow_run_id: str
    stored_texts: int


def _texts_at(data: dict[str, Any], path: tuple[str, ...]) -> list[str]:
    """The plain texts (not references) at ``path`` in ``data``."""
    from woo.questions.models import is_text_ref
    from woo.questions.texts import locations

    return [c[k] for c, k, _ in locations(data, path) if isinstance(c[k], str) and not is_text_ref(c[k])]


def give_answer(request: str, step: str, data: dict[str, Any]) -> AnswerGiven:
    """Check ``data`` as the answer to ``step`` of ``request`` (id or number) and resume the waiting run with it.

    Raises ``AnswerRefused`` (with every problem in Dutch), ``UnknownRequest`` or ``NotWaiting``.
    """
    from woo import clock
    from woo.case import UnitOfWork
    from woo.questions.catalogue import QUESTIONS, check_and_store
    from woo.questions.texts import texts_to_refs
    from woo.schemas.errors import describe_validation_error

    if step not in QUESTIONS:
        raise AnswerRefused([f"onbekende vraag {step!r}; kies uit {', '.join(QUESTIONS)}"])
    with UnitOfWork() as uow:
        req = uow.requests.find(request)
        if req.waiting_for != step or not req.waiting_flow_run_id:
            raise NotWaiting(f"verzoek {req.number or req.id} wacht niet op '{step}' "
                             f"(wacht op: {req.waiting_for or 'niets'})")
        # Prefect from here on, where it is needed: the forms are Prefect's RunInput, and the run is resumed
        # through Prefect. An unknown request or one that waits for something else is told without it.
        from woo.questions.forms import FORM_TEXT_PATHS, FORMS

        try:
            form = FORMS[step].model_validate(data)
        except ValidationError as exc:
            raise AnswerRefused(describe_validation_error(exc)) from None
        payload = form.model_dump(mode="json")
        actor = str(payload.get("signed_by") or payload.get("answered_by") or "")
        run_id, request_id, number = req.waiting_flow_run_id, req.id, req.number
        # Texts are stored (and kept: this session commits) only when the whole answer is accepted.
        with_refs = texts_to_refs(uow, req.id, payload, FORM_TEXT_PATHS[step], by=actor)
        stored = sum(1 for path in FORM_TEXT_PATHS[step] for _ in _texts_at(payload, path))
        with uow.trial():  # the flow stores the answer itself after resuming; here it is only checked
            check_and_store(uow, req, step, with_refs, today=clock.today())
        uow.commit()
    from prefect.exceptions import NotPausedError

    from woo.flows.asking import resume_with_answer

    try:
        resume_with_answer(UUID(run_id), with_refs)
    except (NotPausedError, RuntimeError) as exc:
        # The question is recorded a moment before Prefect suspends the run; or the run was cancelled meanwhile.
        raise NotWaiting(f"de flow run wacht (nog) niet op een antwoord ({exc}); probeer het zo opnieuw") from None
    return AnswerGiven(request_id=request_id, number=number, step=step, flow_run_id=run_id, stored_texts=stored)
