"""What the gate looks for: every piece of personal data the store knows for one request, and who may see it.

Known values come from three owners: the requester (name, e-mail, postal address, phone), each third party
(its contact person, and that person's e-mail and phone), and the dossier (the text under every applied
redaction box, read from the ORIGINAL document at gate time, since the store keeps only rectangles).

Which values are searched depends on the :class:`Audience`: the public sees nothing personal at all; the
requester may see their own data, and what they wrote themselves (their request, quoted back in their letters);
a third party may see its own contact data and nothing of the requester or of other third parties. Staff
(internal reminders) may see the dossier.

A redacted text is searched everywhere only when it is specific enough to mean one person or one identifier
("Tom Bos", an e-mail address, a phone number); a lone "Jansen" or "Sanne" is searched only in the document it
was redacted in, and there by count: the published version may hold it only as often as the original held it
in places that were not redacted (the company name "Bouwbedrijf Jansen" may stay).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from woo.case import Repository
from woo.privacy.match import MIN_COMPACT, Haystack, compact, national_number
from woo.settings import Settings, get_settings
from woo.store.models import DocumentRow, RedactionRow, RequestRow, ThirdPartyRow

REQUESTER = "requester"
DOSSIER = "dossier"

# General mailboxes of organisations are not personal data; a third party's address of this kind is not searched.
ROLE_MAILBOXES = frozenset({
    "info", "post", "postbus", "contact", "secretariaat", "administratie", "office", "mail", "receptie",
    "algemeen", "balie", "klantenservice", "service", "support", "woo", "communicatie", "pers", "sales",
})
# Dutch surname prefixes: "De Boer" is one surname, not two words that single out a person.
_PREFIXES = frozenset({"de", "den", "der", "van", "ten", "ter", "te", "het", "t", "la", "le", "du", "op", "in",
                       "d", "s", "l", "von", "vd", "v"})
_WORD = re.compile(r"\w+")
_SPECIFIC_MIN = 6  # an identifier of fewer letters and digits is not searched outside its own document


class Category(StrEnum):
    """What kind of finding; the value goes into the audit log, the label to people."""

    REQUESTER_NAME = "requester_name"
    REQUESTER_EMAIL = "requester_email"
    REQUESTER_ADDRESS = "requester_address"
    REQUESTER_PHONE = "requester_phone"
    CONTACT_NAME = "third_party_contact"
    CONTACT_EMAIL = "third_party_email"
    CONTACT_PHONE = "third_party_phone"
    REDACTED_TEXT = "redacted_text"
    UNREADABLE_PAGE = "unreadable_page"
    UNREADABLE_FILE = "unreadable_file"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Category.REQUESTER_NAME: "naam van de verzoeker",
    Category.REQUESTER_EMAIL: "e-mailadres van de verzoeker",
    Category.REQUESTER_ADDRESS: "adres van de verzoeker",
    Category.REQUESTER_PHONE: "telefoonnummer van de verzoeker",
    Category.CONTACT_NAME: "contactpersoon van een derde-belanghebbende",
    Category.CONTACT_EMAIL: "e-mailadres van een derde-belanghebbende",
    Category.CONTACT_PHONE: "telefoonnummer van een derde-belanghebbende",
    Category.REDACTED_TEXT: "gelakte tekst",
    Category.UNREADABLE_PAGE: "onleesbare pagina",
    Category.UNREADABLE_FILE: "onleesbaar bestand",
}


@dataclass(frozen=True)
class Audience:
    """Who reads an outgoing item: ``public``, ``requester``, ``third_party`` (with its key) or ``staff``."""

    kind: str
    key: str | None = None

    @classmethod
    def public(cls) -> Audience:
        return cls("public")

    @classmethod
    def requester(cls) -> Audience:
        return cls("requester")

    @classmethod
    def third_party(cls, key: str) -> Audience:
        return cls("third_party", key)

    @classmethod
    def staff(cls) -> Audience:
        return cls("staff")

    def __post_init__(self) -> None:
        if self.kind not in ("public", "requester", "third_party", "staff"):
            raise ValueError(f"onbekend publiek {self.kind!r}")
        if (self.kind == "third_party") != (self.key is not None):
            raise ValueError("alleen een derde-belanghebbende heeft een sleutel")

    @property
    def code(self) -> str:
        """Stable text for the store and the audit log: ``public``, ``third_party:bouwbedrijf``."""
        return f"{self.kind}:{self.key}" if self.key else self.kind

    @classmethod
    def parse(cls, code: str) -> Audience:
        kind, _, key = code.partition(":")
        return cls(kind, key or None)

    @property
    def owner(self) -> str | None:
        """The owner of the data this audience may see as its own."""
        if self.kind == "requester":
            return REQUESTER
        if self.kind == "third_party":
            return third_party_owner(self.key or "")
        return None

    @property
    def label(self) -> str:
        return {"public": "publicatie", "requester": "verzoeker", "staff": "medewerkers"}.get(
            self.kind, f"derde-belanghebbende '{self.key}'")


def third_party_owner(key: str) -> str:
    return f"third_party:{key}"


@dataclass(frozen=True)
class KnownValue:
    """One piece of personal data. ``document`` is set for redacted text: the document it was redacted in."""

    category: Category
    value: str
    owner: str
    phone: bool = False
    document: int | None = None
    specific: bool = True

    def count(self, hay: Haystack) -> int:
        return hay.count_phone(self.value) if self.phone else hay.count(self.value)


@dataclass(frozen=True)
class Needles:
    """The values one audience must not see: searched everywhere, and per document with an allowance."""

    everywhere: tuple[KnownValue, ...]
    # Per document number: values searched in that document's published version, with how often they may
    # occur (the unredacted occurrences of its original).
    in_document: Mapping[int, tuple[tuple[KnownValue, int], ...]]


@dataclass(frozen=True)
class KnownData:
    """Everything the gate knows for one request. Build it with :func:`known_data` or directly in tests."""

    values: tuple[KnownValue, ...] = ()
    # Per owner, text this owner may see although it holds known values (what the requester wrote, the names
    # and contact data of a third party).
    own_text: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Per document number: occurrences of each of its redacted texts in its original that stayed unredacted.
    allowance: Mapping[int, Mapping[str, int]] = field(default_factory=dict)

    def needles(self, audience: Audience) -> Needles:
        if audience.kind == "staff":
            return Needles((), {})
        owner = audience.owner
        own = Haystack("\n".join(self.own_text.get(owner, ()))) if owner else Haystack("")
        everywhere: list[KnownValue] = []
        in_document: dict[int, list[tuple[KnownValue, int]]] = {}
        for v in self.values:
            if owner is not None and v.owner == owner:
                continue
            if own and v.count(own):
                # What this reader wrote or is themselves: a third party's contact person redacted in a document,
                # or someone the requester named in their own request, which their letters quote back.
                continue
            if v.document is not None:
                allowed = self.allowance.get(v.document, {}).get(v.value, 0)
                in_document.setdefault(v.document, []).append((v, allowed))
            if v.specific:
                everywhere.append(v)
        return Needles(tuple(everywhere), {n: tuple(vs) for n, vs in in_document.items()})


def _initials_variant(name: str) -> str | None:
    """``"J. Smit"`` for ``"Jeroen Smit"``: letters often abbreviate the first name."""
    words = name.split()
    if len(words) < 2 or len(words[0]) < 2 or words[0].endswith("."):
        return None
    return f"{words[0][0]}. {' '.join(words[1:])}"


def _address_parts(address: str) -> list[str]:
    """The whole address and every line of it that holds a number (street and house number, postcode)."""
    lines = [line.strip(" ,") for line in re.split(r"[\n,;]", address) if line.strip(" ,")]
    parts = [" ".join(address.split())]
    parts += [line for line in lines if any(c.isdigit() for c in line) and len(compact(line)) >= _SPECIFIC_MIN]
    return list(dict.fromkeys(parts))


def is_role_mailbox(address: str) -> bool:
    return address.split("@", 1)[0].strip().casefold() in ROLE_MAILBOXES


def person_values(owner: str, *, name: str | None, email: str | None, address: str | None,
                  phone: str | None, requester: bool) -> list[KnownValue]:
    """The values of one person: the requester, or a third party's contact person."""
    cats = ((Category.REQUESTER_NAME, Category.REQUESTER_EMAIL, Category.REQUESTER_ADDRESS, Category.REQUESTER_PHONE)
            if requester else (Category.CONTACT_NAME, Category.CONTACT_EMAIL, None, Category.CONTACT_PHONE))
    out: list[KnownValue] = []
    if name and name.strip():
        out.append(KnownValue(cats[0], name.strip(), owner))
        variant = _initials_variant(name.strip())
        if variant:
            out.append(KnownValue(cats[0], variant, owner))
    if email and email.strip() and (requester or not is_role_mailbox(email)):
        out.append(KnownValue(cats[1], email.strip(), owner))
    if address and address.strip() and cats[2] is not None:
        out += [KnownValue(cats[2], part, owner) for part in _address_parts(address)]
    if phone and phone.strip():
        out.append(KnownValue(cats[3], phone.strip(), owner, phone=True))
    return [v for v in out if len(compact(v.value)) >= MIN_COMPACT]


