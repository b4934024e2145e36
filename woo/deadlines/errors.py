"""The one exception the deadline engine raises for input it cannot compute with."""

from __future__ import annotations

from woo.errors import Permanent

__all__ = ["DeadlineInputError"]


class DeadlineInputError(Permanent, ValueError):
    """Dates that make no legal sense together; the message is Dutch and names the item and the problem."""
