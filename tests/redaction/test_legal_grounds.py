"""Grounds the text points to: business data proposed as 5.1.1c / 5.1.2f for a person to decide, and personal
data in a passage about a criminal matter under 5.1.1d instead of 5.1.2e."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from woo.redaction import Category
from woo.redaction.detect import propose_in_pages
from woo.redaction.settle import settle
from woo.redaction.textmap import PageText
from woo.schemas.grounds import Ground


def _page(text: str) -> PageText:
    # Detection needs a box per character; the geometry itself does not matter here.
    boxes = [None if c.isspace() else (float(k), 0.0, k + 1.0, 10.0) for k, c in enumerate(text)]
    return PageText(0, text, boxes, [text.count("\n", 0, k) for k in range(len(text))])


def _proposals(text: str) -> list[tuple[str, Category, Ground]]:
    return [(p.text, p.category, p.ground) for p in propose_in_pages([_page(text)], "test")]


OFFER = """Offerte herinrichting Stationsplein
Post Omschrijving Bedrag
1 Opbreken bestaande bestrating
48.250,00
2 Kabels en leidingen, riolering
112.900,00
3 Groen, bomen en verlichting
74.800,00
Onze prijzen zijn gebaseerd op een uurtarief van € 68,50 per uur voor een grondwerker. Deze prijsopbouw is
vertrouwelijk.
"""


def test_a_price_build_up_marked_confidential_is_proposed_as_5_1_1c():
    found = _proposals(OFFER)
    business = [(t, g) for t, c, g in found if c is Category.BUSINESS_DATA]
    c = Ground.CONFIDENTIAL_BUSINESS_DATA
    assert business == [("48.250,00", c), ("112.900,00", c), ("74.800,00", c), ("€ 68,50", c)]


def test_a_tariff_table_without_a_confidentiality_marker_is_proposed_as_5_1_2f():
    text = ("Tarieventabel onderhoud groen 2026\nMaaien per are\n€ 12,40\nSnoeien per boom\n€ 38,75\n"
            "Afvoer groenafval per ton\n€ 91,00\n")
    assert {g for _, c, g in _proposals(text) if c is Category.BUSINESS_DATA} == {Ground.COMPETITIVE_BUSINESS_DATA}


@pytest.mark.parametrize("text", [
    "Het recept van onze saus is een bedrijfsgeheim.",
    "De samenstelling van het mengsel is concurrentiegevoelig.",
])
def test_a_trade_secret_sentence_is_proposed_when_there_are_no_amounts(text):
    [(found, category, _)] = _proposals(text)
    assert category is Category.BUSINESS_DATA and found == text


def test_a_marker_that_points_back_proposes_the_sentence_before_it():
    text = ("Wij starten in de zomervakantie. Door de fasering stijgt de aanneemsom met 4,5 procent. "
            "Deze prijsopbouw is bedrijfsvertrouwelijk; wij verzoeken u die niet met derden te delen.")
    [(found, category, ground)] = _proposals(text)
    assert found == "Door de fasering stijgt de aanneemsom met 4,5 procent."
    assert (category, ground) == (Category.BUSINESS_DATA, Ground.CONFIDENTIAL_BUSINESS_DATA)


@pytest.mark.parametrize("text", [
    # An e-mail disclaimer, a confidential case note about a person, and one amount in a letter are no business data.
    "Dit bericht kan vertrouwelijke informatie bevatten. Gemeente Lindeveen, Postbus 100.",
    "Notitie casusoverleg (vertrouwelijk). Het gezin krijgt begeleiding.",
    "De gemeente betaalt een subsidie van € 5.000,00 aan de vereniging.",
    "Wij hebben uw factuur van € 1.250,00 ontvangen en betalen die binnen dertig dagen.",
])
def test_no_business_data_where_there_is_none(text):
    assert not [c for _, c, _ in _proposals(text) if c is Category.BUSINESS_DATA]


@dataclass
class _Review:
    decisions: tuple = ()
    accept_categories: tuple = ()
    reject_categories: tuple = ()
    accept_all: bool = True
    answered_by: str = "a.bakker"


def test_business_data_are_applied_only_when_a_person_says_so():
    proposals = propose_in_pages([_page(OFFER)], "test")
    assert proposals and all(not p.auto_accept for p in proposals)
    # "Accept all" and a batch run without review leave them visible: a person must decide.
    assert not any(s.accepted for s in settle(proposals, _Review()))
    assert not any(s.accepted for s in settle(proposals, None))
    accepted = settle(proposals, _Review(accept_categories=("business_data",), accept_all=False))
    assert all(s.accepted for s in accepted)


@pytest.mark.parametrize("text", [
    "De heer Jan de Vries is op 3 maart door de politie aangehouden wegens mishandeling.",
    "Mevrouw Petra Bakker werd in 2019 veroordeeld tot een taakstraf.",
    "Uit het strafblad van de heer Karel Smit blijkt een eerdere veroordeling.",
    "Het proces-verbaal van de politie over de heer Ahmed Yilmaz is bijgevoegd.",
])
def test_a_person_in_a_criminal_matter_is_special_personal_data_5_1_1d(text):
    names = [(t, g) for t, c, g in _proposals(text) if c is Category.PERSON_NAME]
    assert names and all(g is Ground.SPECIAL_PERSONAL_DATA for _, g in names)


@pytest.mark.parametrize("text", [
    # "Aangehouden" as postponed, a hearing's minutes: no criminal matter, so privacy as usual.
    "De aanvraag van mevrouw Petra Bakker wordt aangehouden tot de raadsvergadering.",
    "Het proces-verbaal van de hoorzitting met de heer Karel Smit is bijgevoegd.",
    "De heer Jan de Vries belde over de parkeervergunning.",
])
def test_postponed_and_hearing_minutes_stay_5_1_2e(text):
    names = [(t, g) for t, c, g in _proposals(text) if c is Category.PERSON_NAME]
    assert names and all(g is Ground.PRIVACY for _, g in names)


def test_only_the_criminal_sentence_changes_the_ground():
    text = ("De heer Jan de Vries is door de politie aangehouden wegens diefstal. "
            "Mevrouw Petra Bakker diende een klacht in over de parkeerplaats.")
    grounds = {t: g for t, c, g in _proposals(text) if c is Category.PERSON_NAME}
    assert grounds == {"Jan de Vries": Ground.SPECIAL_PERSONAL_DATA, "Petra Bakker": Ground.PRIVACY}


def test_the_command_line_leaves_business_data_and_the_consultation_copy_shows_them_redacted(tmp_path):
    import pymupdf

    from woo.redaction.pipeline import redact_pdf

    source = tmp_path / "offerte.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page()
        for n, line in enumerate(OFFER.splitlines()):
            page.insert_text((72, 72 + 14 * n), line, fontsize=10)
        doc.save(source)

    def text(accept):
        out = tmp_path / f"{accept}.pdf"
        redact_pdf(source, out, accept=accept)
        with pymupdf.open(out) as doc:
            return doc[0].get_text()

    assert "112.900,00" in text("all")
    assert "112.900,00" not in text("proposed")
