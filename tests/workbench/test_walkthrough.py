"""A request walked from submission to publication the way people do it (Debian's Chromium via Playwright).

The operator finds the run by its number in the Prefect UI and answers each question there in Dutch (meeting,
third parties' views, sign-off); the redaction review is done on the review page ``woo serve`` links from its
question. Nothing is answered behind the browser's back: the answers file holds only what a registration system
knows beforehand (third parties and who asked them, origins, assessments, the search). Screenshots go to
``test-artifacts/doorloop/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import chromium, serve
from served_prefect import wait_for
from ui_harness import Workbench

pytestmark = pytest.mark.integration

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "doorloop"


def _waiting(request_id: str, question: str) -> str | None:
    """The id of the run when it is paused on ``question``."""
    from prefect import get_client

    from woo.case import UnitOfWork

    with UnitOfWork() as uow:
        req = uow.requests.get(request_id)
        run_id = req.waiting_flow_run_id if req.waiting_for == question else None
    if not run_id:
        return None
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(run_id).state
    return run_id if state is not None and state.type.value == "PAUSED" else None


def _status(request_id: str) -> str:
    from woo.case import UnitOfWork

    with UnitOfWork() as uow:
        return str(uow.requests.get(request_id).status)


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _open_form(page: Any, ui: str, number: str, step: str, tags: tuple[str, ...] = ()) -> Any:
    """Find the run by number in the runs list, open it, press Resume: the dialog with the question's form."""
    from playwright.sync_api import expect

    page.goto(f"{ui}/runs", wait_until="networkidle", timeout=120_000)
    search = page.locator("input[placeholder='Search by flow run name']:visible").first
    search.wait_for(timeout=60_000)
    search.fill(number)
    link = page.get_by_text(f"{number} · {step}")
    expect(link).to_be_visible(timeout=60_000)
    for tag in tags:
        expect(page.get_by_text(tag, exact=True).first).to_be_visible()
    _shot(page, f"runs-{step}")
    link.click()
    page.get_by_role("button", name="Resume").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=30_000)
    return dialog


def _date_today_and_submit(page: Any, dialog: Any, user: str, shot: str) -> None:
    """Pick today in the form's (first) date field, give the user id (its last field) and submit."""
    dialog.locator("button.p-date-button__control").first.click(force=True)
    page.get_by_role("button", name="Today").click()
    page.get_by_role("button", name="Apply").click()
    dialog.locator("textarea").last.fill(user)
    _shot(page, shot)
    dialog.get_by_role("button", name="Submit").click()


