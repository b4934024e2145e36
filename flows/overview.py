"""The process owner's overview in Prefect: every open request, its step, who must act, its date, days left.

One table artifact (key ``woo-overzicht``), refreshed by the daily watch and after every answer, so the runs
page is not the only place to see where requests stand. Rows carry numbers, codes, dates and links only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from prefect import get_client
from prefect.artifacts import create_table_artifact
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
from prefect.client.schemas.sorting import FlowRunSort
from prefect.settings import PREFECT_UI_URL

from woo.case import Step, UnitOfWork
from woo.flows.progress import STEP_NAMES
from woo.questions.catalogue import QUESTIONS
from woo.store.models import RequestRow

OVERVIEW_KEY = "woo-overzicht"
OVERVIEW_ROWS = 100  # the most urgent; the watch's own table and `woo deadlines` cover the rest
RUNS_PAGE = 200  # the most flow runs Prefect's API returns per call

WHO_ACTS: dict[str, str] = {
    # Roles, never people: the question says which kind of official (or outsider) the request waits for.
    "meeting": "behandelaar (gesprek vastleggen)",
    "specification": "verzoeker (precisering)",
    "views": "derden (zienswijze)",
    "review": "behandelaar (lakken beoordelen)",
    "sign_off": "ambtenaar met mandaat (vaststellen)",
    "privacy": "behandelaar (privacycontrole)",
}


def latest_runs(request_ids: list[str]) -> dict[str, Any]:
    """The newest flow run of each request (by its ``woo:<id>`` tag), one API call."""
    if not request_ids:
        return {}
    tags = [f"woo:{r}" for r in request_ids]
    runs: list[Any] = []
    with get_client(sync_client=True) as client:
        # Page by page: the API refuses a limit above 200 (a single call with limit=10 per request failed every
        # run resumed while more than 20 requests were open: the burst benchmark, issue 14).
        while True:
            page = client.read_flow_runs(flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(any_=tags)),
                                         sort=FlowRunSort.EXPECTED_START_TIME_DESC, limit=RUNS_PAGE,
                                         offset=len(runs))
            runs.extend(page)
            if len(page) < RUNS_PAGE:
                break
    newest: dict[str, Any] = {}
    for run in runs:
        for tag in run.tags:
            if tag.startswith("woo:") and tag[4:] in request_ids:
                newest.setdefault(tag[4:], run)
    return newest


def _step_of(uow: UnitOfWork, req: RequestRow) -> str:
    if req.waiting_for:
        return f"wacht: {QUESTIONS[req.waiting_for].title.lower()}"
    # The last step done, looked for from the end: a few queries per request, not one per step.
    done = next((s for s in reversed(list(Step)) if uow.requests.step_result(req.id, s) is not None), None)
    if done is not None:
        return f"na: {STEP_NAMES[done.value]}"
    return "na: registratie" if req.number else "nog niet geregistreerd"


def overview_rows(today: dt.date) -> list[dict[str, Any]]:
    """One row per open request (the most urgent ones), the earliest decision date first; Dutch column names."""
    with UnitOfWork() as uow:
        reqs = uow.requests.most_urgent(OVERVIEW_ROWS)
        facts = [(r.id, r.number or r.id, _step_of(uow, r), WHO_ACTS.get(r.waiting_for or "", "niemand (loopt)"),
                  r.decision_due) for r in reqs]
    runs = latest_runs([f[0] for f in facts])
    ui = PREFECT_UI_URL.value()
    rows = []
    for request_id, number, step, who, due in facts:
        run = runs.get(request_id)
        link = f"{ui}/runs/flow-run/{run.id}" if run is not None and ui else (str(run.id) if run else "-")
        rows.append({"Zaaknummer": number, "Stap": step, "Wie moet handelen": who,
                     "Uiterste beslisdatum": due.isoformat() if due else "-",
                     "Dagen over": (due - today).days if due else "-", "Run": link})
    return rows


def refresh_overview(today: dt.date) -> int:
    """Publish a new version of the overview artifact; returns the number of open requests in it."""
    rows = overview_rows(today)
    create_table_artifact(key=OVERVIEW_KEY, table=rows,
                          description=f"Overzicht open Woo-verzoeken op {today.isoformat()}: de {len(rows)} met de "
                                      "vroegste beslisdatum")
    return len(rows)
