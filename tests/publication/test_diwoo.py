"""DiWoo metadata: every kind of document validates against the national XSD (offline), bad input does not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from lxml import etree

from woo.publication import (
    CATEGORY_WOO_REQUESTS,
    DEFAULT_PUBLISHER,
    DiWooDocument,
    DiWooError,
    DocumentKind,
    check_document,
    diwoo_xml,
)
from woo.publication.diwoo import DIWOO_NS

NS = {"diwoo": DIWOO_NS}

DOCUMENTS = [
    DiWooDocument(
        identifier="WOO-2026-0001/besluit", title="Besluit op Woo-verzoek over het parkeerbeleid",
        document_kind=DocumentKind.DECISION, decided_at=datetime(2026, 11, 30, 14, 5), dossier="WOO-2026-0001",
    ),
    DiWooDocument(
        identifier="WOO-2026-0001/verzoek", title="Woo-verzoek over het parkeerbeleid", document_kind="verzoek",
        received_at=datetime(2026, 10, 5, 9, 30, tzinfo=UTC), description="Inhoud van het verzoek",
    ),
    DiWooDocument(
        identifier="WOO-2026-0001/3", title="E-mail over parkeertarieven", created=date(2025, 3, 1),
        dossier="WOO-2026-0001", is_part_of="https://www.utrecht.nl/woo/WOO-2026-0001/besluit.pdf",
    ),
    DiWooDocument(
        identifier="WOO-2026-0001/4", title="Offerte handhavingsbureau (geen datum)",
        decided_at=datetime(2026, 11, 30, 14, 5), format="text/csv", language="en",
        publisher_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm0307", publisher_label="gemeente Amersfoort",
    ),
]


def parse(doc: DiWooDocument) -> etree._Element:
    return etree.fromstring(diwoo_xml(doc))


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.identifier)
def test_metadata_validates_against_the_diwoo_xsd(doc: DiWooDocument, diwoo_schema: etree.XMLSchema) -> None:
    root = parse(doc)
    assert diwoo_schema.validate(root), diwoo_schema.error_log


def test_required_parts_are_filled() -> None:
    root = parse(DOCUMENTS[0])
    assert root.tag == f"{{{DIWOO_NS}}}Document"
    dw = root.find("diwoo:DiWoo", NS)
    assert dw.find("diwoo:publisher", NS).get("resource") == DEFAULT_PUBLISHER.uri
    assert dw.findtext("diwoo:titelcollectie/diwoo:officieleTitel", namespaces=NS).startswith("Besluit op")
    cat = dw.find("diwoo:classificatiecollectie/diwoo:informatiecategorieen/diwoo:informatiecategorie", NS)
    assert cat.get("resource") == "https://identifier.overheid.nl/tooi/def/thes/kern/c_3baef532"
    assert cat.text == CATEGORY_WOO_REQUESTS.label
    soort = dw.find("diwoo:classificatiecollectie/diwoo:documentsoorten/diwoo:documentsoort", NS)
    assert soort.get("resource").endswith("c_4f50ca9c")
    handling = dw.find("diwoo:documenthandelingen/diwoo:documenthandeling", NS)
    assert handling.find("diwoo:soortHandeling", NS).get("resource").endswith("c_641ecd76")
    # A naive time is Dutch civil time: 30 November is winter time, UTC+1.
    assert handling.findtext("diwoo:atTime", namespaces=NS) == "2026-11-30T14:05:00+01:00"
    assert dw.findtext("diwoo:aggregatiekenmerk", namespaces=NS) == "WOO-2026-0001"


def test_request_is_received_and_released_document_is_adopted_on_its_date() -> None:
    request = parse(DOCUMENTS[1]).find(".//diwoo:documenthandeling", NS)
    assert request.find("diwoo:soortHandeling", NS).text == "ontvangst"
    assert request.findtext("diwoo:atTime", namespaces=NS) == "2026-10-05T09:30:00+00:00"
    document = parse(DOCUMENTS[2])
    assert document.findtext(".//diwoo:atTime", namespaces=NS) == "2025-03-01T00:00:00+01:00"
    assert document.find(".//diwoo:documentsoorten", NS) is None
    assert document.findtext(".//diwoo:creatiedatum", namespaces=NS) == "2025-03-01"


def test_default_publisher_is_in_the_municipality_list(organisation_uris: set[str]) -> None:
    assert DEFAULT_PUBLISHER.uri in organisation_uris


def test_missing_title_fails_xsd_validation(diwoo_schema: etree.XMLSchema) -> None:
    root = parse(DOCUMENTS[2])
    title = root.find(".//diwoo:officieleTitel", NS)
    title.getparent().remove(title)
    assert not diwoo_schema.validate(root)
    assert "officieleTitel" in str(diwoo_schema.error_log)


def test_missing_title_is_refused_before_writing() -> None:
    with pytest.raises(DiWooError, match=r"WOO-2026-0001/3.*de titel ontbreekt"):
        diwoo_xml(DiWooDocument(identifier="WOO-2026-0001/3", title="  ", created=date(2025, 3, 1)))


def test_publisher_outside_the_value_list_fails_xsd_validation(diwoo_schema: etree.XMLSchema) -> None:
    doc = DiWooDocument(identifier="x/1", title="t", created=date(2025, 1, 1),
                        publisher_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm9999")
    assert not diwoo_schema.validate(parse(doc))


def test_all_problems_are_named_together() -> None:
    doc = DiWooDocument(identifier="WOO-2026-0001/9", title="", document_kind="brief", language="xx",
                        format="image/png", publisher_uri="https://example.org/gemeente")
    problems = check_document(doc)
    assert len(problems) == 5
    assert all(p.startswith("metadata 'WOO-2026-0001/9': ") for p in problems)
    assert any("brief" in p for p in problems) and any("image/png" in p for p in problems)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (DiWooDocument("a/1", "Besluit", document_kind="besluit"), "datum van vaststelling"),
        (DiWooDocument("a/2", "Verzoek", document_kind="verzoek"), "datum van ontvangst"),
        (DiWooDocument("a/3", "Document zonder datum"), "documenthandeling"),
    ],
)
def test_a_document_action_with_a_time_is_required(doc: DiWooDocument, message: str) -> None:
    with pytest.raises(DiWooError, match=message):
        diwoo_xml(doc)


def test_aware_times_keep_their_offset() -> None:
    doc = DiWooDocument("a/4", "Besluit", document_kind="besluit",
                        decided_at=datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=-3))))
    assert parse(doc).findtext(".//diwoo:atTime", namespaces=NS) == "2026-07-01T12:00:00-03:00"
