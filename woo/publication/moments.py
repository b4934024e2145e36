"""Two moments: the requester first, then the public.

Government practice separates the *feitelijke verstrekking* (the requester receives the documents, here through a
private link) from the *openbare publicatie* some days later. The verstrekking is on the disclosure date (the
decision date, or two weeks later when a third party is expected to object, Woo 4.4(5)); public publication
follows ``WOO_PUBLICATION_DELAY_DAYS`` working days (Atw calendar) after it. The private link is an unguessable
token under ``verstrekking/`` of the publication site (disallowed in robots.txt, pages marked noindex); it works
until ``WOO_SHARE_LINK_DAYS`` after the verstrekking, and never ends before the public publication. Expired
links are removed by :func:`expired_shares` (the CLI ``woo publication expire``, meant to run daily).

The token is kept with the request's private files (``requests/<id>/verstrekking.json``), never in Prefect or
the audit log (which get its SHA-256 only): whoever has it can read the documents before they are public.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from woo.deadlines import DEFAULT_CALENDAR, LegalCalendar

SHARE_FILE = "verstrekking.json"
SHARE_DIR = "verstrekking"


@dataclass(frozen=True)
class Moments:
    """When the requester gets the documents, when the public does, and until when the private link works."""

    verstrekking_on: date
    public_on: date
    link_expires_on: date


def add_working_days(day: date, n: int, calendar: LegalCalendar = DEFAULT_CALENDAR) -> date:
    """``n`` working days after ``day`` (weekends and Atw holidays skipped); ``n == 0`` is ``day`` itself."""
    current = day
    left = n
    while left > 0:
        current += timedelta(days=1)
        if not calendar.is_closed(current):
            left -= 1
    return current


def plan(decided_on: date, disclosure_on: date | None, *, delay_days: int, link_days: int) -> Moments:
    verstrekking = max(disclosure_on or decided_on, decided_on)
    public = add_working_days(verstrekking, delay_days)
    expires = max(verstrekking + timedelta(days=link_days), public)
    return Moments(verstrekking, public, expires)


@dataclass(frozen=True)
class Share:
    """A request's private link: the token, and once the folder is written its dates."""

    token: str
    verstrekking_on: date | None = None
    public_on: date | None = None
    expires_on: date | None = None
    removed_on: date | None = None

    @property
    def token_sha256(self) -> str:
        return hashlib.sha256(self.token.encode()).hexdigest()

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}/{SHARE_DIR}/{self.token}/index.html"

    def folder(self, publication_root: Path) -> Path:
        return Path(publication_root) / SHARE_DIR / self.token

    def to_json(self) -> str:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None
        return json.dumps({"token": self.token, "verstrekking_on": iso(self.verstrekking_on),
                           "public_on": iso(self.public_on), "expires_on": iso(self.expires_on),
                           "removed_on": iso(self.removed_on)}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Share:
        b = json.loads(text)

        def d(key: str) -> date | None:
            return date.fromisoformat(b[key]) if b.get(key) else None
        return cls(b["token"], d("verstrekking_on"), d("public_on"), d("expires_on"), d("removed_on"))


def _write(path: Path, share: Share) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_text(share.to_json())
    os.replace(tmp, path)


def share_for(request_dir: Path) -> Share:
    """The request's private link, made once (an exclusive create: two runs at once get the same token)."""
    path = Path(request_dir) / SHARE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        share = Share(secrets.token_urlsafe(24))
        try:
            with path.open("x") as fh:
                fh.write(share.to_json())
        except FileExistsError:
            pass
    return Share.from_json(path.read_text())


def existing_share(request_dir: Path) -> Share | None:
    path = Path(request_dir) / SHARE_FILE
    return Share.from_json(path.read_text()) if path.is_file() else None


def record_share(request_dir: Path, share: Share) -> None:
    _write(Path(request_dir) / SHARE_FILE, share)


def all_shares(requests_root: Path) -> Iterator[tuple[str, Share]]:
    """Every request's share: (request id, share)."""
    root = Path(requests_root)
    if not root.is_dir():
        return
    for f in sorted(root.glob(f"*/{SHARE_FILE}")):
        yield f.parent.name, Share.from_json(f.read_text())


def expired_shares(requests_root: Path, today: date) -> list[tuple[str, Share]]:
    """Shares whose link has expired and whose folder is still to be removed."""
    return [(rid, s) for rid, s in all_shares(requests_root)
            if s.expires_on is not None and s.expires_on < today and s.removed_on is None]


def dossier_rows(request_dir: Path, decided_on: date | None, disclosure_on: date | None, *, delay_days: int,
                 link_days: int) -> list[list[object]]:
    """The two moments for the dossier (dates only): as written when the private copy was made, else planned."""
    if decided_on is None:
        return []
    share = existing_share(request_dir)
    if share is not None and share.verstrekking_on is not None:
        rows: list[list[object]] = [["Verstrekking aan verzoeker (persoonlijke link)", share.verstrekking_on],
                                    ["Openbare publicatie", share.public_on],
                                    ["Persoonlijke link geldig tot en met", share.expires_on]]
        if share.removed_on:
            rows.append(["Persoonlijke link verwijderd op", share.removed_on])
        return rows
    m = plan(decided_on, disclosure_on, delay_days=delay_days, link_days=link_days)
    return [["Verstrekking aan verzoeker (gepland)", m.verstrekking_on], ["Openbare publicatie (gepland)", m.public_on]]
