"""The Prefect UI as an operator uses it (Debian's Chromium via Playwright, 1400×900): the runs list finds a request
by its number, the waiting form speaks Dutch and leads with the question, and answering it there resumes the run
to the next question. Screenshots go to ``test-artifacts/prefect-ui/``.

A real ``prefect server start`` (the test harness serves no UI) and ``woo serve`` run in their own process groups.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

CHROMIUM = Path(os.environ.get("WOO_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "prefect-ui"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, check: Any, timeout: float = 240) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture
def prefect_with_ui(woo_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    request: pytest.FixtureRequest) -> Iterator[str]:
    """``prefect server start`` (with its UI) and ``woo serve`` against it; yields the UI's address.

    The server keeps its state on PostgreSQL when the tests have one (CI does), as in production: on SQLite the
    server's own background services and the resume the operator clicks compete for one writer, and a
    "database is locked" there leaves the run paused (Prefect's known SQLite limit, see prefect-notes).
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's chromium package "
                    "(apt-get install chromium; .ci/run installs it)")
    pytest.importorskip("playwright.sync_api")
    import httpx

    port = _free_port()
    ui, api = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": api,
           "PREFECT_UI_URL": ui, "WOO_HOME": str(woo_home), "PREFECT_RUNNER_POLL_FREQUENCY": "1",
           "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml")}
    if os.environ.get("WOO_TEST_POSTGRES_URL"):
        database = request.getfixturevalue("postgres_url")
        env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = "postgresql+asyncpg://" + database.split("://", 1)[1]
    for key in ("PREFECT_HOME", "PREFECT_API_URL", "PREFECT_UI_URL"):
        monkeypatch.setenv(key, env[key])
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=(tmp_path / "server.log").open("ab"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    runner = None
    try:
        _wait("the Prefect server", lambda: httpx.get(f"{api}/health", timeout=5).status_code == 200)
        runner = subprocess.Popen([sys.executable, "-c", "from woo.cli import main; main()", "serve"], env=env,
                                  stdout=(tmp_path / "serve.log").open("ab"), stderr=subprocess.STDOUT,
                                  start_new_session=True)
        # The environment alone is not enough in a long session: a settings context left by an earlier test
        # (a harness) wins over it, and this process would talk to a temporary server of its own.
        from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api, PREFECT_UI_URL: ui}):
            yield ui
    finally:
        if runner is not None:
            _stop(runner)
        _stop(server)
        for log in ("server.log", "serve.log"):
            if (tmp_path / log).exists():  # shown by pytest when the test failed
                print(log, (tmp_path / log).read_text(errors="replace")[-6000:])


def _paused_key(run_id: Any) -> str | None:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        state = client.read_flow_run(run_id).state
    return state.state_details.pause_key if state is not None and state.type.value == "PAUSED" else None


def test_an_operator_finds_the_request_by_number_and_answers_in_dutch(prefect_with_ui: str, woo_home: Path):
    from playwright.sync_api import expect, sync_playwright
    from prefect import get_client

    from woo.case import UnitOfWork
    from woo.deployments.runs import start_request_run
    from woo.process.intake import receive

    ui = prefect_with_ui
    _wait("the served deployment", lambda: get_client(sync_client=True).__enter__().read_deployment_by_name(
        "woo-request/woo-request"))
    received = dt.date.today() - dt.timedelta(days=7)
    request_id, _ = receive(UnitOfWork(), {
        "request": {"subject": "Herinrichting Stationsplein", "received_on": received.isoformat(),
                    "description": "Alle documenten over de herinrichting van het Stationsplein."},
        "requester": {"name": "Jolanda Jansen-Verhoeven", "email": "jolanda.verhoeven@voorbeeld.nl"}},
        documents=None, answers=None)
    run_id = start_request_run(request_id, idempotency_key=request_id)
    first_key = _wait("the meeting question", lambda: _paused_key(run_id))
    with UnitOfWork() as uow:
        number = uow.requests.get(request_id).number
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="nl-NL")
            page.goto(f"{ui}/runs", wait_until="networkidle", timeout=120_000)
            search = page.locator("input[placeholder='Search by flow run name']:visible").first
            search.wait_for(timeout=60_000)
            search.fill(number)
            run_link = page.get_by_text(f"{number} · concretisering")
            expect(run_link).to_be_visible(timeout=30_000)
            for tag in (number, "stap:concretisering"):
                expect(page.get_by_text(tag, exact=True).first).to_be_visible()
            page.screenshot(path=str(SHOTS / "1-runs-gezocht-op-nummer.png"))

            run_link.click()
            page.get_by_role("button", name="Resume").first.click()
            dialog = page.get_by_role("dialog")
            # The question leads the first field (the dialog's own description area is squeezed away).
            expect(dialog.get_by_text("Datum gesprek", exact=True)).to_be_visible(timeout=30_000)
            expect(dialog.get_by_text(f"voor {number}").last).to_be_visible()
            expect(dialog.get_by_text("Waarom:").last).to_be_visible()
            page.screenshot(path=str(SHOTS / "2-formulier-concretisering.png"))

            # The choices are Dutch; pick one, the date (today) and the user id, and submit.
            dialog.locator("button.p-select-button__control").first.click()
            page.keyboard.press("ArrowDown")
            options = page.locator("[role=listbox]")
            expect(options.get_by_text("verzocht om precisering", exact=True)).to_be_visible(timeout=10_000)
            page.screenshot(path=str(SHOTS / "3-keuzes-in-het-nederlands.png"))
            options.get_by_text("reikwijdte bevestigd", exact=True).click()
            dialog.locator("button.p-date-button__control").first.click(force=True)
            page.get_by_role("button", name="Today").click()
            page.get_by_role("button", name="Apply").click()
            dialog.locator("textarea").last.fill("m.devries")
            page.screenshot(path=str(SHOTS / "4-ingevuld.png"))
            dialog.get_by_role("button", name="Submit").click()
            page.wait_for_timeout(2000)
            page.screenshot(path=str(SHOTS / "5-verstuurd.png"))
        finally:
            browser.close()

    # The run resumes with the answer and goes on to the next question.
    _wait("the next question", lambda: (key := _paused_key(run_id)) and key != first_key and key)
    with UnitOfWork() as uow:
        req = uow.requests.get(request_id)
        meeting = (req.answers or {}).get("meeting") or {}
    assert meeting.get("outcome") == "scope_confirmed" and meeting.get("answered_by") == "m.devries"

    # Prefect tells the same story: the question artifact's newest version says who answered and when, and the
    # question's events are about the request, related to its run.
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    with get_client(sync_client=True) as client:
        versions = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"vraag-{request_id}"])),
            sort=ArtifactSort.CREATED_DESC)
        assert any("Beantwoord op" in str(a.data) and "door m.devries" in str(a.data) for a in versions)
        names = _wait("the question events", lambda: {
            e.event for e in client.read_events(filter=EventFilter(
                event=EventNameFilter(prefix=["woo.question."]),
                resource=EventResourceFilter(id=[f"woo.request.{request_id}"])), limit=50).events
            if any(r.id == f"prefect.flow-run.{run_id}" for r in e.related)} >= {"woo.question.asked",
                                                                                "woo.question.answered"})
        assert names

