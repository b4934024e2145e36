"""The deadline watch: flags missed and nearly missed decision dates and sends the process owner one digest a day."""

from __future__ import annotations

import datetime as dt
import json

from watch_helpers import (
    REQUESTER_EMAIL,
    REQUESTER_NAME,
    audit_actions,
    digests,
    mail_text,
    outbox,
    registered,
    request_row,
)

from woo.case import UnitOfWork
from woo.deadlines import Risk
from woo.deadlines.extension import ExtensionOutcome, ExtensionRules
from woo.deadlines.watch import Flag, digest_key, overview, watch
from woo.schemas.audit import AuditAction

RECEIVED = dt.date(2026, 3, 2)
FIRST_DUE = dt.date(2026, 3, 30)
MANUAL = ExtensionRules(auto_extend=False)


def test_a_request_past_its_date_is_missed_and_reminded_once_when_run_twice(woo_home):
    rid = registered(RECEIVED)
    today = dt.date(2026, 4, 2)

    first = watch(UnitOfWork(), today)
    second = watch(UnitOfWork(), today)

    [row] = first.rows
    assert (row.request_id, row.decision_due, row.days_left, row.risk) == (rid, FIRST_DUE, -3, Risk.OVERDUE)
    assert row.flag is Flag.MISSED and first.missed == [row]
    owner = digests()[0].recipient
    assert first.reminders == [digest_key(today, owner)] and second.reminders == []
    assert len(digests()) == 1
    assert audit_actions(rid).count(AuditAction.DEADLINE_MISSED) == 1
    # Too late to extend: the watch says so instead of sending a late notice.
    assert [c.outcome for c in first.extensions] == [ExtensionOutcome.TOO_LATE]
    assert outbox(rid, "extension_notice") == []


def test_the_reminder_goes_to_the_process_owner_without_the_requesters_details(woo_home, monkeypatch):
    from woo.settings import reset_settings

    monkeypatch.setenv("WOO_PROCESS_OWNER_EMAIL", "termijnen@voorbeeldstad.nl")
    reset_settings()
    rid = registered(RECEIVED)
    watch(UnitOfWork(), dt.date(2026, 4, 2))

    [digest] = digests()
    assert digest.recipient == "termijnen@voorbeeldstad.nl" and digest.request_id is None
    message, body = mail_text(digest)
    number = request_row(rid).number
    assert "1 verstreken" in message["Subject"] and number in body and "3 dagen verstreken" in body
    for personal in (REQUESTER_NAME, REQUESTER_EMAIL):
        assert personal not in message.as_string()


def test_a_new_day_brings_a_new_digest_but_the_unchanged_flag_is_audited_once(woo_home):
    rid = registered(RECEIVED)
    watch(UnitOfWork(), dt.date(2026, 4, 2))
    second = watch(UnitOfWork(), dt.date(2026, 4, 3))
    assert len(digests()) == 2 and second.newly_flagged == []
    assert audit_actions(rid).count(AuditAction.DEADLINE_MISSED) == 1
    assert request_row(rid).deadline_flag == "missed"


def test_many_lapsed_requests_make_one_digest_listing_each(woo_home):
    ids = [registered(RECEIVED) for _ in range(3)]
    report = watch(UnitOfWork(), dt.date(2026, 4, 2))
    [digest] = digests()
    _, body = mail_text(digest)
    assert len(report.missed) == 3 and len(report.reminders) == 1
    for rid in ids:
        assert f"{request_row(rid).number} (nieuw)" in body
        assert outbox(rid) == []  # nothing per request
        assert audit_actions(rid).count(AuditAction.DEADLINE_MISSED) == 1


def test_flags_audited_in_bulk_keep_the_audit_chain_intact(woo_home):
    from woo.audit.verify import verify_chain

    for _ in range(4):
        registered(RECEIVED)
    watch(UnitOfWork(), dt.date(2026, 4, 2))
    registered(RECEIVED)  # an event written one by one after the bulk ones
    with UnitOfWork() as uow:
        assert verify_chain(uow.requests).ok


def test_the_digest_lists_at_most_its_limit_and_counts_the_rest(woo_home, monkeypatch):
    import woo.deadlines.watch

    monkeypatch.setattr(woo.deadlines.watch, "DIGEST_LIMIT", 2)
    ids = [registered(RECEIVED) for _ in range(3)]
    watch(UnitOfWork(), dt.date(2026, 4, 2))
    _, body = mail_text(digests()[0])
    assert sum(request_row(rid).number in body for rid in ids) == 2
    assert "en nog 1 verzoek(en)" in body


