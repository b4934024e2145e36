"""Fixtures for the privacy gate tests; the helpers live in privacy_dossier.py."""

from privacy_dossier import store

__all__ = ["store"]
