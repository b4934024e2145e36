"""The publishing body in DiWoo metadata: explicit configuration, checked against the schema's closed list.

The DiWoo schema accepts only organisations on its value lists (TOOI). A default would silently publish under
someone else's name, so there is none: :func:`configured_publisher` refuses, in Dutch, until
``WOO_PUBLISHER_URI`` (a listed TOOI URI) and ``WOO_PUBLISHER_LABEL`` (the name the letters use) are set.
The list ships with the package (``data/tooi-organisaties.tsv``, generated from the v0.9.8 value lists), so a
typing error is caught at publication time rather than by the harvester.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from woo.publication.diwoo import TOOI_ORGANISATION_PREFIX, Term
from woo.publication.folder import PublicationError
from woo.settings import Settings


class PublisherNotConfigured(PublicationError):
    """The publishing body is missing or not on the DiWoo organisation list; nothing is published."""


@lru_cache(maxsize=1)
def tooi_organisations() -> dict[str, str]:
    """Every organisation URI the DiWoo v0.9.8 lists accept, with its TOOI label."""
    text = resources.files("woo.publication.data").joinpath("tooi-organisaties.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {uri: label for uri, label in rows}


def configured_publisher(settings: Settings) -> Term:
    """The publisher from the settings, or :class:`PublisherNotConfigured` saying what to set."""
    uri = (settings.publisher_uri or "").strip()
    label = (settings.publisher_label or "").strip()
    problems = []
    if not uri:
        problems.append("WOO_PUBLISHER_URI is niet ingesteld: geef de TOOI-identificatie van uw organisatie, "
                        f"bijvoorbeeld {TOOI_ORGANISATION_PREFIX}gemeente/gm0344")
    elif uri not in tooi_organisations():
        problems.append(f"WOO_PUBLISHER_URI {uri!r} staat niet op de TOOI-organisatielijst die DiWoo accepteert; "
                        "controleer de code op identifier.overheid.nl")
    if not label:
        problems.append("WOO_PUBLISHER_LABEL is niet ingesteld: geef de naam van uw organisatie zoals die in de "
                        "brieven staat")
    if problems:
        raise PublisherNotConfigured("publiceren kan niet: " + "; ".join(problems))
    return Term(uri, label)
