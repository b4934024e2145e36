"""Turn pydantic validation errors into sentences a person understands (field, then the problem)."""

from __future__ import annotations

from pydantic import ValidationError

_MESSAGES = {
    "missing": "ontbreekt",
    "extra_forbidden": "is onbekend (tikfout?)",
    "date_from_datetime_parsing": "is geen geldige datum (gebruik JJJJ-MM-DD)",
    "date_parsing": "is geen geldige datum (gebruik JJJJ-MM-DD)",
    "date_type": "is geen datum (gebruik JJJJ-MM-DD)",
    "string_too_short": "is te kort",
    "string_too_long": "is te lang",
    "string_type": "moet tekst zijn",
    "bool_parsing": "moet ja of nee (true/false) zijn",
    "enum": "heeft een onbekende waarde",
    "string_pattern_mismatch": "heeft een ongeldige vorm",
}


def describe_validation_error(exc: ValidationError) -> list[str]:
    """One Dutch line per problem, e.g. ``requester.email: ongeldig e-mailadres: …``."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(geheel)"
        kind = err["type"]
        if kind in ("value_error", "assertion_error"):
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif kind == "enum":
            msg = f"{_MESSAGES['enum']}; toegestaan: {err.get('ctx', {}).get('expected', '')}"
        else:
            msg = _MESSAGES.get(kind, err["msg"])
        lines.append(f"{loc}: {msg}")
    return lines
