"""The publisher is explicit configuration: refused until set, checked against the DiWoo organisation list that
ships with the package (and that list against the XSD)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from woo.demo import DEMO_PUBLISHER_LABEL, DEMO_PUBLISHER_URI
from woo.publication.publisher import PublisherNotConfigured, configured_publisher, tooi_organisations
from woo.settings import Settings, get_settings

DIWOO_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "diwoo"


def test_the_bundled_list_is_the_xsds_organisation_list() -> None:
    lists = DIWOO_DIR / "diwoo-metadata-lijsten.xsd"
    if not lists.is_file():
        pytest.skip(f"the DiWoo value lists are absent ({lists.resolve()})")
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    tree = etree.parse(str(lists), etree.XMLParser(no_network=True))
    names = ("collijst", "gemeentelijst", "ministerielijst", "provincielijst", "oorglijst", "solijst",
             "waterschapslijst", "zbolijst")
    uris = {e.get("value") for n in names
            for e in tree.xpath(f"//xs:simpleType[@name='{n}']//xs:enumeration", namespaces=ns)}
    assert set(tooi_organisations()) == uris
    assert tooi_organisations()[DEMO_PUBLISHER_URI] == "gemeente Boskoop"


def test_nothing_is_published_until_the_publisher_is_configured() -> None:
    with pytest.raises(PublisherNotConfigured) as err:
        configured_publisher(Settings(publisher_uri=None, publisher_label=None))
    assert "WOO_PUBLISHER_URI is niet ingesteld" in str(err.value)
    assert "WOO_PUBLISHER_LABEL is niet ingesteld" in str(err.value)


def test_a_code_not_on_the_list_is_refused() -> None:
    with pytest.raises(PublisherNotConfigured, match="staat niet op de TOOI-organisatielijst"):
        configured_publisher(Settings(publisher_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm9999",
                                      publisher_label="Gemeente Nergens"))


def test_the_demo_publishes_under_the_name_its_letters_use(woo_home) -> None:  # type: ignore[no-untyped-def]
    settings = get_settings()
    term = configured_publisher(settings)
    assert term.uri == DEMO_PUBLISHER_URI
    assert term.label == DEMO_PUBLISHER_LABEL == settings.organisation_name
