"""Deployment definitions: how the request flow and the deadline watch are served and scheduled."""
