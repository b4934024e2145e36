"""A request's audit events as a readable timeline: Dutch action names and a short summary of each payload.

Payloads should hold ids, counts, dates and hashes only. The ``strict`` summary additionally drops any text that
does not look like a code, so a payload that wrongly carries a name or a sentence never reaches a place where
personal data must not go (the Prefect UI).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from woo.case import Repository
from woo.schemas.audit import AuditAction
from woo.schemas.grounds import Ground
from woo.schemas.judgement import DecisionType, Judgement
from woo.store.models import AuditRow

__all__ = ["ACTION_LABELS_NL", "TimelineEntry", "action_label", "summarise_payload", "timeline"]

ACTION_LABELS_NL: dict[AuditAction, str] = {
    AuditAction.EXTENSION_RECORDED: "Beslistermijn verdaagd",
    AuditAction.DEADLINE_AT_RISK: "Beslistermijn verloopt binnenkort (herinnering)",
    AuditAction.DEADLINE_MISSED: "Beslistermijn verstreken (herinnering)",
    AuditAction.INTAKE_RECEIVED: "Verzoek ontvangen",
    AuditAction.INTAKE_REJECTED: "Verzoek afgewezen bij ontvangst",
    AuditAction.REQUEST_REGISTERED: "Verzoek geregistreerd",
    AuditAction.LETTER_SENT: "Brief verstuurd",
    AuditAction.LETTER_HELD: "Brief vastgehouden",
    AuditAction.MEETING_RECORDED: "Gesprek vastgelegd",
    AuditAction.SPECIFICATION_RECORDED: "Precisering vastgelegd",
    AuditAction.REQUEST_WITHDRAWN: "Verzoek ingetrokken",
    AuditAction.REQUEST_FORWARDED: "Verzoek doorgezonden",
    AuditAction.DOCUMENT_COLLECTED: "Document verzameld",
    AuditAction.DOCUMENT_REJECTED: "Document geweigerd",
    AuditAction.THIRD_PARTY_ASKED: "Derde om zienswijze gevraagd",
    AuditAction.THIRD_PARTY_VIEW_RECORDED: "Zienswijze vastgelegd",
    AuditAction.SUSPENSION_RECORDED: "Opschorting vastgelegd",
    AuditAction.DEADLINE_COMPUTED: "Termijnen berekend",
    AuditAction.REDACTIONS_PROPOSED: "Lakvoorstellen gedaan",
    AuditAction.REDACTIONS_REVIEWED: "Lakvoorstellen beoordeeld",
    AuditAction.DOCUMENT_REDACTED: "Document gelakt",
    AuditAction.REDACTION_CHECK_FAILED: "Lakcontrole mislukt",
    AuditAction.DECISION_MADE: "Besluit opgesteld",
    AuditAction.DECISION_SIGNED: "Besluit ondertekend",
    AuditAction.PUBLICATION_SCHEDULED: "Openbaarmaking gepland",
    AuditAction.PUBLISHED: "Openbaar gemaakt",
    AuditAction.PUBLICATION_AMENDED: "Publicatie aangevuld",
    AuditAction.SHARED_WITH_REQUESTER: "Documenten verstrekt aan verzoeker (persoonlijke link)",
    AuditAction.SHARE_EXPIRED: "Persoonlijke link verlopen en verwijderd",
    AuditAction.DOCUMENT_WITHDRAWN: "Gepubliceerd document ingetrokken",
    AuditAction.DOCUMENT_REPLACED: "Gepubliceerd document vervangen",
    AuditAction.GATE_PASSED: "Privacycontrole doorstaan",
    AuditAction.GATE_BLOCKED: "Tegengehouden door privacycontrole",
    AuditAction.GATE_CLEARED: "Vrijgegeven na nieuwe privacycontrole",
    AuditAction.GATE_SETTLED: "Blokkade privacycontrole afgehandeld",
    AuditAction.STEP_COMPLETED: "Stap afgerond",
    AuditAction.STEP_FAILED: "Stap mislukt",
    AuditAction.RERUN_REQUESTED: "Opnieuw uitvoeren gevraagd",
    AuditAction.QUESTION_ASKED: "Vraag gesteld",
    AuditAction.ANSWER_GIVEN: "Antwoord gegeven",
    AuditAction.ANSWER_REFUSED: "Antwoord geweigerd",
    AuditAction.TEXT_STORED: "Tekst opgeslagen",
    AuditAction.FLOW_RUN_STATE: "Status flow-run",
    AuditAction.FLOW_RUN_RECOVERED: "Vastgelopen flow-run hersteld",
}

_HEX = re.compile(r"[0-9a-f]{16,}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]+)?")
# What strict summaries let through besides hashes and dates: ids (wr-…, uuids), registration numbers and
# lower-case codes. A code may not hold a long run of digits: that could be a BSN or a phone number.
_ID = re.compile(r"[a-z]{1,6}-[0-9a-f]{4,40}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
_REGISTRATION_NUMBER = re.compile(r"[A-Z]{2,5}-\d{4}-\d{4,6}")
_CODE = re.compile(r"[a-z][a-z0-9_.:/\-]{0,63}")
_DIGIT_RUN = re.compile(r"\d{6,}")
_PREFECT_STATES = ("Scheduled", "Late", "Pending", "Running", "Paused", "Suspended", "AwaitingRetry", "Retrying",
                   "Completed", "Cached", "Failed", "Crashed", "Cancelling", "Cancelled", "TimedOut")
_KNOWN_TEXT = frozenset({*(str(v) for v in Judgement), *(str(v) for v in DecisionType), *(str(v) for v in Ground),
                         *_PREFECT_STATES, *(s.upper() for s in _PREFECT_STATES)})
_WITHHELD = "…"


def action_label(action: str) -> str:
    """The Dutch name of an action; an action outside the vocabulary is shown as stored."""
    try:
        return ACTION_LABELS_NL[AuditAction(action)]
    except ValueError:
        return action


def _looks_like_a_code(text: str) -> bool:
    return bool(
        text in _KNOWN_TEXT
        or _ISO_MOMENT.fullmatch(text)
        or _ID.fullmatch(text)
        or _REGISTRATION_NUMBER.fullmatch(text)
        or (_CODE.fullmatch(text) and not _DIGIT_RUN.search(text))
    )


def _scalar(value: Any, *, strict: bool, width: int) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _HEX.fullmatch(text) and not text.isdigit():
        return text[:12]
    if strict and not _looks_like_a_code(text):
        return _WITHHELD
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(value: Any, *, strict: bool) -> str:
    if isinstance(value, dict):
        return f"{{{len(value)}}}"
    if isinstance(value, list | tuple):
        if len(value) <= 3 and all(not isinstance(v, dict | list | tuple) for v in value):
            return "[" + ", ".join(_scalar(v, strict=strict, width=24) for v in value) + "]"
        return f"[{len(value)}]"
    return _scalar(value, strict=strict, width=40)


def summarise_payload(payload: dict[str, Any] | str, *, strict: bool = False, width: int = 100) -> str:
    """``key=value`` pairs, hashes cut to 12 characters, collections as their size; at most ``width`` chars.

    With ``strict``, any text that is not a code, date, hash or known term is replaced by ``…``.
    """
    if isinstance(payload, str):
        try:
            payload = json.loads(payload) if payload else {}
        except json.JSONDecodeError:
            return _WITHHELD
    if not isinstance(payload, dict):
        return _WITHHELD
    parts = [f"{key}={_value(value, strict=strict)}" for key, value in sorted(payload.items())]
    text = ", ".join(parts)
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a request as shown to an official."""

    seq: int
    at: dt.datetime
    step: str | None
    action: str
    actor: str
    legal_basis: str | None
    payload: dict[str, Any]
    flow_run_id: str | None
    task_run_id: str | None
    hash: str

    @property
    def action_nl(self) -> str:
        return action_label(self.action)

    def summary(self, *, strict: bool = False, width: int = 100) -> str:
        return summarise_payload(self.payload, strict=strict, width=width)

    @classmethod
    def from_row(cls, row: AuditRow) -> TimelineEntry:
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
        try:
            payload = json.loads(row.payload) if row.payload else {}
        except json.JSONDecodeError:
            payload = {}
        return cls(
            seq=row.seq,
            at=at.astimezone(dt.UTC),
            step=row.step,
            action=row.action,
            actor=row.actor,
            legal_basis=row.legal_basis,
            payload=payload if isinstance(payload, dict) else {},
            flow_run_id=row.flow_run_id,
            task_run_id=row.task_run_id,
            hash=row.hash,
        )


def timeline(repo: Repository, request_id: str) -> list[TimelineEntry]:
    """The request's events in the order they were recorded."""
    return [TimelineEntry.from_row(row) for row in repo.events(request_id)]
