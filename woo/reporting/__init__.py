"""Figures and summaries for people: the annual report and the terminal summary of one request."""
