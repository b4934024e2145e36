"""Judgements per document and decision types per request, as the Woo and Dutch practice name them."""

from __future__ import annotations

from enum import StrEnum


class Judgement(StrEnum):
    """The assessment of one document (Woo 4.5; inventory practice)."""

    PUBLIC = "openbaar"
    PARTLY_PUBLIC = "deels openbaar"
    NOT_PUBLIC = "niet openbaar"
    ALREADY_PUBLIC = "reeds openbaar"

    @property
    def releases_content(self) -> bool:
        """Whether (a version of) the document goes into the publication folder."""
        return self in (Judgement.PUBLIC, Judgement.PARTLY_PUBLIC)

    @classmethod
    def parse(cls, text: str | Judgement) -> Judgement:
        if isinstance(text, Judgement):
            return text
        key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
        aliases = {
            "openbaar": cls.PUBLIC, "public": cls.PUBLIC,
            "deels openbaar": cls.PARTLY_PUBLIC, "gedeeltelijk openbaar": cls.PARTLY_PUBLIC,
            "partly public": cls.PARTLY_PUBLIC, "partial public": cls.PARTLY_PUBLIC,
            "niet openbaar": cls.NOT_PUBLIC, "not public": cls.NOT_PUBLIC,
            "reeds openbaar": cls.ALREADY_PUBLIC, "already public": cls.ALREADY_PUBLIC,
        }
        if key not in aliases:
            raise ValueError(
                f"onbekend oordeel {text!r}; kies uit: openbaar, deels openbaar, niet openbaar, reeds openbaar"
            )
        return aliases[key]


NOT_ASSESSED = "niet beoordeeld"
"""The inventory's judgement for a document that was found but could not be read, so it could not be judged."""


class DecisionType(StrEnum):
    """The outcome of a whole request: the document judgements plus 'nothing found' and 'not handled'."""

    PUBLIC = "openbaar"
    PARTLY_PUBLIC = "deels openbaar"
    NOT_PUBLIC = "niet openbaar"
    ALREADY_PUBLIC = "reeds openbaar"
    NOTHING_FOUND = "geen documenten aangetroffen"
    NOT_HANDLED = "niet in behandeling genomen"
