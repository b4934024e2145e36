"""Shared services for handling Woo requests: settings, store, audit log, calendar, letters and CLI."""

__version__ = "0.1.0"
