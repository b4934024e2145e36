"""The intake of a Woo request: what was asked, by whom, when and how.

This is the only place a requester's personal data enters the system; it goes to the store, never to Prefect.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from woo import clock
from woo.schemas.text import PlainText


class Channel(StrEnum):
    EMAIL = "email"
    POST = "post"
    WEB_FORM = "webformulier"
    IN_PERSON = "balie"


def _valid_email(value: str) -> str:
    try:
        # Deliverability needs DNS, which a registration must not depend on.
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"ongeldig e-mailadres: {exc}") from None


EmailAddress = Annotated[str, AfterValidator(_valid_email)]

_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")


def _valid_phone(value: str) -> str:
    value = " ".join(value.split())
    digits = sum(c.isdigit() for c in value)
    if not _PHONE_CHARS.match(value) or not 6 <= digits <= 15:
        raise ValueError("ongeldig telefoonnummer: gebruik cijfers, eventueel met +, spaties, streepjes of haakjes")
    return value


PhoneNumber = Annotated[str, AfterValidator(_valid_phone)]


class Period(BaseModel):
    """The period the requested information covers."""

    model_config = ConfigDict(extra="forbid")

    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start and self.end and self.end < self.start:
            raise ValueError("het einde van de periode ligt vóór het begin")
        return self


class Requester(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: PlainText = Field(min_length=1, max_length=200)
    email: EmailAddress | None = None
    postal_address: PlainText | None = Field(default=None, max_length=500)
    organisation: PlainText | None = Field(default=None, max_length=200)
    # Optional; known so that the privacy gate can make sure it never reaches the publication or a third party.
    phone: PhoneNumber | None = Field(default=None, max_length=40)

    @model_validator(mode="after")
    def _reachable(self) -> Requester:
        if not self.email and not self.postal_address:
            raise ValueError("een e-mailadres of een postadres is nodig om de verzoeker te kunnen antwoorden")
        return self


class RequestDetails(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    subject: PlainText = Field(min_length=3, max_length=300)
    description: PlainText = Field(min_length=3, max_length=20_000)
    period: Period = Field(default_factory=Period)
    channel: Channel = Channel.EMAIL
    received_on: dt.date

    @model_validator(mode="after")
    def _not_in_future(self, info: ValidationInfo) -> RequestDetails:
        # A day of slack for time zones; a receipt date far ahead is a typing error. The step validating the
        # intake passes its date as context ``today``; a file checked on its own is checked against the clock.
        today = (info.context or {}).get("today") or clock.today()
        if self.received_on > today + dt.timedelta(days=1):
            raise ValueError("de ontvangstdatum ligt in de toekomst")
        return self


class Intake(BaseModel):
    """A request as it arrives: the contents of a ``request.yaml``."""

    model_config = ConfigDict(extra="forbid")

    request: RequestDetails
    requester: Requester
