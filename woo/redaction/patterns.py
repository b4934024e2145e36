"""Find identifiers in plain text: BSN, ID numbers, IBAN, credit cards, e-mail, phone, address, licence plate,
birth date, profile URLs and social handles; and the organisations whose own data stays visible.

Every finder works on a page's (or document's) text and returns :class:`TextMatch` offsets;
:mod:`woo.redaction.detect` maps offsets to boxes on the page. Identifiers with a checksum or a strict pattern
are auto-accepted; anything looser is proposed for review. A context word ("kenteken", "rekening", "BSN") turns
a number that fails its checksum or series rule into a proposal instead of dropping it: a typo in a document
does not make personal data public. Data of organisations (their addresses, switchboard numbers, functional
mailboxes, accounts of legal persons) is not personal data and is not proposed. Checksums come from
``python-stdnum``; phone numbers from ``phonenumbers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn as std_luhn
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


# --- organisations ---------------------------------------------------------------------------------------------
# Words that open an organisation's name ("Stichting Buurthuis De Klaproos", "Gebr. Van Houten ...").
_ORG_HEADS = (
    r"Stichting|Vereniging|Woonstichting|Woningstichting|Woningcorporatie|Coöperatie|Cooperatie|Gebr\.|Gebroeders|"
    r"Firma|Fa\.|Maatschap|Gemeente|Provincie|Ministerie|Waterschap|Hoogheemraadschap|Omgevingsdienst|"
    r"Veiligheidsregio|Brandweer|Politie|Rechtbank|Gerechtshof|Inspectie|Bureau|Eetcafé|Café|Restaurant|Hotel|"
    r"Bakkerij|Slagerij|Apotheek|Garage|Huisartsenpraktijk|Tandartspraktijk|Praktijk|Basisschool|School|"
    r"Kinderopvang|Kinderdagverblijf|Ziekenhuis|Zorggroep|Advocatenkantoor|Notariskantoor|Accountantskantoor|"
    r"Makelaardij|Bewonersvereniging|Buurtvereniging|Ondernemersvereniging|Sportvereniging|Dorpshuis|Buurthuis|"
    r"Wijkcentrum|Universiteit|Hogeschool|Museum|Bibliotheek|Theater|Kerk|Parochie|Moskee|Fonds|Bank|Holding"
)
# Capitalised compounds that name an organisation by their last part ("Bouwbedrijf", "Vluchtelingenwerk").
_ORG_SUFFIX_WORD = (
    r"[A-Z][a-zà-ÿ]+(?:bedrijf|bedrijven|vereniging|stichting|commissie|collectief|groep|dienst|diensten|centrum|"
    r"werk|praktijk|kantoor|school|fonds|bank|verzekeringen|makelaardij|techniek|corporatie|raad|bureau|coöperatie|"
    r"winkel|handel|service|services|partners|adviseurs|advies|zorg|wonen)"
)
# Not a bare "CV": in a dossier about a vacancy that is somebody's curriculum vitae ("Jan Jansen CV.pdf").
_LEGAL_FORM = r"(?:B\.\s?V\.|N\.\s?V\.|V\.\s?O\.\s?F\.|C\.\s?V\.|U\.\s?A\.|BV|NV|VOF|Holding)(?![\w])"
_ORG_WORD = r"(?:[A-Z0-9][\w'’.-]*|&|(?:de|van|der|den|het|'t|en|voor)(?=\s+[A-Z&]))"
# Words that may follow an organisation's name on the same line without being part of it.
_ORG_BREAK = frozenset({"Van", "Aan", "Cc", "Datum", "Onderwerp", "Betreft", "Kenmerk", "T", "E", "M", "Tel",
                        "Telefoon", "Postbus"})
_ORG_HEAD_RE = re.compile(rf"(?<![\w.])(?:{_ORG_HEADS}|{_ORG_SUFFIX_WORD})(?![\w])")
_ORG_NEXT = re.compile(rf"[ \t]+({_ORG_WORD})")
_LEGAL_FORM_RE = re.compile(rf"(?<![\w.])({_LEGAL_FORM})")
_LEGAL_PERSON = re.compile(
    rf"{_LEGAL_FORM}|\b(?:Stichting|Vereniging|Woonstichting|Woningstichting|Coöperatie|Gemeente|Provincie|"
    r"Ministerie|Waterschap|Omgevingsdienst|Veiligheidsregio|Holding|Bank|Universiteit|Hogeschool)\b"
)


@dataclass(frozen=True, slots=True)
class OrgSpan:
    start: int
    end: int
    legal_person: bool  # B.V., N.V., foundation, association, public body: its data are not personal data


def find_organisations(text: str) -> list[OrgSpan]:
    """Names of organisations, kept whole: "Bouwbedrijf De Kok & Zonen B.V.", "Stichting Welzijn Brinkhorst"."""
    spans: list[tuple[int, int]] = []
    for m in _ORG_HEAD_RE.finditer(text):
        end = m.end()
        words = 0
        while words < 8:
            nxt = _ORG_NEXT.match(text, end)
            if not nxt or nxt.group(1) in _ORG_BREAK:
                break
            end = nxt.end(1)
            words += 1
        # A lone head word ("de Gemeente", "een Stichting") names no organisation; a compound may
        # ("Vluchtelingenwerk").
        if words == 0 and re.fullmatch(_ORG_HEADS, m.group()):
            continue
        spans.append((m.start(), end.__index__()))
    for m in _LEGAL_FORM_RE.finditer(text):
        # "Jansen Bouw B.V.": capitalised words before a legal form, on the same line.
        start = m.start(1)
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        run = re.search(r"((?:(?:[A-Z][\w'’.-]*|&|de|van|der|den|het|'t|en)[ \t]+){1,6})$", before)
        if run:
            first = re.search(r"[A-Z]", run.group(1))
            if first:
                spans.append((line_start + run.start(1) + first.start(), m.end(1)))
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out = []
    for a, b in merged:
        b = a + len(text[a:b].rstrip(" ,;:"))
        out.append(OrgSpan(a, b, bool(_LEGAL_PERSON.search(text, a, b))))
    return out


_CONNECTORS = frozenset({"aan", "de", "het", "op", "in", "te", "gevestigd", "bij", "van", "vestiging", "adres"})


def _org_before(text: str, start: int, orgs: list[OrgSpan], lines_back: int = 3) -> OrgSpan | None:
    """An organisation named on this line before ``start`` or on one of the lines just above (same block)."""
    line_start = text.rfind("\n", 0, start) + 1
    lo = line_start
    for _ in range(lines_back):
        if lo <= 0:
            break
        prev = text.rfind("\n", 0, lo - 1) + 1
        if not text[prev : lo - 1].strip():
            break  # a blank line ends the block
        lo = prev
    for o in orgs:
        if not (lo <= o.start < start and o.end <= start):
            continue
        own_line = text.rfind("\n", 0, o.start) + 1
        # Right after the organisation's name ("Hotel De Berg, Generaal Foulkesweg 96"), or under a line that
        # the name opens (a letterhead, a signature, an address block; after a label such as "Aan:"), not under
        # a sentence that merely mentions it.
        between = [w for w in re.split(r"[\s,|:–-]+", text[o.end : start]) if w]
        directly_after = len([w for w in between if w.casefold() not in _CONNECTORS]) <= 2 and all(
            w[0].isupper() or w.casefold() in _CONNECTORS for w in between)
        opens_line = re.fullmatch(r"\s*(?:[A-Za-z .]{1,20}:\s*)?", text[own_line : o.start]) is not None
        if directly_after or (o.start < line_start and opens_line):
            return o
    return None


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
        context = _has_context(text, m.start(), _BSN_CONTEXT, 30)
        if not std_bsn.is_valid(digits):
            if context and len(digits) in (8, 9):
                # A typo in a BSN that is labelled as one is still somebody's BSN: a reviewer decides.
                yield TextMatch(m.start(1), m.end(1), Category.BSN, 0.6,
                                "Staat bij het woord BSN maar voldoet niet aan de elfproef: controleer.", False)
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


# A Dutch IBAN has a fixed shape, so one with a wrong check digit is still recognisable.
_NL_IBAN_SHAPE = re.compile(r"^NL\d{2}[ \n]?[A-Z]{4}(?:[ \n]?\d){10}$")
_ACCOUNT_CONTEXT = re.compile(r"\b(?:iban|rekening\w*|bankrekening\w*|rek\.?\s?nr|bank|t\.?n\.?v)\b",
                              re.IGNORECASE)
# An account of a company (a letterhead with KvK and BTW numbers, or "t.n.v. X B.V.") is not personal data: it
# is proposed for review only, never accepted automatically.
_COMPANY_LINE = re.compile(r"\b(?:kvk|btw|handelsregister)\b", re.IGNORECASE)
_TNV = re.compile(r"\s*(?:t\.?\s?n\.?\s?v\.?|ten\s+name\s+van)\s*", re.IGNORECASE)


def _company_account(text: str, start: int, end: int, orgs: list[OrgSpan]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if _COMPANY_LINE.search(line):
        return True
    tnv = _TNV.match(text, end)
    if tnv:
        return any(o.start == tnv.end() and o.legal_person for o in orgs)
    return False


def find_iban(text: str, orgs: list[OrgSpan] | None = None) -> Iterator[TextMatch]:
    orgs = find_organisations(text) if orgs is None else orgs
    for m in _IBAN.finditer(text):
        candidate = m.group(1)
        # The pattern may swallow a following word group; shorten until the checksum agrees.
        while candidate:
            if std_iban.is_valid(candidate.replace("\n", " ")):
                if not _company_account(text, m.start(1), m.start(1) + len(candidate), orgs):
                    yield TextMatch(m.start(1), m.start(1) + len(candidate), Category.IBAN, 0.99,
                                    "Bankrekeningnummer: geldig IBAN (controlegetal klopt).", True)
                else:
                    # Not personal data, but some bodies withhold company accounts against invoice fraud:
                    # the reviewer decides, nothing is accepted automatically.
                    yield TextMatch(m.start(1), m.start(1) + len(candidate), Category.IBAN, 0.3,
                                    "Bankrekening van een organisatie (rechtspersoon): geen persoonsgegeven; "
                                    "weiger dit voorstel als de rekening openbaar mag.", False)
                break
            if _NL_IBAN_SHAPE.match(candidate) and not _company_account(
                text, m.start(1), m.start(1) + len(candidate), orgs
            ):
                confident = _has_context(text, m.start(1), _ACCOUNT_CONTEXT, 80)
                yield TextMatch(m.start(1), m.start(1) + len(candidate), Category.IBAN, 0.7 if confident else 0.5,
                                "Heeft de vorm van een Nederlands IBAN, maar het controlegetal klopt niet "
                                "(tikfout?): controleer.", False)
                break
            cut = max(candidate.rfind(" "), candidate.rfind("\n"))
            candidate = candidate[:cut] if cut > 0 else ""


# --- credit cards ----------------------------------------------------------------------------------------------
_CARD = re.compile(r"(?<![\w.,-])((?:\d{4}[ \n-]?){3}\d{1,4}|\d{4}[ \n-]?\d{6}[ \n-]?\d{5})(?![\w-]|[.,]\d)")
# Issuer prefixes: Visa, Mastercard, American Express, Maestro, Discover and others with a Luhn check digit.
_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|6011|65|5018|5020|5038|6304|6759|676[1-3]|3528|3589|62)")
_CARD_CONTEXT = re.compile(r"\b(?:credit\s?card|creditcard\w*|kaartnummer|visa|mastercard|american express|amex|"
                           r"maestro|betaalkaart|pinpas|kaart)\b", re.IGNORECASE)


def find_credit_cards(text: str) -> Iterator[TextMatch]:
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if not 13 <= len(digits) <= 19 or not _CARD_PREFIX.match(digits) or not std_luhn.is_valid(digits):
            continue
        context = _has_context(text, m.start(1), _CARD_CONTEXT, 60)
        yield TextMatch(m.start(1), m.end(1), Category.CREDIT_CARD, 0.97 if context else 0.7,
                        "Creditcardnummer (controlegetal klopt" + (", staat bij het woord creditcard)." if context
                                                                  else "): controleer."), context)


# --- e-mail ----------------------------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})(?![\w-])")


def _is_functional_mailbox(local: str) -> bool:
    """A mailbox of a function or department (``subsidies@``, ``secretariaat.wonen@``), not of a person."""
    parts = [p for p in re.split(r"[._+-]+", local.casefold()) if p and not p.isdigit()]
    if not parts:
        return False
    words = mailbox_words()
    return all(p in words or any(p.startswith(w) and len(w) >= 5 for w in words) for p in parts)


@cache
def mailbox_words() -> frozenset[str]:
    """Local parts (and their parts) of functional mailboxes, from ``data/mailbox_words.txt``."""
    return _data_words("mailbox_words.txt")


@cache
def _data_words(name: str) -> frozenset[str]:
    raw = resources.files("woo.redaction.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(w.strip().casefold() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


def find_email(text: str) -> Iterator[TextMatch]:
    for m in _EMAIL.finditer(text):
        local = m.group(1).split("@", 1)[0]
        if _is_functional_mailbox(local):
            continue
        yield TextMatch(m.start(1), m.end(1), Category.EMAIL, 0.98, "E-mailadres van een persoon.", True)


# --- profile URLs and social handles ---------------------------------------------------------------------------
# A URL may wrap after a slash or hyphen at the end of a line.
_URL = re.compile(r"(?<![\w@/.-])((?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
                  r"(?:/(?:\n?[\w.~%@+-])*)+)", re.IGNORECASE)
_PROFILE_SITES = re.compile(r"(?:^|[/.])(?:linkedin|facebook|fb|instagram|twitter|x|tiktok|youtube|threads|"
                            r"bsky|mastodon\.\w+|github|pinterest|snapchat)\.[a-z]{2,}/", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)(?![\w@]|\.[A-Za-z]{2,}\b)")
_ORG_HANDLE = re.compile(r"gemeente|provincie|politie|brandweer|rijksoverheid|ministerie|omroep|nieuws|news|"
                         r"stichting|vereniging|official|info|team|woo|raad|college|waterschap|ggd|rtv|nos|krant",
                         re.IGNORECASE)


def find_online_ids(text: str) -> Iterator[TextMatch]:
    """Profile URLs on social networks and @handles: they lead to a person (a reviewer decides)."""
    for m in _URL.finditer(text):
        url = m.group(1)
        if _PROFILE_SITES.search(url.replace("\n", "")) and not _ORG_HANDLE.search(url.split("/", 3)[-1]):
            end = m.start(1) + len(url.rstrip(".,;:)"))
            yield TextMatch(m.start(1), end, Category.ONLINE_ID, 0.8,
                            "Adres van een profiel op een sociaal netwerk: leidt naar een persoon.", False)
    for m in _HANDLE.finditer(text):
        handle = m.group(1)
        if handle.isdigit() or _ORG_HANDLE.search(handle):
            continue
        yield TextMatch(m.start(), m.end(1), Category.ONLINE_ID, 0.7,
                        "Gebruikersnaam op sociale media (@...): controleer of die naar een persoon leidt.", False)


# --- phone numbers ---------------------------------------------------------------------------------------------
# Numbers of an organisation: switchboards, service numbers, the municipal 14 0xx numbers.
_ORG_NUMBER_CONTEXT = re.compile(
    r"\b(?:algeme(?:en|ne)\s+(?:telefoon)?nummer|telefooncentrale|hoofdnummer|receptie|servicenummer|"
    r"klantenservice|klantcontact\w*|kcc|meldkamer|storingsnummer|(?:ons|onze)\s+(?:algemene\s+)?"
    r"(?:telefoonnummer|nummer)|bereiken\s+(?:via|op|op\s+telefoonnummer)|\(algemeen\))", re.IGNORECASE)
_MAILBOX_TO_NUMBER = re.compile(r"[\s,;|/:]*(?:(?:of|en|tel\.?|telefoon(?:nummer)?|t\.?)[\s,;|/:]*)*",
                                re.IGNORECASE)
_MUNICIPAL_14 = re.compile(r"^14\s?0\d{2,3}$")
_NON_PERSONAL_TYPES = frozenset({phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
                                 phonenumbers.PhoneNumberType.SHARED_COST, phonenumbers.PhoneNumberType.UAN})
_LINE_LABEL = re.compile(r"(?:^|[|•·]\s*)(?:T|Tel\.?|Telefoon|Algemeen)\s*:?\s*$", re.IGNORECASE)


def _org_number(text: str, start: int, end: int, number: phonenumbers.PhoneNumber, orgs: list[OrgSpan]) -> bool:
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return False  # a mobile number belongs to a person, also in a company's signature
    if _has_context(text, start, _ORG_NUMBER_CONTEXT, 50):
        return True
    following = text[end : end + 15]
    if re.match(r"\s*\((?:algemeen|centrale|receptie)\)", following, re.IGNORECASE):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    label = text[line_start:start]
    # Right after a functional mailbox ("Persvoorlichting, pers@gemeente.nl, 0575 - 78 00 00"), but not
    # "mail info@... of bel mij op ...": only separators and "of"/"tel." may stand between.
    for m in _EMAIL.finditer(text, line_start, start):
        if _is_functional_mailbox(m.group(1).split("@", 1)[0]) and _MAILBOX_TO_NUMBER.fullmatch(text, m.end(), start):
            return True
    # A fixed number under an organisation's name and address ("Woonstichting De Poort / Stationsweg 45 ...
    # / T 0481 - 42 42 00"), or right after the organisation's name on the same line.
    org = _org_before(text, start, orgs, lines_back=3)
    if org is None:
        return False
    if org.end >= line_start:
        return True
    return bool(_LINE_LABEL.search(label)) and _address_between(text, org.end, line_start)


def _address_between(text: str, start: int, end: int) -> bool:
    return bool(_POSTCODE.search(text, start, end)) or bool(re.search(r"\b\d{1,5}[a-z]?\b", text[start:end]))


def find_phone(text: str, orgs: list[OrgSpan] | None = None) -> Iterator[TextMatch]:
    orgs = find_organisations(text) if orgs is None else orgs
    # A number wrapped at the end of a line ("+31 (0)30\n123 4567") is still one number; the matcher stops at
    # newlines, so it sees them as spaces (same length, so offsets stay valid).
    flat = text.replace("\n", " ").replace("\r", " ")
    for m in phonenumbers.PhoneNumberMatcher(flat, "NL", leniency=phonenumbers.Leniency.VALID):
        # Free and paid service numbers and 14 0xx numbers belong to organisations, not to people.
        if phonenumbers.number_type(m.number) in _NON_PERSONAL_TYPES or _MUNICIPAL_14.match(m.raw_string):
            continue
        if _org_number(text, m.start, m.end, m.number, orgs):
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
_ADDRESS_BEFORE_POSTCODE = re.compile(rf"({_STREET_WORDS}) ({_HOUSE_NUMBER})[,|]?\s*$")
_STREET_WITH_NUMBER = re.compile(
    rf"(?<![\w])((?:[A-Z][\w'’.-]* (?:van |de |der |den |het )*)*[A-Z][\w'’-]*{_STREET_SUFFIX} {_HOUSE_NUMBER})"
    r"(?![\w])"
)
# Where an organisation is established or housed: its address is not a person's.
_BUSINESS_CUE = re.compile(
    r"(?:\b(?:gevestigd|kantoorhoudende|vestigingsadres|bezoekadres|kantooradres|bedrijfsadres|postadres|"
    r"(?<!uw )(?<!zijn )(?<!haar )(?<!mijn )(?<!hun )(?<!ons )(?:gemeentehuis|stadhuis|raadhuis|provinciehuis|"
    r"buurthuis|dorpshuis|wijkcentrum|kantoor|bedrijfspand|fabriek|winkel|school|kerk|moskee|sporthal|zwembad|"
    r"bibliotheek|vestiging|restaurant|café|hotel|werkplaats|loods|bedrijf)))"
    r"(?:\s*:|,)?\s*(?:(?:aan|op|in|te|aan de|op de|in de|op het|aan het)\s+)?(?:de\s+|het\s+)?$",
    re.IGNORECASE,
)


def _business_address(text: str, start: int, orgs: list[OrgSpan]) -> bool:
    """An address right after or under an organisation's name, or introduced as its seat."""
    if _BUSINESS_CUE.search(text[max(0, start - 60) : start]):
        return True
    return _org_before(text, start, orgs, lines_back=3) is not None


