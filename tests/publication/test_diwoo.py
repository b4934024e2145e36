"""DiWoo metadata: every kind of file validates against the national XSD (offline), bad input does not, and the
handlings say what the body did (received or made), never more."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from lxml import etree

from woo.publication import (
    CATEGORY_WOO_REQUESTS,
    ActionKind,
    DiWooDocument,
    DiWooError,
    DocumentKind,
    Handling,
    ReplaceReason,
    Term,
    check_document,
    diwoo_xml,
)
from woo.publication.diwoo import DISCLOSURE_KEY, DIWOO_NS
from woo.publication.metadata import (
    Origin,
    ReleasedDocument,
    RequestFacts,
    decision_metadata,
    document_metadata,
    inventory_metadata,
    request_metadata,
)

NS = {"diwoo": DIWOO_NS}
PUBLISHER = Term("https://identifier.overheid.nl/tooi/id/gemeente/gm0499", "Gemeente Voorbeeldstad")
FACTS = RequestFacts(number="WOO-2026-0001", subject="Herinrichting Stationsplein", received_on=date(2026, 10, 5),
                     decided_on=date(2026, 11, 30), public_on=date(2026, 12, 7),
                     base_url="https://open.voorbeeldstad.nl", publisher=PUBLISHER)
RECEIVED = ReleasedDocument(1, "E-mail offerte", "documenten/001-e-mail-offerte.pdf", date(2025, 2, 20),
                            Origin.RECEIVED, "deels openbaar", ("5.1.2e",))
OWN = ReleasedDocument(7, "Informatiebrief bewoners", "documenten/007-informatiebrief.pdf", date(2025, 6, 2),
                       Origin.OWN, "openbaar")
UNDATED = ReleasedDocument(8, "Scan brief", "documenten/008-scan.pdf", None, Origin.RECEIVED, "deels openbaar",
                           ("5.1.2e",), replace_reason=ReplaceReason.PRIVACY)

DOCUMENTS = {
    "decision": decision_metadata(FACTS, [RECEIVED, OWN]),
    "request": request_metadata(FACTS),
    "inventory": inventory_metadata(FACTS),
    "received": document_metadata(FACTS, RECEIVED),
    "own": document_metadata(FACTS, OWN),
    "undated-replaced": document_metadata(FACTS, UNDATED),
}


def parse(doc: DiWooDocument) -> etree._Element:
    return etree.fromstring(diwoo_xml(doc))


def handlings(doc: DiWooDocument) -> list[tuple[str, str]]:
    return [(h.findtext("diwoo:soortHandeling", namespaces=NS), h.findtext("diwoo:atTime", namespaces=NS))
            for h in parse(doc).iterfind(".//diwoo:documenthandeling", NS)]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_metadata_validates_against_the_diwoo_xsd(name: str, diwoo_schema: etree.XMLSchema) -> None:
    assert diwoo_schema.validate(parse(DOCUMENTS[name])), diwoo_schema.error_log


def test_required_parts_are_filled_and_identifiers_are_urls() -> None:
    dw = parse(DOCUMENTS["decision"]).find("diwoo:DiWoo", NS)
    assert dw.findtext("diwoo:identifiers/diwoo:identifier", namespaces=NS) == \
        "https://open.voorbeeldstad.nl/WOO-2026-0001/besluit.pdf"
    publisher = dw.find("diwoo:publisher", NS)
    assert (publisher.get("resource"), publisher.text) == (PUBLISHER.uri, "Gemeente Voorbeeldstad")
    assert dw.findtext("diwoo:titelcollectie/diwoo:officieleTitel", namespaces=NS) == \
        "Besluit op Woo-verzoek WOO-2026-0001"
    assert "Herinrichting Stationsplein" in dw.findtext("diwoo:omschrijvingen/diwoo:omschrijving", namespaces=NS)
    cat = dw.find("diwoo:classificatiecollectie/diwoo:informatiecategorieen/diwoo:informatiecategorie", NS)
    assert (cat.get("resource"), cat.text) == (CATEGORY_WOO_REQUESTS.uri, "Woo-verzoeken en -besluiten")
    assert dw.find(".//diwoo:documentsoort", NS).get("resource").endswith("c_4f50ca9c")
    assert dw.findtext("diwoo:aggregatiekenmerk", namespaces=NS) == "WOO-2026-0001"
    parts = [p.get("resource") for p in dw.iterfind("diwoo:hasParts/diwoo:hasPart", NS)]
    assert parts == [FACTS.url(RECEIVED.path), FACTS.url(OWN.path)]


def test_handlings_say_received_or_made_on_the_documents_own_date() -> None:
    assert handlings(DOCUMENTS["request"]) == [("ontvangst", "2026-10-05T00:00:00+02:00")]
    assert handlings(DOCUMENTS["decision"]) == [("vaststelling", "2026-11-30T00:00:00+01:00")]
    # An incoming contractor e-mail was never "vastgesteld": it was received, on its own date.
    assert handlings(DOCUMENTS["received"]) == [("ontvangst", "2025-02-20T00:00:00+01:00")]
    assert handlings(DOCUMENTS["own"]) == [("vaststelling", "2025-06-02T00:00:00+02:00")]
    # Without a date of its own: the decision date, the last moment the document certainly existed.
    assert handlings(DOCUMENTS["undated-replaced"]) == [("ontvangst", "2026-11-30T00:00:00+01:00")]
    assert parse(DOCUMENTS["undated-replaced"]).find(".//diwoo:creatiedatum", NS) is None


def test_disclosure_date_and_replacement_reason() -> None:
    root = parse(DOCUMENTS["undated-replaced"])
    field = root.find("diwoo:extraMetadata/diwoo:extraMetadatavelden/diwoo:extraMetadataveld", NS)
    assert field.findtext("diwoo:key", namespaces=NS) == DISCLOSURE_KEY
    assert field.findtext("diwoo:values/diwoo:value", namespaces=NS) == "2026-12-07"
    reason = root.find(".//diwoo:redenVerwijderingVervanging", NS)
    assert (reason.get("resource"), reason.text) == (
        "https://identifier.overheid.nl/tooi/def/thes/kern/c_098c1346", "correctie privacygevoelige gegevens")
    assert parse(DOCUMENTS["received"]).find(".//diwoo:redenVerwijderingVervanging", NS) is None


def test_the_inventory_is_csv_and_part_of_the_decision() -> None:
    dw = parse(DOCUMENTS["inventory"]).find("diwoo:DiWoo", NS)
    assert dw.find("diwoo:format", NS).get("resource").endswith("/CSV")
    assert dw.find("diwoo:isPartOf", NS).get("resource") == FACTS.url("besluit.pdf")


def test_missing_title_fails_xsd_validation(diwoo_schema: etree.XMLSchema) -> None:
    root = parse(DOCUMENTS["received"])
    title = root.find(".//diwoo:officieleTitel", NS)
    title.getparent().remove(title)
    assert not diwoo_schema.validate(root)
    assert "officieleTitel" in str(diwoo_schema.error_log)


def test_an_unknown_handling_fails_xsd_validation(diwoo_schema: etree.XMLSchema) -> None:
    # Why disclosure is not a soortHandeling: the v0.9.8 list has no such value.
    root = parse(DOCUMENTS["received"])
    root.find(".//diwoo:soortHandeling", NS).set("resource", "https://identifier.overheid.nl/tooi/def/thes/kern/x")
    assert not diwoo_schema.validate(root)


def _doc(**kw: object) -> DiWooDocument:
    base: dict[str, object] = {
        "identifier": "https://open.voorbeeldstad.nl/WOO-2026-0001/documenten/003-x.pdf", "title": "Brief",
        "publisher_uri": PUBLISHER.uri, "publisher_label": PUBLISHER.label,
        "handlings": (Handling(ActionKind.RECEIPT, date(2025, 3, 1)),)}
    base.update(kw)
    return DiWooDocument(**base)  # type: ignore[arg-type]


def test_missing_title_is_refused_before_writing() -> None:
    with pytest.raises(DiWooError, match=r"003-x.pdf.*de titel ontbreekt"):
        diwoo_xml(_doc(title="  "))


def test_publisher_outside_the_value_list_fails_xsd_validation(diwoo_schema: etree.XMLSchema) -> None:
    doc = _doc(publisher_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm9999")
    assert not diwoo_schema.validate(parse(doc))


def test_all_problems_are_named_together() -> None:
    problems = check_document(_doc(identifier="WOO-2026-0001/9", title="", document_kind="brief", language="xx",
                                   format="image/png", publisher_uri=None, publisher_label="", handlings=()))
    assert len(problems) == 8
    assert all(p.startswith("metadata 'WOO-2026-0001/9': ") for p in problems)
    text = " ".join(problems)
    for expected in ("https-adres", "brief", "image/png", "WOO_PUBLISHER_URI", "WOO_PUBLISHER_LABEL",
                     "documenthandeling", "titel", "taal"):
        assert expected in text


def test_aware_times_keep_their_offset() -> None:
    doc = _doc(document_kind=DocumentKind.DECISION,
               handlings=(Handling(ActionKind.ADOPTION, datetime(2026, 7, 1, 12, 0,
                                                                 tzinfo=timezone(timedelta(hours=-3)))),
                          Handling(ActionKind.SIGNING, datetime(2026, 7, 1, 9, 0, tzinfo=UTC))))
    assert [t for _, t in handlings(doc)] == ["2026-07-01T09:00:00+00:00", "2026-07-01T12:00:00-03:00"]
