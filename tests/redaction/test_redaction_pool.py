"""The request flow redacts through the benchmarked pipeline on both cores once a dossier is long enough.

``woo.process.redact`` hands every document to :func:`woo.redaction.redact_many`; how many worker processes it
asks for depends on the number of documents and their pages (from the intake), not on the documents alone, so
a dossier of a few long documents is not redacted on one core.
"""

from __future__ import annotations

import pytest

from woo.process import redact as step


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(step.os, "cpu_count", lambda: 2)


def test_a_single_document_is_redacted_in_process() -> None:
    assert step._workers(1, 2000) == 1


def test_a_few_short_documents_stay_in_process() -> None:
    assert step._workers(5, step.POOL_MIN_PAGES - 1) == 1


def test_a_few_long_documents_use_both_cores() -> None:
    assert step._workers(5, 520) == 2


def test_many_documents_use_both_cores_whatever_their_length() -> None:
    assert step._workers(step.POOL_THRESHOLD, 0) == 2


def test_the_step_runs_the_benchmarked_pipeline() -> None:
    from woo.redaction import redact_many

    assert step.redact_many is redact_many