@pytest.mark.timeout(1800)
def test_a_request_goes_from_submission_to_publication_through_the_pages(workbench: Workbench, woo_home: Path,
                                                                         tmp_path: Path) -> None:
    from playwright.sync_api import expect
    from typer.testing import CliRunner

    from woo.case import UnitOfWork
    from woo.cli import app
    from woo.demo import build_demo_dossier

    today = dt.date.today()
    dossier = build_demo_dossier(tmp_path / "invoer", received=today - dt.timedelta(days=21))
    answers = yaml.safe_load(dossier.answers_file.read_text(encoding="utf-8"))
    for tp in answers["third_parties"]:  # asked by this run today; their view is given in the UI
        tp["asked_on"] = today.isoformat()
        tp.pop("view", None)
        tp.pop("answered_by", None)
    known = tmp_path / "bekend.yaml"
    known.write_text(yaml.safe_dump({k: v for k, v in answers.items()
                                     if k in ("third_parties", "origins", "search")}),
                     encoding="utf-8")
    result = CliRunner().invoke(app, ["submit", str(dossier.request_file), "--documents",
                                      str(dossier.documents_dir), "--answers", str(known)])
    assert result.exit_code == 0, result.output
    request_id = result.output.split()[1]
    run_id = wait_for("the meeting question", lambda: _waiting(request_id, "meeting"), timeout=400)
    with UnitOfWork() as uow:
        number = uow.requests.get(request_id).number
    assert number

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="nl-NL")
        errors: list[str] = []  # on our own pages (the Prefect UI has script errors of its own)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))

        # 1. The concretisation meeting, in the Prefect UI.
        # The runs list finds the run by number and shows its step as a tag.
        dialog = _open_form(page, workbench.ui, number, "concretisering",
                            tags=(number, "stap:concretisering"))
        # The question leads the first field (the dialog's own description area is squeezed away).
        expect(dialog.get_by_text("Datum gesprek", exact=True)).to_be_visible(timeout=30_000)
        expect(dialog.get_by_text(f"voor {number}").last).to_be_visible()
        expect(dialog.get_by_text("Waarom:").last).to_be_visible()
        # The choices are Dutch.
        dialog.locator("button.p-select-button__control").first.click()
        page.keyboard.press("ArrowDown")
        options = page.locator("[role=listbox]")
        expect(options.get_by_text("verzocht om precisering", exact=True)).to_be_visible(timeout=10_000)
        options.get_by_text("reikwijdte bevestigd", exact=True).click()
        _date_today_and_submit(page, dialog, "m.devries", "1-concretisering")
        wait_for("the views question", lambda: _waiting(request_id, "views"), timeout=400)

        # 2. The third parties' views, in the Prefect UI: the form knows who was asked.
        dialog = _open_form(page, workbench.ui, number, "zienswijzen")
        expect(dialog.locator("textarea").first).to_have_value("bouwbedrijf", timeout=30_000)
        _date_today_and_submit(page, dialog, "m.devries", "2-zienswijzen")
        wait_for("the review question", lambda: _waiting(request_id, "review"), timeout=600)

        # 3. The redaction review: the Prefect form links to the review page, where it is done by sight.
        dialog = _open_form(page, workbench.ui, number, "lakbeoordeling")
        link = dialog.get_by_role("link", name=f"/verzoek/{number}").first
        expect(link).to_be_visible(timeout=30_000)
        _shot(page, "3-lakbeoordeling-formulier")
        href = link.get_attribute("href")
        assert href == f"{workbench.review}/verzoek/{number}"
        page.goto(href)
        errors.clear()
        page.wait_for_selector(".vak")
        page.wait_for_function("document.images[0].complete && document.images[0].naturalWidth > 0")
        page.locator("body").focus()
        page.keyboard.press("a")  # take over every proposal
        assert page.locator(".vak.open").count() == 0
        # Names and contact data (5.1.2e) are weighed per document: one concrete reason each.
        reasons = page.locator("#redenen textarea")
        assert reasons.count() > 0
        for i in range(reasons.count()):
            reasons.nth(i).fill("Namen en contactgegevens van medewerkers en omwonenden zonder publieke rol "
                                "dragen niets bij aan het inzicht in het besluit.")
        page.get_by_label("Uw gebruikers-id").fill("m.devries")
        _shot(page, "4-lakpagina")
        page.get_by_role("button", name="Beoordeling versturen").click()
        page.wait_for_selector("#uitkomst:not(.fout):has-text('ontvangen')")
        _shot(page, "5-lakpagina-verstuurd")
        assert not errors, errors
        wait_for("the sign-off question", lambda: _waiting(request_id, "sign_off"), timeout=600)

        # 4. The sign-off, in the Prefect UI: the form summarises the draft; the mandated official signs.
        dialog = _open_form(page, workbench.ui, number, "vaststelling")
        expect(dialog.get_by_text("besluit-concept.pdf").first).to_be_visible(timeout=30_000)
        dialog.locator("textarea").last.fill("a.bakker")
        _shot(page, "6-vaststelling")
        dialog.get_by_role("button", name="Submit").click()
        wait_for("the publication", lambda: _status(request_id) == "published", timeout=600)

        # The citizen's side: the reading room lists the request; its page links the decision.
        root = woo_home / "publicatie"
        assert (root / number / "besluit.pdf").is_file()
        with serve(root) as site:
            page.goto(f"{site}/")
            errors.clear()
            page.get_by_role("link", name=number).first.click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(number)
            _shot(page, "7-leeszaal")
        assert not errors, errors

    # Prefect tells the same story: each question's artifact says who answered and when; the questions' events
    # are about the request, related to its run.
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    with UnitOfWork() as uow:
        req = uow.requests.get(request_id)
        meeting = (req.answers or {}).get("meeting") or {}
    assert meeting.get("outcome") == "scope_confirmed" and meeting.get("answered_by") == "m.devries"
    with get_client(sync_client=True) as client:
        versions = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"vraag-{request_id}"])),
            sort=ArtifactSort.CREATED_DESC)
        assert any("Beantwoord op" in str(a.data) and "door m.devries" in str(a.data) for a in versions)
        events = client.read_events(filter=EventFilter(
            event=EventNameFilter(prefix=["woo.question."]),
            resource=EventResourceFilter(id=[f"woo.request.{request_id}"])), limit=50).events
    assert {e.event for e in events if any(r.id == f"prefect.flow-run.{run_id}" for r in e.related)} >= {
        "woo.question.asked", "woo.question.answered"}
