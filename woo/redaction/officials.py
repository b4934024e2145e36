"""Public functionaries whose names stay visible in published documents.

Names of officials acting in a public role (the mayor, aldermen, the municipal secretary, ...) are not
withheld under 5.1.2e. The list is configured per organisation: either explicit names, or function words
("burgemeester", "wethouder") after or before which a name is taken to be an official's.

File formats accepted by :func:`load_officials`:

* YAML: ``{names: [...], functions: [...]}`` (either key may be absent);
* plain text: one name per line, ``functie: wethouder`` for a function, ``#`` for comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from woo.redaction.errors import RedactionInputError

_TITLES = re.compile(
    r"\b(?:mr|mrs|drs|dr|ir|ing|prof|ds|bc|dhr|mw|mevr|de heer|mevrouw|heer)\b\.?", re.IGNORECASE
)
_NON_WORD = re.compile(r"[^\w]+")

# Functions whose holders act in public: their names stay visible when the function stands with the name
# (before it, after it with a comma, on the line above or below, or as a plural title over a list of names).
DEFAULT_FUNCTIONS: frozenset[str] = frozenset(
    {"burgemeester", "wethouder", "gemeentesecretaris", "griffier", "commissaris van de koning", "minister",
     "staatssecretaris", "gedeputeerde", "dijkgraaf", "raadslid", "fractievoorzitter", "loco-burgemeester",
     "woordvoerder", "portefeuillehouder", "rechter", "kamerlid", "statenlid", "heemraad", "secretaris-generaal",
     "minister-president", "provinciesecretaris", "steunfractielid", "burgerraadslid", "commissielid"}
)


def normalise_name(name: str) -> str:
    """Case-, title- and punctuation-insensitive form of a name, for comparing with the officials list."""
    s = _TITLES.sub(" ", name)
    return " ".join(_NON_WORD.sub(" ", s).casefold().split())


@dataclass(frozen=True, slots=True)
class Officials:
    """Names and function words of public functionaries; their names are not proposed for redaction."""

    names: frozenset[str] = frozenset()
    functions: frozenset[str] = DEFAULT_FUNCTIONS

    @classmethod
    def of(cls, names: Iterable[str] = (), functions: Iterable[str] | None = None) -> Officials:
        return cls(
            names=frozenset(n for n in (normalise_name(x) for x in names) if n),
            functions=DEFAULT_FUNCTIONS if functions is None else frozenset(f.casefold().strip() for f in functions),
        )

    def is_official_name(self, name: str) -> bool:
        """True if ``name`` is (part of) a listed official's name: "A. Bakker" or "Bakker" for "Anna Bakker"."""
        n = normalise_name(name)
        if not n:
            return False
        if n in self.names:
            return True
        words = n.split()
        for official in self.names:
            parts = official.split()
            # Same surname part, and the given names/initials (if any) agree on their first letter.
            for k in range(1, len(parts)):
                surname = parts[k:]
                if words[-len(surname):] == surname and len(words) >= len(surname):
                    given = words[: len(words) - len(surname)]
                    if not given or given[0][0] == parts[0][0]:
                        return True
        return False


def load_officials(path: Path) -> Officials:
    """Read an officials file (YAML or plain text); raise a Dutch error naming the file when it is unusable."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RedactionInputError(f"Lijst met functionarissen {path.name} kan niet worden gelezen: {exc}") from None
    if path.suffix.lower() in {".yaml", ".yml"}:
        try:
            data = yaml.safe_load(raw) or {}
        except yaml.YAMLError:
            raise RedactionInputError(f"Lijst met functionarissen {path.name} is geen geldige YAML.") from None
        if not isinstance(data, dict):
            raise RedactionInputError(
                f"Lijst met functionarissen {path.name} moet de sleutels 'names' en/of 'functions' bevatten."
            )
        names = data.get("names") or []
        functions = data.get("functions")
        # The richer form: ``officials: [{name, function, variants}]``, one entry per person.
        people = data.get("officials") or []
        if not isinstance(people, list) or not all(isinstance(p, dict) and p.get("name") for p in people):
            raise RedactionInputError(
                f"In {path.name} moet 'officials' een lijst zijn van personen met ten minste een 'name'."
            )
        if isinstance(names, list):
            names = names + [str(p["name"]) for p in people]
            names += [str(v) for p in people for v in (p.get("variants") or []) if isinstance(v, str)]
        if not isinstance(names, list) or (functions is not None and not isinstance(functions, list)):
            raise RedactionInputError(
                f"In {path.name} moeten 'names' en 'functions' lijsten zijn (één naam of functie per regel)."
            )
        extra = list(functions) if functions is not None else []
        return Officials.of((str(n) for n in names), DEFAULT_FUNCTIONS | {str(f).casefold() for f in extra})
    names_txt: list[str] = []
    functions_txt: set[str] = set(DEFAULT_FUNCTIONS)
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.casefold().startswith("functie:"):
            functions_txt.add(line.split(":", 1)[1].strip().casefold())
        else:
            names_txt.append(line)
    return Officials.of(names_txt, functions_txt)
