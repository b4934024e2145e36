"""Detection quality on the labelled corpus: identifiers all found; names recall >= 95%, precision >= 85%."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_eval import IDENTIFIER_CATEGORIES, CorpusScore, score_corpus


@pytest.fixture(scope="module")
def score(tmp_path_factory: pytest.TempPathFactory) -> CorpusScore:
    return score_corpus(Path(tmp_path_factory.mktemp("corpus")))


def test_every_identifier_in_the_corpus_is_found(score: CorpusScore) -> None:
    ids = score.total(IDENTIFIER_CATEGORIES)
    assert ids.expected >= 30
    assert ids.recall == 1.0, [m for m in score.missed if "person_name" not in m]


def test_person_names_meet_recall_and_precision_targets(score: CorpusScore) -> None:
    names = score.by_category["person_name"]
    assert names.expected >= 40
    assert names.recall >= 0.95, score.missed
    assert names.precision >= 0.85, score.spurious


def test_officials_organisations_and_places_stay_visible(score: CorpusScore) -> None:
    assert score.officials_redacted == []
