"""Sitemaps through which the Woo-index harvests published files, with DiWoo metadata per URL.

``robots.txt`` points to a sitemap index (``sitemapindex-diwoo-infocat014.xml`` for Woo-verzoeken); each
sitemap lists files with ``<loc>`` (a direct https link) and ``<lastmod>`` (when to fetch again), and may carry
a ``<diwoo:Document>`` for the file. :func:`split_sitemaps` cuts the entries into sitemaps of at most 50,000
URLs and 50 MB each, in a stable order, so adding a publication only changes the last sitemap.
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
# Woo 3.3(2)(i), Woo-verzoeken en -besluiten, is infocat014 for the Woo-index.
CATEGORY_CODE = "infocat014"
SITEMAP_INDEX_NAME = f"sitemapindex-diwoo-{CATEGORY_CODE}.xml"
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
    etree.cleanup_namespaces(root)
    if count > MAX_URLS:
        raise SitemapError(f"een sitemap mag ten hoogste {MAX_URLS} adressen bevatten, niet {count}")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if len(data) > MAX_BYTES:
        raise SitemapError(f"de sitemap is {len(data)} bytes; het maximum is {MAX_BYTES}")
    return data


def _check_entries(items: list[SitemapEntry]) -> None:
    problems = [p for p in (_check_loc(e.loc) for e in items) if p]
    seen: set[str] = set()
    for e in items:
        if e.loc in seen:
            problems.append(f"{e.loc[:120]!r}: staat meer dan eens in de sitemap")
        seen.add(e.loc)
    if problems:
        raise SitemapError("; ".join(problems))


def _url_element(e: SitemapEntry) -> etree._Element:
    url = etree.Element(f"{{{SITEMAP_NS}}}url", nsmap={None: SITEMAP_NS, "diwoo": DIWOO_NS})
    etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = e.loc
    etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = _lastmod(e.lastmod)
    if isinstance(e.metadata, DiWooDocument):
        url.append(diwoo_element(e.metadata))
    elif e.metadata is not None:
        url.append(copy.deepcopy(e.metadata))
    return url


def _urlset(elements: Iterable[etree._Element]) -> tuple[etree._Element, int]:
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "diwoo": DIWOO_NS})
    n = 0
    for el in elements:
        root.append(el)
        n += 1
    return root, n


def sitemap_xml(entries: Iterable[SitemapEntry]) -> bytes:
    """A ``<urlset>`` with ``<loc>``, ``<lastmod>`` and, where given, ``<diwoo:Document>`` per entry.

    All entries are checked first; the error lists every bad one, so one fix round is enough.
    """
    items = list(entries)
    _check_entries(items)
    root, n = _urlset(_url_element(e) for e in items)
    return _serialise(root, n)


def split_sitemaps(entries: Iterable[SitemapEntry]) -> list[bytes]:
    """The entries as consecutive ``<urlset>`` files, each within :data:`MAX_URLS` and :data:`MAX_BYTES`.

    Entries keep the order given (callers sort them stably, so a new publication only changes the last file);
    a new file starts when the next entry would break either limit. All entries are checked first.
    """
    items = list(entries)
    _check_entries(items)
    elements = [_url_element(e) for e in items]
    empty = len(_serialise(_urlset(())[0], 0))
    chunks: list[list[etree._Element]] = [[]]
    size = empty
    for el in elements:
        # Serialised alone plus room for the indentation pretty printing adds inside the urlset.
        one = len(etree.tostring(el, pretty_print=True)) * 11 // 10 + 16
        if one + empty > MAX_BYTES:
            raise SitemapError(f"{el.findtext(f'{{{SITEMAP_NS}}}loc')[:120]!r}: één adres met metadata is groter "
                               f"dan {MAX_BYTES} bytes")
        if chunks[-1] and (len(chunks[-1]) >= MAX_URLS or size + one > MAX_BYTES):
            chunks.append([])
            size = empty
        chunks[-1].append(el)
        size += one
    return [_serialise(*_urlset(chunk)) for chunk in chunks]


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


def robots_txt(sitemap_index_urls: Iterable[str], *, disallow: Iterable[str] = ()) -> bytes:
    """``robots.txt`` naming the sitemap indexes (absolute https URLs), as the harvester looks for them."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallow]
    if len(lines) == 1:
        lines.append("Allow: /")
    lines.append("")
    for url in sitemap_index_urls:
        problem = _check_loc(url)
        if problem:
            raise SitemapError(problem)
        lines.append(f"Sitemap: {url}")
    return ("\n".join(lines) + "\n").encode("utf-8")
