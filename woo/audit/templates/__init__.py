"""The HTML template of the audit compliance report (package data)."""