def find_addresses(text: str, orgs: list[OrgSpan] | None = None) -> Iterator[TextMatch]:
    orgs = find_organisations(text) if orgs is None else orgs
    covered: list[tuple[int, int]] = []
    for m in _POSTCODE.finditer(text):
        if not std_postcode.is_valid(m.group(1)):
            continue
        before = text[max(0, m.start() - 80) : m.start()]
        if re.search(r"\bpostbus\s*\d+\s*[,|]?\s*$", before, re.IGNORECASE):
            continue  # a PO box is the organisation's address, not a person's
        street = _ADDRESS_BEFORE_POSTCODE.search(before)
        start = m.start() - len(before) + street.start(1) if street else m.start(1)
        covered.append((start, m.end(1)))
        if _business_address(text, start, orgs):
            continue
        if street:
            yield TextMatch(start, m.end(1), Category.ADDRESS, 0.95,
                            "Adres: straat, huisnummer en postcode.", True)
        else:
            yield TextMatch(m.start(1), m.end(1), Category.ADDRESS, 0.7,
                            "Postcode; controleer of het om een woonadres gaat.", False)
    for m in _STREET_WITH_NUMBER.finditer(text):
        if any(s <= m.start(1) < e for s, e in covered) or _business_address(text, m.start(1), orgs):
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


