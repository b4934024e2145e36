"""Status, resolution and steps: stable English values, Dutch labels, one closed set, the step order."""

from __future__ import annotations

import pytest

from woo.case import CLOSED, RequestStatus, Resolution, Step
from woo.schemas.judgement import DecisionType


def test_every_status_has_a_dutch_label_and_an_english_snake_case_value():
    for status in RequestStatus:
        assert status.value == status.value.lower() and " " not in status.value
        assert status.label and status.label != status.value


def test_closed_means_no_decision_is_pending():
    assert RequestStatus.PUBLISHED.closed and RequestStatus.WITHDRAWN.closed and RequestStatus.DECIDED.closed
    assert not RequestStatus.AWAITING_VIEWS.closed and not RequestStatus.AWAITING_SIGN_OFF.closed
    assert {s for s in RequestStatus if s.ended_without_decision} <= CLOSED


def test_a_resolution_is_a_decision_type_or_an_end_without_decision():
    for kind in DecisionType:
        assert Resolution.of(kind).decision_type is kind
        assert Resolution.of(kind).label == kind.value  # the Dutch wording the decision letter uses
    assert Resolution.WITHDRAWN.decision_type is None and Resolution.WITHDRAWN.label == "ingetrokken"
    with pytest.raises(ValueError):
        Resolution("deels openbaar")  # stored values are English codes since migration 0006


def test_steps_run_in_the_flows_order_and_a_rerun_redoes_the_tail():
    assert next(iter(Step)) is Step.REGISTER and list(Step)[-1] is Step.PUBLISH
    assert Step.DECIDE.and_later() == [Step.DECIDE, Step.SEND_DECISION, Step.PUBLISH]
    assert all(step.label for step in Step)
