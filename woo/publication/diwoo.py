"""DiWoo metadata (schema v0.9.8) for what a Woo request publishes: the request, the decision, the inventory and
the released documents.

The national Woo-index harvests publications through sitemaps that carry one ``<diwoo:Document>`` per file.
We always use the ``<diwoo:DiWoo>`` branch of that element and fill the parts the schema requires: the
publisher (a TOOI organisation URI), ``titelcollectie/officieleTitel``,
``classificatiecollectie/informatiecategorieen`` (category 2i, Woo-verzoeken en -besluiten) and
``documenthandelingen`` (``soortHandeling`` plus ``atTime``). Every ``resource`` attribute takes its value from
the schema's value lists; the few we need are kept here, so the code does not need the XSD at run time.

Handlings say what the body did with a document, and only that: ``ontvangst`` for what it received (the
request, a contractor's e-mail), ``vaststelling`` for what it made itself (the decision, its own memos). The
v0.9.8 list of handlings has no "openbaarmaking", so the disclosure date travels as a name/value pair in
``extraMetadata`` (``openbaarmaking``), the form the DiWoo handbook offers for facts without a TOOI term.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from woo.errors import Permanent

DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
TOOI_KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
TOOI_ORGANISATION_PREFIX = "https://identifier.overheid.nl/tooi/id/"
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Name of the extraMetadata field that carries the date a file was made public.
DISCLOSURE_KEY = "openbaarmaking"


class DiWooError(Permanent, ValueError):
    """A document's metadata is incomplete or uses a value the DiWoo lists do not know."""


@dataclass(frozen=True)
class Term:
    """A value from a DiWoo/TOOI value list: its URI (the ``resource`` attribute) and its label (the text)."""

    uri: str
    label: str


# Woo 3.3(2)(i): "Woo-verzoeken en -besluiten"; the Woo-index calls it infocat014.
CATEGORY_WOO_REQUESTS = Term(TOOI_KERN + "c_3baef532", "Woo-verzoeken en -besluiten")


class DocumentKind(StrEnum):
    DECISION = "besluit"
    REQUEST = "verzoek"
    INVENTORY = "inventaris"
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


class ReplaceReason(StrEnum):
    """redenVerwijderingVervanging: why a published document was withdrawn or replaced (the schema's list)."""

    PRIVACY = "privacy"
    PROCEDURE = "procedure"

    @property
    def term(self) -> Term:
        return REPLACE_REASON_TERMS[self]

    @property
    def label_nl(self) -> str:
        return REPLACE_REASON_TERMS[self].label


REPLACE_REASON_TERMS: dict[ReplaceReason, Term] = {
    ReplaceReason.PRIVACY: Term(TOOI_KERN + "c_098c1346", "correctie privacygevoelige gegevens"),
    ReplaceReason.PROCEDURE: Term(TOOI_KERN + "c_c77c86e0", "correctie procedurele fout"),
}