# Anything plate-shaped (six letters and digits in three groups) right after the word "kenteken": old series,
# foreign plates and typos do not follow the current side codes but still identify a car and its keeper.
_PLATE_CONTEXT = re.compile(r"\b(?:kenteken\w*|kentekenplaat|nummerplaat|license plate|licence plate)\b"
                            r"(?:\s+(?:nummer|nr\.?|van|is|was|met))*\s*[:(]?\s*$", re.IGNORECASE)
_PLATE_SHAPE = re.compile(r"(?<![\w-])([A-Z0-9]{1,3}-[A-Z0-9]{1,4}-[A-Z0-9]{1,3}|[A-Z0-9]{6})(?![\w-])")


_FOREIGN_PLATE = re.compile(
    r"(?<![\w-])([A-Z]{1,3}(?:-| )[A-Z]{1,3}[ -]?\d{1,4}[A-Z]?|\d{1,4}[ -][A-Z]{1,3}[ -]\d{1,4})(?![\w-])"
)


def find_licence_plates(text: str) -> Iterator[TextMatch]:
    strict: set[int] = set()
    for m in _PLATE.finditer(text):
        strict.add(m.start(1))
        yield TextMatch(m.start(1), m.end(1), Category.LICENCE_PLATE, 0.95,
                        "Kenteken (volgens de RDW-zijcodes).", True)
    shaped = [m for m in _PLATE_SHAPE.finditer(text) if len(m.group(1).replace("-", "")) == 6]
    shaped += [m for m in _FOREIGN_PLATE.finditer(text) if not any(s.start(1) == m.start(1) for s in shaped)]
    for m in shaped:
        chars = re.sub(r"[- ]", "", m.group(1))
        if m.start(1) in strict or chars.isdigit() or chars.isalpha():
            continue
        if _PLATE_CONTEXT.search(text, max(0, m.start(1) - 40), m.start(1)):
            yield TextMatch(m.start(1), m.end(1), Category.LICENCE_PLATE, 0.7,
                            "Staat bij het woord kenteken maar past niet in de huidige RDW-reeksen "
                            "(oud, buitenlands of tikfout): controleer.", False)


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
IDENTIFIER_FINDERS = (find_iban, find_bsn, find_id_numbers, find_credit_cards, find_email, find_online_ids,
                      find_licence_plates, find_birth_dates, find_addresses, find_phone)
_NEEDS_ORGS = frozenset({find_iban, find_addresses, find_phone})


def find_identifiers(text: str, orgs: list[OrgSpan] | None = None) -> list[TextMatch]:
    """All identifier matches in ``text``, without overlaps (higher-priority categories win)."""
    orgs = find_organisations(text) if orgs is None else orgs
    taken: list[TextMatch] = []
    for finder in IDENTIFIER_FINDERS:
        found = finder(text, orgs) if finder in _NEEDS_ORGS else finder(text)
        for match in found:
            if not any(match.start < t.end and t.start < match.end for t in taken):
                taken.append(match)
    return sorted(taken, key=lambda t: t.start)
