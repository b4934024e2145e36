"""Test-only: make a worker's flow runs stall right after the acknowledgement letter left, so a kill lands mid-step.

Put on ``PYTHONPATH`` of one worker only (``tests/production/test_self_healing.py``). With
``WOO_TEST_STALL_SECONDS`` set, the acknowledge step sends its letter, drops a marker file in
``WOO_TEST_STALL_MARKERS`` and sleeps: the letter is out and recorded in the outbox, the step is not yet done.
"""

from __future__ import annotations

import os

if os.environ.get("WOO_TEST_STALL_SECONDS"):
    import time
    from pathlib import Path
    from typing import Any

    import woo.process.acknowledge as _ack

    _send = _ack.send_letter

    def _stalled(*args: Any, **kwargs: Any) -> Any:
        delivery = _send(*args, **kwargs)
        Path(os.environ["WOO_TEST_STALL_MARKERS"], f"stalled-{os.getpid()}").touch()
        time.sleep(float(os.environ["WOO_TEST_STALL_SECONDS"]))
        return delivery

    _ack.send_letter = _stalled  # type: ignore[assignment]
