"""What each letter says: reference, Dutch dates, the legal clauses, and refusals of impossible input.

These tests read the HTML only; rendering to PDF is covered in test_letter_pdf.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import unescape

import pytest

from woo.letters import (
    AcknowledgementContext,
    DecisionContext,
    DocumentReference,
    ExtensionNoticeContext,
    Letter,
    LetterError,
    LetterKind,
    Organisation,
    Recipient,
    RequestSummary,
    SuspensionEndedNoticeContext,
    SuspensionNoticeContext,
    WithdrawalConfirmationContext,
    ZienswijzeRequestContext,
    acknowledgement,
    consideration_for,
    decision,
    extension_notice,
    suspension_ended_notice,
    suspension_notice,
    withdrawal_confirmation,
    zienswijze_request,
)
from woo.schemas.grounds import Ground
from woo.schemas.judgement import DecisionType


def text_of(letter: Letter) -> str:
    """The visible text of the letter's HTML, whitespace collapsed."""
    body = re.sub(r"<head>.*?</head>", " ", letter.html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def base(organisation: Organisation, recipient: Recipient, request: RequestSummary) -> dict[str, object]:
    return {"organisation": organisation, "recipient": recipient, "request": request}


# --- acknowledgement ---------------------------------------------------------------------------------------

def test_acknowledgement_states_receipt_subject_period_and_decision_date(organisation, recipient,
                                                                          request_summary) -> None:
    letter = acknowledgement(AcknowledgementContext(
        **base(organisation, recipient, request_summary), letter_date=date(2026, 10, 6),
        decision_due=date(2026, 11, 2), due_explanation="Dat is vier weken na de ontvangst van uw verzoek.",
    ))
    text = text_of(letter)
    assert letter.kind is LetterKind.ACKNOWLEDGEMENT
    assert letter.reference == "WOO-2026-0001"
    assert "Ons kenmerk WOO-2026-0001" in text
    assert "Datum 6 oktober 2026" in text
    assert "Op 5 oktober 2026 hebben wij uw verzoek" in text
    assert "Alle stukken over het parkeerbeleid in de binnenstad" in text
    assert "van 1 januari 2024 tot en met 31 december 2025" in text
    assert "uiterlijk op maandag 2 november 2026" in text
    assert "Dat is vier weken na de ontvangst van uw verzoek." in text
    assert "ten hoogste twee weken verdagen" in text
    assert "opgeschort (artikel 4.4, derde lid, Woo)" in text
    assert "woo@utrecht.nl" in text and "14 030" in text


def test_acknowledgement_refuses_a_decision_date_before_receipt(organisation, recipient, request_summary) -> None:
    with pytest.raises(LetterError, match="beslisdatum"):
        acknowledgement(AcknowledgementContext(
            **base(organisation, recipient, request_summary), letter_date=date(2026, 10, 6),
            decision_due=date(2026, 10, 1),
        ))


def test_letter_dated_before_receipt_is_refused(organisation, recipient, request_summary) -> None:
    with pytest.raises(LetterError, match="vóór de ontvangst"):
        acknowledgement(AcknowledgementContext(
            **base(organisation, recipient, request_summary), letter_date=date(2026, 10, 1),
            decision_due=date(2026, 11, 2),
        ))


# --- zienswijze --------------------------------------------------------------------------------------------

def test_zienswijze_request_lists_documents_deadline_and_possible_disclosure(organisation, request_summary
                                                                             ) -> None:
    third_party = Recipient(name="Handhaving BV", postal_address="Industrieweg 5\n3542 AD Utrecht",
                            organisation="t.a.v. de directie")
    letter = zienswijze_request(ZienswijzeRequestContext(
        organisation=organisation, recipient=third_party, request=request_summary,
        letter_date=date(2026, 10, 19), respond_by=date(2026, 11, 2),
        documents=(DocumentReference(4, "Offerte handhavingsbureau", "deels openbaar"),
                   DocumentReference(7, "Gespreksverslag aanbesteding")),
    ))
    text = text_of(letter)
    assert "WOO-2026-0001" in text
    assert "4 Offerte handhavingsbureau deels openbaar" in text
    assert "7 Gespreksverslag aanbesteding nog in beoordeling" in text
    assert "uiterlijk op maandag 2 november 2026" in text
    assert "artikel 4:8 van de Algemene wet bestuursrecht" in text
    assert "openbaar te maken" in text and "openbaarmaking voor iedereen" in text


def test_zienswijze_request_never_names_the_requester(organisation, request_summary) -> None:
    letter = zienswijze_request(ZienswijzeRequestContext(
        organisation=organisation, recipient=Recipient("Handhaving BV", None), request=request_summary,
        letter_date=date(2026, 10, 19), respond_by=date(2026, 11, 2),
        documents=(DocumentReference(4, "Offerte"),),
    ))
    # The context has no requester at all; the only person named is the addressee.
    assert "de Vries" not in letter.html


def test_zienswijze_request_can_replace_the_requesters_wording(organisation, request_summary) -> None:
    request = RequestSummary("WOO-2026-0001", date(2026, 10, 5), "Ik, Jan Jansen van de Dorpsstraat, wil alles")
    text = text_of(zienswijze_request(ZienswijzeRequestContext(
        organisation=organisation, recipient=Recipient("Handhaving BV", None), request=request,
        letter_date=date(2026, 10, 19), respond_by=date(2026, 11, 2), documents=(DocumentReference(4, "Offerte"),),
        request_description="Documenten over de handhaving van het parkeerbeleid in 2025.",
    )))
    assert "Jan Jansen" not in text
    assert "Documenten over de handhaving van het parkeerbeleid in 2025." in text


def test_zienswijze_request_needs_documents(organisation, recipient, request_summary) -> None:
    with pytest.raises(LetterError, match="geen documenten"):
        zienswijze_request(ZienswijzeRequestContext(
            **base(organisation, recipient, request_summary), letter_date=date(2026, 10, 19),
            respond_by=date(2026, 11, 2), documents=(),
        ))


# --- decision ------------------------------------------------------------------------------------------------

def test_decision_has_all_required_parts(decision_context: DecisionContext) -> None:
    letter = decision(decision_context)
    text = text_of(letter)
    assert letter.kind is LetterKind.DECISION
    assert "WOO-2026-0001" in text and "Datum 30 november 2026" in text
    assert "Alle stukken over het parkeerbeleid in de binnenstad" in text
    # Course of the procedure, in date order whatever order the events came in.
    assert text.index("5 oktober 2026 Wij hebben uw verzoek ontvangen.") \
        < text.index("14 oktober 2026 Wij hebben met u gesproken") \
        < text.index("19 oktober 2026 Wij hebben derden gevraagd")
    assert "gedeeltelijk openbaar te maken" in text
    assert "Wij hebben vijf documenten gevonden die onder uw verzoek vallen" in text
    counts_html = re.search(r'<table class="counts">(.*?)</table>', letter.html, flags=re.S).group(1)
    counts = re.findall(r"<td>([^<]+)</td><td class=\"num\">(\d+)</td>", counts_html)
    assert counts == [("openbaar", "1"), ("deels openbaar", "2"), ("niet openbaar", "1"), ("reeds openbaar", "1")]
    # The e-mail carries only the letter: it never says the documents come with it, it says where they are.
    assert "ontvangt u tegelijk met dit besluit" not in text
    assert "U ontvangt de documenten niet als bijlage bij deze brief" in text
    assert "https://www.utrecht.nl" in text and "Uw naam en andere persoonsgegevens publiceren wij niet" in text
    assert "binnen zes weken, te rekenen vanaf de dag na de dag waarop dit besluit bekend is gemaakt" in text
    assert "6:7 en 6:8" in text
    assert "Postbus 16200 3500 CE Utrecht" in text
    assert "namens het college van burgemeester en wethouders" in text
    assert "teamleider Informatieverzoeken" in text


def test_decision_considers_each_ground_used_once_in_article_order(decision_context) -> None:
    text = text_of(decision(decision_context))
    headings = re.findall(r"(5\.1\.[12][a-i]|5\.2) – ", text)
    assert headings == ["5.1.1e", "5.1.2e", "5.1.2f", "5.1.2i", "5.2"]
    assert "Het gaat om de uurtarieven van het handhavingsbureau." in text


def test_relative_grounds_carry_a_weighing_of_interests() -> None:
    for ground in Ground:
        c = consideration_for(ground)
        assert c.paragraphs and all(p.strip() for p in c.paragraphs)
        assert ground.label in c.heading
        if ground.needs_motivation:
            assert c.weighing and "afgewogen" in c.weighing, ground
        else:
            assert c.weighing is None, ground


def test_decision_shows_the_weighing_for_relative_grounds(decision_context) -> None:
    text = text_of(decision(decision_context))
    assert text.count("Belangenafweging.") == 3  # 5.1.2e, 5.1.2f, 5.1.2i; not 5.1.1e or 5.2


def test_generic_consideration_uses_the_ground_label() -> None:
    c = consideration_for("5.1.2d")
    assert "artikel 5.1, tweede lid, aanhef en onder d" in c.paragraphs[0]
    assert "inspectie, controle en toezicht" in c.weighing


def test_later_disclosure_cites_woo_4_4_5(decision_context) -> None:
    text = text_of(decision(replace(decision_context, disclosure_date=date(2026, 12, 14))))
    assert "op maandag 14 december 2026 (artikel 4.4, vijfde lid, Woo)" in text
    assert "ontvangt u tegelijk met dit besluit" not in text


def test_disclosure_before_decision_is_refused(decision_context) -> None:
    with pytest.raises(LetterError, match="openbaarmaking"):
        decision(replace(decision_context, disclosure_date=date(2026, 11, 30)))


def test_annex_lists_every_inventory_row(decision_context) -> None:
    html = decision(decision_context).html
    annex = html[html.index('class="annex"'):]
    rows = re.findall(r'<tr class="row">(.*?)</tr>', annex, flags=re.S)
    assert len(rows) == len(decision_context.inventory)
    cells = [[" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
              for c in re.findall(r"<td>(.*?)</td>", r, flags=re.S)] for r in rows]
    assert cells[0] == ["1", "1 maart 2025", "E-mail over parkeertarieven", "e-mail", "1", "deels openbaar",
                        "5.1.2e, 5.1.2i", ""]
    assert cells[3][1] == "onbekend" and cells[3][6] == "5.1.2f, 5.1.1e"
    assert cells[4][7] == "Vindplaats: https://www.utrecht.nl/raad/rib-parkeren"
    assert 'href="https://www.utrecht.nl/raad/rib-parkeren"' in annex


def test_non_web_links_are_not_clickable(decision_context) -> None:
    rows = list(decision_context.inventory)
    rows[4] = replace(rows[4], link="javascript:alert(1)")
    html = decision(replace(decision_context, inventory=tuple(rows))).html
    assert 'href="javascript' not in html
    assert "Vindplaats: javascript:alert(1)" in html


def test_decision_lists_every_bad_row_at_once(decision_context) -> None:
    rows = list(decision_context.inventory)
    rows[0] = replace(rows[0], judgement="half openbaar")
    rows[2] = replace(rows[2], grounds=("5.9.9",))
    rows[3] = replace(rows[3], grounds=())
    with pytest.raises(LetterError) as err:
        decision(replace(decision_context, inventory=tuple(rows)))
    message = str(err.value)
    assert "document 1: onbekend oordeel 'half openbaar'" in message
    assert "document 3: onbekende weigeringsgrond '5.9.9'" in message
    assert "document 4: 'deels openbaar' zonder weigeringsgrond" in message


def test_nothing_found_decision(decision_context) -> None:
    ctx = replace(decision_context, decision_type=DecisionType.NOTHING_FOUND, inventory=(),
                  search_description="Wij hebben gezocht in het zaaksysteem en de mailboxen van team Parkeren.")
    text = text_of(decision(ctx))
    assert "Wij hebben geen documenten aangetroffen" in text
    assert "zaaksysteem en de mailboxen van team Parkeren" in text
    assert "Bijlage" not in text and "Belangenafweging" not in text
    assert "binnen zes weken" in text


def test_not_handled_decision_cites_woo_4_1_6(decision_context) -> None:
    ctx = replace(decision_context, decision_type=DecisionType.NOT_HANDLED, inventory=(),
                  not_handled_reason="U heeft niet gereageerd op onze brief van 12 oktober 2026.")
    text = text_of(decision(ctx))
    assert "uw verzoek niet te behandelen (artikel 4.1, zesde lid, Woo)" in text
    assert "artikel 4.1, vijfde lid, Woo" in text
    assert "U heeft niet gereageerd op onze brief van 12 oktober 2026." in text
    assert "Bijlage" not in text


def test_decision_types_and_inventory_must_agree(decision_context) -> None:
    with pytest.raises(LetterError, match="kan geen inventarislijst"):
        decision(replace(decision_context, decision_type=DecisionType.NOTHING_FOUND))
    with pytest.raises(LetterError, match="ten minste één document"):
        decision(replace(decision_context, decision_type=DecisionType.PUBLIC, inventory=()))


# --- notices --------------------------------------------------------------------------------------------------

def test_suspension_notice(organisation, recipient, request_summary) -> None:
    text = text_of(suspension_notice(SuspensionNoticeContext(
        **base(organisation, recipient, request_summary), letter_date=date(2026, 10, 19),
        views_due=date(2026, 11, 2), third_party_count=2,
    )))
    assert "WOO-2026-0001" in text and "Datum 19 oktober 2026" in text
    assert "twee derde partijen" in text and "tot en met 2 november 2026" in text
    assert "opgeschort (artikel 4.4, derde lid, Woo)" in text
    assert "artikel 4.4, vierde lid, Woo" in text


def test_suspension_ended_notice(organisation, recipient, request_summary) -> None:
    text = text_of(suspension_ended_notice(SuspensionEndedNoticeContext(
        **base(organisation, recipient, request_summary), letter_date=date(2026, 11, 3),
        ended_on=date(2026, 11, 2), new_decision_due=date(2026, 11, 30),
    )))
    assert "geëindigd op 2 november 2026" in text
    assert "uiterlijk op maandag 30 november 2026" in text
    assert "artikel 4.4, vierde lid, Woo" in text


def test_extension_notice(organisation, recipient, request_summary) -> None:
    letter = extension_notice(ExtensionNoticeContext(
        **base(organisation, recipient, request_summary), letter_date=date(2026, 10, 28),
        original_due=date(2026, 11, 2), new_due=date(2026, 11, 16),
        motivation="Wij hebben ruim 400 documenten gevonden die wij allemaal moeten beoordelen.",
    ))
    text = text_of(letter)
    assert letter.subject == "Verdaging van de beslistermijn van uw Woo-verzoek"
    assert "uiterlijk op 2 november 2026" in text and "uiterlijk op maandag 16 november 2026" in text
    assert "artikel 4.4, tweede lid, Woo" in text
    assert "ruim 400 documenten" in text


@pytest.mark.parametrize(
    ("letter_date", "new_due", "motivation", "message"),
    [
        (date(2026, 11, 3), date(2026, 11, 16), "Veel documenten.", "vóór het einde van de eerste termijn"),
        (date(2026, 10, 28), date(2026, 12, 1), "Veel documenten.", "ten hoogste twee weken"),
        (date(2026, 10, 28), date(2026, 11, 2), "Veel documenten.", "ten hoogste twee weken"),
        (date(2026, 10, 28), date(2026, 11, 16), "  ", "motivering"),
    ],
)
def test_extension_notice_refuses_what_woo_4_4_2_forbids(organisation, recipient, request_summary,
                                                         letter_date, new_due, motivation, message) -> None:
    with pytest.raises(LetterError, match=message):
        extension_notice(ExtensionNoticeContext(
            **base(organisation, recipient, request_summary), letter_date=letter_date,
            original_due=date(2026, 11, 2), new_due=new_due, motivation=motivation,
        ))


def test_withdrawal_confirmation(organisation, recipient, request_summary) -> None:
    text = text_of(withdrawal_confirmation(WithdrawalConfirmationContext(
        **base(organisation, recipient, request_summary), letter_date=date(2026, 10, 21),
        withdrawn_on=date(2026, 10, 20),
    )))
    assert "WOO-2026-0001" in text
    assert "Op 20 oktober 2026 heeft u ons laten weten dat u uw verzoek intrekt" in text
    assert "nemen daarover geen besluit" in text


def test_every_letter_links_only_the_packaged_stylesheet(decision_context) -> None:
    html = decision(decision_context).html
    assert re.findall(r'(?:href|src)="([^"]+)"', html.split("</head>")[0]) == ["woo-asset:/letter.css"]
