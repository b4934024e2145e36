"""The question forms: derived from the answer models, in Dutch, without "None" toggles, prefilled as asked."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from stepping import run_now

from woo.case import UnitOfWork

RECEIVED = dt.date(2026, 11, 2)


def _walk(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def test_every_form_field_has_a_dutch_title_and_description_and_no_null_toggle():
    from woo.questions.forms import FORMS

    for name, form in FORMS.items():
        schema = form.model_json_schema()
        for node in _walk(schema):
            assert {"type": "null"} not in node.get("anyOf", []), f"{name}: a field with a None toggle"
            assert node.get("default", "") is not None, f"{name}: a null default"
            for prop, sub in node.get("properties", {}).items():
                assert sub.get("title") and sub.get("description"), f"{name}.{prop} lacks a Dutch title"
                assert "_" not in prop or sub["title"] != prop.replace("_", " ").title()  # not "Held On"


def test_forms_follow_their_answer_models():
    from woo.questions.forms import FORMS
    from woo.questions.models import MeetingAnswer, PrivacyAnswer, RedactionReview, SignOff

    # One definition: a title changed on the model is the form's title.
    for name, model in (("meeting", MeetingAnswer), ("review", RedactionReview), ("sign_off", SignOff),
                        ("privacy", PrivacyAnswer)):
        for field, info in FORMS[name].model_fields.items():
            assert info.title is not None and info.title.startswith(model.model_fields[field].title)


def test_choices_are_dutch_labels_and_mean_their_codes():
    from woo.questions.forms import FORMS
    from woo.questions.models import MeetingAnswer, MeetingOutcome, RedactionReview

    meeting = FORMS["meeting"].model_json_schema()
    assert "reikwijdte bevestigd" in meeting["properties"]["outcome"]["enum"]
    assert "scope_confirmed" not in json.dumps(meeting)
    review = FORMS["review"].model_json_schema()
    grounds = review["$defs"]["ManualRedactionForm"]["properties"]["ground"]["enum"]
    assert "5.1.2e – Eerbiediging van de persoonlijke levenssfeer" in grounds

    # What the form gives back (labels, as Prefect stores them) is the same answer as the codes.
    answer = FORMS["meeting"].model_validate({"held_on": "2026-11-05", "outcome": "reikwijdte bevestigd",
                                              "answered_by": "m.devries"}).model_dump(mode="json", exclude_none=True)
    assert answer["outcome"] == "reikwijdte bevestigd"
    assert MeetingAnswer.model_validate(answer).outcome is MeetingOutcome.SCOPE_CONFIRMED
    review_answer = FORMS["review"].model_validate(
        {"accept_categories": ["Burgerservicenummer"], "answered_by": "m.devries",
         "manual": [{"document": 1, "page": 1, "rect": [1, 2, 3, 4],
                     "ground": "5.1.2e – Eerbiediging van de persoonlijke levenssfeer"}],
         "reasons": [{"document": 1, "ground": "5.1.2e – Eerbiediging van de persoonlijke levenssfeer",
                      "reason": "tekst-0123456789abcdef"}]}).model_dump(mode="json")
    assert review_answer["reasons"][0]["reason"] == "tekst-0123456789abcdef"  # a reference, never the text
    reason = "Een omwonende zonder publieke rol; de naam voegt niets toe."  # what the reference stands for
    parsed = RedactionReview.model_validate({k: v for k, v in review_answer.items() if v is not None} | {
        "manual": [{k: v for k, v in review_answer["manual"][0].items() if v is not None}],
        "reasons": [{**review_answer["reasons"][0], "reason": reason}]})
    assert parsed.accept_categories == ["bsn"] and parsed.manual[0].ground == "5.1.2e"
    assert parsed.reason_for(1, parsed.manual[0].ground) == reason


def test_an_empty_reference_is_no_answer_and_a_file_with_codes_still_fits():
    from woo.questions.forms import FORMS

    form = FORMS["meeting"].model_validate({"held_on": "2026-11-05", "outcome": "scope_confirmed", "new_scope": "",
                                            "answered_by": "m.devries"})
    assert form.new_scope is None and form.outcome == "scope_confirmed"


def test_a_prefilled_form_keeps_its_titles_and_starts_with_the_values():
    from woo.questions.forms import FORMS, prefilled

    form = prefilled(FORMS["views"], "**Zienswijzen** voor WOO-2026-0001",
                     views=[{"third_party": "bouwbedrijf", "lapsed": False, "objects": False}])
    schema = form.model_json_schema()
    assert schema["properties"]["views"]["title"] == "Zienswijzen"
    assert schema["properties"]["views"]["default"][0]["third_party"] == "bouwbedrijf"
    assert form._description.startswith("**Zienswijzen**")  # the form's description: the question


def _request_with_third_party(woo_home) -> str:
    from woo.process.intake import receive
    from woo.process.register import register

    intake = {"request": {"subject": "Herinrichting Stationsplein", "description": "Alle documenten.",
                          "received_on": RECEIVED.isoformat()},
              "requester": {"name": "Jolanda Jansen-Verhoeven", "email": "jolanda.verhoeven@voorbeeld.nl"}}
    rid, _ = receive(UnitOfWork(), intake, documents=None, answers=None)
    run_now(register, rid)
    return rid


def test_the_description_leads_with_the_refusal_then_what_why_and_when(woo_home):
    from woo.questions.catalogue import describe

    rid = _request_with_third_party(woo_home)
    with UnitOfWork() as uow:
        req = uow.requests.get(rid)
        text = describe(uow.requests, req, "meeting", ["meeting.held_on: de datum ligt in de toekomst"])
        plain = describe(uow.requests, req, "sign_off")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("**⚠ Uw vorige antwoord is niet overgenomen:** meeting.held_on: de datum ligt")
    assert req.number in lines[1] and "antwoord vóór" in lines[1] and lines[2].startswith("Waarom:")
    first = [line for line in plain.splitlines() if line.strip()][:3]
    assert "Vaststelling van het besluit" in first[0] and first[1].startswith("Waarom:")
    assert "**Conceptbesluit**" in plain and "besluit-concept.pdf" in plain and "Openbaarmaking:" in plain
