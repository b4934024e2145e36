"""The generated demo dossier: its files, its YAML, the personal data it plants, and how collection sees it."""

from __future__ import annotations

import datetime
import re
from email import message_from_bytes, policy
from pathlib import Path

import phonenumbers
import pymupdf
import pytest
import yaml
from email_validator import validate_email
from stdnum import iban
from stdnum.nl import bsn

from woo.demo import DemoDossier, build_demo_dossier, officials
from woo.documents import Collection, collect_folder
from woo.schemas.grounds import Ground
from woo.schemas.judgement import Judgement

RECEIVED = datetime.date(2026, 11, 2)


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> DemoDossier:
    return build_demo_dossier(tmp_path_factory.mktemp("demo"), received=RECEIVED)


@pytest.fixture(scope="module")
def collection(dossier: DemoDossier, tmp_path_factory: pytest.TempPathFactory) -> Collection:
    return collect_folder(dossier.documents_dir, tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def request_data(dossier: DemoDossier) -> dict:
    return yaml.safe_load(dossier.request_file.read_text("utf-8"))


@pytest.fixture(scope="module")
def answers(dossier: DemoDossier) -> dict:
    return yaml.safe_load(dossier.answers_file.read_text("utf-8"))


def _file(dossier: DemoDossier, fragment: str) -> Path:
    [path] = [p for p in dossier.documents_dir.iterdir() if fragment in p.name]
    return path


def _pdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def test_the_generator_writes_request_answers_and_documents(dossier):
    assert dossier.request_file.is_file() and dossier.answers_file.is_file()
    suffixes = sorted(p.suffix for p in dossier.documents_dir.iterdir())
    assert suffixes == [".eml"] * 3 + [".pdf"] * 5 + [".png", ".txt"]


def test_the_request_yaml_has_the_agreed_shape(request_data):
    request, requester = request_data["request"], request_data["requester"]
    assert request["subject"] == "Herinrichting Stationsplein"
    assert request["received_on"] == RECEIVED
    assert request["channel"] in {"email", "post", "webformulier"}
    assert request["period"] == {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)}
    assert "Stationsplein" in request["description"]
    assert requester["email"].endswith("@voorbeeld.nl")
    validate_email(requester["email"], check_deliverability=False)
    assert "\n" in requester["postal_address"]


def test_the_answers_yaml_has_the_agreed_shape(answers, dossier):
    assert answers["meeting"]["held_on"] == RECEIVED + datetime.timedelta(days=3)
    assert answers["meeting"]["outcome"] == "scope_confirmed"
    [party] = answers["third_parties"]
    assert party["key"] == "bouwbedrijf"
    assert party["asked_on"] == RECEIVED + datetime.timedelta(days=4)
    # Day 12 is a Saturday: the view arrives on the first working day after.
    assert party["view"]["received_on"] == RECEIVED + datetime.timedelta(days=14)
    # The replay runs each step on the day of its event, so the letters carry those dates.
    days = dossier.step_days
    assert days["acknowledge"] == RECEIVED and days["meeting"] == answers["meeting"]["held_on"]
    assert days["consult"] == party["asked_on"] and days["views"] == party["view"]["received_on"]
    validate_email(party["email"], check_deliverability=False)
    for name in party["documents"]:
        assert (dossier.documents_dir / name).is_file()
    for name, assessment in answers["assessments"].items():
        assert (dossier.documents_dir / name).is_file()
        Judgement.parse(assessment["judgement"])
        assert [Ground.parse(g) for g in assessment["grounds"]] == [Ground.PERSONAL_POLICY_VIEWS]
    assert answers["decision"]["signed_by"] == "a.bakker"
    assert answers["redaction_review"]["accept_all"] is True


def test_collection_finds_two_families_one_duplicate_and_one_error(collection):
    counts = collection.counts
    assert counts["found"] == 12
    assert (counts["families"], counts["duplicates"], counts["errors"]) == (2, 1, 1)
    [error] = [d for d in collection.documents if d.error]
    assert error.display_name == "Raadsvoorstel Stationsplein.pdf"
    assert error.error.startswith("Beschadigde PDF")
    [duplicate] = [d for d in collection.documents if d.duplicate_of]
    assert "Brief Bouwbedrijf Jansen" in collection.by_index(duplicate.duplicate_of).display_name
    attachments = {d.display_name: d for d in collection.documents if d.parent}
    assert set(attachments) == {"offerte.pdf", "situatieschets.png"}
    assert all(d.error is None and d.pages for d in attachments.values())


def test_every_document_predates_the_request_and_lies_in_the_period(collection):
    dated = [d.date for d in collection.documents if d.date is not None]
    assert len(dated) >= 8
    assert all(datetime.date(2025, 1, 1) <= day < RECEIVED for day in dated)


def test_the_contractor_letter_plants_iban_phone_email_and_a_signature(dossier):
    text = _pdf_text(_file(dossier, "Brief Bouwbedrijf Jansen"))
    [found_iban] = re.findall(r"NL\d{2}(?: ?[A-Z]{4})(?: ?\d{4}){2} ?\d{2}", text)[:1]
    assert iban.is_valid(found_iban)
    assert "+31 (0)30 123 4567" in text
    assert "p.jansen@bouwbedrijf-jansen.nl" in text
    assert "Peter Jansen" in text
    numbers = [m.raw_string for m in phonenumbers.PhoneNumberMatcher(text, "NL")]
    assert "+31 (0)30 123 4567" in numbers


def test_the_memo_holds_a_valid_bsn_in_context_and_a_mobile_number(dossier):
    text = _file(dossier, "Memo").read_text("utf-8")
    [number] = re.findall(r"BSN (\d{9})", text)
    assert bsn.is_valid(number)
    assert "06-12345678" in text


def test_the_mails_have_the_promised_attachments_and_signatures(dossier):
    offer = message_from_bytes(_file(dossier, "offerte").read_bytes(), policy=policy.default)
    [pdf] = offer.iter_attachments()
    assert pdf.get_filename() == "offerte.pdf" and pdf.get_content().startswith(b"%PDF")
    assert "06-45678901" in offer.get_body(("plain",)).get_content()

    sketch = message_from_bytes(_file(dossier, "situatieschets").read_bytes(), policy=policy.default)
    [png] = sketch.iter_attachments()
    assert png.get_content_type() == "image/png"
    assert png.get_content().startswith(b"\x89PNG")
    for msg in (offer, sketch):
        for header in ("From", "To"):
            for address in msg[header].addresses:
                validate_email(address.addr_spec, check_deliverability=False)


def test_the_minutes_name_the_officials_listed_in_officials_yaml(dossier):
    text = " ".join(_pdf_text(_file(dossier, "Verslag")).split())
    listed = officials()
    assert any("wethouder" in o.function for o in listed)
    for official in listed:
        assert official.surname in text
    assert "Sanne Elzinga" in text  # a civil servant, to be redacted


def test_the_scanned_letter_is_an_image_without_text(dossier):
    path = _file(dossier, "Scan")
    assert path.read_bytes().startswith(b"\x89PNG")
    with pymupdf.open(path) as doc, pymupdf.open("pdf", doc.convert_to_pdf()) as pdf:
        assert pdf[0].get_text().strip() == ""


def test_the_corrupt_pdf_starts_like_a_pdf(dossier):
    assert _file(dossier, "Raadsvoorstel").read_bytes().startswith(b"%PDF-1.7")


def test_a_folder_with_documents_is_not_overwritten(dossier):
    with pytest.raises(FileExistsError, match="bevat al bestanden"):
        build_demo_dossier(dossier.documents_dir.parent, received=RECEIVED)
