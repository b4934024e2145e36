"""Sitemaps for the Woo-index: loc and lastmod per file, DiWoo metadata embedded, limits enforced."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import etree

from woo.publication import (
    SITEMAP_INDEX_NAME,
    ActionKind,
    DiWooDocument,
    Handling,
    SitemapEntry,
    SitemapError,
    sitemap_index_xml,
    sitemap_xml,
)
from woo.publication import sitemap as sitemap_module
from woo.publication.diwoo import DIWOO_NS
from woo.publication.sitemap import SITEMAP_NS

NS = {"s": SITEMAP_NS, "diwoo": DIWOO_NS}
BASE = "https://open.voorbeeldstad.nl/WOO-2026-0001"


PUBLISHER = {"publisher_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0499",
             "publisher_label": "Gemeente Voorbeeldstad"}


def entries() -> list[SitemapEntry]:
    return [
        SitemapEntry(f"{BASE}/besluit.pdf", date(2026, 11, 30),
                     DiWooDocument(f"{BASE}/besluit.pdf", "Besluit op Woo-verzoek", document_kind="besluit",
                                   handlings=(Handling(ActionKind.ADOPTION, datetime(2026, 11, 30, 14, 0)),),
                                   **PUBLISHER)),  # type: ignore[arg-type]
        SitemapEntry(f"{BASE}/documenten/001-e-mail.pdf", datetime(2026, 11, 30, 14, 0, tzinfo=UTC),
                     DiWooDocument(f"{BASE}/documenten/001-e-mail.pdf", "E-mail", created=date(2025, 3, 1),
                                   handlings=(Handling(ActionKind.RECEIPT, date(2025, 3, 1)),),
                                   **PUBLISHER)),  # type: ignore[arg-type]
        SitemapEntry(f"{BASE}/inventaris.csv", date(2026, 11, 30)),
    ]


def test_sitemap_lists_loc_and_lastmod() -> None:
    root = etree.fromstring(sitemap_xml(entries()))
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    urls = root.findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [e.loc for e in entries()]
    assert [u.findtext("s:lastmod", namespaces=NS) for u in urls] == [
        "2026-11-30", "2026-11-30T14:00:00+00:00", "2026-11-30"]
    assert len(urls[2].findall("diwoo:Document", NS)) == 0


def test_embedded_metadata_validates(diwoo_schema: etree.XMLSchema) -> None:
    root = etree.fromstring(sitemap_xml(entries()))
    docs = root.findall("s:url/diwoo:Document", NS)
    assert len(docs) == 2
    for doc in docs:
        assert diwoo_schema.validate(etree.fromstring(etree.tostring(doc))), diwoo_schema.error_log


def test_bad_locations_are_all_reported() -> None:
    bad = [SitemapEntry("http://open.voorbeeldstad.nl/a.pdf", date(2026, 1, 1)),
           SitemapEntry("/woo/b.pdf", date(2026, 1, 1)),
           SitemapEntry(f"{BASE}/c.pdf", date(2026, 1, 1)),
           SitemapEntry(f"{BASE}/c.pdf", date(2026, 1, 1))]
    with pytest.raises(SitemapError) as err:
        sitemap_xml(bad)
    message = str(err.value)
    assert "http://open.voorbeeldstad.nl/a.pdf" in message and "/woo/b.pdf" in message
    assert "meer dan eens" in message


def test_naive_lastmod_is_refused() -> None:
    with pytest.raises(SitemapError, match="tijdzone"):
        sitemap_xml([SitemapEntry(f"{BASE}/a.pdf", datetime(2026, 1, 1, 12, 0))])


def test_url_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemap_module, "MAX_URLS", 2)
    with pytest.raises(SitemapError, match="ten hoogste 2"):
        sitemap_xml([SitemapEntry(f"{BASE}/{i}.pdf", date(2026, 1, 1)) for i in range(3)])


def test_sitemap_index() -> None:
    assert SITEMAP_INDEX_NAME == "sitemapindex-diwoo-infocat014.xml"
    root = etree.fromstring(sitemap_index_xml([(f"{BASE}/sitemap.xml", date(2026, 11, 30))]))
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    assert root.findtext("s:sitemap/s:loc", namespaces=NS) == f"{BASE}/sitemap.xml"
    assert root.findtext("s:sitemap/s:lastmod", namespaces=NS) == "2026-11-30"
