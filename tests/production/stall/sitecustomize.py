"""Test-only: make a worker's flow runs stall, so a kill lands mid-step or before the run starts.

Put on ``PYTHONPATH`` of one worker only (``tests/production/test_self_healing.py``). With
``WOO_TEST_STALL_SECONDS`` set, each flow process the worker starts takes a ticket (1, 2, …):

- the first ``WOO_TEST_STALL_AT_START`` processes sleep before Prefect's engine runs: the run stays Pending
  ("Submitting"), as when a worker dies between submitting a run and its process starting;
- the others run, and their acknowledge step sends its letter, then sleeps: the letter is out and recorded in
  the outbox, the step is not yet done.

Each stall drops a marker file holding the flow run id in ``WOO_TEST_STALL_MARKERS`` (``pending-<n>`` or
``stalled-<n>``).
"""

from __future__ import annotations

import os

if os.environ.get("WOO_TEST_STALL_SECONDS") and os.environ.get("PREFECT__FLOW_RUN_ID"):
    import time
    from pathlib import Path
    from typing import Any

    _markers = Path(os.environ["WOO_TEST_STALL_MARKERS"])
    _seconds = float(os.environ["WOO_TEST_STALL_SECONDS"])

    def _ticket() -> int:
        n = 1
        while True:
            try:
                os.close(os.open(_markers / f"ticket-{n}", os.O_CREAT | os.O_EXCL))
                return n
            except FileExistsError:
                n += 1

    _n = _ticket()
    if _n <= int(os.environ.get("WOO_TEST_STALL_AT_START", "0")):
        (_markers / f"pending-{_n}").write_text(os.environ["PREFECT__FLOW_RUN_ID"])
        time.sleep(_seconds)
    else:
        import woo.process.acknowledge as _ack

        _send = _ack.send_letter

        def _stalled(*args: Any, **kwargs: Any) -> Any:
            delivery = _send(*args, **kwargs)
            (_markers / f"stalled-{_n}").write_text(os.environ["PREFECT__FLOW_RUN_ID"])
            time.sleep(_seconds)
            return delivery

        _ack.send_letter = _stalled  # type: ignore[assignment]
