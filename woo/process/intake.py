"""Receiving a request: store the raw intake as it came (nothing is lost, even when invalid) under a new id."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from woo.case import RequestStatus, UnitOfWork
from woo.errors import IntakeInvalid
from woo.questions.answers import store_answers
from woo.questions.models import Answers
from woo.schemas.audit import AuditAction
from woo.schemas.errors import describe_validation_error
from woo.schemas.intake import Intake
from woo.store.audit_log import canonical_json
from woo.store.models import RequestRow


def load_yaml(path: Path, what: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IntakeInvalid([f"{what}: bestand {path} bestaat niet"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IntakeInvalid([f"{what}: geen geldige YAML ({type(exc).__name__})"]) from None
    if not isinstance(data, dict):
        raise IntakeInvalid([f"{what}: verwacht een YAML-structuur met sleutels, niet {type(data).__name__}"])
    # YAML turns 2026-11-02 into a date; the store keeps JSON, and pydantic parses ISO strings back.
    loaded: dict[str, Any] = json.loads(canonical_json(data))
    return loaded


def intake_problems(intake: dict[str, Any], *, today: dt.date) -> list[str]:
    """What is wrong with an intake, in Dutch (empty when it is valid): the same check as registration's.

    The terminal asks this before it stores or starts anything, so a person can fix the file first.
    """
    try:
        Intake.model_validate(intake, context={"today": today})
    except ValidationError as exc:
        return describe_validation_error(exc)
    return []


def answers_problems(answers: dict[str, Any]) -> list[str]:
    """What is wrong with an answers file (plain texts, as a person writes it), in Dutch; empty when valid."""
    try:
        Answers.model_validate(answers)
    except ValidationError as exc:
        return describe_validation_error(exc)
    return []


def receive(uow: UnitOfWork, intake: dict[str, Any], *, documents: Path | None,
            answers: dict[str, Any] | None) -> tuple[str, bool]:
    """Store an intake and return ``(request_id, created)``; the same intake twice gives the same request."""
    digest = hashlib.sha256(canonical_json(intake).encode()).hexdigest()
    with uow:
        existing = uow.requests.by_intake(digest)
        if existing is not None:
            store_answers(uow, existing, answers)
            uow.commit()
            return existing.id, False
        request_id = "wr-" + secrets.token_hex(5)
        req = RequestRow(id=request_id, intake_sha256=digest, intake=intake, answers=None,
                         documents_source=str(documents.resolve()) if documents else None,
                         status=RequestStatus.RECEIVED)
        uow.requests.add(req)
        uow.record(AuditAction.INTAKE_RECEIVED, request_id=request_id, step="intake",
                   payload={"intake_sha256": digest, "has_documents": documents is not None,
                            "has_answers": answers is not None})
        store_answers(uow, req, answers)  # free texts go to the store's answer_texts, the answers refer to them
        uow.commit()
    return request_id, True
