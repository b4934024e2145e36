"""Prefect flows: the process of a Woo request, readable top-down."""