def is_specific(category: str, text: str) -> bool:
    """Whether a redacted text singles out a person or identifier on its own, so it is searched everywhere."""
    words = [w for w in _WORD.findall(text.casefold()) if w not in _PREFIXES]
    size = len(compact(text))
    if category == "person_name":
        return len(words) >= 2
    if category == "phone":
        number = national_number(text)
        return number is not None and len(number) >= 7
    if category == "address":
        # A street and a number single out a home; a postcode alone, or a PO box, belongs to many or to a body.
        street = [w for w in words if w.isalpha() and len(w) >= 3]
        return (bool(street) and street[0] not in ("postbus", "antwoordnummer") and any(c.isdigit() for c in text)
                and size >= _SPECIFIC_MIN)
    if category in ("email", "bsn", "iban", "id_number", "licence_plate", "birth_date"):
        return size >= _SPECIFIC_MIN
    return len(words) >= 2 and size >= 8


def _rects(rect: object) -> list[tuple[float, float, float, float]]:
    """The store keeps one rectangle ``[x0, y0, x1, y1]``; a list of them is accepted as well."""
    if isinstance(rect, str):
        rect = json.loads(rect)
    if isinstance(rect, list | tuple) and len(rect) == 4 and all(isinstance(v, int | float) for v in rect):
        return [tuple(float(v) for v in rect)]  # type: ignore[list-item]
    if isinstance(rect, list | tuple):
        return [r for item in rect for r in _rects(item)]
    return []


