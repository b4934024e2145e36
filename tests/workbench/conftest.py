"""Fixtures of the workbench tests (see :mod:`ui_harness`); helper modules shared by name with
``tests/privacy_prefect`` and ``tests/publication`` are put on the path here."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for helper_dir in ("privacy_prefect", "publication", "workbench"):
    if str(TESTS / helper_dir) not in sys.path:
        sys.path.insert(0, str(TESTS / helper_dir))

from ui_harness import workbench  # noqa: E402, F401
