"""What people decide during a request: the meeting outcome, third parties' views, the redaction review,
per-document assessments and the sign-off. In batch runs these come from an answers file (``answers.yaml``).

Free-text answers (a new scope, passages, a manual redaction's text, a remark, the body a request is forwarded
to) are stored in the store and referred to by an opaque id (``tekst-…``): ``RequestRow.answers`` and Prefect hold
that reference, :func:`woo.questions.answers.answers_of` puts the text back. The models below hold the text.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from woo.privacy.blocks import Settlement
from woo.redaction.model import Category
from woo.schemas.grounds import Ground, check_ground_combination
from woo.schemas.intake import EmailAddress, PhoneNumber
from woo.schemas.judgement import Judgement
from woo.schemas.text import PlainText

__all__ = [
    "ANSWER_TEXT_PATHS", "MIN_REASON_WORDS", "STORED", "TEXT_REF_PATTERN", "USER_ID_PATTERN", "Answers", "Assessment",
    "DocumentOrigin", "GroundReason", "ManualRedaction", "MeetingAnswer", "MeetingOutcome", "PrivacyAnswer",
    "PrivacyDecision", "RedactionDecision",
    "RedactionReview", "SearchAnswer", "SignOff", "Specification", "TextField", "TextPath", "ThirdParty",
    "ThirdPartyView", "UserId", "is_text_ref", "reason_problem", "who",
]

UserId = str  # an account name such as "m.devries"; never a free-text name
USER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
"""Letters, digits, dots, dashes and underscores: room for an account name, none for a full name or an e-mail."""

TEXT_REF_PATTERN = r"^tekst-[0-9a-f]{16}$"
"""A reference to a stored free-text answer: random, so it tells nothing about the text."""
_TEXT_REF = re.compile(TEXT_REF_PATTERN)


def is_text_ref(value: object) -> bool:
    return isinstance(value, str) and _TEXT_REF.fullmatch(value) is not None


class TextField(StrEnum):
    """What a stored free text answers; a reference is only accepted in the field it was stored for."""

    NEW_SCOPE = "new_scope"
    FORWARDED_TO = "forwarded_to"
    PASSAGES = "passages"
    MANUAL_TEXT = "manual_text"
    REMARK = "remark"
    RERUN_REASON = "rerun_reason"
    SEARCH_TERMS = "search_terms"
    REASON = "reason"


TextPath = tuple[str, ...]
"""Keys from the top of an answers dict to a free-text value; ``*`` stands for every item of a list."""

ANSWER_TEXT_PATHS: dict[TextPath, TextField] = {
    ("meeting", "new_scope"): TextField.NEW_SCOPE,
    # A body a request is forwarded to is an organisation, not personal data as such; but a form field cannot
    # tell an organisation from a person (a notary or bailiff is a bestuursorgaan too), so it is kept out of
    # Prefect like every other free text.
    ("meeting", "forwarded_to"): TextField.FORWARDED_TO,
    ("meeting", "specification", "new_scope"): TextField.NEW_SCOPE,
    ("third_parties", "*", "view", "passages"): TextField.PASSAGES,
    ("redaction_review", "manual", "*", "text"): TextField.MANUAL_TEXT,
    # The concrete reason for a relative ground may describe the person or company it protects.
    ("redaction_review", "reasons", "*", "reason"): TextField.REASON,
    ("decision", "remark"): TextField.REMARK,
    # Search terms may name a person or a company; they stay out of Prefect like any free text.
    ("search", "terms"): TextField.SEARCH_TERMS,
}


def who(description: str = "Uw gebruikers-id (bijvoorbeeld m.devries)") -> Any:
    """The field of who answers: a user id (the pattern is in the schema, so a form refuses a name or e-mail)."""
    return Field(title="Gebruikers-id", description=description, json_schema_extra={"pattern": USER_ID_PATTERN})


def _user_id(v: str) -> str:
    v = v.strip()
    if not re.fullmatch(USER_ID_PATTERN, v):
        raise ValueError("gebruik een gebruikers-id: letters, cijfers, punt, streepje, geen spaties of @ "
                         "(bijvoorbeeld m.devries)")
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

    @classmethod
    def _missing_(cls, value: object) -> MeetingOutcome | None:
        # A form shows (and Prefect stores) the Dutch label; it means the same choice.
        return next((m for m in cls if isinstance(value, str) and value.strip().lower() == m.label), None)


class Specification(BaseModel):
    """The requester's answer to a request to specify (Woo 4.1(5))."""

    model_config = ConfigDict(extra="forbid")

    received_on: dt.date | None = Field(default=None, title="Precisering ontvangen op",
                                        description="Datum waarop de precisering binnenkwam")
    lapsed_on: dt.date | None = Field(default=None, title="Of: termijn verstreken op",
                                      description="Datum waarop de termijn verstreek zonder precisering")
    new_scope: PlainText | None = Field(default=None, title="Gepreciseerde omschrijving",
                                        description="De gepreciseerde omschrijving van het verzoek")

    @model_validator(mode="after")
    def _one(self) -> Specification:
        if (self.received_on is None) == (self.lapsed_on is None):
            raise ValueError("vul óf 'received_on' (precisering ontvangen) óf 'lapsed_on' (termijn verstreken) in")
        if self.received_on and not self.new_scope:
            raise ValueError("een ontvangen precisering heeft een nieuwe omschrijving ('new_scope') nodig")
        return self


class MeetingAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_on: dt.date = Field(title="Datum gesprek", description="Datum van het concretiseringsgesprek")
    outcome: MeetingOutcome = Field(title="Uitkomst", description="Uitkomst van het gesprek")
    new_scope: PlainText | None = Field(default=None, title="Nieuwe omschrijving",
                                        description="De nieuwe omschrijving, alleen bij een beperkte reikwijdte")
    forwarded_to: PlainText | None = Field(default=None, title="Doorgezonden aan",
                                           description="Het bestuursorgaan waaraan het verzoek is doorgezonden, "
                                                       "alleen bij doorzenden (Woo 4.2)")
    specification: Specification | None = None
    answered_by: UserId = who()

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

    received_on: dt.date | None = Field(default=None, title="Zienswijze ontvangen op",
                                        description="Datum waarop de zienswijze binnenkwam (leeg als de termijn "
                                                    "verstreek)")
    lapsed: bool = Field(default=False, title="Termijn verstreken",
                         description="De termijn is verstreken zonder zienswijze")
    objects: bool = Field(default=False, title="Bezwaar", description="De derde maakt bezwaar tegen openbaarmaking")
    passages: PlainText | None = Field(default=None, title="Passages",
                                       description="Welke passages de derde noemt (document en pagina)")

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

    proposal: str = Field(title="Voorstel (id)", description="Id van het voorstel (zie de beoordelingskopie)",
                          json_schema_extra={"pattern": r"^[0-9a-f]{8,64}$"})
    accept: bool = Field(title="Overnemen", description="Het voorstel overnemen (lakken)")


class ManualRedaction(BaseModel):
    """An extra redaction a reviewer adds: a text to find on a page, or a rectangle (PDF points), with its ground."""

    model_config = ConfigDict(extra="forbid")

    document: int = Field(ge=1, title="Document", description="Inventarisnummer van het document")
    page: int = Field(ge=1, title="Pagina", description="Paginanummer")
    text: str | None = Field(default=None, min_length=1, title="Te lakken tekst",
                             description="De tekst die gelakt moet worden (of geef een rechthoek)")
    rect: tuple[float, float, float, float] | None = Field(
        default=None, title="Of: rechthoek", description="[x0, y0, x1, y1] in PDF-punten")
    ground: Ground = Field(title="Weigeringsgrond", description="De grond waarop gelakt wordt")

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


STORED = "stored"
"""Validation context key: the answers are read back from the store, where they were checked on the way in."""

