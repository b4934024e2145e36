"""Sitemaps through which the Woo-index harvests published files, with DiWoo metadata per URL.

``robots.txt`` points to a sitemap index (``sitemapindex-diwoo-infocat014.xml`` for Woo-verzoeken); each
sitemap lists files with ``<loc>`` (a direct https link) and ``<lastmod>`` (when to fetch again), and may carry
a ``<diwoo:Document>`` for the file. One sitemap per request folder keeps each one far below the limits of
50,000 URLs and 50 MB, which we still check.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from lxml import etree

from woo.errors import Permanent
from woo.publication.diwoo import DIWOO_NS, DiWooDocument, diwoo_element

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_INDEX_NAME = "sitemapindex-diwoo-infocat014.xml"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024


class SitemapError(Permanent, ValueError):
    """A sitemap entry is unusable or the sitemap exceeds the protocol's limits."""


@dataclass(frozen=True)
class SitemapEntry:
    """One published file: its public https URL, when it last changed, and optionally its DiWoo metadata."""

    loc: str
    lastmod: date | datetime
    metadata: DiWooDocument | etree._Element | None = None


def _check_loc(loc: str) -> str | None:
    parts = urlsplit(loc)
    if parts.scheme != "https" or not parts.netloc:
        return f"{loc[:120]!r}: een sitemap-adres moet een volledig https-adres zijn"
    return None


def _lastmod(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise SitemapError("lastmod zonder tijdzone is dubbelzinnig; geef een tijdzone mee")
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _serialise(root: etree._Element, count: int) -> bytes:
    if count > MAX_URLS:
        raise SitemapError(f"een sitemap mag ten hoogste {MAX_URLS} adressen bevatten, niet {count}")
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if len(data) > MAX_BYTES:
        raise SitemapError(f"de sitemap is {len(data)} bytes; het maximum is {MAX_BYTES}")
    return data


def sitemap_xml(entries: Iterable[SitemapEntry]) -> bytes:
    """A ``<urlset>`` with ``<loc>``, ``<lastmod>`` and, where given, ``<diwoo:Document>`` per entry.

    All entries are checked first; the error lists every bad one, so one fix round is enough.
    """
    items = list(entries)
    problems = [p for p in (_check_loc(e.loc) for e in items) if p]
    seen: set[str] = set()
    for e in items:
        if e.loc in seen:
            problems.append(f"{e.loc[:120]!r}: staat meer dan eens in de sitemap")
        seen.add(e.loc)
    if problems:
        raise SitemapError("; ".join(problems))
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "diwoo": DIWOO_NS})
    for e in items:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = e.loc
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = _lastmod(e.lastmod)
        if isinstance(e.metadata, DiWooDocument):
            url.append(diwoo_element(e.metadata))
        elif e.metadata is not None:
            url.append(copy.deepcopy(e.metadata))
    return _serialise(root, len(items))


def sitemap_index_xml(sitemaps: Iterable[tuple[str, date | datetime]]) -> bytes:
    """A ``<sitemapindex>`` listing sitemap URLs with their last change, for ``robots.txt`` to point to."""
    items = list(sitemaps)
    problems = [p for p in (_check_loc(loc) for loc, _ in items) if p]
    if problems:
        raise SitemapError("; ".join(problems))
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for loc, lastmod in items:
        sm = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(sm, f"{{{SITEMAP_NS}}}loc").text = loc
        etree.SubElement(sm, f"{{{SITEMAP_NS}}}lastmod").text = _lastmod(lastmod)
    return _serialise(root, len(items))
