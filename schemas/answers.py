"""What people decide during a request: the meeting outcome, third parties' views, the redaction review,
per-document assessments and the sign-off. In batch runs these come from an answers file (``answers.yaml``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.grounds import Ground, check_ground_combination
from schemas.intake import EmailAddress, PhoneNumber
from schemas.judgement import Judgement
from schemas.text import PlainText

UserId = str  # an account name such as "m.devries"; never a free-text name


def _user_id(v: str) -> str:
    v = v.strip()
    if not v or len(v) > 64 or any(c.isspace() for c in v):
        raise ValueError("gebruik een gebruikers-id zonder spaties (bijvoorbeeld 'm.devries')")
    return v


class MeetingOutcome(StrEnum):
    SCOPE_CONFIRMED = "scope_confirmed"
    SCOPE_NARROWED = "scope_narrowed"
    SPECIFICATION_REQUESTED = "specification_requested"
    WITHDRAWN = "withdrawn"
    FORWARDED = "forwarded"

    @property
    def label(self) -> str:
        return {
            "scope_confirmed": "reikwijdte bevestigd",
            "scope_narrowed": "reikwijdte beperkt",
            "specification_requested": "verzocht om precisering",
            "withdrawn": "verzoek ingetrokken",
            "forwarded": "doorgezonden naar een ander bestuursorgaan",
        }[self.value]


class Specification(BaseModel):
    """The requester's answer to a request to specify (Woo 4.1(5))."""

    model_config = ConfigDict(extra="forbid")

    received_on: dt.date | None = None
    lapsed_on: dt.date | None = None
    new_scope: PlainText | None = None

    @model_validator(mode="after")
    def _one(self) -> Specification:
        if (self.received_on is None) == (self.lapsed_on is None):
            raise ValueError("vul óf 'received_on' (precisering ontvangen) óf 'lapsed_on' (termijn verstreken) in")
        if self.received_on and not self.new_scope:
            raise ValueError("een ontvangen precisering heeft een nieuwe omschrijving ('new_scope') nodig")
        return self


class MeetingAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_on: dt.date
    outcome: MeetingOutcome
    new_scope: PlainText | None = None
    forwarded_to: PlainText | None = None
    specification: Specification | None = None
    answered_by: UserId

    _uid = field_validator("answered_by")(_user_id)

    @model_validator(mode="after")
    def _consistent(self) -> MeetingAnswer:
        if self.outcome is MeetingOutcome.SCOPE_NARROWED and not self.new_scope:
            raise ValueError("bij een beperkte reikwijdte hoort de nieuwe omschrijving ('new_scope')")
        if self.outcome is MeetingOutcome.FORWARDED and not self.forwarded_to:
            raise ValueError("bij doorzenden hoort het bestuursorgaan ('forwarded_to')")
        return self


class ThirdPartyView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    received_on: dt.date | None = None
    lapsed: bool = False
    objects: bool = False
    passages: PlainText | None = None

    @model_validator(mode="after")
    def _one(self) -> ThirdPartyView:
        if self.lapsed == (self.received_on is not None):
            raise ValueError("vul óf 'received_on' (zienswijze ontvangen) óf 'lapsed: true' (termijn verstreken) in")
        if self.lapsed and self.objects:
            raise ValueError("zonder ontvangen zienswijze kan geen bezwaar ('objects') zijn geregistreerd")
        return self


class ThirdParty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")
    name: PlainText = Field(min_length=1, max_length=200)
    email: EmailAddress | None = None
    postal_address: PlainText | None = None
    # The natural person to reach (for a private person: that person); the privacy gate keeps their name, and
    # the phone number, from the requester and from other third parties.
    contact_person: PlainText | None = Field(default=None, max_length=200)
    phone: PhoneNumber | None = Field(default=None, max_length=40)
    documents: list[str] = Field(min_length=1, description="file names in the documents folder")
    asked_on: dt.date | None = None
    view_due: dt.date | None = None
    view: ThirdPartyView | None = None
    answered_by: UserId | None = None


class RedactionDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    proposal: str
    accept: bool


class ManualRedaction(BaseModel):
    """An extra redaction a reviewer adds: a text to find on a page, or a rectangle (PDF points), with its ground."""

    model_config = ConfigDict(extra="forbid")

    document: int = Field(ge=1, description="inventory number of the document")
    page: int = Field(ge=1)
    text: str | None = Field(default=None, min_length=1)
    rect: tuple[float, float, float, float] | None = None
    ground: Ground

    @field_validator("ground", mode="before")
    @classmethod
    def _ground(cls, v: object) -> object:
        return Ground.parse(v) if isinstance(v, str) else v

    @model_validator(mode="after")
    def _where(self) -> ManualRedaction:
        if (self.text is None) == (self.rect is None):
            raise ValueError("geef óf de tekst ('text') óf een rechthoek ('rect') die gelakt moet worden")
        if self.rect is not None and not (self.rect[0] < self.rect[2] and self.rect[1] < self.rect[3]):
            raise ValueError("de rechthoek moet als [x0, y0, x1, y1] met x0 < x1 en y0 < y1 worden gegeven")
        return self


class RedactionReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept_all: bool = False
    accept_categories: list[str] = Field(default_factory=list)
    reject_categories: list[str] = Field(default_factory=list)
    decisions: list[RedactionDecision] = Field(default_factory=list)
    manual: list[ManualRedaction] = Field(default_factory=list)
    answered_by: UserId

    _uid = field_validator("answered_by")(_user_id)


class Assessment(BaseModel):
    """An official's judgement of one document, overriding the one derived from its redactions."""

    model_config = ConfigDict(extra="forbid")

    judgement: Judgement
    grounds: list[Ground] = Field(default_factory=list)
    remark: PlainText | None = None
    link: str | None = None

    @field_validator("judgement", mode="before")
    @classmethod
    def _judgement(cls, v: object) -> object:
        return Judgement.parse(v) if isinstance(v, str) else v

    @field_validator("grounds", mode="before")
    @classmethod
    def _grounds(cls, v: object) -> object:
        return [Ground.parse(g) if isinstance(g, str) else g for g in v] if isinstance(v, list) else v

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        check_ground_combination(self.grounds)
        if self.judgement in (Judgement.PARTLY_PUBLIC, Judgement.NOT_PUBLIC) and not self.grounds:
            raise ValueError(f"het oordeel '{self.judgement}' heeft ten minste één weigeringsgrond nodig")
        if self.judgement is Judgement.ALREADY_PUBLIC and not self.link:
            raise ValueError("bij 'reeds openbaar' hoort de vindplaats ('link') (Woo 4.5)")
        return self


class SignOff(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool = True
    remark: PlainText | None = None
    signed_by: UserId

    _uid = field_validator("signed_by")(_user_id)


class Answers(BaseModel):
    """The contents of an ``answers.yaml``: every human decision a batch run needs."""

    model_config = ConfigDict(extra="forbid")

    meeting: MeetingAnswer | None = None
    third_parties: list[ThirdParty] = Field(default_factory=list)
    redaction_review: RedactionReview | None = None
    assessments: dict[str, Assessment] = Field(default_factory=dict)
    decision: SignOff | None = None

    @model_validator(mode="after")
    def _unique_keys(self) -> Answers:
        keys = [tp.key for tp in self.third_parties]
        if len(keys) != len(set(keys)):
            raise ValueError("elke derde-belanghebbende heeft een eigen 'key' nodig")
        return self
