"""Two moments: the requester's private copy on the verstrekking date, the public publication some working days
later; the private link expires; the dates follow the Atw calendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from publication_dossier import NUMBER, REQUEST_ID
from sqlalchemy import select

from woo.case import UnitOfWork
from woo.process.publication_changes import expire_shares
from woo.process.publish import publish
from woo.publication.moments import add_working_days, existing_share, plan
from woo.settings import get_settings, reset_settings
from woo.store.db import session_scope
from woo.store.models import AuditRow, RequestRow


def test_working_days_skip_weekends_and_holidays() -> None:
    # Friday 24 December 2027 + 1 working day: Christmas (Sat), Boxing Day (Sun) -> Monday 27 December.
    assert add_working_days(dt.date(2027, 12, 24), 1) == dt.date(2027, 12, 27)
    assert add_working_days(dt.date(2026, 11, 27), 5) == dt.date(2026, 12, 4)
    assert add_working_days(dt.date(2026, 11, 29), 0) == dt.date(2026, 11, 29)


def test_plan_waits_for_the_disclosure_date_and_keeps_the_link_until_public() -> None:
    m = plan(dt.date(2026, 11, 2), dt.date(2026, 11, 16), delay_days=5, link_days=3)
    assert (m.verstrekking_on, m.public_on, m.link_expires_on) == (
        dt.date(2026, 11, 16), dt.date(2026, 11, 23), dt.date(2026, 11, 23))
    m = plan(dt.date(2026, 11, 2), None, delay_days=0, link_days=42)
    assert (m.verstrekking_on, m.public_on, m.link_expires_on) == (
        dt.date(2026, 11, 2), dt.date(2026, 11, 2), dt.date(2026, 12, 14))


def _events() -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    with session_scope() as s:
        for r in s.scalars(select(AuditRow).order_by(AuditRow.seq)):
            out.setdefault(r.action, []).append(json.loads(r.payload))
    return out


def test_the_requester_gets_the_documents_first(decided_request: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WOO_PUBLICATION_DELAY_DAYS", "5")
    reset_settings()
    today = dt.date.today()
    public_on = add_working_days(today, 5)
    result = publish(UnitOfWork(), REQUEST_ID, today=today)
    assert result.status == "scheduled" and result.shared is True
    assert result.run_on == public_on and result.verstrekking_on == today
    share = existing_share(get_settings().request_dir(REQUEST_ID))
    assert share is not None and share.verstrekking_on == today and share.public_on == public_on
    private = share.folder(decided_request)
    assert (private / "manifest.json").is_file() and len(list((private / "documenten").iterdir())) == 4
    page = (private / "index.html").read_text()
    assert "Dit is uw persoonlijke link" in page and 'content="noindex' in page
    # Nothing public yet: no publication folder, no sitemap entry.
    assert not (decided_request / NUMBER).exists()
    assert not (decided_request / "sitemaps").exists()
    with session_scope() as s:
        assert s.get(RequestRow, REQUEST_ID).status == "publication_scheduled"
    events = _events()
    [shared] = events["request.shared_with_requester"]
    assert shared["public_on"] == public_on.isoformat() and share.token not in json.dumps(events)

    # A retry on the same day shares nothing twice, and the day before the public date publishes nothing.
    assert publish(UnitOfWork(), REQUEST_ID, today=today).shared is False
    assert publish(UnitOfWork(), REQUEST_ID, today=public_on - dt.timedelta(days=1)).status == "scheduled"
    assert len(_events()["request.shared_with_requester"]) == 1 and not (decided_request / NUMBER).exists()

    # On the public date the public publication follows, with both dates in the audit log.
    published = publish(UnitOfWork(), REQUEST_ID, today=public_on)
    assert published.status == "published" and published.public_on == public_on
    assert (decided_request / NUMBER / "manifest.json").is_file()
    events = _events()
    assert len(events["request.shared_with_requester"]) == 1
    assert events["request.published"][0]["verstrekking_on"] == today.isoformat()
    assert events["request.published"][0]["public_on"] == public_on.isoformat()


def test_an_expired_private_link_is_removed(decided_request: Path) -> None:
    publish(UnitOfWork(), REQUEST_ID, today=dt.date.today())
    share = existing_share(get_settings().request_dir(REQUEST_ID))
    assert share is not None and share.expires_on is not None
    private = share.folder(decided_request)
    assert expire_shares(UnitOfWork(), today=share.expires_on) == [] and private.is_dir()
    assert expire_shares(UnitOfWork(), today=share.expires_on + dt.timedelta(days=1)) == [REQUEST_ID]
    assert not private.exists() and (decided_request / NUMBER).is_dir()
    after = existing_share(get_settings().request_dir(REQUEST_ID))
    assert after is not None and after.removed_on == share.expires_on + dt.timedelta(days=1)
    assert _events()["request.share_expired"][0]["token_sha256"] == share.token_sha256
    assert expire_shares(UnitOfWork(), today=share.expires_on + dt.timedelta(days=2)) == []


def test_the_dossier_shows_both_dates(decided_request: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from woo.audit.dossier import dossier_markdown

    monkeypatch.setenv("WOO_PUBLICATION_DELAY_DAYS", "5")
    reset_settings()
    publish(UnitOfWork(), REQUEST_ID, today=dt.date.today())
    today = dt.date.today()
    with UnitOfWork() as uow:
        text = dossier_markdown(uow.requests, REQUEST_ID, today=today)
    assert f"| Verstrekking aan verzoeker (persoonlijke link) | {today.isoformat()} |" in text
    assert f"| Openbare publicatie | {add_working_days(today, 5).isoformat()} |" in text
    share = existing_share(get_settings().request_dir(REQUEST_ID))
    assert share is not None and share.token not in text
