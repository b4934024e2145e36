"""Fault: the store's PostgreSQL connections are cut (``pg_terminate_backend``) while requests are registered and
acknowledged. The steps fail, Prefect retries them (the production retry policies, only the waits shortened),
and the end state is as if nothing happened: numbers gapless, one acknowledgement per request, the audit chain
intact. Letters go to ``.eml`` files here (no SMTP server: a cut between hand-over and record would, by design,
hold that letter for a person; see the outbox tests), a real Prefect test server runs the tasks.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

pytestmark = pytest.mark.integration

REQUESTS = 6


class Cutter(threading.Thread):
    """Terminates every other connection to the store's database every ``every`` seconds until stopped."""

    def __init__(self, url: str, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.url, self.every, self.cut = url, every, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stopped.wait(self.every):
                rows = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchall()
                self.cut += sum(1 for (done,) in rows if done)


def test_cut_store_connections_are_survived_with_gapless_numbers_and_one_letter_each(
        prefect_server, postgres_url, woo_home, received, monkeypatch):
    from prefect import flow

    from woo.audit.verify import verify_chain
    from woo.case import UnitOfWork
    from woo.schemas.audit import AuditAction
    from woo.settings import reset_settings
    from woo.store.db import dispose_engines
    from woo.tasks.acknowledge import acknowledge_request
    from woo.tasks.register import register_request

    monkeypatch.setenv("WOO_DATABASE_URL", postgres_url)
    reset_settings()
    dispose_engines()
    request_ids = received(REQUESTS)
    register = register_request.with_options(retry_delay_seconds=[1, 2, 4])
    acknowledge = acknowledge_request.with_options(retry_delay_seconds=[1, 2, 4, 8, 8])

    @flow
    def register_and_acknowledge(ids: list[str]) -> None:
        for future in [register.submit(r) for r in ids]:
            future.result()
        for future in [acknowledge.submit(r) for r in ids]:
            future.result()

    cutter = Cutter(postgres_url)
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            register_and_acknowledge(request_ids)
            outcome["ok"] = True
        except Exception as exc:  # reported below with the figures
            outcome["error"] = repr(exc)

    runner = threading.Thread(target=run)
    runner.start()
    cutter.start()
    time.sleep(6)  # connections are cut four times a second while the steps run
    cutter.stopped.set()
    cutter.join()
    runner.join(timeout=400)
    assert not runner.is_alive()

    dispose_engines()
    with UnitOfWork() as uow:
        numbers = sorted(uow.requests.get(r).number or "" for r in request_ids)
        letters = Counter({r: sum(e.action == AuditAction.LETTER_SENT.value for e in uow.requests.events(r))
                           for r in request_ids})
        failed_steps = sum(e.action == AuditAction.STEP_FAILED.value for r in request_ids
                           for e in uow.requests.events(r))
        chain = verify_chain(uow.requests)
    eml = list((woo_home / "outbox").glob("*.eml"))
    print(f"\nstore cut: {cutter.cut} connection(s) terminated in 6 s; {failed_steps} step failure(s) recorded; "
          f"outcome {outcome}")
    assert cutter.cut > 0
    assert outcome == {"ok": True}
    year = numbers[0].split("-")[1]
    assert numbers == [f"WOO-{year}-{n:04d}" for n in range(1, REQUESTS + 1)]
    assert letters == Counter({r: 1 for r in request_ids})
    assert len(eml) == REQUESTS
    assert chain.ok
