"""Deciding a request: a judgement and grounds per document, the decision type, and the inventory list."""
