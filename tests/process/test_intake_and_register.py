"""Receiving and registering: nothing is lost, the same intake is one request, bad input is explained."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from stepping import run_now

from woo.case import UnitOfWork
from woo.errors import IntakeInvalid
from woo.process.intake import load_yaml, receive
from woo.process.register import register
from woo.schemas.grounds import Ground
from woo.store.db import session_scope
from woo.store.models import AuditRow, RequesterRow, RequestRow


def intake(**requester):
    return {
        "request": {"subject": "Stationsplein", "description": "Alle documenten over het Stationsplein.",
                    "received_on": (dt.date.today() - dt.timedelta(days=3)).isoformat(), "channel": "email"},
        "requester": {"name": "J. Jansen", "email": "j.jansen@voorbeeld.nl", **requester},
    }


def test_the_same_intake_twice_is_one_request(woo_home):
    first, created = receive(UnitOfWork(), intake(), documents=None, answers=None)
    second, created_again = receive(UnitOfWork(), intake(), documents=None, answers=None)
    assert first == second and created and not created_again


def test_registration_issues_a_number_and_keeps_personal_data_out_of_the_result(woo_home):
    rid, _ = receive(UnitOfWork(), intake(), documents=None, answers=None)
    result = run_now(register, rid)
    assert result.number.startswith(f"WOO-{dt.date.today().year}-") or result.number.startswith("WOO-")
    assert "Jansen" not in repr(result) and "voorbeeld.nl" not in repr(result)
    with session_scope() as s:
        assert s.scalar(select(RequesterRow.email)) == "j.jansen@voorbeeld.nl"
    assert run_now(register, rid).already_registered is True


def test_an_invalid_e_mail_address_is_refused_with_a_clear_reason_and_the_intake_is_kept(woo_home):
    rid, _ = receive(UnitOfWork(), intake(email="jansen-at-voorbeeld"), documents=None, answers=None)
    with pytest.raises(IntakeInvalid) as exc:
        run_now(register, rid)
    assert any(p.startswith("requester.email: ongeldig e-mailadres") for p in exc.value.problems)
    assert "jansen-at-voorbeeld" not in str(exc.value)  # the message goes to Prefect; the address does not
    with session_scope() as s:
        row = s.get(RequestRow, rid)
        assert row.status == "rejected" and row.intake["requester"]["email"] == "jansen-at-voorbeeld"
        assert s.scalar(select(AuditRow.action).where(AuditRow.action == "intake.rejected"))


def test_html_in_a_requesters_text_is_kept_literally(woo_home):
    data = intake()
    data["request"]["description"] = '<img src="file:///etc/passwd"> Alle documenten <script>x</script>'
    rid, _ = receive(UnitOfWork(), data, documents=None, answers=None)
    run_now(register, rid)
    with session_scope() as s:
        assert "<script>" in s.get(RequestRow, rid).scope


def test_unreadable_yaml_is_reported_per_file(tmp_path):
    bad = tmp_path / "request.yaml"
    bad.write_text("request: [unclosed")
    with pytest.raises(IntakeInvalid, match="verzoek"):
        load_yaml(bad, "verzoek")


def test_ground_codes_normalise_in_any_common_notation():
    assert Ground.parse("5.1 lid 2 sub e") is Ground.PRIVACY
    assert Ground.parse("5.1.2.e") is Ground.PRIVACY
    with pytest.raises(ValueError, match="onbekende weigeringsgrond"):
        Ground.parse("5.1.9z")
