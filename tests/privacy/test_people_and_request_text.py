"""The gate knows the requester's phone and each third party's contact person; the published request text
(Woo 3.3(5)(e)) carries none of what it knows, however the requester wrote it."""

from __future__ import annotations

import datetime as dt

import pymupdf
import pytest
from privacy_dossier import REQUEST_ID
from pydantic import ValidationError

from woo.case import Repository
from woo.privacy import Audience, Category, Gate, Outgoing, known_data
from woo.process.publish import request_text_html
from woo.questions.models import ThirdParty
from woo.schemas.intake import Intake
from woo.store.db import session_scope
from woo.store.models import RequestRow


def intake(**requester: object) -> Intake:
    return Intake.model_validate({
        "request": {"subject": "Stationsplein", "description": "Alle stukken", "received_on": dt.date(2026, 10, 1)},
        "requester": {"name": "Jeroen Smit", "email": "j.smit@voorbeeld.nl", **requester},
    })


@pytest.mark.parametrize("phone", ["06-87654321", "+31 6 8765 4321", "(030) 123 45 67"])
def test_a_requester_may_give_a_phone_number(phone):
    assert intake(phone=phone).requester.phone == phone


@pytest.mark.parametrize("phone", ["bel me", "12", "06-87654321 of 06-12345678 en nog meer cijfers"])
def test_a_phone_number_that_is_not_one_is_refused_in_dutch(phone):
    with pytest.raises(ValidationError, match="ongeldig telefoonnummer"):
        intake(phone=phone)


def test_a_third_party_may_name_its_contact_person_and_phone():
    tp = ThirdParty(key="bouwbedrijf", name="Bouwbedrijf B.V.", documents=["a.pdf"], contact_person="Peter Jansen",
                    phone="030-1234567")
    assert (tp.contact_person, tp.phone) == ("Peter Jansen", "030-1234567")
    assert ThirdParty(key="x", name="X", documents=["a.pdf"]).contact_person is None


def test_the_gate_knows_the_requesters_phone_and_the_contact_persons(store):
    with session_scope() as s:
        known = known_data(Repository(s), REQUEST_ID)
    by_category = {(v.category, v.value) for v in known.values}
    assert (Category.REQUESTER_PHONE, "06-87654321") in by_category
    assert (Category.CONTACT_NAME, "Peter Jansen") in by_category
    assert (Category.CONTACT_PHONE, "050-3216549") in by_category
    # A third party's own address is a general mailbox of a company: not personal data, not searched.
    assert (Category.CONTACT_EMAIL, "info@bouwbedrijf-jansen.nl") not in by_category
    assert (Category.CONTACT_EMAIL, "k.visser@adviesnoord.nl") in by_category


def test_the_published_request_text_masks_what_the_requester_wrote_about_themselves(store):
    with session_scope() as s:
        req = s.get(RequestRow, REQUEST_ID)
        req.scope = ("Ik, JEROEN SMIT, wonend Dorpsstraat 12\n3512 AB Voorbeeldstad (tel. 06 8765 4321, "
                     "j.smit@voorbeeld.nl), vraag alle stukken over het plein; mijn buurman heeft al met "
                     "Peter Jansen gesproken.")
        known = known_data(Repository(s), REQUEST_ID)
        html = request_text_html(req, known)
    for value in ("JEROEN", "Dorpsstraat", "3512", "8765", "j.smit", "Peter Jansen"):
        assert value not in html
    assert "vraag alle stukken over het plein" in html and "[5.1.2e]" in html
    from woo.letters.pdf import html_to_pdf

    pdf = html_to_pdf(html)
    assert Gate(known, Audience.public()).check("file:verzoek.pdf", [Outgoing("verzoek.pdf", pdf)]).passed
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        assert "Smit" not in doc[0].get_text()