MIN_REASON_WORDS = 4
"""A concrete reason says something about this document: a few words at least, not the ground's own words."""


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def reason_problem(ground: Ground, reason: str | None) -> str | None:
    """Why ``reason`` is not a concrete reason for withholding on ``ground`` (Dutch), or None when it is one.

    Woo 5.1(2) and 5.2 ask for a weighing per document or passage; the ground's statutory wording (its label,
    code or article) or a couple of words do not show one, so they are refused.
    """
    words = _words(reason or "")
    if not words:
        return "geef een concrete reden"
    statutory = {tuple(_words(t)) for t in (ground.label, ground.value, ground.choice, f"{ground.value} {ground.label}",
                                            f"{ground.label} {ground.value}", f"artikel {ground.value} Woo")}
    if tuple(words) in statutory:
        return ("de reden herhaalt alleen de wettekst van de grond; beschrijf waarom die voor dit document "
                "zwaarder weegt dan openbaarheid")
    if len(words) < MIN_REASON_WORDS:
        return f"de reden is te kort: beschrijf in ten minste {MIN_REASON_WORDS} woorden waarom de grond hier opweegt"
    return None


class GroundReason(BaseModel):
    """The concrete reason why a relative ground (5.1.2x) or 5.2 applies to one document: the weighing the
    decision prints in its considerations for that document (Woo 5.1(2), 5.2)."""

    model_config = ConfigDict(extra="forbid")

    document: int = Field(ge=1, title="Document", description="Inventarisnummer van het document")
    ground: Ground = Field(title="Weigeringsgrond", description="De relatieve grond (5.1.2a–i of 5.2)")
    reason: PlainText = Field(title="Concrete reden",
                              description="Waarom deze grond voor dit document zwaarder weegt dan openbaarheid")

    @field_validator("ground", mode="before")
    @classmethod
    def _ground(cls, v: object) -> object:
        return Ground.parse(v) if isinstance(v, str) else v

    @model_validator(mode="after")
    def _concrete(self) -> GroundReason:
        if not self.ground.needs_concrete_reason:
            raise ValueError(f"{self.ground.value} is een absolute grond: daarvoor is geen afweging en dus geen "
                             "reden nodig")
        problem = reason_problem(self.ground, self.reason)
        if problem:
            raise ValueError(f"document {self.document}, grond {self.ground.value}: {problem}")
        return self


class RedactionReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept_all: bool = Field(default=False, title="Alles overnemen",
                             description="Alle voorstellen overnemen, behalve bedrijfsgegevens (business_data): die "
                                         "neemt u per voorstel of als categorie over")
    accept_categories: list[Category] = Field(default_factory=list, title="Categorieën overnemen",
                                              description="Soorten gegevens waarvan u alle voorstellen overneemt")
    reject_categories: list[Category] = Field(default_factory=list, title="Categorieën afwijzen",
                                              description="Soorten gegevens waarvan u alle voorstellen afwijst")
    decisions: list[RedactionDecision] = Field(default_factory=list, title="Per voorstel",
                                               description="Per voorstel (id) overnemen of niet")
    manual: list[ManualRedaction] = Field(default_factory=list, title="Extra lakkingen",
                                          description="Extra lakkingen met weigeringsgrond")
    reasons: list[GroundReason] = Field(
        default_factory=list, title="Concrete redenen",
        description="Per document en relatieve grond (5.1.2a–i, 5.2) die u overneemt of toevoegt: waarom die grond "
                    "hier zwaarder weegt dan openbaarheid")
    answered_by: UserId = who()

    _uid = field_validator("answered_by")(_user_id)

    def reason_for(self, document: int, ground: Ground) -> str | None:
        return next((r.reason for r in self.reasons if r.document == document and r.ground is ground), None)

    def missing_reasons(self, needed: set[tuple[int, Ground]], *, what: str) -> list[str]:
        """Dutch problems for every (document, relative ground) in ``needed`` without a reason in ``reasons``."""
        return [f"review.reasons: document {doc}, grond {ground.value} ({ground.label}) is een relatieve grond; "
                f"{what} heeft een concrete reden nodig waarom die grond hier zwaarder weegt dan openbaarheid"
                for doc, ground in sorted(needed, key=lambda n: (n[0], n[1].value))
                if ground.needs_concrete_reason and self.reason_for(doc, ground) is None]

    @model_validator(mode="after")
    def _reasons(self, info: ValidationInfo) -> RedactionReview:
        pairs = [(r.document, r.ground) for r in self.reasons]
        if len(pairs) != len(set(pairs)):
            raise ValueError("geef per document en grond één reden ('reasons')")
        if info.context and info.context.get(STORED):
            # Answers stored before reasons were required (checked on the way in since) keep their run going.
            return self
        missing = self.missing_reasons({(m.document, m.ground) for m in self.manual}, what="de extra lakking")
        if missing:
            raise ValueError("; ".join(missing))
        return self


