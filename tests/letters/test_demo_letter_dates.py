"""The demo's letters, regenerated step by step on the days of its history: each letter is dated the day it is
sent (PDF and e-mail header agree) and every date it states is what the deadline engine says on that day."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import select

from woo.case import UnitOfWork
from woo.deadlines.engine import compute_deadlines
from woo.deadlines.explain import dutch_date, format_date_nl
from woo.demo import build_demo_dossier
from woo.process.acknowledge import acknowledge
from woo.process.collect import collect
from woo.process.consult import consult, record_views
from woo.process.decide import decide, send_decision
from woo.process.intake import load_yaml, receive
from woo.process.meeting import hold_meeting
from woo.process.redact import propose, redact
from woo.process.register import register
from woo.settings import get_settings
from woo.store.db import session_scope
from woo.store.models import OutboxRow

RECEIVED = dt.date(2026, 11, 2)  # a Monday; day 12 falls on a Saturday, so the view arrives on Monday 16th


def _letter(kind: str) -> tuple[str, dt.date, str]:
    """The letter's text, the day in its e-mail's Date header, and the e-mail body."""
    with session_scope() as s:
        [row] = s.scalars(select(OutboxRow).where(OutboxRow.kind == kind)).all()
        eml = Path(row.eml_path).read_bytes()
    message = email.message_from_bytes(eml, policy=email.policy.default)
    pdf = next(message.iter_attachments()).get_content()
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        text = " ".join(" ".join(page.get_text() for page in doc).split())
    sent = email.utils.parsedate_to_datetime(message["Date"]).date()
    return text, sent, message.get_body(("plain",)).get_content()


def _attachments(kind: str) -> list[str]:
    """The PDFs after the letter itself in the e-mail of ``kind``."""
    with session_scope() as s:
        [row] = s.scalars(select(OutboxRow).where(OutboxRow.kind == kind)).all()
        eml = Path(row.eml_path).read_bytes()
    message = email.message_from_bytes(eml, policy=email.policy.default)
    return [a.get_filename() for a in message.iter_attachments()][1:]


@pytest.fixture
def demo(woo_home, tmp_path, monkeypatch):
    from woo.demo import demo_environment
    from woo.settings import reset_settings

    for key, value in demo_environment().items():  # its signatory, public functionaries and publisher
        monkeypatch.setenv(key, value)
    reset_settings()
    dossier = build_demo_dossier(tmp_path / "invoer", received=RECEIVED, decided=RECEIVED + dt.timedelta(days=21))
    rid, _ = receive(UnitOfWork(), load_yaml(dossier.request_file, "verzoek"), documents=dossier.documents_dir,
                     answers=load_yaml(dossier.answers_file, "antwoorden"))
    days = dossier.step_days
    for step, work in (("register", register), ("acknowledge", acknowledge), ("meeting", hold_meeting),
                       ("collect", collect), ("consult", consult), ("views", record_views), ("propose", propose),
                       ("redact", redact), ("decide", decide), ("send_decision", send_decision)):
        work(UnitOfWork(), rid, today=days[step])
    return days


def test_every_letter_is_dated_the_day_it_is_sent_and_states_the_engines_dates(demo):
    days = demo
    asked, answered = days["consult"], days["views"]

    text, sent, _ = _letter("acknowledgement")
    at_receipt = compute_deadlines(RECEIVED)
    assert sent == days["acknowledge"] == RECEIVED
    assert f"Datum {dutch_date(RECEIVED)}" in text
    assert f"uiterlijk op {dutch_date(at_receipt.decision_due, weekday=True)}" in text
    assert format_date_nl(at_receipt.decision_due) in at_receipt.decision.explanation_nl

    # The third party can give a view: the intended judgement per document and the copies as they would be
    # made public are attached, and the request is described by its subject, not a placeholder.
    text, _, _ = _letter("zienswijze_request")
    assert "nog niet bepaald" not in text and "hieronder genoemde documenten betreft" not in text
    assert "Herinrichting Stationsplein" in text and "deels openbaar" in text
    names = _attachments("zienswijze_request")
    assert names and all(n.endswith("-voorgenomen-lakking.pdf") for n in names)
    assert all(n in text.replace(" ", "") for n in names)  # a long name wraps in its table cell

    for kind in ("zienswijze_request", "suspension_notice"):
        text, sent, _ = _letter(kind)
        assert sent == asked, kind
        assert f"Datum {dutch_date(asked)}" in text, kind
        assert dutch_date(asked + dt.timedelta(days=14)) in text, kind  # the period for the view

    text, sent, _ = _letter("suspension_ended_notice")
    after = compute_deadlines(RECEIVED, zienswijze=[(asked, answered)])
    assert sent == answered and f"Datum {dutch_date(answered)}" in text
    assert f"geëindigd op {dutch_date(answered)}" in text and "dezelfde dag" in text
    assert f"uiterlijk op {dutch_date(after.decision_due, weekday=True)}" in text
    assert format_date_nl(after.decision_due) in after.decision.explanation_nl
    assert after.decision_due > at_receipt.decision_due

    # The decision and the third party's notice of it: dated the replayed send day (letter and e-mail agree),
    # with the procedure's dates and, for the third party, the disclosure date the engine gives on that day.
    decided = days["send_decision"]
    at_decision = compute_deadlines(RECEIVED, zienswijze=[(asked, answered)], decided=decided)
    for kind in ("decision", "third_party_decision_notice"):
        text, sent, _ = _letter(kind)
        assert sent == decided, kind
        assert f"Datum {dutch_date(decided)}" in text, kind
    text, _, _ = _letter("decision")
    assert f"{dutch_date(asked)} gevraagd om een zienswijze" in text and f"op {dutch_date(answered)} ontvangen" in text
    assert f"van {dutch_date(decided)}" in text  # the annex names the decision by its date
    text, _, _ = _letter("third_party_decision_notice")
    assert at_decision.disclosure_on == decided  # no objection: disclosed with the decision
    assert f"Op {dutch_date(decided)} hebben wij op het verzoek besloten" in text
    assert f"op {dutch_date(at_decision.disclosure_on, weekday=True)}" in text


def test_the_demo_decision_has_its_substance_a_named_signatory_and_a_marked_concept(demo):
    text, sent, body = _letter("decision")
    assert sent == demo["send_decision"]
    for section in ("Hoe hebben wij gezocht?", "Zienswijzen van derden", "Overwegingen per document",
                    "Welke documenten hebben wij gevonden?"):
        assert section in text, section
    assert "de zoektermen: Stationsplein" in text and "projectleider Stationsplein" in text
    assert "De derde-belanghebbende (bouwbedrijf) is op" in text and "geen bezwaar" in text
    assert "Persoonlijke beleidsopvattingen in intern beraad" in text  # the official's remark for document 4
    # ... and the reviewer's concrete reason for 5.2 in it (Woo 5.2 is weighed per document), from the store.
    assert "5.2 (persoonlijke beleidsopvattingen): De passage geeft de persoonlijke opvatting van een medewerker" \
        in text
    assert "Anne Bakker afdelingshoofd Juridische Zaken" in text
    # The e-mail carries only the letter, and neither says the documents come with it.
    assert "ontvangt u tegelijk met dit besluit" not in text and "persoonlijke link" in text
    assert "In de bijlage vindt u onze brief" in body
    [folder] = list((get_settings().home / "requests").glob("*/besluit"))
    with pymupdf.open(folder / "besluit-concept.pdf") as doc:
        assert doc.page_count > 1 and all("CONCEPT" in page.get_text() for page in doc)
    with pymupdf.open(folder / "besluit.pdf") as doc:
        assert not any("CONCEPT" in page.get_text() for page in doc)