def test_a_request_within_the_warning_days_is_at_risk_and_the_owner_hears_the_extension_deadline(woo_home):
    rid = registered(RECEIVED)
    report = watch(UnitOfWork(), dt.date(2026, 3, 26), warn_days=7, rules=MANUAL)

    [row] = report.rows
    assert row.flag is Flag.AT_RISK and row.days_left == 4 and row.risk is Risk.DUE_SOON
    _, text = mail_text(digests()[0])
    assert "kan nog tot en met maandag 30 maart 2026" in text
    assert "Aanleiding voor verdaging" in text  # the rules' reasons, for the owner to weigh
    assert [c.outcome for c in report.extensions] == [ExtensionOutcome.LEFT_TO_OWNER]
    assert not request_row(rid).extended
    assert audit_actions(rid).count(AuditAction.DEADLINE_AT_RISK) == 1


def test_the_watch_extends_an_at_risk_request_when_the_rules_allow_it(woo_home):
    rid = registered(RECEIVED)
    report = watch(UnitOfWork(), dt.date(2026, 3, 26), warn_days=7, rules=ExtensionRules())

    [check] = report.extensions
    assert check.outcome is ExtensionOutcome.EXTENDED and report.summary()["extended"] == [rid]
    [row] = report.rows
    assert row.extended and row.decision_due == dt.date(2026, 4, 13) and row.flag is None
    assert len(outbox(rid, "extension_notice")) == 1 and digests() == []


def test_requests_on_schedule_or_decided_get_no_reminder(woo_home):
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    on_time = registered(dt.date(2026, 3, 20))
    decided = registered(RECEIVED)
    with session_scope() as s:
        row = s.get(RequestRow, decided)
        row.status, row.decided_on = "decided", dt.date(2026, 3, 25)

    report = watch(UnitOfWork(), dt.date(2026, 4, 2), warn_days=7)
    assert [r.request_id for r in report.rows] == [on_time]
    assert report.rows[0].risk is Risk.ON_TRACK and report.flagged == []
    assert digests() == []


def test_rows_are_ordered_by_days_left(woo_home):
    later = registered(dt.date(2026, 3, 16))
    earlier = registered(RECEIVED)
    report = watch(UnitOfWork(), dt.date(2026, 3, 10), rules=MANUAL)
    assert [r.request_id for r in report.rows] == [earlier, later]


def test_a_request_that_cannot_be_watched_is_named_and_the_others_go_on(woo_home):
    from woo.store.db import session_scope
    from woo.store.models import SuspensionRow

    broken = registered(RECEIVED)
    fine = registered(RECEIVED)
    with session_scope() as s:
        # A suspension before receipt cannot be; the engine refuses it.
        s.add(SuspensionRow(request_id=broken, kind="zienswijze", start=dt.date(2026, 2, 20),
                            end=dt.date(2026, 2, 27), reason="test", legal_basis="Woo 4.4(3)"))

    report = watch(UnitOfWork(), dt.date(2026, 4, 2))
    assert [r.request_id for r in report.rows] == [fine]
    [problem] = report.problems
    assert request_row(broken).number in problem and "vóór de ontvangst" in problem
    _, body = mail_text(digests()[0])
    assert request_row(fine).number in body and "1 verzoek(en) konden niet worden bewaakt" in body


def test_a_failed_extension_is_reported_and_the_reminder_still_goes_out(woo_home, monkeypatch):
    import woo.deadlines.watch
    from woo.errors import DeliveryError

    def failing(*args, **kwargs):
        raise DeliveryError("bericht extension:x kon niet worden afgeleverd (OSError)")

    monkeypatch.setattr(woo.deadlines.watch, "prepare_extension_if_at_risk", failing)
    rid = registered(RECEIVED)
    report = watch(UnitOfWork(), dt.date(2026, 3, 26))
    [problem] = report.problems
    assert request_row(rid).number in problem and "niet worden afgeleverd" in problem
    assert [r.flag for r in report.rows] == [Flag.AT_RISK] and request_row(rid).number in mail_text(digests()[0])[1]


def test_report_rows_carry_no_personal_data(woo_home):
    registered(RECEIVED, subject="Subsidie aan Jolanda Jansen-Verhoeven")
    report = watch(UnitOfWork(), dt.date(2026, 4, 2))
    table = report.table()
    assert set(table[0]) == {"request_id", "number", "status", "decision_due", "days_left", "risk", "risk_label",
                             "extended"}
    dumped = json.dumps([table, report.summary()], ensure_ascii=False)
    assert "Jolanda" not in dumped and REQUESTER_EMAIL not in dumped


