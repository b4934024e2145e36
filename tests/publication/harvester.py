"""A harvester that follows the DiWoo handbook, to check what we publish the way the Woo-index reads it.

From ``robots.txt`` it takes the ``Sitemap:`` lines whose file name follows the convention
``sitemapindex-diwoo-infocatNNN.xml`` (others are not read), reads each sitemap index, then each sitemap: at
most 50,000 URLs and 50 MB, every ``<loc>`` an https address that can be fetched, a ``<lastmod>``, a file type on
the harvester's list (the DiWoo ``formatlijst``), and the whole file valid against the sitemap protocol with the
DiWoo metadata validated strictly. It records problems instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO = "https://standaarden.overheid.nl/diwoo/metadata/"
INDEX_NAME = re.compile(r"^sitemapindex-diwoo-infocat(\d{3})\.xml$")
# The harvester's accepted file types (DiWoo formatlijst, "PLOOI filetypes") by extension.
ACCEPTED = {".7z", ".csv", ".xls", ".xlsx", ".html", ".odf", ".odp", ".ods", ".odt", ".pdf", ".txt", ".ppsx",
            ".ppt", ".pptx", ".pps", ".rtf", ".doc", ".docx", ".zip"}


@dataclass
class Harvest:
    indexes: list[str] = field(default_factory=list)
    sitemaps: dict[str, str] = field(default_factory=dict)  # url -> lastmod in the index
    documents: dict[str, tuple[str, etree._Element | None]] = field(default_factory=dict)  # loc -> lastmod, meta
    problems: list[str] = field(default_factory=list)


def local_fetch(root: Path, host: str) -> Callable[[str], bytes | None]:
    """Fetch https://host/… from a local publication root (what the web server would serve)."""
    def fetch(url: str) -> bytes | None:
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != host:
            return None
        path = root / unquote(parts.path.lstrip("/"))
        if path.is_dir():
            path = path / "index.html"
        return path.read_bytes() if path.is_file() else None
    return fetch


def harvest(fetch: Callable[[str], bytes | None], host: str, schema: etree.XMLSchema | None = None) -> Harvest:
    out = Harvest()
    robots = fetch(f"https://{host}/robots.txt")
    if robots is None:
        out.problems.append("geen robots.txt")
        return out
    for line in robots.decode().splitlines():
        if line.lower().startswith("sitemap:"):
            url = line.split(":", 1)[1].strip()
            if INDEX_NAME.match(url.rsplit("/", 1)[-1]):
                out.indexes.append(url)
    if not out.indexes:
        out.problems.append("robots.txt noemt geen sitemapindex-diwoo-infocatNNN.xml")
    for index_url in out.indexes:
        data = fetch(index_url)
        if data is None:
            out.problems.append(f"{index_url}: niet op te halen")
            continue
        root = etree.fromstring(data)
        if schema is not None and not schema.validate(root):
            out.problems.append(f"{index_url}: {schema.error_log.last_error}")
        entries = root.findall(f"{{{SM}}}sitemap")
        if len(entries) > 50_000:
            out.problems.append(f"{index_url}: meer dan 50.000 sitemaps")
        for sm in entries:
            out.sitemaps[sm.findtext(f"{{{SM}}}loc")] = sm.findtext(f"{{{SM}}}lastmod") or ""
    for sm_url in out.sitemaps:
        data = fetch(sm_url)
        if data is None:
            out.problems.append(f"{sm_url}: niet op te halen")
            continue
        if len(data) > 50 * 1024 * 1024:
            out.problems.append(f"{sm_url}: groter dan 50 MB")
        root = etree.fromstring(data)
        if schema is not None and not schema.validate(root):
            out.problems.append(f"{sm_url}: {schema.error_log.last_error}")
        urls = root.findall(f"{{{SM}}}url")
        if len(urls) > 50_000:
            out.problems.append(f"{sm_url}: meer dan 50.000 adressen")
        for url in urls:
            loc = url.findtext(f"{{{SM}}}loc") or ""
            lastmod = url.findtext(f"{{{SM}}}lastmod")
            if urlsplit(loc).scheme != "https":
                out.problems.append(f"{loc}: geen https")
            if not lastmod:
                out.problems.append(f"{loc}: geen lastmod")
            if Path(urlsplit(loc).path).suffix.lower() not in ACCEPTED:
                out.problems.append(f"{loc}: bestandstype niet op de lijst van de harvester")
            if fetch(loc) is None:
                out.problems.append(f"{loc}: niet op te halen")
            if loc in out.documents:
                out.problems.append(f"{loc}: dubbel")
            out.documents[loc] = (lastmod or "", url.find(f"{{{DIWOO}}}Document"))
    return out