class Assessment(BaseModel):
    """An official's judgement of one document, overriding the one derived from its redactions."""

    model_config = ConfigDict(extra="forbid")

    judgement: Judgement
    grounds: list[Ground] = Field(default_factory=list)
    # The concrete reason for this document; the decision prints it in its considerations per document (a
    # relative ground needs one: Woo 5.1(3)).
    remark: PlainText | None = None
    link: str | None = None
    # Woo 5.2(3): the document was made for formal decision-making (college, raad), so personal policy views in it
    # are released in a form not traceable to persons instead of withheld.
    formal_decision_making: bool = False

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


class DocumentOrigin(StrEnum):
    """Whether the body received a document (from outside) or made it itself."""

    RECEIVED = "ontvangen"
    OWN = "eigen"


class SignOff(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool = Field(default=True, title="Vaststellen",
                          description="Aan: besluit vaststellen en verzenden. Uit: terugsturen met opmerking")
    remark: PlainText | None = Field(default=None, title="Opmerking", description="Verplicht bij terugsturen")
    signed_by: UserId = who("Uw gebruikers-id (ambtenaar met mandaat)")

    _uid = field_validator("signed_by")(_user_id)


class PrivacyDecision(BaseModel):
    """What to do with one item the privacy gate held back: leave it out for good, or check it again."""

    model_config = ConfigDict(extra="forbid")

    block: int = Field(ge=1, title="Blokkade (id)", description="Id van de tegengehouden blokkade (zie de vraag)")
    decision: Settlement = Field(title="Beslissing",
                                 description="Definitief achterhouden, of opnieuw controleren na herstel")


class PrivacyAnswer(BaseModel):
    """A person's decision on every open block of the privacy gate."""

    model_config = ConfigDict(extra="forbid")

    decisions: list[PrivacyDecision] = Field(min_length=1, title="Per blokkade",
                                             description="Eén regel per tegengehouden stuk")
    answered_by: UserId = who()

    _uid = field_validator("answered_by")(_user_id)


class SearchAnswer(BaseModel):
    """How the documents were searched for (zoekslag), as the decision states it: systems and places, the
    officials asked by function (never by name), the search terms and, when it differs from the request's, the
    period. Optional: without it the decision describes the search from what was collected."""

    model_config = ConfigDict(extra="forbid")

    places: list[PlainText] = Field(default_factory=list, max_length=20)
    functions: list[PlainText] = Field(default_factory=list, max_length=20)
    terms: PlainText | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class Answers(BaseModel):
    """The contents of an ``answers.yaml``: every human decision a batch run needs."""

    model_config = ConfigDict(extra="forbid")

    meeting: MeetingAnswer | None = None
    third_parties: list[ThirdParty] = Field(default_factory=list)
    redaction_review: RedactionReview | None = None
    assessments: dict[str, Assessment] = Field(default_factory=dict)
    # Where a document came from, by file name, for its DiWoo handling (received -> ontvangst, own ->
    # vaststelling). E-mails are known by their sender; other documents without an entry count as received.
    origins: dict[str, DocumentOrigin] = Field(default_factory=dict)
    decision: SignOff | None = None
    privacy: PrivacyAnswer | None = None
    search: SearchAnswer | None = None

    @model_validator(mode="after")
    def _unique_keys(self) -> Answers:
        keys = [tp.key for tp in self.third_parties]
        if len(keys) != len(set(keys)):
            raise ValueError("elke derde-belanghebbende heeft een eigen 'key' nodig")
        return self
