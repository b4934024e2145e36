"""The terminal's tables fit an 80-column terminal: long values wrap, nothing is cut off with an ellipsis."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_status_and_pending_wrap_within_80_columns(woo_home: Path, tmp_path: Path) -> None:
    from woo.case import UnitOfWork
    from woo.process.intake import load_yaml, receive
    from woo.process.register import register

    intake = load_yaml(ROOT / "examples" / "request.yaml", "verzoek")
    intake["request"]["received_on"] = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    intake["request"]["period"] = {"start": "2025-01-01", "end": "2025-06-30"}
    request_id, _ = receive(UnitOfWork(), intake, documents=None, answers=None)
    register(UnitOfWork(), request_id, today=dt.date.today())
    with UnitOfWork() as uow:
        req = uow.requests.get(request_id)
        req.waiting_for, req.waiting_flow_run_id = "review", "00000000-0000-0000-0000-000000000000"
        req.waiting_problems = ["review.answered_by: een gebruikers-id bestaat uit kleine letters, cijfers en "
                                "punten, zonder spaties (bijvoorbeeld m.devries)"]
        uow.commit()

    env = {**os.environ, "COLUMNS": "80", "WOO_HOME": str(woo_home), "PREFECT_HOME": str(tmp_path / "prefect")}
    for command, expected in ((["status"], "WOO-"), (["pending"], "review"), (["status", request_id], "WOO-")):
        result = subprocess.run([sys.executable, "-c", "from woo.cli import main; main()", *command], env=env,
                                capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert expected in result.stdout
        assert max(len(line) for line in lines) <= 80, result.stdout
        assert "…" not in result.stdout, result.stdout  # wrapped, not cut off
    # The summary speaks Dutch: the stored status code is shown by its label.
    assert "geregistreerd" in result.stdout
