"""The demo's publication, as the Woo-index and a citizen meet it: a valid sitemap index and sitemaps that the
handbook's harvester accepts, metadata whose publisher, handlings and identifiers match the letters, a reading
room that opens in a real browser, finds the request by number and by a word of its subject, is usable by
keyboard, passes axe-core's checks and holds no personal data; and a withdrawal through the CLI."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from browser import chromium, screenshot, serve
from harvester import DIWOO, harvest, local_fetch
from sqlalchemy import select
from typer.testing import CliRunner

pytestmark = pytest.mark.integration

HOST = "open.voorbeeldstad.nl"
NS = {"diwoo": DIWOO}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo request run once through the flow on a Prefect test server; its WOO_HOME."""
    from prefect.testing.utilities import prefect_test_harness

    from woo.cli.requests import submit_and_run
    from woo.demo import build_demo_dossier, demo_environment
    from woo.settings import reset_settings
    from woo.store.db import dispose_engines

    home = tmp_path_factory.mktemp("demo-publicatie") / "woo-home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WOO_HOME", str(home))
        mp.delenv("WOO_DATABASE_URL", raising=False)
        mp.delenv("WOO_SMTP_HOST", raising=False)
        mp.delenv("WOO_PUBLICATION_TARGET", raising=False)
        for key, value in demo_environment().items():
            mp.setenv(key, value)
        reset_settings()
        dispose_engines()
        with prefect_test_harness(server_startup_timeout=120):
            dossier = build_demo_dossier(home.parent / "invoer", received=dt.date.today() - dt.timedelta(days=21))
            request_id = submit_and_run(dossier.request_file, dossier.documents_dir, dossier.answers_file)
        yield request_id, home
        dispose_engines()
    reset_settings()


def _number(home: Path) -> str:
    [folder] = [p for p in (home / "publicatie").iterdir() if p.name.startswith("WOO-")]
    return folder.name


def test_the_harvester_accepts_the_demo_site(demo, sitemap_schema) -> None:
    _, home = demo
    root = home / "publicatie"
    got = harvest(local_fetch(root, HOST), HOST, sitemap_schema)
    assert got.problems == []
    number = _number(home)
    manifest = json.loads((root / number / "manifest.json").read_text())
    with_metadata = {f["path"] for f in manifest["files"] if f["metadata"]}
    assert {loc.rsplit(f"/{number}/", 1)[1] for loc in got.documents} == with_metadata
    released = len(list((root / number / "documenten").iterdir()))
    assert released >= 9 and len(got.documents) == released + 3  # with the decision, request and inventory


def test_publisher_handlings_and_identifiers_match_the_letters(demo) -> None:
    from woo.settings import get_settings

    request_id, home = demo
    number = _number(home)
    settings = get_settings()
    decision = (home / "requests" / request_id / "besluit" / "besluit.pdf")
    letter = " ".join(p.get_text() for p in pymupdf.open(decision)).replace("\n", " ")
    meta_dir = home / "publicatie" / number / "metadata"
    from lxml import etree

    for xml in meta_dir.iterdir():
        root = etree.parse(str(xml)).getroot()
        publisher = root.find(".//diwoo:publisher", NS)
        assert publisher.text == settings.organisation_name and publisher.text in letter
        identifier = root.findtext(".//diwoo:identifier", namespaces=NS)
        assert identifier.startswith(f"{settings.publication_base_url}/{number}/")
        assert root.findtext(".//diwoo:aggregatiekenmerk", namespaces=NS) == number and number in letter
    # The contractor's e-mail was received, the municipality's own letter to residents was adopted.
    handling = {x.name: etree.parse(str(x)).getroot().findtext(".//diwoo:soortHandeling", namespaces=NS)
                for x in meta_dir.iterdir()}
    assert handling["001.xml"] == "ontvangst" and handling["007.xml"] == "vaststelling"
    assert handling["verzoek.xml"] == "ontvangst" and handling["besluit.xml"] == "vaststelling"
    # The letter states the private link and both dates; the e-mail to the requester carries it.
    assert "persoonlijke link" in letter and f"{settings.publication_base_url}/verstrekking/" in letter.replace(" ", "")
    assert "publiceren wij dit besluit" in letter
    published = home / "publicatie" / number / "besluit.pdf"
    assert "verstrekking/" not in " ".join(p.get_text() for p in pymupdf.open(published))
    eml = next((home / "outbox").glob(f"decision_{request_id}.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["To"] is not None


def test_the_reading_room_passes_the_privacy_gate(demo) -> None:
    from woo.case import UnitOfWork
    from woo.privacy import Audience, Gate, Outgoing, known_data

    request_id, home = demo
    root = home / "publicatie"
    with UnitOfWork() as uow:
        gate = Gate(known_data(uow.requests, request_id), Audience.public())
    pages = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".txt", ".xml")
             and "verstrekking" not in p.parts]
    assert any(p.name == "index.html" for p in pages) and any(p.name == "robots.txt" for p in pages)
    for page in pages:
        rel = page.relative_to(root).as_posix()
        check = gate.check(rel, [Outgoing(rel, page.read_bytes())])
        assert check.passed, (rel, check.message)


