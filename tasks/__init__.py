"""Thin Prefect tasks, one module per step of a Woo request; the work itself is in ``woo.process``."""