# Released documents can be anything (e-mails, memos); the documentsoort list has no fitting general value.
DOCUMENT_TYPE_TERMS: dict[DocumentKind, Term | None] = {
    DocumentKind.DECISION: Term(TOOI_KERN + "c_4f50ca9c", "beslissing op Wob-/Woo-verzoek"),
    DocumentKind.REQUEST: Term(TOOI_KERN + "c_1cf18f83", "Wob-/Woo-verzoek"),
    DocumentKind.INVENTORY: None,
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

# The harvester only takes file types on its list (the schema's formatlijst, "PLOOI filetypes"); these are the
# ones this project can publish, with the file name extensions a sitemap URL may end in.
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
FORMAT_EXTENSIONS: dict[str, str] = {
    ".pdf": "application/pdf", ".csv": "text/csv", ".html": "text/html", ".txt": "text/plain",
    ".zip": "application/zip", ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Handling:
    """One documenthandeling: what the body did with the document, and when."""

    kind: ActionKind
    at: datetime | date

    def moment(self) -> datetime:
        # xs:dateTime without an offset is ambiguous; our dates are Dutch civil time.
        if isinstance(self.at, datetime):
            return self.at if self.at.tzinfo is not None else self.at.replace(tzinfo=_AMSTERDAM)
        return datetime.combine(self.at, time(0, 0), tzinfo=_AMSTERDAM)


@dataclass(frozen=True)
class DocumentRef:
    """A reference to another published document (``isPartOf``, ``hasParts``): its URL and title."""

    uri: str
    label: str


@dataclass(frozen=True)
class DiWooDocument:
    """The metadata of one published file.

    ``identifier`` is the file's public https address (what the harvester identifies it by); ``dossier`` groups
    all files of one request (``aggregatiekenmerk``: the request number the letters use). ``handlings`` must
    hold at least one entry. ``disclosed_on`` is the date the file was made public; ``replace_reason`` is set on
    a document that replaced an earlier version.
    """

    identifier: str
    title: str
    document_kind: DocumentKind | str = DocumentKind.DOCUMENT
    publisher_uri: str | None = None
    publisher_label: str | None = None
    handlings: tuple[Handling, ...] = ()
    language: str = "nl"
    format: str = "application/pdf"
    created: date | None = None
    description: str | None = None
    dossier: str | None = None
    is_part_of: DocumentRef | None = None
    has_parts: tuple[DocumentRef, ...] = field(default=())
    disclosed_on: date | None = None
    replace_reason: ReplaceReason | None = None


def _is_https_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc)


def check_document(doc: DiWooDocument) -> list[str]:
    """All problems with a document's metadata, in plain Dutch; an empty list means it can be written."""
    name = doc.identifier or "(zonder kenmerk)"
    problems: list[str] = []
    if not doc.identifier or not doc.identifier.strip():
        problems.append("het kenmerk (identifier) ontbreekt")
    elif not _is_https_url(doc.identifier):
        problems.append("het kenmerk (identifier) moet het https-adres van het document zijn")
    if not doc.title or not doc.title.strip():
        problems.append("de titel ontbreekt")
    try:
        DocumentKind(doc.document_kind)
    except ValueError:
        problems.append(f"onbekende documentsoort {doc.document_kind!r}; kies besluit, verzoek, inventaris of "
                        "document")
    if not doc.publisher_uri:
        problems.append("de publicerende organisatie is niet ingesteld (WOO_PUBLISHER_URI)")
    elif not doc.publisher_uri.startswith(TOOI_ORGANISATION_PREFIX):
        problems.append(f"de publicerende organisatie moet een TOOI-URI zijn ({TOOI_ORGANISATION_PREFIX}…)")
    if not doc.publisher_label or not doc.publisher_label.strip():
        problems.append("de naam van de publicerende organisatie ontbreekt (WOO_PUBLISHER_LABEL)")
    if doc.language not in LANGUAGE_TERMS:
        problems.append(f"onbekende taal {doc.language!r}; bekend: {', '.join(LANGUAGE_TERMS)}")
    if doc.format not in FORMAT_TERMS:
        problems.append(f"bestandsformaat {doc.format!r} staat niet in de DiWoo-waardelijst")
    if not doc.handlings:
        problems.append("geen documenthandeling (ontvangst of vaststelling met datum); DiWoo vereist er een")
    for ref in (doc.is_part_of, *doc.has_parts):
        if ref is not None and not _is_https_url(ref.uri):
            problems.append(f"verwijzing {ref.uri[:80]!r} is geen https-adres")
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
    assert doc.publisher_uri and doc.publisher_label
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
        part = etree.SubElement(dw, f"{{{DIWOO_NS}}}isPartOf", resource=doc.is_part_of.uri)
        part.text = doc.is_part_of.label
    if doc.has_parts:
        parts = etree.SubElement(dw, f"{{{DIWOO_NS}}}hasParts")
        for ref in doc.has_parts:
            etree.SubElement(parts, f"{{{DIWOO_NS}}}hasPart", resource=ref.uri).text = ref.label
    actions = etree.SubElement(dw, f"{{{DIWOO_NS}}}documenthandelingen")
    for handling in sorted(doc.handlings, key=lambda h: h.moment()):
        el = etree.SubElement(actions, f"{{{DIWOO_NS}}}documenthandeling")
        _term(el, "soortHandeling", ACTION_TERMS[handling.kind])
        _text(el, "atTime", handling.moment().isoformat(timespec="seconds"))
    if doc.replace_reason is not None:
        _term(dw, "redenVerwijderingVervanging", doc.replace_reason.term)
    if doc.disclosed_on is not None:
        extra = etree.SubElement(root, f"{{{DIWOO_NS}}}extraMetadata")
        fields = etree.SubElement(extra, f"{{{DIWOO_NS}}}extraMetadatavelden")
        veld = etree.SubElement(fields, f"{{{DIWOO_NS}}}extraMetadataveld")
        _text(veld, "key", DISCLOSURE_KEY)
        _text(etree.SubElement(veld, f"{{{DIWOO_NS}}}values"), "value", doc.disclosed_on.isoformat())
    return root


def diwoo_xml(doc: DiWooDocument) -> bytes:
    """A standalone ``<diwoo:Document>`` XML file (UTF-8, with declaration) for one published file."""
    data: bytes = etree.tostring(diwoo_element(doc), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def without_part(xml: bytes, path: str) -> bytes:
    """``xml`` (a DiWoo file) without the ``hasPart`` pointing at the published file ``path`` (a withdrawal).

    The decision's metadata lists its documents; a withdrawn one must not stay listed there, or a harvester
    follows a link to a file that is gone. An emptied ``hasParts`` is dropped: the schema wants at least one.
    """
    root = etree.fromstring(xml)
    suffix = "/" + quote(path)
    for parts in root.iter(f"{{{DIWOO_NS}}}hasParts"):
        for part in list(parts):
            if part.get("resource", "").endswith(suffix):
                parts.remove(part)
        parent = parts.getparent()
        if len(parts) == 0 and parent is not None:
            parent.remove(parts)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out