def test_the_reading_room_in_a_browser(demo) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _, home = demo
    number = _number(home)
    root = home / "publicatie"
    with serve(root) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="nl-NL")
        page.goto(f"{base}/index.html")
        assert page.locator("h1").inner_text() == "Woo-verzoeken en -besluiten"
        assert page.locator("#aantal").inner_text() == "1 verzoek gevonden"
        screenshot(page, "01-index")

        # By keyboard: the skip link first, then the search field; type the number.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "q"
        page.keyboard.type(number)
        assert page.locator("#aantal").inner_text() == "1 verzoek gevonden"
        assert page.locator(f"li[data-nummer='{number}']").is_visible()
        page.fill("#q", "WOO-1999-0001")
        assert page.locator("#aantal").inner_text() == "0 verzoeken gevonden"
        screenshot(page, "02-niets-gevonden")
        # A word of the subject, in other case and without accents in mind.
        page.fill("#q", "stationsplein")
        assert page.locator("#aantal").inner_text() == "1 verzoek gevonden"
        assert "q=stationsplein" in page.url
        screenshot(page, "03-gevonden-op-onderwerp")
        page.select_option("#besluit", "deels openbaar")
        assert page.locator("#aantal").inner_text() == "1 verzoek gevonden"
        page.fill("#van", (dt.date.today() + dt.timedelta(days=1)).isoformat())
        assert page.locator("#aantal").inner_text() == "0 verzoeken gevonden"
        page.fill("#van", "")

        # Follow the result by keyboard to the request page.
        page.focus(f"li[data-nummer='{number}'] a")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{number}/index.html")
        assert page.locator("h1").inner_text() == f"Woo-verzoek {number}"
        assert page.locator("table caption").inner_text().startswith("Inventarislijst:")
        links = page.locator("table a")
        assert links.count() == len(list((root / number / "documenten").iterdir()))
        href = links.first.get_attribute("href")
        response = page.request.get(f"{base}/{number}/{href}")
        assert response.ok and response.body()[:5] == b"%PDF-"
        zip_response = page.request.get(f"{base}/{number}/{number}.zip")
        assert zip_response.ok and zip_response.body()[:2] == b"PK"
        screenshot(page, "04-verzoek")
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], results.generate_report()
        page.goto(f"{base}/index.html")
        results = Axe().run(page)
        assert [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")] == [], \
            results.generate_report()


def test_withdrawing_a_demo_document_through_the_cli(demo) -> None:
    from woo.cli import app
    from woo.store.db import session_scope
    from woo.store.models import AuditRow

    request_id, home = demo
    number = _number(home)
    root = home / "publicatie"
    before = harvest(local_fetch(root, HOST), HOST)
    gone = next(loc for loc in before.documents if "/documenten/003-" in loc)
    result = CliRunner().invoke(app, ["publication", "withdraw", number, "3", "--reason", "privacy", "--by",
                                      "m.devries", "--note", "Er stond een handtekening in."])
    assert result.exit_code == 0, result.output
    after = harvest(local_fetch(root, HOST), HOST)
    assert gone not in after.documents and len(after.documents) == len(before.documents) - 1
    assert list(after.sitemaps.values()) != list(before.sitemaps.values())
    assert (root / number / "ingetrokken" / "003.html").is_file()
    with serve(root) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{base}/{number}/index.html")
        page.get_by_role("link", name="Ingetrokken op").click()
        page.wait_for_url("**/ingetrokken/003.html")
        assert page.locator("h1").inner_text() == "Document 3 is ingetrokken"
        assert "correctie privacygevoelige gegevens" in page.content()
        screenshot(page, "05-ingetrokken")
    with session_scope() as s:
        [event] = s.scalars(select(AuditRow).where(AuditRow.action == "publication.document_withdrawn")).all()
    assert event.actor == "m.devries" and event.request_id == request_id
    assert "handtekening" not in event.payload
    refused = CliRunner().invoke(app, ["publication", "withdraw", number, "3", "--reason", "privacy", "--by",
                                       "m.devries"])
    assert refused.exit_code == 1 and "al ingetrokken" in refused.output
