"""Fixtures of the fault scripts: one Prefect test server per module, and the requests they put through."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest


@pytest.fixture(scope="module")
def prefect_server() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def received() -> Callable[[int], list[str]]:
    """Receive ``count`` requests through the intake (requester ``verzoeker{n}@voorbeeld.nl``) and return their
    ids; call it once the script has configured the store."""
    from woo.case import UnitOfWork
    from woo.process.intake import receive

    def receive_requests(count: int) -> list[str]:
        return [receive(UnitOfWork(), {
            "request": {"subject": f"Herinrichting plein {n}", "description": "Alle documenten.",
                        "received_on": "2026-11-27"},
            "requester": {"name": "Jolanda Jansen", "email": f"verzoeker{n}@voorbeeld.nl"}},
            documents=None, answers=None)[0] for n in range(count)]

    return receive_requests
