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


PARENT = '''
import os
import sys

if __name__ == "__mp_main__":  # what a spawned child runs when it imports its parent's main module again
    with open(os.environ["WOO_TEST_MARKER"], "a") as marker:
        marker.write("main module imported in a worker\\n")

if __name__ == "__main__":
    import pymupdf

    from woo.redaction import RedactionJob, redact_many

    jobs = []
    for i in range(2):
        doc = pymupdf.open()
        doc.new_page().insert_text((72, 72), "Jan Jansen, BSN 111222333, jan.jansen@example.nl")
        doc.save(f"in-{i}.pdf")
        jobs.append(RedactionJob(f"in-{i}.pdf", f"out-{i}.pdf"))
    report = redact_many(jobs, workers=2)
    print(len(report.results) - len(report.blocked), "redacted", sys.modules["__main__"].__name__)
'''


def test_pool_workers_do_not_import_the_callers_main_module(tmp_path) -> None:
    """A flow run's main module is `python -m prefect.engine`: spawned workers that import it again spend ~2 s
    of CPU each on Prefect before their first page."""
    import os
    import subprocess
    import sys

    (tmp_path / "flow_like_main.py").write_text(PARENT, encoding="utf-8")
    marker = tmp_path / "marker.txt"
    env = {**os.environ, "WOO_TEST_MARKER": str(marker), "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "flow_like_main"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["2", "redacted", "__main__"]  # both redacted, and the parent's main is back
    assert not marker.exists(), marker.read_text()
    assert (tmp_path / "out-0.pdf").exists() and (tmp_path / "out-1.pdf").exists()
