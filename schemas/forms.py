"""The forms a person fills in at the flow's waiting points (Prefect ``RunInput`` models).

The Prefect UI renders each as a form and the server validates answers against its schema; the same models
validate ``woo answer`` files. Field descriptions are the Dutch labels people see. People identify themselves by
user id: a self-hosted Prefect server records no user identity of its own.
"""

from __future__ import annotations

import datetime as dt

from prefect.input import RunInput
from pydantic import BaseModel, ConfigDict, Field

from schemas.answers import ManualRedaction, MeetingOutcome, RedactionDecision


class MeetingForm(RunInput):
    held_on: dt.date = Field(description="Datum van het concretiseringsgesprek")
    outcome: MeetingOutcome = Field(description="Uitkomst van het gesprek")
    new_scope: str | None = Field(default=None, description="Nieuwe omschrijving bij een beperkte reikwijdte")
    forwarded_to: str | None = Field(default=None, description="Bestuursorgaan bij doorzenden (Woo 4.2)")
    answered_by: str = Field(description="Uw gebruikers-id")


class SpecificationForm(RunInput):
    received_on: dt.date | None = Field(default=None, description="Datum waarop de precisering binnenkwam")
    lapsed_on: dt.date | None = Field(default=None, description="Of: datum waarop de termijn verstreek")
    new_scope: str | None = Field(default=None, description="De gepreciseerde omschrijving van het verzoek")
    answered_by: str = Field(description="Uw gebruikers-id")


class ViewItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    third_party: str = Field(description="Sleutel van de derde-belanghebbende (zie de vraag)")
    received_on: dt.date | None = Field(default=None, description="Datum waarop de zienswijze binnenkwam")
    lapsed: bool = Field(default=False, description="De termijn is verstreken zonder zienswijze")
    objects: bool = Field(default=False, description="De derde maakt bezwaar tegen openbaarmaking")
    passages: str | None = Field(default=None, description="Welke passages (verwijs naar document en pagina)")


class ViewsForm(RunInput):
    views: list[ViewItem] = Field(description="Eén regel per geraadpleegde derde")
    answered_by: str = Field(description="Uw gebruikers-id")


class ReviewForm(RunInput):
    accept_all: bool = Field(default=False, description="Alle voorstellen overnemen")
    accept_categories: list[str] = Field(default_factory=list, description="Categorieën die u overneemt")
    reject_categories: list[str] = Field(default_factory=list, description="Categorieën die u afwijst")
    decisions: list[RedactionDecision] = Field(default_factory=list, description="Per voorstel (id) overnemen of niet")
    manual: list[ManualRedaction] = Field(default_factory=list, description="Extra lakkingen met weigeringsgrond")
    answered_by: str = Field(description="Uw gebruikers-id")


class SignOffForm(RunInput):
    approve: bool = Field(description="Besluit vaststellen en verzenden (nee = terugsturen met opmerking)")
    remark: str | None = Field(default=None, description="Opmerking bij terugsturen")
    signed_by: str = Field(description="Uw gebruikers-id (ambtenaar met mandaat)")


FORMS: dict[str, type[RunInput]] = {
    "meeting": MeetingForm,
    "specification": SpecificationForm,
    "views": ViewsForm,
    "review": ReviewForm,
    "sign_off": SignOffForm,
}
