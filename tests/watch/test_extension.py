"""Extending the decision term (Woo 4.4(2)): on time only, once only, with one notice to the requester."""

from __future__ import annotations

import datetime as dt

import pytest
from watch_helpers import audit_actions, outbox, pdf_text, registered, request_row

from woo.case import UnitOfWork
from woo.deadlines.extension import ExtensionRefused, extend
from woo.schemas.audit import AuditAction

# A Monday; the first term ends on Monday 30 March 2026, an extension moves it to Monday 13 April 2026.
RECEIVED = dt.date(2026, 3, 2)
FIRST_DUE = dt.date(2026, 3, 30)
EXTENDED_DUE = dt.date(2026, 4, 13)
MOTIVATION = "Het verzoek omvat ruim 900 pagina's die wij document voor document moeten beoordelen."


@pytest.mark.parametrize("today", [dt.date(2026, 3, 20), FIRST_DUE], ids=["before", "on-the-last-day"])
def test_an_extension_on_time_moves_the_decision_date_by_two_weeks(woo_home, today):
    rid = registered(RECEIVED)
    assert request_row(rid).decision_due == FIRST_DUE

    result = extend(UnitOfWork(), rid, MOTIVATION, "m.devries", today)

    assert (result.original_due, result.new_due) == (FIRST_DUE, EXTENDED_DUE)
    row = request_row(rid)
    assert row.extended and row.decision_due == EXTENDED_DUE
    assert result.newly_sent and result.letter_key == f"extension:{rid}"


def test_the_notice_goes_out_once_even_when_extend_is_called_twice(woo_home):
    rid = registered(RECEIVED)
    extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 3, 20))
    with pytest.raises(ExtensionRefused, match="al verdaagd"):
        extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 3, 21))

    notices = outbox(rid, "extension_notice")
    assert len(notices) == 1 and notices[0].status == "sent"
    assert request_row(rid).decision_due == EXTENDED_DUE  # not moved a second time
    assert audit_actions(rid).count(AuditAction.EXTENSION_RECORDED) == 1


def test_the_notice_states_the_motivation_and_the_new_date(woo_home):
    rid = registered(RECEIVED)
    extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 3, 20))
    text = " ".join(pdf_text(outbox(rid, "extension_notice")[0].pdf_path).split())
    assert "900 pagina's" in text
    assert "13 april 2026" in text and "30 maart 2026" in text


def test_the_extension_is_audited_with_motivation_actor_and_legal_basis(woo_home):
    import json

    from woo.store.audit_log import events_for
    from woo.store.db import session_scope

    rid = registered(RECEIVED)
    extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 3, 20))
    with session_scope() as s:
        event = next(e for e in events_for(s, rid) if e.action == AuditAction.EXTENSION_RECORDED)
        assert event.actor == "m.devries" and event.legal_basis == "Woo 4.4(2)"
        payload = json.loads(event.payload)
    assert payload["motivation"] == MOTIVATION
    assert payload["original_due"] == FIRST_DUE.isoformat() and payload["new_due"] == EXTENDED_DUE.isoformat()


def test_an_extension_after_the_notice_date_is_refused_and_changes_nothing(woo_home):
    rid = registered(RECEIVED)
    with pytest.raises(ExtensionRefused, match="uiterlijk op maandag 30 maart 2026"):
        extend(UnitOfWork(), rid, MOTIVATION, "m.devries", FIRST_DUE + dt.timedelta(days=1))

    row = request_row(rid)
    assert not row.extended and row.decision_due == FIRST_DUE
    assert outbox(rid, "extension_notice") == []
    assert AuditAction.EXTENSION_RECORDED not in audit_actions(rid)


@pytest.mark.parametrize(("motivation", "actor", "message"), [
    ("   ", "m.devries", "motivering"),
    (MOTIVATION, "Marieke de Vries", "gebruikers-id"),
])
def test_an_extension_without_motivation_or_with_a_bad_actor_is_refused(woo_home, motivation, actor, message):
    rid = registered(RECEIVED)
    with pytest.raises(ExtensionRefused, match=message):
        extend(UnitOfWork(), rid, motivation, actor, dt.date(2026, 3, 20))
    assert not request_row(rid).extended


def test_a_decided_request_cannot_be_extended(woo_home):
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    rid = registered(RECEIVED)
    with session_scope() as s:
        row = s.get(RequestRow, rid)
        row.status, row.decided_on = "decided", dt.date(2026, 3, 18)
    with pytest.raises(ExtensionRefused, match="al beslist"):
        extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 3, 20))


def test_a_notice_whose_delivery_was_interrupted_is_sent_by_the_next_call(woo_home, monkeypatch):
    import woo.deadlines.extension as extension
    from woo.errors import DeliveryError

    rid = registered(RECEIVED)
    real_send = extension.send_letter

    def failing_send(*args, **kwargs):
        raise DeliveryError("bericht kon niet worden afgeleverd (OSError)")

    monkeypatch.setattr(extension, "send_letter", failing_send)
    with pytest.raises(DeliveryError):
        extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 3, 27))
    assert request_row(rid).extended and outbox(rid, "extension_notice") == []

    monkeypatch.setattr(extension, "send_letter", real_send)
    # Days later, past the notice date: the notice decided on time still goes out, dated as decided.
    result = extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 4, 1))
    assert result.resumed and result.newly_sent and result.new_due == EXTENDED_DUE
    assert len(outbox(rid, "extension_notice")) == 1
    with pytest.raises(ExtensionRefused, match="al verdaagd"):
        extend(UnitOfWork(), rid, MOTIVATION, "m.devries", dt.date(2026, 4, 1))
