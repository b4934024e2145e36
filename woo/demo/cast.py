"""The fictitious people and organisations of the demo dossier, all in one place so documents agree.

The public functionaries come from ``officials.yaml``, the same file the redaction step reads, so the demo
can never name a wethouder that the redaction step does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

MUNICIPALITY = "Gemeente Voorbeeldstad"
MUNICIPALITY_DOMAIN = "voorbeeldstad.nl"


def _capitalised_surname(name: str) -> str:
    rest = name.partition(" ")[2] or name
    return rest[0].upper() + rest[1:]


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    email: str = ""
    phone: str = ""
    user_id: str = ""

    @property
    def first_name(self) -> str:
        return self.name.partition(" ")[0]

    @property
    def surname(self) -> str:
        """``De Boer`` for ``Rianne de Boer``: without a first name before it, a prefix is capitalised."""
        return _capitalised_surname(self.name)


@dataclass(frozen=True)
class Official:
    """A public functionary whose name is not redacted."""

    name: str
    function: str
    variants: tuple[str, ...] = ()

    @property
    def surname(self) -> str:
        return _capitalised_surname(self.name)


@lru_cache(maxsize=1)
def officials() -> tuple[Official, ...]:
    """The public functionaries listed in the packaged ``officials.yaml``."""
    data = yaml.safe_load(resources.files("woo.demo").joinpath("officials.yaml").read_text("utf-8"))
    return tuple(
        Official(item["name"], item["function"], tuple(item.get("variants", ()))) for item in data["officials"]
    )


def official(function_word: str) -> Official:
    """The official whose function mentions ``function_word`` (``"wethouder"``, ``"burgemeester"``)."""
    return next(o for o in officials() if function_word in o.function)


@dataclass(frozen=True)
class Company:
    name: str
    short_name: str
    street: str
    postcode_city: str
    phone: str
    email: str
    website: str
    kvk: str
    iban: str

    @property
    def postal_address(self) -> str:
        return f"{self.street}\n{self.postcode_city}"


# Civil servants: their names are personal data and should be redacted in the published documents.
PROJECT_LEADER = Person(
    "Sanne Elzinga", "projectleider Stationsplein", "s.elzinga@voorbeeldstad.nl", "+31 (0)30 765 4321"
)
TRAFFIC_ENGINEER = Person("Tom Bos", "verkeerskundige", "t.bos@voorbeeldstad.nl", "06-23456789")
COMMUNICATIONS = Person("Lisa Vermeulen", "communicatieadviseur", "l.vermeulen@voorbeeldstad.nl")
WOO_COORDINATOR = Person("Mark de Vries", "Woo-coördinator", "m.devries@voorbeeldstad.nl", user_id="m.devries")
DECISION_SIGNER = Person("Anne Bakker", "afdelingshoofd Juridische Zaken", user_id="a.bakker")

# Third party: the construction company and its director.
CONTRACTOR_DIRECTOR = Person(
    "Peter Jansen", "directeur", "p.jansen@bouwbedrijf-jansen.nl", "06-45678901"
)
CONTRACTOR_PLANNER = Person("Erik Jansen", "werkvoorbereider", "e.jansen@bouwbedrijf-jansen.nl", "06-34567890")

# Private persons.
REQUESTER = Person("Jeroen Smit", "verzoeker", "j.smit@voorbeeld.nl", "06-87654321")
REQUESTER_ADDRESS = "Dorpsstraat 12\n3512 AB Voorbeeldstad"
RESIDENT = Person("Rianne de Boer", "bewoner Stationsplein", phone="06-12345678")
RESIDENT_ADDRESS = "Stationsplein 7\n3511 CE Voorbeeldstad"
