"""Waiting points: suspend the request's flow run until a person answers, without holding a process.

``ask`` returns at once when the answer is already stored (an answers file, an earlier form, a replay after
resume). Otherwise, in a deployment run, it records the question, shows it as a Markdown artifact and suspends
with a form; the process exits. On resume Prefect starts the flow again from the top; finished steps come back
from the store, and ``suspend_flow_run`` with the same key returns the answer. An answer that breaks a domain
rule is refused with the reason and the question is asked again under a new key, so the run keeps waiting
instead of failing. The key contains the flow run and its run count, so a manual retry or a rerun asks again.
Outside a deployment (``woo run``, ``woo demo``) nothing can suspend: the step goes on without the answer.

Prefect keeps a form's answer (the ``suspended-<key>-response`` run input) for good. Forms hold references to
stored texts, never free text, and the form schema makes the server refuse text in those fields; an answer that
gets through anyway (a run suspended under an older schema) is refused here and, like every refused answer,
deleted from Prefect. A replay after resume skips the keys refused before, since their answers are gone.
Refusal reasons shown in Prefect never repeat what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.context import FlowRunContext
from prefect.exceptions import PrefectHTTPStatusError
from prefect.flow_runs import resume_flow_run, suspend_flow_run
from prefect.input.actions import delete_flow_run_input, read_flow_run_input
from prefect.input.run_input import keyset_from_paused_state
from prefect.runtime import flow_run
from prefect.states import Suspended
from pydantic import ValidationError

from woo import clock
from woo.case import Repository, UnitOfWork
from woo.errors import AnswerRefused
from woo.flows.overview import refresh_overview
from woo.flows.progress import emit, show_step
from woo.privacy.blocks import open_blocks
from woo.questions.answers import answers_of
from woo.questions.catalogue import QUESTIONS, check_and_store, describe, details, due_date, is_answered
from woo.questions.forms import FORMS, prefilled
from woo.questions.models import MeetingOutcome
from woo.schemas.audit import AuditAction
from woo.schemas.errors import describe_validation_error
from woo.store import audit_log
from woo.store.models import QuestionKeyRow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def in_deployment() -> bool:
    ctx = FlowRunContext.get()
    return ctx is not None and ctx.flow_run is not None and ctx.flow_run.deployment_id is not None


def needs_person(request_id: str, name: str) -> bool:
    """Whether ``name`` is unanswered and this run can wait for it (so preparing the question is worth it)."""
    with UnitOfWork() as uow:
        return not is_answered(uow.requests, uow.requests.get(request_id), name) and in_deployment()


def has_open_blocks(request_id: str) -> bool:
    """Whether the privacy gate holds items back that wait for a person (the ``privacy`` question)."""
    with UnitOfWork() as uow:
        return bool(open_blocks(uow.requests, request_id))


def waits_for_specification(request_id: str) -> bool:
    with UnitOfWork() as uow:
        meeting = answers_of(uow.requests, uow.requests.get(request_id)).meeting
    return meeting is not None and meeting.outcome is MeetingOutcome.SPECIFICATION_REQUESTED


def _key_row(repo: Repository, request_id: str, name: str, key: str) -> QuestionKeyRow:
    """The record of question key ``key``: a replay after resume must not ask, answer or refuse it twice."""
    row = repo.question_key(key)
    if row is None:
        row = QuestionKeyRow(key=key, request_id=request_id, question=name)
        repo.add(row)
    return row


def _refused(repo: Repository, key: str) -> bool:
    row = repo.question_key(key)
    return row is not None and row.refused_at is not None


def _key(name: str, flow_run_id: str, run_count: int, attempt: int) -> str:
    # Stable across resumes of this run; new for a retry (run count) and for a rerun's new flow run.
    # Prefect stores the form under keys of letters, digits and dashes only ("sign_off" would be refused).
    return f"{name.replace('_', '-')}-{flow_run_id[:8]}-r{run_count}-a{attempt}"


def response_key(key: str) -> str:
    """The run input key under which Prefect stores the answer to the suspension with pause key ``key``."""
    return keyset_from_paused_state(Suspended(pause_key=key))["response"]


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _no_echo(problem: str) -> str:
    """A refusal reason fit for Prefect: anything quoted from the answer is left out."""
    return _QUOTED.sub("'…'", problem)


def remove_answer(flow_run_id: UUID, key: str) -> bool:
    """Delete the answer to suspension ``key`` from Prefect; True when it is gone."""
    response = response_key(key)
    try:
        delete_flow_run_input(response, flow_run_id=flow_run_id)
    except PrefectHTTPStatusError as exc:
        if exc.response.status_code != 404:  # 404: nothing stored under that key (any more)
            get_run_logger().warning("could not delete a refused answer from Prefect (HTTP %d)",
                                     exc.response.status_code)
    return read_flow_run_input(response, flow_run_id=flow_run_id) is None


def ask(request_id: str, name: str) -> bool:
    """Make sure question ``name`` is answered; suspend until it is. False when it cannot wait (no deployment)."""
    with UnitOfWork() as uow:
        if is_answered(uow.requests, uow.requests.get(request_id), name):
            return True
    if not in_deployment():
        return False
    log = get_run_logger()
    ctx = audit_log.RunContext(flow_run_id=str(flow_run.get_id()))
    assert ctx.flow_run_id is not None
    run_count = flow_run.get_run_count()
    attempt = 0
    uow = UnitOfWork()
    with uow:
        # Answers refused before in this run were deleted from Prefect: a replay must not wait on those keys.
        while _refused(uow.requests, _key(name, ctx.flow_run_id, run_count, attempt)):
            attempt += 1
        problems: list[str] = list(uow.requests.get(request_id).waiting_problems or []) if attempt else []
    earlier: dict[str, Any] | None = None  # a refused answer, to show again
    while True:
        key = _key(name, ctx.flow_run_id, run_count, attempt)
        newly_asked: dict[str, Any] | None = None
        with uow:
            req = uow.requests.get(request_id)
            description = describe(uow.requests, req, name, problems)
            asked = _key_row(uow.requests, request_id, name, key)
            if asked.asked_at is None:
                asked.asked_at = dt.datetime.now(dt.UTC)
                req.waiting_for = name
                req.waiting_since = asked.asked_at
                req.waiting_due = due_date(uow.requests, req, name)
                req.waiting_flow_run_id = ctx.flow_run_id
                req.waiting_problems = problems or None
                with audit_log.run_context(ctx):
                    uow.record(AuditAction.QUESTION_ASKED, request_id=request_id, step=name,
                               payload={"key": key, "question": name, "due": req.waiting_due,
                                        "refused_before": len(problems)})
                newly_asked = {"artifact": description + details(uow.requests, req, name),
                               "due": str(req.waiting_due or "")}
                uow.commit()  # the question is on record before the run suspends (the process exits there)
        if newly_asked is not None:
            # Outside the transaction: SQLite allows one writer, and these open their own.
            create_markdown_artifact(markdown=newly_asked["artifact"], key=question_artifact_key(request_id),
                                     description=f"Vraag: {QUESTIONS[name].title} (open)")
            show_step(request_id, name)
            emit("woo.question.asked", request_id,
                 {"question": name, "key": key, "due": newly_asked["due"], "refused_before": len(problems)},
                 flow_run_id=ctx.flow_run_id)
        log.info("waiting for an answer to %s (%s)", name, key)
        form = prefilled(FORMS[name], description, lead=essentials(description),
                         **initial_answer(request_id, name, earlier))
        raw_text, earlier = False, None
        try:
            answer = suspend_flow_run(wait_for_input=form, key=key, timeout=None)
        except ValidationError as exc:
            # The stored answer does not fit this form (a form of an older version let it through). The error
            # itself quotes the answer, so only its Dutch description goes on.
            problems = [f"{name}.{line}" for line in describe_validation_error(exc)]
        else:
            answered_on: dt.datetime | None = None
            actor: str | None = None
            with uow:
                req = uow.requests.get(request_id)
                answered = _key_row(uow.requests, request_id, name, key)
                if is_answered(uow.requests, req, name) and answered.answered_at is not None:
                    return True
                try:
                    actor = check_and_store(uow, req, name, answer.model_dump(mode="json"), today=clock.today())
                except AnswerRefused as refused:
                    problems, raw_text = refused.problems, refused.raw_text
                    # Shown again in the next form, so nothing typed is lost; not when it held free text.
                    earlier = None if raw_text else answer.model_dump(mode="json", exclude_none=True)
                else:
                    answered.answered_at = answered_on = dt.datetime.now(dt.UTC)
                    req.waiting_for = req.waiting_since = req.waiting_due = req.waiting_flow_run_id = None
                    req.waiting_problems = None
                    with audit_log.run_context(audit_log.RunContext(flow_run_id=ctx.flow_run_id, actor=actor)):
                        uow.record(AuditAction.ANSWER_GIVEN, request_id=request_id, step=name,
                                   payload={"key": key, "question": name})
                    uow.commit()
            if answered_on is not None:
                # Outside the transaction: Prefect's artifact and event follow the answer on record.
                _answered(request_id, name, key, actor, answered_on, ctx.flow_run_id)
                return True
        # A refused answer may hold exactly what must not stay in Prefect (text where a reference belongs).
        removed = remove_answer(UUID(ctx.flow_run_id), key)
        problems = [_no_echo(p) for p in problems]
        if raw_text and removed:
            problems.append(f"{name}: het antwoord bevatte tekst en is daarom uit Prefect verwijderd")
        with uow, audit_log.run_context(ctx):
            refused_key = _key_row(uow.requests, request_id, name, key)
            if refused_key.refused_at is None:
                refused_key.refused_at = dt.datetime.now(dt.UTC)
                uow.record(AuditAction.ANSWER_REFUSED, request_id=request_id, step=name,
                           payload={"key": key, "problems": len(problems), "free_text": raw_text,
                                    "removed_from_prefect": removed})
                uow.commit()
        log.warning("answer to %s refused (%d problem(s)); removed from Prefect: %s; asking again",
                    name, len(problems), removed)
        emit("woo.question.refused", request_id,
             {"question": name, "key": key, "problems": len(problems), "removed_from_prefect": removed},
             flow_run_id=ctx.flow_run_id)
        attempt += 1


def initial_answer(request_id: str, name: str, earlier: dict[str, Any] | None) -> dict[str, Any]:
    """What the form starts with: a refused answer as it was, or what is known (the third parties consulted)."""
    if earlier:
        return {k: v for k, v in earlier.items() if k in FORMS[name].model_fields}
    if name == "views":
        with UnitOfWork() as uow:
            req = uow.requests.get(request_id)
            given = {tp.key for tp in answers_of(uow.requests, req).third_parties if tp.view is not None}
            keys = [r.key for r in uow.requests.third_parties(request_id) if r.key not in given]
        return {"views": [{"third_party": k, "lapsed": False, "objects": False} for k in keys]}
    return {}


def essentials(description: str) -> str:
    """The question's first lines (a refusal, what is asked and by when, why): what a form must show first."""
    return "\n\n".join([line for line in description.splitlines() if line.strip()][:3])


