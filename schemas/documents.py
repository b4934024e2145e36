"""Documents, redactions and the decision: the vocabulary shared by the steps and the store."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from schemas.grounds import Ground
from schemas.judgement import DecisionType, Judgement


class DocumentInfo(BaseModel):
    """One collected document, without its content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, description="number in the inventory list")
    source_path: str = Field(description="path relative to the documents folder, as text only")
    display_name: str
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    media_type: str
    pages: int | None = Field(default=None, ge=0)
    title: str
    date: dt.date | None = None
    family: int | None = Field(default=None, description="number of the family's root document (e-mail thread)")
    parent: int | None = None
    duplicate_of: int | None = None
    error: str | None = None


class Redaction(BaseModel):
    """One applied redaction: where, what kind and on which ground (never the redacted text itself)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: int
    page: int = Field(ge=1)
    rect: tuple[float, float, float, float]
    category: str
    ground: Ground
    text_sha256: str | None = None


class DocumentJudgement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: int
    judgement: Judgement
    grounds: tuple[Ground, ...] = ()
    remark: str | None = None
    link: str | None = None


class DecisionSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_type: DecisionType
    decided_on: dt.date
    disclosure_on: dt.date
    judgements: list[DocumentJudgement]
    counts_per_judgement: dict[str, int]
    grounds_used: list[Ground]
