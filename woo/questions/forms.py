"""The forms a person fills in at the flow's waiting points (Prefect ``RunInput`` models).

The Prefect UI renders each as a form and the server validates answers against its schema; the same models
validate ``woo answer`` files. Field descriptions are the Dutch labels people see. People identify themselves by
user id: a self-hosted Prefect server records no user identity of its own.

Prefect keeps every form answer in its database for good, so a form holds no free text: where an answer needs
one (a new scope, passages, a manual redaction's text, a remark) the field takes a *reference* to a text stored
in the project's store (``tekst-…``). ``woo answer`` stores the text and fills in the reference. The pattern of a
reference is part of the form's JSON schema, so the Prefect server itself refuses text typed in such a field; it
is deliberately not a pydantic constraint, so that an answer that gets past an older schema reaches the flow,
which refuses it with a Dutch reason and deletes it from Prefect (see ``woo.flows.asking``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from prefect.input import RunInput
from pydantic import BaseModel, ConfigDict, Field, field_validator

from woo.privacy.blocks import Settlement
from woo.questions.models import TEXT_REF_PATTERN, USER_ID_PATTERN, MeetingOutcome, TextField, TextPath
from woo.schemas.grounds import Ground

_KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,40}$"
_PROPOSAL_PATTERN = r"^[0-9a-f]{8,64}$"
_CATEGORY_PATTERN = r"^[a-z_]{2,30}$"


def text_ref(title: str, step: str, what: str) -> Any:
    """A field for a reference to a stored text, with a description telling how to give the text."""
    return Field(
        default=None,
        title=title,
        description=(f"{what}. Vul hier alleen een verwijzing in (tekst-…), nooit de tekst zelf: Prefect bewaart "
                     f"alles wat in dit formulier staat. Geef de tekst met `woo answer <zaaknummer> {step} --file "
                     "antwoord.yaml`; de tekst gaat naar de eigen opslag en hier komt alleen de verwijzing "
                     "(later ook via de beoordelingspagina)."),
        json_schema_extra={"pattern": TEXT_REF_PATTERN},
    )


def user_id(description: str = "Uw gebruikers-id (bijvoorbeeld m.devries)") -> Any:
    return Field(title="Gebruikers-id", description=description, pattern=USER_ID_PATTERN)


class MeetingForm(RunInput):
    held_on: dt.date = Field(title="Datum gesprek", description="Datum van het concretiseringsgesprek")
    outcome: MeetingOutcome = Field(title="Uitkomst", description="Uitkomst van het gesprek")
    new_scope: str | None = text_ref("Nieuwe omschrijving (verwijzing)", "meeting",
                                     "De nieuwe omschrijving bij een beperkte reikwijdte")
    forwarded_to: str | None = text_ref("Doorgezonden aan (verwijzing)", "meeting",
                                        "Het bestuursorgaan waaraan het verzoek is doorgezonden (Woo 4.2)")
    answered_by: str = user_id()


class SpecificationForm(RunInput):
    received_on: dt.date | None = Field(default=None, title="Precisering ontvangen op",
                                        description="Datum waarop de precisering binnenkwam")
    lapsed_on: dt.date | None = Field(default=None, title="Of: termijn verstreken op",
                                      description="Datum waarop de termijn verstreek zonder precisering")
    new_scope: str | None = text_ref("Gepreciseerde omschrijving (verwijzing)", "specification",
                                     "De gepreciseerde omschrijving van het verzoek")
    answered_by: str = user_id()


class ViewItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    third_party: str = Field(title="Derde (sleutel)", pattern=_KEY_PATTERN,
                             description="Sleutel van de derde-belanghebbende (zie de vraag)")
    received_on: dt.date | None = Field(default=None, title="Zienswijze ontvangen op",
                                        description="Datum waarop de zienswijze binnenkwam")
    lapsed: bool = Field(default=False, title="Termijn verstreken",
                         description="De termijn is verstreken zonder zienswijze")
    objects: bool = Field(default=False, title="Bezwaar", description="De derde maakt bezwaar tegen openbaarmaking")
    passages: str | None = text_ref("Passages (verwijzing)", "views",
                                    "Welke passages de derde noemt (document en pagina)")


class ViewsForm(RunInput):
    views: list[ViewItem] = Field(title="Zienswijzen", description="Eén regel per geraadpleegde derde")
    answered_by: str = user_id()


class DecisionItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    proposal: str = Field(title="Voorstel (id)", pattern=_PROPOSAL_PATTERN, description="Id van het voorstel")
    accept: bool = Field(title="Overnemen", description="Het voorstel overnemen (lakken)")


class ManualItem(BaseModel):
    """An extra redaction: a stored text to find on a page, or a rectangle (PDF points), with its ground."""

    model_config = ConfigDict(extra="forbid")

    document: int = Field(ge=1, title="Document", description="Inventarisnummer van het document")
    page: int = Field(ge=1, title="Pagina", description="Paginanummer")
    text: str | None = text_ref("Te lakken tekst (verwijzing)", "review", "De tekst die gelakt moet worden")
    rect: tuple[float, float, float, float] | None = Field(
        default=None, title="Of: rechthoek", description="[x0, y0, x1, y1] in PDF-punten")
    ground: Ground = Field(title="Weigeringsgrond", description="Bijvoorbeeld 5.1.2e")

    @field_validator("ground", mode="before")
    @classmethod
    def _ground(cls, v: object) -> object:
        return Ground.parse(v) if isinstance(v, str) else v


class ReviewForm(RunInput):
    accept_all: bool = Field(default=False, title="Alles overnemen",
                             description="Alle voorstellen overnemen, behalve bedrijfsgegevens (business_data): die "
                                         "neemt u per voorstel of als categorie over")
    accept_categories: list[str] = Field(default_factory=list, title="Categorieën overnemen",
                                         description="Categorieën die u overneemt (bijvoorbeeld person_name)",
                                         json_schema_extra={"items": {"type": "string",
                                                                      "pattern": _CATEGORY_PATTERN}})
    reject_categories: list[str] = Field(default_factory=list, title="Categorieën afwijzen",
                                         description="Categorieën die u afwijst",
                                         json_schema_extra={"items": {"type": "string",
                                                                      "pattern": _CATEGORY_PATTERN}})
    decisions: list[DecisionItem] = Field(default_factory=list, title="Per voorstel",
                                          description="Per voorstel (id) overnemen of niet")
    manual: list[ManualItem] = Field(default_factory=list, title="Extra lakkingen",
                                     description="Extra lakkingen met weigeringsgrond")
    answered_by: str = user_id()


class SignOffForm(RunInput):
    approve: bool = Field(title="Vaststellen",
                          description="Besluit vaststellen en verzenden (nee = terugsturen met opmerking)")
    remark: str | None = text_ref("Opmerking (verwijzing)", "sign_off", "Opmerking, verplicht bij terugsturen")
    signed_by: str = user_id("Uw gebruikers-id (ambtenaar met mandaat)")


class PrivacyItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    block: int = Field(ge=1, title="Blokkade (id)", description="Id van de tegengehouden blokkade (zie de vraag)")
    decision: Settlement = Field(
        title="Beslissing", description="withhold: definitief achterhouden; recheck: opnieuw controleren na herstel")


class PrivacyForm(RunInput):
    decisions: list[PrivacyItem] = Field(title="Per blokkade", description="Eén regel per tegengehouden stuk")
    answered_by: str = user_id()


FORMS: dict[str, type[RunInput]] = {
    "meeting": MeetingForm,
    "specification": SpecificationForm,
    "views": ViewsForm,
    "review": ReviewForm,
    "sign_off": SignOffForm,
    "privacy": PrivacyForm,
}

FORM_TEXT_PATHS: dict[str, dict[TextPath, TextField]] = {
    "meeting": {("new_scope",): TextField.NEW_SCOPE, ("forwarded_to",): TextField.FORWARDED_TO},
    "specification": {("new_scope",): TextField.NEW_SCOPE},
    "views": {("views", "*", "passages"): TextField.PASSAGES},
    "review": {("manual", "*", "text"): TextField.MANUAL_TEXT},
    "sign_off": {("remark",): TextField.REMARK},
    "privacy": {},
}
"""Where each form holds references to stored texts (see :mod:`woo.questions.texts`)."""