def question_artifact_key(request_id: str) -> str:
    """One artifact per request for its current question: each question and each answer is a new version."""
    return f"vraag-{request_id}".replace("_", "-")


def _answered(request_id: str, name: str, key: str, actor: str | None, when: dt.datetime | None,
              flow_run_id: str) -> None:
    """Tell Prefect the question is answered: a new version of the question artifact and an event."""
    on = (when or dt.datetime.now(dt.UTC)).astimezone(AMSTERDAM)
    by = f" door {actor}" if actor else ""  # a user id (the form's pattern leaves no room for a name)
    create_markdown_artifact(
        markdown=f"# {QUESTIONS[name].title}\n\n**Beantwoord op {on:%Y-%m-%d %H:%M}{by}.** "
                 "Het antwoord staat in het dossier van het verzoek.",
        key=question_artifact_key(request_id), description=f"Vraag: {QUESTIONS[name].title} (beantwoord)")
    emit("woo.question.answered", request_id, {"question": name, "key": key, "answered_by": actor or ""},
         flow_run_id=flow_run_id)
    try:
        refresh_overview(clock.today())
    except PrefectHTTPStatusError as exc:
        # The overview is a view for the process owner; the watch refreshes it daily. A failure here must not
        # fail the request's run, which has just been answered.
        get_run_logger().warning("overview not refreshed (%s); the daily watch refreshes it",
                                 exc.response.status_code)


def as_form_answer(flow_run_id: UUID, answer: dict[str, Any]) -> dict[str, Any]:
    """``answer`` as the waiting form has it (choices by their Dutch label, as Prefect's server checks them);
    codes such as ``scope_confirmed`` are accepted too. Unchanged when the question is not known here."""
    with UnitOfWork() as uow:
        name = next((r.waiting_for for r in uow.requests.waiting() if r.waiting_flow_run_id == str(flow_run_id)),
                    None)
    if name not in FORMS:
        return answer
    try:
        return FORMS[name].model_validate(answer).model_dump(mode="json", exclude_none=True)
    except ValidationError:
        return answer  # the server refuses it with its own message


def resume_with_answer(flow_run_id: UUID, answer: dict[str, Any], *, patience: float = 15.0) -> None:
    """Resume a suspended run with ``answer``, riding out Prefect's short window in which the run is already
    PAUSED but its form schema is not stored yet ("Run input schema not found")."""
    answer = as_form_answer(flow_run_id, answer)
    deadline = time.monotonic() + patience
    while True:
        try:
            resume_flow_run(flow_run_id, run_input=answer)
            return
        except RuntimeError as exc:
            if "schema not found" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)
