"""Scheduling later work of a request as future flow runs, instead of a process that sleeps for weeks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from prefect import get_run_logger

from woo.deployments.runs import start_request_run
from woo.flows.asking import in_deployment

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def schedule_publication(request_id: str, disclosure_on: dt.date) -> None:
    """Start a run of the request on its next publication date (the disclosure date, Woo 4.4(5), or the public
    date); that run finds every step done but publish."""
    log = get_run_logger()
    if not in_deployment():
        log.info("publication waits until %s; run the flow again on that day (or serve the deployments)",
                 disclosure_on)
        return
    when = dt.datetime.combine(disclosure_on, dt.time(7, 0), tzinfo=AMSTERDAM)
    start_request_run(request_id, idempotency_key=f"{request_id}:publish:{disclosure_on}", at=when)
    log.info("publication scheduled for %s", disclosure_on)
