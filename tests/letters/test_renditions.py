"""One decision, separate renditions per audience: the requester's letter, the published decision (no addressee,
no personal data) and a third party's own notice (never the requester's identity)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path

import pymupdf
import pytest
from letters_samples import sample_decision, sample_organisation, sample_rows

from woo.letters import (
    LetterError,
    LetterKind,
    Recipient,
    ThirdPartyDecisionNoticeContext,
    decision,
    published_decision,
    third_party_decision_notice,
)

REQUESTER = ("mevrouw A. de Vries", "Dorpsstraat 1", "1234 AB Ergens")


def text_of(html: str) -> str:
    body = re.sub(r"<head>.*?</head>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def notice_context(**changes: object) -> ThirdPartyDecisionNoticeContext:
    ctx = sample_decision()
    values: dict[str, object] = {
        "organisation": sample_organisation(),
        "recipient": Recipient(name="Handhavingsbureau Stad B.V.", postal_address="Postbus 9\n3500 AA Utrecht",
                               organisation="t.a.v. K. Visser"),
        "request": ctx.request, "letter_date": date(2026, 11, 30), "decision_date": date(2026, 11, 30),
        "documents": tuple(r for r in sample_rows() if r.number in (3, 4)),
        "disclosure_date": date(2026, 12, 14), "objection_expected": True, "asked_on": date(2026, 10, 19),
        "view_received_on": date(2026, 10, 30),
        "publication_url": "https://open.utrecht.nl/woo/WOO-2026-0001",
    }
    values.update(changes)
    return ThirdPartyDecisionNoticeContext(**values)  # type: ignore[arg-type]


def test_the_requesters_decision_is_addressed_to_them():
    text = text_of(decision(sample_decision()).html)
    assert all(part in text for part in REQUESTER)


def test_the_published_decision_has_no_addressee_block_and_says_verzoeker():
    ctx = sample_decision()
    letter = published_decision(replace(ctx, recipient=Recipient(name="verzoeker", postal_address=None)))
    text = text_of(letter.html)
    assert letter.kind is LetterKind.PUBLISHED_DECISION
    assert not any(part in text for part in REQUESTER)
    assert "Aan: de verzoeker" in text and "Geachte verzoeker," in text and "Openbare versie" in text
    # The same decision: inventory, considerations and objection clause are all there.
    assert "Bijlage: inventarislijst" in text and "Bezwaar" in text and "5.1.2f" in text


def test_even_given_the_requester_as_recipient_the_published_decision_prints_no_address():
    text = text_of(published_decision(sample_decision()).html)
    assert "Dorpsstraat" not in text and "1234 AB" not in text


def test_held_documents_are_named_in_the_decision():
    ctx = replace(sample_decision(), held=(4,))
    assert "De openbaarmaking van document 4 houden wij aan" in text_of(decision(ctx).html)
    with pytest.raises(LetterError, match="aangehouden"):
        decision(replace(ctx, held=(9,)))


def test_the_third_party_notice_states_its_documents_disclosure_date_objection_and_provisional_measure():
    letter = third_party_decision_notice(notice_context())
    text = text_of(letter.html)
    assert letter.kind is LetterKind.THIRD_PARTY_DECISION_NOTICE
    assert "Handhavingsbureau Stad B.V." in text and "t.a.v. K. Visser" in text
    assert "Advies aan de wethouder" in text and "Offerte handhavingsbureau" in text
    assert "Bijlage: tarievenoverzicht" not in text  # only the documents that concern it
    assert "5.1.2f, 5.1.1e" in text
    assert "maandag 14 december 2026" in text and "artikel 4.4, vijfde lid" in text
    assert "voorlopige voorziening" in text and "vóór die datum" in text and "8:81" in text
    assert "binnen zes weken" in text and "artikel 4.4, zesde lid" in text
    assert not any(part in text for part in REQUESTER)


def test_without_an_expected_objection_the_notice_says_disclosure_is_with_the_decision():
    text = text_of(third_party_decision_notice(notice_context(disclosure_date=date(2026, 11, 30),
                                                              objection_expected=False)).html)
    assert "tegelijk met ons besluit openbaar" in text and "voorlopige voorziening" in text


def test_impossible_notices_are_refused_in_dutch():
    with pytest.raises(LetterError, match="geen documenten"):
        third_party_decision_notice(notice_context(documents=()))
    with pytest.raises(LetterError, match="vijfde lid"):
        third_party_decision_notice(notice_context(disclosure_date=date(2026, 11, 30)))
    with pytest.raises(LetterError, match="vóór de datum van het besluit"):
        third_party_decision_notice(notice_context(disclosure_date=date(2026, 11, 1), objection_expected=False))


@pytest.mark.parametrize("which", ["requester", "published", "third_party"])
def test_each_rendition_renders_to_a_pdf_that_reads_as_intended(which: str, tmp_path: Path):
    ctx = sample_decision()
    letter = {"requester": lambda: decision(ctx),
              "published": lambda: published_decision(replace(ctx, recipient=Recipient("verzoeker", None))),
              "third_party": lambda: third_party_decision_notice(notice_context())}[which]()
    with pymupdf.open(stream=letter.pdf(), filetype="pdf") as doc:
        first = doc[0].get_text()
        doc[0].get_pixmap(dpi=60).save(tmp_path / f"{which}.png")
    assert ("Dorpsstraat 1" in first) is (which == "requester")
    assert "WOO-2026-0001" in first