def text_under(words: Sequence[tuple[float, float, float, float, str]], rects: Iterable[tuple[float, ...]]) -> str:
    """The words whose centre lies inside one of ``rects``, in reading order."""
    chosen = []
    for x0, y0, x1, y1, text in words:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
            chosen.append(text)
    return " ".join(chosen).strip(" ,.;:<>()[]\"'")


@dataclass
class _Original:
    words: dict[int, list[tuple[float, float, float, float, str]]]
    text: Haystack


def _read_original(path: Path) -> _Original:
    """Every page's words (OCR words on pages without a text layer) and the whole text, of an original PDF.

    Originals are read-only; every letter sent checks against them, so a reading is kept per file version."""
    stat = path.stat()
    return _read_original_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _read_original_cached(path: str, _mtime_ns: int, _size: int) -> _Original:
    import pymupdf  # here, not at the top: who only needs Audience or the known values does not load the readers

    from woo.privacy.read import page_reading

    words: dict[int, list[tuple[float, float, float, float, str]]] = {}
    texts: list[str] = []
    with pymupdf.open(path) as doc:
        for i, page in enumerate(doc):
            reading = page_reading(page)
            words[i] = reading.words
            texts.append(reading.text)
    return _Original(words, Haystack("\n".join(texts)))


def organisation_texts(settings: Settings) -> tuple[str, ...]:
    """The body's own name and contact data: a redaction of these is not personal data of anyone."""
    return (settings.organisation_name, settings.organisation_address, settings.organisation_email,
            settings.organisation_website, settings.objection_address, settings.mail_from,
            settings.process_owner_email)


