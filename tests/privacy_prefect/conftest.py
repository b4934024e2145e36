"""Fixtures of this folder: a Prefect server of its own and ``woo serve`` against it (see served_prefect)."""

from served_prefect import prefect_server, served

__all__ = ["prefect_server", "served"]
