"""The vocabulary of the redaction engine: categories, proposals and manual redactions.

A :class:`Proposal` is what detection suggests; a reviewer (or the command line, which accepts everything)
turns proposals into redactions. A :class:`ManualRedaction` is an area a reviewer marks by hand, for example a
whole page withheld under 5.2. Rectangles are ``(x0, y0, x1, y1)`` tuples in PyMuPDF page coordinates (the
ones ``page.search_for`` returns), so they survive pickling into worker processes and JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from woo.redaction.officials import Officials
from woo.schemas.grounds import Ground

RectTuple = tuple[float, float, float, float]


class Category(StrEnum):
    """What kind of information a redaction hides."""

    BSN = "bsn"
    ID_NUMBER = "id_number"
    IBAN = "iban"
    CREDIT_CARD = "credit_card"
    EMAIL = "email"
    ONLINE_ID = "online_id"
    PHONE = "phone"
    ADDRESS = "address"
    LICENCE_PLATE = "licence_plate"
    BIRTH_DATE = "birth_date"
    PERSON_NAME = "person_name"
    IMAGE = "image"
    MANUAL = "manual"
    BUSINESS_DATA = "business_data"

    @property
    def label(self) -> str:
        """Dutch description for reviewers and reports."""
        return CATEGORY_LABELS[self]

    @classmethod
    def _missing_(cls, value: object) -> Category | None:
        # A form shows (and Prefect stores) the Dutch label; it means the same category.
        return next((m for m in cls if isinstance(value, str) and value.strip() == CATEGORY_LABELS[m]), None)


CATEGORY_LABELS: dict[Category, str] = {
    Category.BSN: "Burgerservicenummer",
    Category.ID_NUMBER: "Identificatienummer (paspoort, identiteitskaart, rijbewijs)",
    Category.IBAN: "Bankrekeningnummer (IBAN)",
    Category.CREDIT_CARD: "Creditcardnummer",
    Category.EMAIL: "E-mailadres",
    Category.ONLINE_ID: "Profiel op sociale media of gebruikersnaam (@...)",
    Category.PHONE: "Telefoonnummer",
    Category.ADDRESS: "Adres (straat, huisnummer, postcode)",
    Category.LICENCE_PLATE: "Kenteken",
    Category.BIRTH_DATE: "Geboortedatum",
    Category.PERSON_NAME: "Naam van een persoon",
    Category.IMAGE: "Afbeelding (mogelijk handtekening of foto van een persoon)",
    Category.MANUAL: "Handmatig gelakt",
    Category.BUSINESS_DATA: "Bedrijfsgegevens (prijsopbouw, tarieven, bedrijfsgeheim): een medewerker beslist",
}

DEFAULT_GROUNDS: Mapping[Category, Ground] = {
    Category.BSN: Ground.IDENTIFICATION_NUMBERS,
    Category.ID_NUMBER: Ground.IDENTIFICATION_NUMBERS,
    Category.IBAN: Ground.PRIVACY,
    Category.CREDIT_CARD: Ground.PRIVACY,
    Category.EMAIL: Ground.PRIVACY,
    Category.ONLINE_ID: Ground.PRIVACY,
    Category.PHONE: Ground.PRIVACY,
    Category.ADDRESS: Ground.PRIVACY,
    Category.LICENCE_PLATE: Ground.PRIVACY,
    Category.BIRTH_DATE: Ground.PRIVACY,
    Category.PERSON_NAME: Ground.PRIVACY,
    Category.IMAGE: Ground.PRIVACY,
    Category.MANUAL: Ground.PRIVACY,
    # Detection chooses 5.1.1c or 5.1.2f per find (woo.redaction.legal); this is the fallback.
    Category.BUSINESS_DATA: Ground.COMPETITIVE_BUSINESS_DATA,
}


@dataclass(frozen=True, slots=True)
class Proposal:
    """A suggested redaction: one occurrence of personal data on one page (possibly several line boxes)."""

    id: str
    page: int  # zero-based page index
    rects: tuple[RectTuple, ...]
    text: str
    category: Category
    ground: Ground
    confidence: float
    reason: str  # Dutch, shown to the reviewer
    auto_accept: bool


@dataclass(frozen=True, slots=True)
class ManualRedaction:
    """An area marked by a reviewer; ``text`` (if known) is checked for leaks like detected text."""

    page: int
    rects: tuple[RectTuple, ...]
    ground: Ground
    category: Category = Category.MANUAL
    text: str = ""
    reason: str = "Handmatig aangewezen door de beoordelaar."
    whole_page: bool = False

    @classmethod
    def page_withheld(cls, page: int, ground: Ground, reason: str = "Pagina geheel geweigerd.") -> ManualRedaction:
        """Withhold a whole page; the rectangle is filled in with the page size when applied."""
        return cls(page=page, rects=(), ground=ground, reason=reason, whole_page=True)


Redaction = Proposal | ManualRedaction


@dataclass(frozen=True, slots=True)
class AppliedRedaction:
    """One redaction as put on the page (one box per text line): what the report lists, never the text."""

    page: int
    rects: tuple[RectTuple, ...]
    category: Category
    ground: Ground
    text_sha256: str | None
    proposal_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "page": self.page + 1,
            "rects": [[round(v, 2) for v in r] for r in self.rects],
            "category": self.category.value,
            "ground": self.ground.value,
            "text_sha256": self.text_sha256,
            "proposal_id": self.proposal_id,
        }


@dataclass(frozen=True, slots=True)
class RedactionJob:
    """Everything one worker process needs to redact one document (picklable).

    ``accept`` is ``all`` (every proposal: the command line), ``auto`` (only checksum-sure finds) or ``review``
    (settled with ``review``, a reviewer's answer, or applied as unreviewed without one: the request flow), in
    which case ``manual`` holds the reviewer's own redactions of this ``document`` (a text or a rectangle).
    """

    in_path: str
    out_path: str
    officials: Officials | None = None
    accept: str = "all"
    report_path: str | None = None
    grounds: Mapping[Category, Ground] = field(default_factory=dict)
    review: Any = None
    manual: tuple[Any, ...] = ()
    document: int = 0


def proposal_id(fingerprint: str, page: int, rects: tuple[RectTuple, ...], text: str, category: Category) -> str:
    """A stable id: the same document, place, text and category always give the same id."""
    rect_part = ";".join(",".join(f"{v:.1f}" for v in r) for r in rects)
    raw = f"{fingerprint}|{page}|{rect_part}|{text}|{category.value}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def text_hash(salt: str, text: str) -> str:
    """Hash of a redacted string, salted with the (unpublished) original's fingerprint.

    An unsalted hash of a BSN or a short name can be reversed by trying every candidate; the salt is the hash
    of the original file, which is never published.
    """
    return hashlib.sha256(f"{salt}|{text}".encode()).hexdigest()
