"""Find identifiers in plain text: BSN, ID numbers, IBAN, e-mail, phone, address, licence plate, birth date.

Every finder works on a page's text and returns :class:`TextMatch` offsets; :mod:`woo.redaction.detect` maps
offsets to boxes on the page. Identifiers with a checksum or a strict pattern are auto-accepted; anything
looser is proposed for review. Checksums come from ``python-stdnum``; phone numbers from ``phonenumbers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn
from stdnum.nl import postcode as std_postcode

from woo.redaction.model import Category


@dataclass(frozen=True, slots=True)
class TextMatch:
    """A span of page text that holds personal data."""

    start: int
    end: int
    category: Category
    confidence: float
    reason: str
    auto_accept: bool


# --- BSN -------------------------------------------------------------------------------------------------------
_BSN_CONTEXT = re.compile(r"\b(?:bsn|burgerservicenummer|burger\s?service\s?nummer|sofi-?nummer|sofinr)\b",
                          re.IGNORECASE)
_BSN = re.compile(r"(?<![\w.,-])(\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3}|\d{3} \d{3} \d{3}|\d{8,9})(?![\w-]|[.,]\d)")
_DOTTED = re.compile(r"^\d{4}\.\d{2}\.\d{3}$|^\d{3}\.\d{3}\.\d{3}$")
_CONTEXT_WINDOW = 60


def _has_context(text: str, start: int, pattern: re.Pattern[str], window: int = _CONTEXT_WINDOW) -> bool:
    return pattern.search(text, max(0, start - window), start) is not None


def find_bsn(text: str) -> Iterator[TextMatch]:
    for m in _BSN.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if not std_bsn.is_valid(digits):
            continue
        context = _has_context(text, m.start(), _BSN_CONTEXT)
        # One random 9-digit number in eleven passes the 11-test, so a bare number needs a telling layout.
        if context or _DOTTED.match(m.group(1)):
            why = "staat bij het woord BSN" if context else "heeft de opmaak van een BSN"
            yield TextMatch(m.start(1), m.end(1), Category.BSN, 0.99,
                            f"Burgerservicenummer: voldoet aan de elfproef en {why}.", True)


# --- other national identification numbers ---------------------------------------------------------------------
_ID_CONTEXT = re.compile(
    r"\b(?:paspoort(?:nummer|nr)?|identiteitskaart(?:nummer)?|id-kaart(?:nummer)?|identiteitsbewijs|"
    r"documentnummer|rijbewijs(?:nummer|nr)?|vreemdelingennummer|v-nummer)\b",
    re.IGNORECASE,
)
# Dutch travel documents: two letters, six letters/digits, one digit, never the letter O.
_DOC_NUMBER = re.compile(r"(?<![\w-])([A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9])(?![\w-])")
# Driving licences and V-numbers are ten digits.
_TEN_DIGITS = re.compile(r"(?<![\w.-])(\d{10})(?![\w-])")


def find_id_numbers(text: str) -> Iterator[TextMatch]:
    for pattern in (_DOC_NUMBER, _TEN_DIGITS):
        for m in pattern.finditer(text):
            if _has_context(text, m.start(), _ID_CONTEXT, 40):
                yield TextMatch(m.start(1), m.end(1), Category.ID_NUMBER, 0.95,
                                "Nummer van een identiteitsbewijs (staat bij paspoort, ID-kaart of rijbewijs).", True)


# --- IBAN ------------------------------------------------------------------------------------------------------
# Groups may be split by a line break where the IBAN wraps at the end of a line.
_IBAN = re.compile(r"(?<![\w])([A-Z]{2}\d{2}(?:[ \n]?[A-Z0-9]{4}){2,7}(?:[ \n]?[A-Z0-9]{1,3})?)(?![\w])")


def find_iban(text: str) -> Iterator[TextMatch]:
    for m in _IBAN.finditer(text):
        candidate = m.group(1)
        # The pattern may swallow a following word group; shorten until the checksum agrees.
        while candidate:
            if std_iban.is_valid(candidate.replace("\n", " ")):
                yield TextMatch(m.start(1), m.start(1) + len(candidate), Category.IBAN, 0.99,
                                "Bankrekeningnummer: geldig IBAN (controlegetal klopt).", True)
                break
            cut = max(candidate.rfind(" "), candidate.rfind("\n"))
            candidate = candidate[:cut] if cut > 0 else ""


# --- e-mail ----------------------------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})(?![\w-])")
# Mailboxes of an organisation, not of a person.
_FUNCTIONAL_MAILBOXES = frozenset(
    {"info", "woo", "wob", "post", "postbus", "secretariaat", "contact", "noreply", "no-reply", "helpdesk",
     "servicedesk", "klantcontact", "gemeente", "balie", "communicatie", "pers", "persvoorlichting",
     "privacy", "fg", "griffie", "bezwaar", "klachten", "vergunningen", "team"}
)


def find_email(text: str) -> Iterator[TextMatch]:
    for m in _EMAIL.finditer(text):
        local = m.group(1).split("@", 1)[0].casefold()
        if local in _FUNCTIONAL_MAILBOXES:
            continue
        yield TextMatch(m.start(1), m.end(1), Category.EMAIL, 0.98, "E-mailadres van een persoon.", True)


# --- phone numbers ---------------------------------------------------------------------------------------------
def find_phone(text: str) -> Iterator[TextMatch]:
    # A number wrapped at the end of a line ("+31 (0)30\n123 4567") is still one number; the matcher stops at
    # newlines, so it sees them as spaces (same length, so offsets stay valid).
    flat = text.replace("\n", " ").replace("\r", " ")
    for m in phonenumbers.PhoneNumberMatcher(flat, "NL", leniency=phonenumbers.Leniency.VALID):
        kind = phonenumbers.number_type(m.number)
        # Free and paid service numbers belong to organisations, not to people.
        if kind in (phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
                    phonenumbers.PhoneNumberType.SHARED_COST):
            continue
        yield TextMatch(m.start, m.end, Category.PHONE, 0.95, "Telefoonnummer (geldig nummer).", True)


# --- addresses -------------------------------------------------------------------------------------------------
_POSTCODE = re.compile(r"(?<![\w])([1-9]\d{3} ?[A-Z]{2})(?![\w])")
_STREET_SUFFIX = (
    r"(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|plantsoen|markt|park|hof|dijk|wal|pad|baan|"
    r"boulevard|erf|veld|akker|haven|burg|oord|ring|zijde|poort|dam|hoven|lei|kamp|wijk|straatje|weide)"
)
_HOUSE_NUMBER = r"\d{1,5}(?:-?(?:hs|bis|I{1,3})\b|[ -]?[a-zA-Z]\b|-\d{1,4}\b)?"
_STREET_WORDS = r"[A-Z][\w'’.-]*(?: (?:van|de|der|den|het|'t|ter|ten|in|op|aan|[A-Z][\w'’.-]*)){0,4}"
# Street and number right before a postcode (same line or previous line).
_ADDRESS_BEFORE_POSTCODE = re.compile(rf"({_STREET_WORDS}) ({_HOUSE_NUMBER})[,]?\s*$")
_STREET_WITH_NUMBER = re.compile(
    rf"(?<![\w])((?:[A-Z][\w'’.-]* (?:van |de |der |den |het )*)*[A-Z][\w'’-]*{_STREET_SUFFIX} {_HOUSE_NUMBER})"
    r"(?![\w])"
)


def find_addresses(text: str) -> Iterator[TextMatch]:
    covered: list[tuple[int, int]] = []
    for m in _POSTCODE.finditer(text):
        if not std_postcode.is_valid(m.group(1)):
            continue
        before = text[max(0, m.start() - 80) : m.start()]
        if re.search(r"\bpostbus\s*\d+[,]?\s*$", before, re.IGNORECASE):
            continue  # a PO box is the organisation's address, not a person's
        street = _ADDRESS_BEFORE_POSTCODE.search(before)
        if street:
            start = m.start() - len(before) + street.start(1)
            covered.append((start, m.end(1)))
            yield TextMatch(start, m.end(1), Category.ADDRESS, 0.95,
                            "Adres: straat, huisnummer en postcode.", True)
        else:
            covered.append((m.start(1), m.end(1)))
            yield TextMatch(m.start(1), m.end(1), Category.ADDRESS, 0.7,
                            "Postcode; controleer of het om een woonadres gaat.", False)
    for m in _STREET_WITH_NUMBER.finditer(text):
        if any(s <= m.start(1) < e for s, e in covered):
            continue
        yield TextMatch(m.start(1), m.end(1), Category.ADDRESS, 0.75,
                        "Straatnaam met huisnummer; controleer of het om een woonadres gaat.", False)


# --- licence plates (RDW side codes 1-14) ----------------------------------------------------------------------
_L = "[BCDFGHJKLMNPQRSTVWXZ]"
_SIDE_CODES = [
    rf"{_L}{{2}}-\d{{2}}-\d{{2}}", rf"\d{{2}}-\d{{2}}-{_L}{{2}}", rf"\d{{2}}-{_L}{{2}}-\d{{2}}",
    rf"{_L}{{2}}-\d{{2}}-{_L}{{2}}", rf"{_L}{{2}}-{_L}{{2}}-\d{{2}}", rf"\d{{2}}-{_L}{{2}}-{_L}{{2}}",
    rf"\d{{2}}-{_L}{{3}}-\d", rf"\d-{_L}{{3}}-\d{{2}}", rf"{_L}{{2}}-\d{{3}}-{_L}", rf"{_L}-\d{{3}}-{_L}{{2}}",
    rf"{_L}{{3}}-\d{{2}}-{_L}", rf"{_L}-\d{{2}}-{_L}{{3}}", rf"\d-{_L}{{2}}-\d{{3}}", rf"\d{{3}}-{_L}{{2}}-\d",
]
_PLATE = re.compile(r"(?<![\w-])(" + "|".join(_SIDE_CODES) + r")(?![\w-])")


def find_licence_plates(text: str) -> Iterator[TextMatch]:
    for m in _PLATE.finditer(text):
        yield TextMatch(m.start(1), m.end(1), Category.LICENCE_PLATE, 0.95,
                        "Kenteken (volgens de RDW-zijcodes).", True)


# --- dates of birth --------------------------------------------------------------------------------------------
_MONTHS = (r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?")
_DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}|\d{{1,2}} {_MONTHS} (?:19|20)\d{{2}})"
_BIRTH = re.compile(
    rf"\b(?:geboren|geboortedatum|geb\.|geboorte)(?:\s+(?:op|d\.d\.|datum))?\s*:?\s*({_DATE})(?![\w])",
    re.IGNORECASE,
)


def find_birth_dates(text: str) -> Iterator[TextMatch]:
    for m in _BIRTH.finditer(text):
        yield TextMatch(m.start(1), m.end(1), Category.BIRTH_DATE, 0.95,
                        "Geboortedatum (staat bij 'geboren' of 'geboortedatum').", True)


# Higher priority first: when two finders claim overlapping text the earlier one wins.
IDENTIFIER_FINDERS = (find_iban, find_bsn, find_id_numbers, find_email, find_licence_plates, find_birth_dates,
                      find_addresses, find_phone)


def find_identifiers(text: str) -> list[TextMatch]:
    """All identifier matches in ``text``, without overlaps (higher-priority categories win)."""
    taken: list[TextMatch] = []
    for finder in IDENTIFIER_FINDERS:
        for match in finder(text):
            if not any(match.start < t.end and t.start < match.end for t in taken):
                taken.append(match)
    return sorted(taken, key=lambda t: t.start)
