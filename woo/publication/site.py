"""The site around the publication folders: ``robots.txt``, the sitemap index and sitemaps, the reading room's
front page. Rebuilt from the folders themselves after every publication, withdrawal or replacement.

Layout of the publication root (served as the root of ``WOO_PUBLICATION_BASE_URL``)::

    robots.txt                                   Sitemap: …/sitemaps/sitemapindex-diwoo-infocat014.xml
    index.html                                   the reading room: every request, searchable
    sitemaps/sitemapindex-diwoo-infocat014.xml   the index the Woo-index harvester reads
    sitemaps/sitemap-infocat014-00001.xml …      at most 50,000 URLs and 50 MB each
    WOO-2026-0001/                               one publication folder per request (see ``folder.py``)
    verstrekking/<token>/                        private links for requesters: disallowed, noindex

``<lastmod>`` changes exactly when a file or its metadata changes: a small state file (outside the served
folder) remembers each URL's content hash and the moment it was first seen with that content. The same holds
for each sitemap in the index, so removing a withdrawn document changes its sitemap's ``lastmod``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from woo.publication.folder import MANIFEST_NAME, folder_sitemap_entries, read_manifest
from woo.publication.readingroom import ROOM_FILE, Room, site_index
from woo.publication.sitemap import (
    CATEGORY_CODE,
    SITEMAP_INDEX_NAME,
    SitemapEntry,
    robots_txt,
    sitemap_index_xml,
    split_sitemaps,
)

SITEMAP_DIR = "sitemaps"
SHARE_DIR = "verstrekking"
_FOLDER_NAME = re.compile(r"^[A-Z]+-\d{4}-\d+$")


@dataclass(frozen=True)
class SiteResult:
    """What a rebuild wrote: counts, and the files whose content changed (relative to the root)."""

    requests: int
    urls: int
    sitemaps: int
    changed: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def sitemap_name(n: int) -> str:
    return f"sitemap-{CATEGORY_CODE}-{n:05d}.xml"


def publication_folders(root: Path) -> list[Path]:
    """Every published request folder under ``root`` (one with a manifest), ordered by number."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and _FOLDER_NAME.match(p.name) and (p / MANIFEST_NAME).is_file()]

    def key(p: Path) -> tuple[str, int]:
        prefix, _, seq = p.name.rpartition("-")
        return prefix, int(seq)
    return sorted(found, key=key)


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


class LastModified:
    """Per URL: the content hash last seen and since when; a new hash moves ``lastmod`` to ``now``."""

    def __init__(self, path: Path, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("now needs a time zone")
        self.path = path
        self.now = now
        self.state: dict[str, list[str]] = json.loads(path.read_text()) if path.is_file() else {}
        self.seen: set[str] = set()

    def __call__(self, url: str, digest: str) -> datetime:
        self.seen.add(url)
        known = self.state.get(url)
        if known and known[0] == digest:
            return datetime.fromisoformat(known[1])
        self.state[url] = [digest, self.now.isoformat(timespec="seconds")]
        return self.now

    def save(self) -> None:
        # Forget URLs that are gone, so a document published again later gets a fresh lastmod.
        kept = {u: v for u, v in self.state.items() if u in self.seen}
        _write_if_changed(self.path, (json.dumps(kept, indent=1, sort_keys=True) + "\n").encode())


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def build_site(root: Path, *, base_url: str, publisher: str, state_file: Path,
               now: datetime | None = None) -> SiteResult:
    """(Re)write robots.txt, the sitemaps and the reading room's front page under ``root``."""
    now = now or datetime.now(UTC)
    root = Path(root)
    base = base_url.rstrip("/")
    lastmod = LastModified(state_file, now)
    folders = publication_folders(root)
    entries: list[SitemapEntry] = []
    rooms: list[Room] = []
    for folder in folders:
        manifest = read_manifest(folder)
        hashes = {f.path: f.sha256 for f in manifest.files}
        for e in folder_sitemap_entries(folder, f"{base}/{folder.name}", now):
            rel = unquote(e.loc[len(f"{base}/{folder.name}/"):])
            meta_rel = next(f.metadata for f in manifest.files if f.path == rel)
            digest = _digest(hashes[rel].encode(), hashes[meta_rel].encode() if meta_rel else b"")
            entries.append(SitemapEntry(e.loc, lastmod(e.loc, digest), e.metadata))
        if (folder / ROOM_FILE).is_file():
            rooms.append(Room.from_json((folder / ROOM_FILE).read_bytes()))

    changed: list[str] = []
    sitemaps = split_sitemaps(entries)
    index_rows = []
    for n, data in enumerate(sitemaps, start=1):
        rel = f"{SITEMAP_DIR}/{sitemap_name(n)}"
        url = f"{base}/{rel}"
        index_rows.append((url, lastmod(url, _digest(data))))
        if _write_if_changed(root / rel, data):
            changed.append(rel)
    # Sitemaps beyond the current count (after withdrawals) are removed, or the harvester would read old ones.
    for old in sorted((root / SITEMAP_DIR).glob(f"sitemap-{CATEGORY_CODE}-*.xml")):
        if old.name not in {sitemap_name(n) for n in range(1, len(sitemaps) + 1)}:
            old.unlink()
            changed.append(f"{SITEMAP_DIR}/{old.name}")
    index_rel = f"{SITEMAP_DIR}/{SITEMAP_INDEX_NAME}"
    if _write_if_changed(root / index_rel, sitemap_index_xml(index_rows)):
        changed.append(index_rel)

    path = urlsplit(base).path.rstrip("/")
    robots = robots_txt([f"{base}/{index_rel}"], disallow=[f"{path}/{SHARE_DIR}/"])
    if _write_if_changed(root / "robots.txt", robots):
        changed.append("robots.txt")
    if _write_if_changed(root / "index.html", site_index(rooms, publisher=publisher)):
        changed.append("index.html")
    lastmod.save()
    warnings = []
    if path:
        warnings.append(f"het publicatieadres {base} heeft een pad; de Woo-index zoekt robots.txt in de hoofdmap van "
                        f"de host: neem daar de regel 'Sitemap: {base}/{index_rel}' op")
    return SiteResult(requests=len(folders), urls=len(entries), sitemaps=len(sitemaps), changed=tuple(changed),
                      warnings=tuple(warnings))


def site_files(root: Path) -> Iterable[str]:
    """The site-level files :func:`build_site` maintains, relative to ``root`` (for mirroring)."""
    yield "robots.txt"
    yield "index.html"
    sm = Path(root) / SITEMAP_DIR
    if sm.is_dir():
        yield from sorted(f"{SITEMAP_DIR}/{p.name}" for p in sm.iterdir() if p.is_file() and not p.name.startswith("."))