def test_the_overview_states_current_dates_and_changes_nothing(woo_home):
    from woo.store.db import session_scope
    from woo.store.models import SuspensionRow

    rid = registered(RECEIVED)
    with session_scope() as s:
        # Views still awaited: the provisional decision date moves with every day the suspension lasts.
        s.add(SuspensionRow(request_id=rid, kind="zienswijze", start=dt.date(2026, 3, 10), end=None,
                            reason="test", legal_basis="Woo 4.4(3)"))
    actions_before = audit_actions(rid)

    rows, problems = overview(UnitOfWork(), dt.date(2026, 4, 2))

    [row] = rows
    assert problems == [] and row.request_id == rid and row.decision_due > FIRST_DUE
    assert request_row(rid).decision_due == FIRST_DUE
    assert audit_actions(rid) == actions_before and outbox(rid) == []


def test_extension_checks_run_only_where_the_answer_can_be_new_today(woo_home, monkeypatch):
    import woo.deadlines.watch

    one_by_one: list[str] = []
    real = woo.deadlines.watch.prepare_extension_if_at_risk

    def counting(uow, request_id, today, rules=None):
        one_by_one.append(request_id)
        return real(uow, request_id, today, rules)

    monkeypatch.setattr(woo.deadlines.watch, "prepare_extension_if_at_risk", counting)
    lapsed = registered(RECEIVED)  # notice date 30 March: passed on 2 April
    far = registered(dt.date(2026, 3, 30))  # notice date 27 April: weeks away
    first = watch(UnitOfWork(), dt.date(2026, 4, 2))
    assert first.checked == 1 and [(c.request_id, c.outcome) for c in first.extensions] == [
        (lapsed, ExtensionOutcome.TOO_LATE)]
    assert one_by_one == []  # too late is decided in bulk; only an extension is made one by one
    second = watch(UnitOfWork(), dt.date(2026, 4, 2))
    assert second.checked == 0 and second.extensions == []  # already flagged missed: nothing new to weigh
    assert request_row(far).deadline_flag is None



def test_only_a_request_to_be_extended_is_handled_one_by_one(woo_home, monkeypatch):
    import woo.deadlines.watch

    one_by_one: list[str] = []
    real = woo.deadlines.watch.prepare_extension_if_at_risk

    def counting(uow, request_id, today, rules=None):
        one_by_one.append(request_id)
        return real(uow, request_id, today, rules)

    monkeypatch.setattr(woo.deadlines.watch, "prepare_extension_if_at_risk", counting)
    soon = registered(RECEIVED)  # notice date 30 March: within the window on the 26th, work still open
    registered(dt.date(2026, 3, 20))  # notice date weeks away
    report = watch(UnitOfWork(), dt.date(2026, 3, 26))
    assert one_by_one == [soon] and report.summary()["extended"] == [soon]


def test_dates_of_an_open_suspension_are_recomputed_and_stored_day_by_day(woo_home):
    from woo.store.db import session_scope
    from woo.store.models import SuspensionRow

    rid = registered(RECEIVED)
    assert request_row(rid).dates_on is not None
    with session_scope() as s:
        s.add(SuspensionRow(request_id=rid, kind="zienswijze", start=dt.date(2026, 3, 10), end=None,
                            reason="test", legal_basis="Woo 4.4(3)"))
    assert request_row(rid).dates_on is None  # the store marked the dates stale

    first = watch(UnitOfWork(), dt.date(2026, 3, 20), rules=MANUAL)
    due_first = request_row(rid).decision_due
    second = watch(UnitOfWork(), dt.date(2026, 3, 21), rules=MANUAL)
    due_second = request_row(rid).decision_due
    assert first.recomputed == second.recomputed == 1
    assert FIRST_DUE < due_first < due_second and request_row(rid).dates_on == dt.date(2026, 3, 21)
    assert audit_actions(rid).count(AuditAction.DEADLINE_COMPUTED) >= 3  # registration + two moves
    third = watch(UnitOfWork(), dt.date(2026, 3, 21), rules=MANUAL)
    assert third.recomputed == 0  # already fresh for that day


def test_a_request_not_touched_keeps_its_stored_dates(woo_home):
    registered(RECEIVED)
    report = watch(UnitOfWork(), dt.date(2026, 3, 10), rules=MANUAL)
    assert report.recomputed == 0 and report.rows[0].decision_due == FIRST_DUE
