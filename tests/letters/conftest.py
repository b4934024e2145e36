"""Fixtures for the letter tests, built from the samples in letters_samples.py."""

from __future__ import annotations

import pytest
from letters_samples import sample_decision, sample_organisation, sample_recipient, sample_request

from woo.letters import DecisionContext, Organisation, Recipient, RequestSummary


@pytest.fixture
def organisation() -> Organisation:
    return sample_organisation()


@pytest.fixture
def recipient() -> Recipient:
    return sample_recipient()


@pytest.fixture
def request_summary() -> RequestSummary:
    return sample_request()


@pytest.fixture
def decision_context() -> DecisionContext:
    return sample_decision()