def redaction_values(
    docs: Iterable[DocumentRow], rows: Iterable[RedactionRow], excluded: Iterable[str] = (),
) -> tuple[list[KnownValue], dict[int, dict[str, int]]]:
    """The text under every applied box (read from the original), and per document how often each text may
    stay in the published version. Texts inside ``excluded`` (organisation and third-party names) are left out."""
    by_doc: dict[int, list[RedactionRow]] = {}
    for r in rows:
        by_doc.setdefault(r.document_number, []).append(r)
    paths = {d.number: d.pdf_path for d in docs if d.pdf_path}
    not_personal = Haystack("\n".join(excluded))
    values: list[KnownValue] = []
    allowance: dict[int, dict[str, int]] = {}
    for number, doc_rows in sorted(by_doc.items()):
        path = paths.get(number)
        if not path or not Path(path).is_file():
            continue
        original = _read_original(Path(path))
        redacted: Counter[tuple[str, str]] = Counter()
        for r in doc_rows:
            words = original.words.get(r.page - 1, [])
            boxes = _rects(r.rects or r.rect)
            # A value wrapped over lines is searched whole and line by line: a leak may show either part alone.
            texts = [text_under(words, boxes)] + ([text_under(words, [b]) for b in boxes] if len(boxes) > 1 else [])
            for text in dict.fromkeys(texts):
                if len(compact(text)) < MIN_COMPACT:
                    continue
                if not_personal and compact(text) in not_personal.compact:
                    continue
                redacted[(text, r.category)] += 1
        counted: Counter[str] = Counter()
        for (text, _), n in redacted.items():
            counted[text] += n
        allowance[number] = {text: max(0, original.text.count(text) - n) for text, n in counted.items()}
        for (text, category), _ in sorted(redacted.items()):
            values.append(KnownValue(Category.REDACTED_TEXT, text, DOSSIER, phone=category == "phone",
                                     document=number, specific=is_specific(category, text)))
    return values, allowance


def known_data(repo: Repository, request_id: str, settings: Settings | None = None) -> KnownData:
    """Everything the store knows for ``request_id`` that the gate must look for."""
    settings = settings or get_settings()
    req = repo.optional(request_id)
    values: list[KnownValue] = []
    own: dict[str, list[str]] = {}
    if req is not None and req.requester is not None:
        r = req.requester
        values += person_values(REQUESTER, name=r.name, email=r.email, address=r.postal_address,
                                phone=getattr(r, "phone", None), requester=True)
        own[REQUESTER] = [v for v in (r.name, r.email, r.postal_address, getattr(r, "phone", None), req.subject,
                                      req.scope, _intake_text(req)) if v]
    parties: list[ThirdPartyRow] = repo.third_parties(request_id)
    for tp in parties:
        owner = third_party_owner(tp.key)
        values += person_values(owner, name=tp.contact_person, email=tp.email, address=None, phone=tp.phone,
                                requester=False)
        own[owner] = [v for v in (tp.name, tp.contact_person, tp.email, tp.phone, tp.postal_address) if v]
    rows = repo.redactions(request_id, status="applied")
    excluded = [*organisation_texts(settings), *(tp.name for tp in parties)]
    dossier, allowance = redaction_values(repo.documents(request_id), rows, excluded)
    values += dossier
    return KnownData(values=tuple(values), own_text={k: tuple(v) for k, v in own.items()}, allowance=allowance)


def _intake_text(req: RequestRow) -> str:
    request = (req.intake or {}).get("request") or {}
    return "\n".join(str(request.get(k) or "") for k in ("subject", "description"))
