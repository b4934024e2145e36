"""The example files the README points to are valid input."""

from __future__ import annotations

from pathlib import Path

import yaml

from woo.questions.models import Answers
from woo.schemas import Intake

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_example_request_and_answers_validate():
    Intake.model_validate(yaml.safe_load((EXAMPLES / "request.yaml").read_text(encoding="utf-8")))
    answers = Answers.model_validate(yaml.safe_load((EXAMPLES / "answers.yaml").read_text(encoding="utf-8")))
    assert answers.meeting and answers.meeting.new_scope
