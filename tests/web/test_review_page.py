"""The redaction review page in a real browser (Debian's Chromium driven by Playwright) on a request that waits.

A real Prefect server and ``woo serve`` take the demo request to the review question; ``woo review-page`` serves
the page in its own process. The test looks at the boxes, accepts and rejects (click, category shortcuts), draws
a box and selects words for extra redactions, sees a refused answer keep the request waiting, and submits: the
run resumes and carries the decisions out. Screenshots go to ``test-artifacts/lakpagina``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from browser import chromium  # tests/publication, put on the path by this folder's conftest
from served_prefect import _free_port, _stop, wait_for

TESTS = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.integration
ARTIFACTS = TESTS.parent / "test-artifacts" / "lakpagina"
REASON = "In document {} staan namen van omwonenden zonder publieke rol; die dragen niets bij aan het inzicht."


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def _request(request_id: str) -> Any:
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        row = s.get(RequestRow, request_id)
        s.expunge(row)
        return row


def _paused(run_id: str) -> bool:
    from uuid import UUID

    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(UUID(run_id)).state.type.value == "PAUSED"


def _waiting_on(request_id: str, question: str) -> Any:
    row = _request(request_id)
    return row if row.waiting_for == question and row.waiting_flow_run_id and _paused(row.waiting_flow_run_id) \
        else None


def review_by_sight(page: Any, base: str, number: str, boxes: int, names: list[str], iban: list[str]) -> list[Any]:
    """Look, click, use the shortcuts, draw and select words, and see one refusal; returns the extra redactions."""
    page.goto(f"{base}/")
    page.get_by_role("link", name=number).click()
    page.wait_for_selector(".vak")
    assert page.url == f"{base}/verzoek/{number}"  # the number only: no personal data in the address
    assert page.get_by_role("heading", level=1).inner_text() == f"Lakvoorstellen beoordelen – {number}"
    assert page.locator(".vak").count() == boxes
    assert page.locator("figure.pagina img").count() == page.evaluate(
        "state.sheet.documents.reduce((n, d) => n + d.pages.length, 0)")
    page.wait_for_function("document.images[0].complete && document.images[0].naturalWidth > 0")
    shot(page, "1-voorstellen")

    # Click: a name proposal is taken over, a second click rejects it.
    first = page.locator(f'.vak[data-voorstel="{names[0]}"]').first
    first.scroll_into_view_if_needed()
    first.click()
    assert first.get_attribute("aria-pressed") == "true"
    first.click()
    assert first.get_attribute("aria-pressed") == "false" and "afgewezen" in first.get_attribute("aria-label")
    shot(page, "2-geklikt")

    # Keyboard: the digit of a category takes over all of it; Shift+digit rejects all of it; A takes over all.
    codes = page.evaluate("state.sheet.categories.map(c => c.code)")
    page.locator("body").focus()
    page.keyboard.press(f"Digit{codes.index('person_name') + 1}")
    pressed = page.evaluate("Object.fromEntries(state.decision)")
    assert all(pressed[n] is True for n in names)
    assert page.locator(".vak.open").count() > 0  # other categories still wait for a decision
    page.keyboard.press("a")
    page.keyboard.press(f"Shift+Digit{codes.index('iban') + 1}")
    pressed = page.evaluate("Object.fromEntries(state.decision)")
    assert all(pressed[n] is True for n in names) and all(pressed[i] is False for i in iban)
    assert page.locator(".vak.open").count() == 0
    assert page.locator(f'.vak[data-voorstel="{iban[0]}"]').first.get_attribute("aria-pressed") == "false"

    # Draw a rectangle on the first page, then select words by dragging over its top.
    page.get_by_label("Rechthoek tekenen (slepen)").check()
    figures = page.locator("figure.pagina")
    figures.nth(0).scroll_into_view_if_needed()
    b = figures.nth(0).bounding_box()
    page.mouse.move(b["x"] + b["width"] * 0.15, b["y"] + b["height"] * 0.55)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] * 0.45, b["y"] + b["height"] * 0.60, steps=5)
    page.mouse.up()
    assert page.locator(".vak.extra").count() == 1
    page.get_by_label("Woorden selecteren (slepen over de woorden)").check()
    # A relative ground is weighed per document: choosing one says a concrete reason will be asked.
    page.get_by_label("Weigeringsgrond voor extra lakkingen").select_option("5.1.1e")
    assert page.locator("#grond-uitleg").is_hidden()
    page.get_by_label("Weigeringsgrond voor extra lakkingen").select_option("5.1.2e")
    assert page.locator("#grond-uitleg").is_visible()
    b = figures.nth(0).bounding_box()
    page.mouse.move(b["x"] + b["width"] * 0.05, b["y"] + b["height"] * 0.05)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] * 0.95, b["y"] + b["height"] * 0.30, steps=5)
    page.mouse.up()
    page.wait_for_function("state.manual.length > 1")
    manual = page.evaluate("state.manual.map(({document, page, rect, ground}) => "
                           "({document, page, rect, ground}))")
    shot(page, "3-extra-lakkingen")

    # Accepted names (5.1.2e) and the extra redactions on 5.1.2e: one reason field per document and ground, and
    # the page does not send the answer while one is empty.
    needed = page.evaluate("neededReasons()")
    docs_with_names = page.evaluate("[...new Set(state.sheet.proposals.filter(p => p.category === 'person_name')"
                                    ".map(p => p.document))]")
    assert {d for d, g in needed if g == "5.1.2e"} >= set(docs_with_names) | {m["document"] for m in manual}
    assert page.locator("#redenen").is_visible() and page.locator("#redenen textarea").count() == len(needed)
    page.get_by_label("Uw gebruikers-id").fill("m.devries")
    page.get_by_role("button", name="Beoordeling versturen").click()
    assert "Geef een concrete reden voor document" in page.locator("#uitkomst").inner_text()
    assert page.evaluate("document.activeElement.dataset.reden") == f"{needed[0][0]}|{needed[0][1]}"
    for document, ground in needed:
        page.get_by_label(f"Document {document}, grond {ground} (").fill(REASON.format(document))
    shot(page, "4-redenen")

    # A user id the form refuses: the page says why, the request keeps waiting.
    page.get_by_label("Uw gebruikers-id").fill("Jan Jansen")
    page.get_by_role("button", name="Beoordeling versturen").click()
    page.wait_for_selector("#uitkomst.fout li")
    assert "niet overgenomen" in page.locator("#uitkomst").inner_text()
    shot(page, "5-geweigerd")
    return manual


@pytest.mark.timeout(1200)  # a Prefect server, a served run to the review question, a browser, and the resume
@pytest.mark.usefixtures("served")
def test_review_page_shows_the_boxes_and_its_answer_resumes_the_run(prefect_server: Any, woo_home: Path,
                                                                     tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from woo.case import UnitOfWork
    from woo.cli import app
    from woo.demo import build_demo_dossier
    from woo.questions.answers import answers_of

    dossier = build_demo_dossier(tmp_path / "invoer", received=dt.date.today() - dt.timedelta(days=21))
    answers = yaml.safe_load(dossier.answers_file.read_text(encoding="utf-8"))
    # A served run asks the third party today, so its view comes in today (the dossier's dates are for `woo demo`).
    for tp in answers["third_parties"]:
        tp["asked_on"] = dt.date.today().isoformat()
        tp["view"]["received_on"] = dt.date.today().isoformat()
    known = tmp_path / "known.yaml"  # everything but the review and the sign-off, which people give while it waits
    known.write_text(yaml.safe_dump({k: v for k, v in answers.items() if k not in ("redaction_review", "decision")}),
                     encoding="utf-8")
    result = CliRunner().invoke(app, ["submit", str(dossier.request_file), "--documents", str(dossier.documents_dir),
                                      "--answers", str(known)])
    assert result.exit_code == 0, result.output
    assert "Volgende stap:" in result.output
    request_id = result.output.split()[1]
    row = wait_for("the review question", lambda: _waiting_on(request_id, "review"), timeout=400)
    number = row.number
    from woo.questions.catalogue import describe

    with UnitOfWork() as uow:  # the question (form and artifact) links to the page, by number only
        assert f"/verzoek/{number})" in describe(uow.requests, uow.requests.get(request_id), "review")

    with UnitOfWork() as uow:
        proposals = uow.requests.redactions(request_id)
        boxes = sum(len(p.rects or [p.rect]) for p in proposals)
        shown_docs = {d.number for d in uow.requests.documents(request_id)
                      if d.error is None and d.duplicate_of is None and d.pdf_path}
    assert proposals and all(p.document_number in shown_docs for p in proposals)
    iban = [p.proposal_id for p in proposals if p.category == "iban"]
    names = [p.proposal_id for p in proposals if p.category == "person_name"]
    assert iban and names

    port = _free_port()
    env = {**os.environ, "PREFECT_API_URL": prefect_server.api_url, "WOO_HOME": str(woo_home)}
    log = (tmp_path / "review-page.log").open("ab")
    page_server = subprocess.Popen([sys.executable, "-c", "from woo.cli import main; main()", "review-page",
                                    "--review-port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{base}/api/wachtend", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for("the review page", up, timeout=120)
        assert httpx.get(f"{base}/api/wachtend").json() == [{"number": number, "id": request_id,
                                                              "due": str(row.waiting_due or "")}]
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            manual = review_by_sight(page, base, number, boxes, names, iban)
            assert _request(request_id).waiting_for == "review"
            page.get_by_label("Uw gebruikers-id").fill("m.devries")
            page.get_by_role("button", name="Beoordeling versturen").click()
            page.wait_for_selector("#uitkomst:not(.fout):has-text('ontvangen')")
            shot(page, "6-verstuurd")
            assert not errors, errors
    finally:
        _stop(page_server)
        log.close()
        print((tmp_path / "review-page.log").read_text(errors="replace")[-5000:])

    # The run resumed with the page's answer and went on to the sign-off; the decisions were carried out.
    wait_for("the sign-off question", lambda: _waiting_on(request_id, "sign_off"), timeout=400)
    with UnitOfWork() as uow:
        review = answers_of(uow.requests, uow.requests.get(request_id)).redaction_review
        rows = {r.proposal_id: r for r in uow.requests.redactions(request_id) if r.proposal_id}
        extra = [r for r in uow.requests.redactions(request_id) if r.category == "manual"]
    assert review is not None and review.answered_by == "m.devries"
    # The reasons reached the store (answers hold references; the decision reads the text) and not Prefect's form.
    assert review.reasons and all(r.reason == REASON.format(r.document) for r in review.reasons)
    with UnitOfWork() as uow:
        stored = uow.requests.get(request_id).answers["redaction_review"]["reasons"]
    assert all(r["reason"].startswith("tekst-") for r in stored)
    decided = {d.proposal: d.accept for d in review.decisions}
    assert set(decided) == set(rows) and all(decided[n] for n in names) and not any(decided[i] for i in iban)
    assert [m.model_dump(mode="json", exclude_none=True) for m in review.manual] == [
        {**m, "rect": list(m["rect"])} for m in manual]
    assert all(rows[i].status == "rejected" for i in iban)
    assert all(rows[n].status == "applied" for n in names)
    assert len(extra) >= len(manual)
