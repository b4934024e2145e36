"""The site a harvester reads: robots.txt -> sitemap index -> sitemaps with DiWoo metadata, made by the real
publish step; split at 50,000 URLs and 50 MB; lastmod moving only when a file changes; a withdrawal that
removes a document from the sitemap and the reading room and leaves a tombstone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from harvester import DIWOO, harvest, local_fetch
from lxml import etree
from publication_dossier import NUMBER, REQUEST_ID, REQUESTER_NAME
from sqlalchemy import select

from woo.case import UnitOfWork
from woo.privacy import Audience, Gate, KnownData, person_values
from woo.process.publish import publish
from woo.publication import ReplaceReason, change_document, read_manifest, verify_folder
from woo.publication import sitemap as sitemap_module
from woo.publication.readingroom import ROOM_FILE, Room, request_pages
from woo.publication.site import build_site
from woo.publication.sitemap import SitemapEntry, split_sitemaps
from woo.settings import get_settings
from woo.store.db import session_scope
from woo.store.models import AuditRow

HOST = "open.voorbeeldstad.nl"
BASE = f"https://{HOST}"
NS = {"diwoo": DIWOO}


def _handling(meta: etree._Element) -> tuple[str, str]:
    h = meta.find(".//diwoo:documenthandeling", NS)
    return h.findtext("diwoo:soortHandeling", namespaces=NS), h.findtext("diwoo:atTime", namespaces=NS)[:10]


def test_the_publish_step_writes_a_site_the_harvester_accepts(decided_request: Path, sitemap_schema) -> None:
    result = publish(UnitOfWork(), REQUEST_ID, today=date.today())
    assert result.status == "published", result
    got = harvest(local_fetch(decided_request, HOST), HOST, sitemap_schema)
    assert got.problems == []
    assert got.indexes == [f"{BASE}/sitemaps/sitemapindex-diwoo-infocat014.xml"]
    folder = f"{BASE}/{NUMBER}"
    docs = got.documents
    assert sorted(docs) == sorted([
        f"{folder}/besluit.pdf", f"{folder}/verzoek.pdf", f"{folder}/inventaris.csv",
        f"{folder}/documenten/001-offerte-stationsplein.pdf", f"{folder}/documenten/002-offerte.pdf",
        f"{folder}/documenten/003-memo-parkeren.pdf", f"{folder}/documenten/004-brief-bewoner.pdf"])
    for loc, (_, meta) in docs.items():
        assert meta is not None, loc
        dw = meta.find("diwoo:DiWoo", NS)
        assert dw.findtext("diwoo:identifiers/diwoo:identifier", namespaces=NS) == loc
        assert dw.find("diwoo:publisher", NS).text == get_settings().organisation_name
        assert dw.findtext("diwoo:aggregatiekenmerk", namespaces=NS) == NUMBER
    # The contractor's e-mail and its attachment were received on the e-mail's date; the memo the answers name
    # as the body's own was adopted on the date its file name gives; a letter of unknown origin was received.
    assert _handling(docs[f"{folder}/documenten/001-offerte-stationsplein.pdf"][1]) == ("ontvangst", "2025-02-20")
    assert _handling(docs[f"{folder}/documenten/002-offerte.pdf"][1]) == ("ontvangst", "2025-02-20")
    assert _handling(docs[f"{folder}/documenten/003-memo-parkeren.pdf"][1]) == ("vaststelling", "2025-06-20")
    assert _handling(docs[f"{folder}/documenten/004-brief-bewoner.pdf"][1]) == ("ontvangst", "2025-06-16")
    assert _handling(docs[f"{folder}/verzoek.pdf"][1]) == ("ontvangst", "2026-10-01")
    # The requester's private copy exists but is neither in a sitemap nor open to crawlers.
    robots = (decided_request / "robots.txt").read_text()
    assert "Disallow: /verstrekking/" in robots
    [share] = (decided_request / "verstrekking").iterdir()
    assert 'name="robots" content="noindex' in (share / "index.html").read_text()
    assert not any("verstrekking" in loc for loc in docs)
    assert verify_folder(decided_request / NUMBER) == [] and verify_folder(share) == []


def test_the_reading_room_and_metadata_hold_no_personal_data(decided_request: Path) -> None:
    publish(UnitOfWork(), REQUEST_ID, today=date.today())
    from woo.privacy import Outgoing, known_data

    with UnitOfWork() as uow:
        gate = Gate(known_data(uow.requests, REQUEST_ID), Audience.public())

    for path in sorted(decided_request.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".csv"):
            check = gate.check(path.name, [Outgoing(path.relative_to(decided_request).as_posix(), path.read_bytes())])
            assert check.passed, (path, check.message)
    room = json.loads((decided_request / NUMBER / ROOM_FILE).read_text())
    assert REQUESTER_NAME not in room["subject"] and room["subject"].startswith("Parkeren Stationsplein")


def test_lastmod_moves_only_for_what_changed_and_a_withdrawal_leaves_a_tombstone(decided_request: Path,
                                                                                 sitemap_schema) -> None:
    publish(UnitOfWork(), REQUEST_ID, today=date.today())
    settings = get_settings()
    fetch = local_fetch(decided_request, HOST)
    first = harvest(fetch, HOST, sitemap_schema)
    later = datetime.now(UTC) + timedelta(days=3)
    build_site(decided_request, base_url=BASE, publisher="Gemeente Voorbeeldstad",
               state_file=settings.home / "publicatie-lastmod.json", now=later)
    again = harvest(fetch, HOST, sitemap_schema)
    assert again.sitemaps == first.sitemaps and {k: v[0] for k, v in again.documents.items()} == \
        {k: v[0] for k, v in first.documents.items()}

    folder = decided_request / NUMBER
    room = Room.from_json((folder / ROOM_FILE).read_bytes())
    gate = Gate(KnownData(values=()), Audience.public())
    change_document(folder, 4, reason=ReplaceReason.PRIVACY, at=later, gate=gate,
                    note="Bij nader inzien stond er een handtekening in.",
                    pages=lambda name, published, changes: request_pages(room, published, changes,
                                                                         publisher="Gemeente Voorbeeldstad",
                                                                         folder_name=name))
    build_site(decided_request, base_url=BASE, publisher="Gemeente Voorbeeldstad",
               state_file=settings.home / "publicatie-lastmod.json", now=later + timedelta(hours=1))
    after = harvest(fetch, HOST, sitemap_schema)
    gone = f"{BASE}/{NUMBER}/documenten/004-brief-bewoner.pdf"
    assert after.problems == [] and gone in first.documents and gone not in after.documents
    assert fetch(gone) is None and not list((folder / "documenten").glob("004-*"))
    [(sm_url, lastmod)] = after.sitemaps.items()
    assert lastmod != first.sitemaps[sm_url] and lastmod.startswith((later + timedelta(hours=1)).date().isoformat())
    # The decision's metadata no longer lists the document (a harvester would follow a dead link); the other
    # documents keep their lastmod.
    decision_meta = (folder / "metadata" / "besluit.xml").read_text()
    assert "003-memo-parkeren.pdf" in decision_meta and "004-brief-bewoner.pdf" not in decision_meta
    kept = f"{BASE}/{NUMBER}/documenten/003-memo-parkeren.pdf"
    assert after.documents[kept][0] == first.documents[kept][0]
    tomb = (folder / "ingetrokken" / "004.html").read_text()
    assert "Document 4 is ingetrokken" in tomb and "correctie privacygevoelige gegevens" in tomb
    assert "handtekening" in tomb
    page = (folder / "index.html").read_text()
    assert 'href="ingetrokken/004.html"' in page and "004-brief-bewoner.pdf" not in page
    manifest = read_manifest(folder)
    assert [(c.number, c.kind, c.reason) for c in manifest.changes] == [(4, "withdrawn", ReplaceReason.PRIVACY)]
    assert verify_folder(folder) == []


def test_a_withdrawal_with_a_name_in_its_note_is_refused(decided_request: Path) -> None:
    publish(UnitOfWork(), REQUEST_ID, today=date.today())
    folder = decided_request / NUMBER
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    known = KnownData(values=tuple(person_values("requester", name=REQUESTER_NAME, email=None, address=None,
                                                 phone=None, requester=True)))
    room = Room.from_json((folder / ROOM_FILE).read_bytes())
    from woo.publication import PublicationBlocked

    with pytest.raises(PublicationBlocked):
        change_document(folder, 4, reason=ReplaceReason.PROCEDURE, at=datetime.now(UTC),
                        gate=Gate(known, Audience.public()), note=f"Op verzoek van {REQUESTER_NAME}.",
                        pages=lambda name, published, changes: request_pages(
                            room, published, changes, publisher="Gemeente Voorbeeldstad", folder_name=name))
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_fifty_thousand_urls_per_sitemap() -> None:
    entries = [SitemapEntry(f"{BASE}/WOO-2026-{i:06d}/besluit.pdf", date(2026, 1, 1)) for i in range(100_001)]
    files = split_sitemaps(entries)
    counts = [len(etree.fromstring(f).findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")) for f in files]
    assert counts == [50_000, 50_000, 1]
    # Stable order: the first sitemap holds the first 50,000, so a new publication changes only the last file.
    first = etree.fromstring(files[0])
    assert first[0].findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").endswith("000000/besluit.pdf")
    assert all(len(f) <= 50 * 1024 * 1024 for f in files)


def test_the_byte_limit_splits_too_and_every_part_validates(monkeypatch: pytest.MonkeyPatch, sitemap_schema,
                                                            decided_request: Path) -> None:
    publish(UnitOfWork(), REQUEST_ID, today=date.today())
    from woo.publication import folder_sitemap_entries

    real = folder_sitemap_entries(decided_request / NUMBER, f"{BASE}/{NUMBER}", date(2026, 1, 1))
    entries = [SitemapEntry(f"{e.loc}?kopie={i}", e.lastmod, e.metadata) for i in range(60) for e in real]
    monkeypatch.setattr(sitemap_module, "MAX_BYTES", 200_000)
    files = split_sitemaps(entries)
    assert len(files) > 1 and all(len(f) <= 200_000 for f in files)
    total = 0
    for f in files:
        root = etree.fromstring(f)
        assert sitemap_schema.validate(root), sitemap_schema.error_log
        total += len(root)
    assert total == len(entries)


def test_publication_is_recorded_with_both_dates(decided_request: Path) -> None:
    publish(UnitOfWork(), REQUEST_ID, today=date.today())
    with session_scope() as s:
        events = {r.action: json.loads(r.payload) for r in s.scalars(select(AuditRow))}
    shared, published = events["request.shared_with_requester"], events["request.published"]
    assert shared["verstrekking_on"] == published["verstrekking_on"] == date.today().isoformat()
    assert published["public_on"] == date.today().isoformat() and len(shared["token_sha256"]) == 64
    assert "token" not in json.dumps(published)
