"""DiWoo metadata (schema v0.9.8) for what a Woo request publishes: the request, the decision, the documents.

The national Woo-index harvests publications through sitemaps that carry one ``<diwoo:Document>`` per file.
We always use the ``<diwoo:DiWoo>`` branch of that element and fill the parts the schema requires: the
publisher (a TOOI organisation URI), ``titelcollectie/officieleTitel``,
``classificatiecollectie/informatiecategorieen`` (category 2i, Woo-verzoeken en -besluiten) and
``documenthandelingen`` (``soortHandeling`` plus ``atTime``). Every ``resource`` attribute takes its value from
the schema's value lists; the few we need are kept here, so the code does not need the XSD at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from lxml import etree

from woo.errors import Permanent

DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
TOOI_KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
TOOI_ORGANISATION_PREFIX = "https://identifier.overheid.nl/tooi/id/"
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class DiWooError(Permanent, ValueError):
    """A document's metadata is incomplete or uses a value the DiWoo lists do not know."""


@dataclass(frozen=True)
class Term:
    """A value from a DiWoo/TOOI value list: its URI (the ``resource`` attribute) and its label (the text)."""

    uri: str
    label: str


# Woo 3.3(2)(i): "Woo-verzoeken en -besluiten"; the Woo-index calls it infocat014.
CATEGORY_WOO_REQUESTS = Term(TOOI_KERN + "c_3baef532", "Woo-verzoeken en -besluiten")

# The organisation list in the schema is closed, so the default must be a real entry (gemeentelijst).
DEFAULT_PUBLISHER = Term(TOOI_ORGANISATION_PREFIX + "gemeente/gm0344", "gemeente Utrecht")


class DocumentKind(StrEnum):
    DECISION = "besluit"
    REQUEST = "verzoek"
    DOCUMENT = "document"


class ActionKind(StrEnum):
    """soortHandeling: the schema's list has exactly these three."""

    RECEIPT = "ontvangst"
    ADOPTION = "vaststelling"
    SIGNING = "ondertekening"


ACTION_TERMS: dict[ActionKind, Term] = {
    ActionKind.RECEIPT: Term(TOOI_KERN + "c_dfcee535", "ontvangst"),
    ActionKind.ADOPTION: Term(TOOI_KERN + "c_641ecd76", "vaststelling"),
    ActionKind.SIGNING: Term(TOOI_KERN + "c_e1ec050e", "ondertekening"),
}

# Released documents can be anything (e-mails, memos); the documentsoort list has no fitting general value.
DOCUMENT_TYPE_TERMS: dict[DocumentKind, Term | None] = {
    DocumentKind.DECISION: Term(TOOI_KERN + "c_4f50ca9c", "beslissing op Wob-/Woo-verzoek"),
    DocumentKind.REQUEST: Term(TOOI_KERN + "c_1cf18f83", "Wob-/Woo-verzoek"),
    DocumentKind.DOCUMENT: None,
}

_EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
LANGUAGE_TERMS: dict[str, Term] = {
    "nl": Term(_EU_LANGUAGE + "NLD", "Nederlands"),
    "fy": Term(_EU_LANGUAGE + "FRY", "Fries"),
    "en": Term(_EU_LANGUAGE + "ENG", "Engels"),
    "de": Term(_EU_LANGUAGE + "DEU", "Duits"),
    "fr": Term(_EU_LANGUAGE + "FRA", "Frans"),
}

_EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FORMAT_TERMS: dict[str, Term] = {
    "application/pdf": Term(_EU_FILE_TYPE + "PDF", "PDF"),
    "text/csv": Term(_EU_FILE_TYPE + "CSV", "CSV"),
    "text/html": Term(_EU_FILE_TYPE + "HTML", "HTML"),
    "text/plain": Term(_EU_FILE_TYPE + "TXT", "Plain text"),
    "application/zip": Term(_EU_FILE_TYPE + "ZIP", "ZIP"),
    "application/vnd.oasis.opendocument.text": Term(_EU_FILE_TYPE + "ODT", "ODT"),
    "application/vnd.oasis.opendocument.spreadsheet": Term(_EU_FILE_TYPE + "ODS", "ODS"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Term(
        _EU_FILE_TYPE + "DOCX", "Word DOCX"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Term(
        _EU_FILE_TYPE + "XLSX", "Excel XLSX"
    ),
}


@dataclass(frozen=True)
class DiWooDocument:
    """The metadata of one published file.

    ``decided_at`` is when the decision was adopted (required for a decision; also used for a released
    document without a date of its own); ``received_at`` is when a request was received (required for a
    request). ``dossier`` groups all files of one request (``aggregatiekenmerk``), normally the reference.
    """

    identifier: str
    title: str
    document_kind: DocumentKind | str = DocumentKind.DOCUMENT
    publisher_uri: str = DEFAULT_PUBLISHER.uri
    publisher_label: str = DEFAULT_PUBLISHER.label
    language: str = "nl"
    format: str = "application/pdf"
    created: date | None = None
    decided_at: datetime | None = None
    received_at: datetime | None = None
    description: str | None = None
    dossier: str | None = None
    is_part_of: str | None = None


def _aware(moment: datetime) -> datetime:
    # xs:dateTime without an offset is ambiguous; our dates are Dutch civil time.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_AMSTERDAM)


def document_actions(doc: DiWooDocument) -> list[tuple[ActionKind, datetime]]:
    """The documenthandelingen for a document; the schema requires at least one."""
    kind = DocumentKind(doc.document_kind)
    if kind is DocumentKind.DECISION:
        if doc.decided_at is None:
            raise DiWooError(f"metadata {doc.identifier!r}: bij een besluit ontbreekt de datum van vaststelling")
        return [(ActionKind.ADOPTION, _aware(doc.decided_at))]
    if kind is DocumentKind.REQUEST:
        if doc.received_at is None:
            raise DiWooError(f"metadata {doc.identifier!r}: bij een verzoek ontbreekt de datum van ontvangst")
        return [(ActionKind.RECEIPT, _aware(doc.received_at))]
    if doc.created is not None:
        return [(ActionKind.ADOPTION, datetime.combine(doc.created, time(0, 0), tzinfo=_AMSTERDAM))]
    if doc.decided_at is not None:
        return [(ActionKind.ADOPTION, _aware(doc.decided_at))]
    raise DiWooError(
        f"metadata {doc.identifier!r}: geen documentdatum en geen besluitdatum; DiWoo vereist een documenthandeling"
    )


def check_document(doc: DiWooDocument) -> list[str]:
    """All problems with a document's metadata, in plain Dutch; an empty list means it can be written."""
    name = doc.identifier or "(zonder kenmerk)"
    problems: list[str] = []
    if not doc.identifier or not doc.identifier.strip():
        problems.append("het kenmerk (identifier) ontbreekt")
    if not doc.title or not doc.title.strip():
        problems.append("de titel ontbreekt")
    try:
        DocumentKind(doc.document_kind)
    except ValueError:
        problems.append(f"onbekende documentsoort {doc.document_kind!r}; kies besluit, verzoek of document")
    if not doc.publisher_uri.startswith(TOOI_ORGANISATION_PREFIX):
        problems.append(f"de publicerende organisatie moet een TOOI-URI zijn ({TOOI_ORGANISATION_PREFIX}…)")
    if not doc.publisher_label.strip():
        problems.append("de naam van de publicerende organisatie ontbreekt")
    if doc.language not in LANGUAGE_TERMS:
        problems.append(f"onbekende taal {doc.language!r}; bekend: {', '.join(LANGUAGE_TERMS)}")
    if doc.format not in FORMAT_TERMS:
        problems.append(f"bestandsformaat {doc.format!r} staat niet in de DiWoo-waardelijst")
    if not problems:
        try:
            document_actions(doc)
        except DiWooError as exc:
            problems.append(str(exc).split(": ", 1)[1])
    return [f"metadata {name!r}: {p}" for p in problems]


def _term(parent: etree._Element, tag: str, term: Term) -> etree._Element:
    el = etree.SubElement(parent, f"{{{DIWOO_NS}}}{tag}", resource=term.uri)
    el.text = term.label
    return el


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{DIWOO_NS}}}{tag}")
    el.text = text
    return el


def diwoo_element(doc: DiWooDocument) -> etree._Element:
    """The ``<diwoo:Document>`` element, e.g. to embed in a sitemap ``<url>``."""
    problems = check_document(doc)
    if problems:
        raise DiWooError("; ".join(problems))
    kind = DocumentKind(doc.document_kind)
    root = etree.Element(f"{{{DIWOO_NS}}}Document", nsmap={"diwoo": DIWOO_NS})
    dw = etree.SubElement(root, f"{{{DIWOO_NS}}}DiWoo")
    _text(etree.SubElement(dw, f"{{{DIWOO_NS}}}identifiers"), "identifier", doc.identifier)
    _term(dw, "publisher", Term(doc.publisher_uri, doc.publisher_label))
    titles = etree.SubElement(dw, f"{{{DIWOO_NS}}}titelcollectie")
    _text(titles, "officieleTitel", doc.title.strip())
    if doc.description:
        _text(etree.SubElement(dw, f"{{{DIWOO_NS}}}omschrijvingen"), "omschrijving", doc.description)
    classes = etree.SubElement(dw, f"{{{DIWOO_NS}}}classificatiecollectie")
    _term(etree.SubElement(classes, f"{{{DIWOO_NS}}}informatiecategorieen"), "informatiecategorie",
          CATEGORY_WOO_REQUESTS)
    doc_type = DOCUMENT_TYPE_TERMS[kind]
    if doc_type is not None:
        _term(etree.SubElement(classes, f"{{{DIWOO_NS}}}documentsoorten"), "documentsoort", doc_type)
    if doc.created is not None:
        _text(dw, "creatiedatum", doc.created.isoformat())
    _term(dw, "language", LANGUAGE_TERMS[doc.language])
    _term(dw, "format", FORMAT_TERMS[doc.format])
    if doc.dossier:
        _text(dw, "aggregatiekenmerk", doc.dossier)
    if doc.is_part_of:
        part = etree.SubElement(dw, f"{{{DIWOO_NS}}}isPartOf", resource=doc.is_part_of)
        part.text = doc.is_part_of
    actions = etree.SubElement(dw, f"{{{DIWOO_NS}}}documenthandelingen")
    for action, moment in document_actions(doc):
        handling = etree.SubElement(actions, f"{{{DIWOO_NS}}}documenthandeling")
        _term(handling, "soortHandeling", ACTION_TERMS[action])
        _text(handling, "atTime", moment.isoformat(timespec="seconds"))
    return root


def diwoo_xml(doc: DiWooDocument) -> bytes:
    """A standalone ``<diwoo:Document>`` XML file (UTF-8, with declaration) for one published file."""
    return etree.tostring(diwoo_element(doc), xml_declaration=True, encoding="UTF-8", pretty_print=True)
