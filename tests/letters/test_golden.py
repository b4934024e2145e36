"""Golden letters: for one fixture request every letter type and every decision type is rendered, and its text is
held in ``tests/letters/golden/<name>.txt`` (read once by a person when written; a change shows as a diff).

Regenerate after a deliberate wording change with ``WOO_UPDATE_GOLDEN=1 pytest tests/letters/test_golden.py``
and read the diff. The same letters are checked for grammar traps (number agreement, "derde(n)", enumerations)
and for a hostile requester text that must stay inert, and each renders to PDF/A.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pymupdf
import pytest
from letters_samples import sample_decision, sample_organisation, sample_recipient, sample_request

from woo.letters import (
    AcknowledgementContext,
    DocumentReference,
    ExtensionNoticeContext,
    InventoryRow,
    Letter,
    SuspensionEndedNoticeContext,
    SuspensionNoticeContext,
    ThirdPartyDecisionNoticeContext,
    WithdrawalConfirmationContext,
    ZienswijzeRequestContext,
    acknowledgement,
    decision,
    extension_notice,
    published_decision,
    suspension_ended_notice,
    suspension_notice,
    third_party_decision_notice,
    withdrawal_confirmation,
    zienswijze_request,
)
from woo.letters.context import (
    DisclosureNoticeContext,
    DocumentConsideration,
    ForwardingNoticeContext,
    PriorityConsultationContext,
    Recipient,
    SearchSummary,
    SpecificationRequestContext,
    ViewSummary,
)
from woo.letters.letters import disclosure_notice, forwarding_notice, priority_consultation, specification_request
from woo.schemas.judgement import DecisionType

GOLDEN = Path(__file__).parent / "golden"
ORG, TO, REQ = sample_organisation(), sample_recipient(), sample_request()
COMPANY = Recipient(name="Handhaving BV", postal_address="Postbus 1\n3500 AA Utrecht",
                    organisation="t.a.v. de directie")
NAMED = replace(ORG, signatory_name="A. Bakker", signatory_function="afdelingshoofd Juridische Zaken")


def _full_decision(**changes: object) -> object:
    """The sample decision with every section the substance asks for: scope, search, views, per document."""
    sample = sample_decision()
    # Document 3 is from 2019: older than five years on the decision's date, so 5.3 applies to it.
    inventory = tuple(replace(r, date=date(2019, 4, 12)) if r.number == 3 else r for r in sample.inventory)
    base = replace(
        sample, organisation=NAMED, inventory=inventory,
        original_request="Alle stukken over parkeren in Utrecht sinds 2010.", narrowed_on=date(2026, 10, 14),
        search=SearchSummary(places=("het zaaksysteem", "het documentmanagementsysteem", "de e-mailboxen"),
                             functions=("de projectleider parkeren", "de beleidsadviseur mobiliteit"),
                             terms="parkeerbeleid, parkeertarieven, handhaving",
                             period_start=date(2024, 1, 1), period_end=date(2025, 12, 31)),
        views=(ViewSummary(role="de derde-belanghebbende (handhavingsbureau)", documents=(4,),
                           asked_on=date(2026, 10, 19), answered_on=date(2026, 10, 28), objected=True,
                           weighing="Wij hebben het bezwaar gedeeltelijk gevolgd: de uurtarieven blijven "
                                    "onleesbaar, de opdrachtomschrijving maken wij openbaar."),),
        document_considerations=(
            # Relative grounds carry the reviewer's concrete reason per ground, as the decide step writes it.
            DocumentConsideration(1, "E-mail over parkeertarieven", ("5.1.2e", "5.1.2i"),
                                  "5.1.2e (eerbiediging van de persoonlijke levenssfeer): De namen zijn van "
                                  "bewoners die als privépersoon een melding deden en geen publieke rol hebben. "
                                  "5.1.2i (goed functioneren van de Staat): Het directe nummer van de handhaver is "
                                  "voor intern gebruik; de gemeente is bereikbaar via het algemene nummer.",
                                  date(2025, 3, 1)),
            DocumentConsideration(3, "Advies aan de wethouder", ("5.2",), "Persoonlijke beleidsopvattingen in "
                                  "een advies voor intern beraad.", date(2019, 4, 12)),
            DocumentConsideration(4, "Offerte handhavingsbureau", ("5.1.2f", "5.1.1e"),
                                  "De uurtarieven en de opbouw van de prijs.", None),
        ),
    )
    return replace(base, **changes)


def _one_doc(judgement: str, grounds: tuple[str, ...] = (), link: str | None = None) -> tuple[InventoryRow, ...]:
    return (InventoryRow(1, date(2025, 3, 1), "Raadsinformatiebrief parkeren", "brief", None, judgement, grounds,
                         "", link),)


LETTERS: dict[str, Callable[[], Letter]] = {
    "acknowledgement": lambda: acknowledgement(AcknowledgementContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 5), decision_due=date(2026, 11, 2))),
    "specification_request": lambda: specification_request(SpecificationRequestContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 8), respond_by=date(2026, 10, 22))),
    "forwarding_notice": lambda: forwarding_notice(ForwardingNoticeContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 8),
        forwarded_to="de Provincie Utrecht", forwarded_on=date(2026, 10, 8))),
    "forwarding_notice_partly": lambda: forwarding_notice(ForwardingNoticeContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 8),
        forwarded_to="de Provincie Utrecht", forwarded_on=date(2026, 10, 8), partly=True,
        decision_due=date(2026, 11, 2))),
    "zienswijze_request": lambda: zienswijze_request(ZienswijzeRequestContext(
        organisation=ORG, recipient=COMPANY, request=REQ, letter_date=date(2026, 10, 19),
        respond_by=date(2026, 11, 2), request_description="Parkeerbeleid in de binnenstad",
        documents=(DocumentReference(4, "Offerte handhavingsbureau", "deels openbaar", ("5.1.2e",),
                                     "document-004-voorgenomen-lakking.pdf"),
                   DocumentReference(7, "Gespreksverslag aanbesteding")))),
    "suspension_notice": lambda: suspension_notice(SuspensionNoticeContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 19), views_due=date(2026, 11, 2),
        third_party_count=1)),
    "suspension_ended_notice": lambda: suspension_ended_notice(SuspensionEndedNoticeContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 30), ended_on=date(2026, 10, 28),
        new_decision_due=date(2026, 11, 11))),
    "suspension_ended_notice_lapsed": lambda: suspension_ended_notice(SuspensionEndedNoticeContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 11, 2), ended_on=date(2026, 11, 2),
        new_decision_due=date(2026, 11, 16), views_lapsed=True)),
    "extension_notice": lambda: extension_notice(ExtensionNoticeContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 28), original_due=date(2026, 11, 2),
        new_due=date(2026, 11, 16), motivation="Het verzoek betreft ruim 400 documenten die wij één voor één "
                                               "moeten beoordelen.")),
    "priority_consultation": lambda: priority_consultation(PriorityConsultationContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 12), document_count=4200,
        decision_due=date(2026, 11, 2), respond_by=date(2026, 10, 23),
        parts=("besluitvorming door het college (2024–2025)", "e-mails van de projectgroep"))),
    "withdrawal_confirmation": lambda: withdrawal_confirmation(WithdrawalConfirmationContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 10, 9), withdrawn_on=date(2026, 10, 8))),
    "decision_partly_public": lambda: decision(_full_decision()),
    "decision_partly_public_concept": lambda: decision(_full_decision(concept=True)),
    "decision_partly_public_formal_5_2_3": lambda: decision(_full_decision(formal_decision_making=True)),
    "decision_public": lambda: decision(_full_decision(
        decision_type=DecisionType.PUBLIC, inventory=_one_doc("openbaar"), document_considerations=(), views=(),
        ground_motivations={}, private_link="https://open.utrecht.nl/verstrekking/abc/index.html",
        private_link_until=date(2027, 1, 11))),
    "decision_not_public": lambda: decision(_full_decision(
        decision_type=DecisionType.NOT_PUBLIC, inventory=_one_doc("niet openbaar", ("5.1.2i",)), views=(),
        ground_motivations={}, document_considerations=(DocumentConsideration(
            1, "Raadsinformatiebrief parkeren", ("5.1.2i",), "Een concept dat nooit is verzonden.",
            date(2025, 3, 1)),))),
    "decision_already_public": lambda: decision(_full_decision(
        decision_type=DecisionType.ALREADY_PUBLIC, views=(), document_considerations=(), ground_motivations={},
        inventory=_one_doc("reeds openbaar", link="https://www.utrecht.nl/raad/rib-parkeren"))),
    "decision_nothing_found": lambda: decision(_full_decision(
        decision_type=DecisionType.NOTHING_FOUND, inventory=(), views=(), document_considerations=(),
        ground_motivations={})),
    "decision_not_handled_4_1_6": lambda: decision(_full_decision(
        decision_type=DecisionType.NOT_HANDLED, inventory=(), views=(), document_considerations=(),
        ground_motivations={}, search=None, original_request=None,
        not_handled_reason="U heeft uw verzoek niet gepreciseerd binnen de gestelde termijn.",
        letter_date=date(2026, 11, 4),
        not_handled_due=date(2026, 11, 5))),
    "decision_not_handled_4_6": lambda: decision(_full_decision(
        decision_type=DecisionType.NOT_HANDLED, inventory=(), views=(), document_considerations=(),
        ground_motivations={}, search=None, original_request=None, not_handled_article="4.6",
        letter_date=date(2026, 10, 16), events=(),
        not_handled_reason="Het verzoek gaat over uw eigen geschil met een buurman, niet over een bestuurlijke "
                           "aangelegenheid.", not_handled_due=date(2026, 10, 19))),
    "published_decision": lambda: published_decision(replace(
        _full_decision(), recipient=Recipient(name="verzoeker", postal_address=None))),
    "third_party_decision_notice": lambda: third_party_decision_notice(ThirdPartyDecisionNoticeContext(
        organisation=NAMED, recipient=COMPANY, request=REQ, letter_date=date(2026, 11, 30),
        decision_date=date(2026, 11, 30), disclosure_date=date(2026, 12, 14), objection_expected=True,
        asked_on=date(2026, 10, 19), view_received_on=date(2026, 10, 28),
        documents=(sample_decision().inventory[3],))),
    "disclosure_notice": lambda: disclosure_notice(DisclosureNoticeContext(
        organisation=ORG, recipient=TO, request=REQ, letter_date=date(2026, 11, 30), decision_date=date(2026, 11, 30),
        disclosure_date=date(2026, 12, 14))),
}


class _Text(HTMLParser):
    """The letter's visible text, one block element per line."""

    BLOCKS = frozenset({"p", "h1", "h2", "h3", "tr", "li", "div", "table", "br"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "title", "head"):
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(letter: Letter) -> str:
    parser = _Text()
    parser.feed(letter.html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_each_letter_holds_its_reviewed_text(name: str) -> None:
    text = text_of(LETTERS[name]())
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("WOO_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden text for {name}: run with WOO_UPDATE_GOLDEN=1 and read it"
    assert text == golden.read_text(encoding="utf-8")


# Phrases a careful reader trips over: "1 derde" reads as one third, "1 document ... die", a number without its
# noun agreeing, two commas where Dutch wants "en".
_TRAPS = [
    re.compile(r"\b1 derde\b"), re.compile(r"\b1 documenten\b"), re.compile(r"\bdocument (gevonden )?die\b"),
    re.compile(r"\b1 derden\b"), re.compile(r"\bderde\(n\)"), re.compile(r"\b(één|1) derde partijen\b"),
    re.compile(r"nog niet bepaald"), re.compile(r"\d+ (documenten|derde partijen) (dat|is)\b"),
]


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_no_letter_falls_into_a_grammar_trap(name: str) -> None:
    text = text_of(LETTERS[name]())
    for trap in _TRAPS:
        assert not trap.search(text), f"{name}: {trap.pattern!r} in {trap.search(text).group(0)!r}"
    # Enumerations end with "en": "1, 2 en 3", never "1, 2, 3".
    assert not re.search(r"documenten \d+, \d+, \d+\b", text)


def test_number_agreement_in_the_decision() -> None:
    one = text_of(decision(_full_decision(decision_type=DecisionType.PUBLIC, inventory=_one_doc("openbaar"),
                                          document_considerations=(), ground_motivations={})))
    assert "Wij hebben één document gevonden dat onder uw verzoek valt." in one
    assert "hebben wij één derde partij gevraagd" in one
    many = text_of(decision(_full_decision()))
    assert "Wij hebben vijf documenten gevonden die onder uw verzoek vallen." in many
    assert "de zoektermen: parkeerbeleid, parkeertarieven, handhaving" in many
    assert "de projectleider parkeren en de beleidsadviseur mobiliteit" in many


def test_a_hostile_request_text_stays_inert() -> None:
    hostile = replace(REQ, subject="<script>alert(1)</script> {{ 7*7 }} <img src=\"file:///etc/passwd\"> "
                                   "javascript:alert(2)")
    letter = decision(_full_decision(request=hostile, original_request="<b>vet</b> {% raw %}"))
    assert "<script>" not in letter.html and "&lt;script&gt;" in letter.html
    assert "<b>vet</b>" not in letter.html and "{% raw %}" in text_of(letter)
    assert "{{ 7*7 }}" in text_of(letter) and " 49 " not in text_of(letter)
    assert '<img src="file' not in letter.html and 'href="javascript' not in letter.html
    with pymupdf.open(stream=letter.pdf(), filetype="pdf") as doc:  # renders, fetching nothing
        assert "alert(1)" in " ".join(page.get_text() for page in doc)


def test_every_letter_renders_to_pdf_a_with_concept_on_every_page_of_a_draft() -> None:
    for name, make in LETTERS.items():
        with pymupdf.open(stream=make().pdf(), filetype="pdf") as doc:
            assert 'pdfaid:part="3"' in doc.get_xml_metadata(), name
            pages = [page.get_text() for page in doc]
        if name.endswith("_concept"):
            assert len(pages) > 1 and all("CONCEPT" in p for p in pages), name
        else:
            assert not any("CONCEPT" in p for p in pages), name
