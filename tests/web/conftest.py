"""Fixtures of the review page tests: the real Prefect server and ``woo serve`` of ``tests/privacy_prefect``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
for helper_dir in ("privacy_prefect", "publication"):  # helper modules shared by name with those folders' tests
    if str(TESTS / helper_dir) not in sys.path:
        sys.path.insert(0, str(TESTS / helper_dir))

from served_prefect import prefect_server, served  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _no_review_page_in_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test serves the page itself on a free port; `woo serve`'s own page would take the fixed one."""
    monkeypatch.setenv("WOO_REVIEW_PORT", "0")
