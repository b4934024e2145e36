"""Woo grounds for withholding information (Woo 5.1 and 5.2), keyed by article number.

The code is what is printed on a blacked-out area and in the inventory list. Notation varies in the wild
(``5.1.2.e``, ``5.1 lid 2 sub e``, ``art. 5.1, tweede lid, onder e``); :meth:`Ground.parse` normalises all of
them to ``5.1.2e`` and refuses anything it does not know, rather than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum


class GroundKind(StrEnum):
    ABSOLUTE = "absolute"
    RELATIVE = "relative"
    EXCEPTIONAL = "exceptional"
    INTERNAL_DELIBERATION = "internal_deliberation"


class Ground(StrEnum):
    """A ground for withholding, valued by its article number as printed on redactions."""

    CROWN_UNITY = "5.1.1a"
    STATE_SECURITY = "5.1.1b"
    CONFIDENTIAL_BUSINESS_DATA = "5.1.1c"
    SPECIAL_PERSONAL_DATA = "5.1.1d"
    IDENTIFICATION_NUMBERS = "5.1.1e"
    INTERNATIONAL_RELATIONS = "5.1.2a"
    STATE_ECONOMIC_INTERESTS = "5.1.2b"
    CRIMINAL_INVESTIGATION = "5.1.2c"
    INSPECTION_AND_SUPERVISION = "5.1.2d"
    PRIVACY = "5.1.2e"
    COMPETITIVE_BUSINESS_DATA = "5.1.2f"
    ENVIRONMENT = "5.1.2g"
    SECURITY_OF_PERSONS = "5.1.2h"
    FUNCTIONING_OF_THE_STATE = "5.1.2i"
    DISPROPORTIONATE_HARM = "5.1.5"
    PERSONAL_POLICY_VIEWS = "5.2"

    @property
    def label(self) -> str:
        """Short Dutch label, as used in decision letters and inventory lists."""
        return GROUND_LABELS[self]

    @property
    def choice(self) -> str:
        """How a form offers the ground: code and label (``5.1.2e – Eerbiediging van de persoonlijke …``)."""
        return f"{self.value} – {self.label}"

    @classmethod
    def _missing_(cls, value: object) -> Ground | None:
        # A form's choice (code – label) means its code.
        if isinstance(value, str) and " – " in value:
            code = value.split(" – ", 1)[0].strip()
            return next((m for m in cls if m.value == code), None)
        return None

    @property
    def kind(self) -> GroundKind:
        if self.value.startswith("5.1.1"):
            return GroundKind.ABSOLUTE
        if self.value.startswith("5.1.2"):
            return GroundKind.RELATIVE
        if self is Ground.DISPROPORTIONATE_HARM:
            return GroundKind.EXCEPTIONAL
        return GroundKind.INTERNAL_DELIBERATION

    @property
    def needs_motivation(self) -> bool:
        """Relative grounds need an explicit weighing of interests in the decision (Woo 5.1(3))."""
        return self.kind is GroundKind.RELATIVE

    @property
    def needs_concrete_reason(self) -> bool:
        """Relative grounds (5.1(2)) and personal policy views (5.2) are weighed per document or passage, so
        withholding on them needs a concrete reason for that document; absolute grounds (5.1(1)) do not."""
        return self.kind in (GroundKind.RELATIVE, GroundKind.INTERNAL_DELIBERATION)

    @classmethod
    def parse(cls, text: str | Ground) -> Ground:
        """Normalise any common notation of a ground code; raise ``ValueError`` for unknown codes."""
        if isinstance(text, Ground):
            return text
        code = normalise_ground_code(text.split(" – ", 1)[0])  # a form's choice: "5.1.2e – label"
        try:
            return cls(code)
        except ValueError:
            known = ", ".join(g.value for g in cls)
            raise ValueError(f"onbekende weigeringsgrond {text!r}; bekende gronden: {known}") from None


GROUND_LABELS: dict[Ground, str] = {
    Ground.CROWN_UNITY: "Eenheid van de Kroon",
    Ground.STATE_SECURITY: "Veiligheid van de Staat",
    Ground.CONFIDENTIAL_BUSINESS_DATA: "Vertrouwelijk verstrekte bedrijfs- en fabricagegegevens",
    Ground.SPECIAL_PERSONAL_DATA: "Bijzondere persoonsgegevens",
    Ground.IDENTIFICATION_NUMBERS: "Identificatienummers (zoals het BSN)",
    Ground.INTERNATIONAL_RELATIONS: "Internationale betrekkingen",
    Ground.STATE_ECONOMIC_INTERESTS: "Economische of financiële belangen van de Staat",
    Ground.CRIMINAL_INVESTIGATION: "Opsporing en vervolging van strafbare feiten",
    Ground.INSPECTION_AND_SUPERVISION: "Inspectie, controle en toezicht",
    Ground.PRIVACY: "Eerbiediging van de persoonlijke levenssfeer",
    Ground.COMPETITIVE_BUSINESS_DATA: "Concurrentiegevoelige bedrijfs- en fabricagegegevens",
    Ground.ENVIRONMENT: "Bescherming van het milieu",
    Ground.SECURITY_OF_PERSONS: "Beveiliging van personen en bedrijven",
    Ground.FUNCTIONING_OF_THE_STATE: "Goed functioneren van de Staat",
    Ground.DISPROPORTIONATE_HARM: "Onevenredige benadeling",
    Ground.PERSONAL_POLICY_VIEWS: "Persoonlijke beleidsopvattingen",
}

_ORDINALS = {"eerste": "1", "tweede": "2", "derde": "3", "vierde": "4", "vijfde": "5"}


def normalise_ground_code(text: str) -> str:
    """Turn ``5.1.2.e``, ``5.1 lid 2 sub e``, ``art. 5.1, tweede lid, onder e`` into ``5.1.2e``."""
    s = text.strip().lower()
    s = re.sub(r"^(artikel|art\.?)\s*", "", s)
    s = re.sub(r"\s*(woo|wet open overheid)\s*$", "", s)
    for word, digit in _ORDINALS.items():
        s = re.sub(rf"\b{word}\s+lid\b", f"lid {digit}", s)
    s = s.replace(",", " ")
    s = re.sub(r"\blid\s*(\d)", r".\1", s)
    s = re.sub(r"\b(sub|onder|onderdeel)\s*([a-i])\b", r"\2", s)
    s = re.sub(r"[\s()]+", "", s)
    s = s.replace("..", ".")
    # "5.1.2.e" and "5.1.2(e)" both end up as "5.1.2e".
    s = re.sub(r"^(5\.1\.[12])\.?([a-i])$", r"\1\2", s)
    return s


def check_ground_combination(grounds: Iterable[Ground]) -> None:
    """Woo 5.1(5): 5.1.5 may not be combined with a 5.1.1x or 5.1.2x ground for the same information."""
    gs = set(grounds)
    if Ground.DISPROPORTIONATE_HARM in gs and any(g.kind in (GroundKind.ABSOLUTE, GroundKind.RELATIVE) for g in gs):
        raise ValueError(
            "weigeringsgrond 5.1.5 (onevenredige benadeling) mag niet worden gecombineerd met een grond uit "
            "artikel 5.1, eerste of tweede lid, voor dezelfde informatie (Woo 5.1, vijfde lid)"
        )
