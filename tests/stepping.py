"""Run a step function the way the task layer does: a fresh unit of work and today's date (or the one given)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from woo.case import UnitOfWork

T = TypeVar("T")


def run_now(step: Callable[..., T], request_id: str, /, *args: Any, today: dt.date | None = None,
            **kwargs: Any) -> T:
    return step(UnitOfWork(), request_id, *args, today=today or dt.date.today(), **kwargs)
