"""Registration numbers are unique, gapless per year and issued once, also under concurrent registration."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import re

import pytest
from sqlalchemy import select

from woo.store.db import dispose_engines, get_engine, session_scope
from woo.store.models import RequestRow
from woo.store.numbering import issue_number


def _new_request(s, rid: str) -> RequestRow:
    row = RequestRow(id=rid, intake_sha256=hashlib.sha256(rid.encode()).hexdigest(), intake={}, status="received")
    s.add(row)
    s.flush()
    return row


def test_numbers_are_sequential_per_year_and_restart_each_year(woo_home):
    with session_scope() as s:
        a = issue_number(s, _new_request(s, "a"), 2026)
        b = issue_number(s, _new_request(s, "b"), 2026)
        c = issue_number(s, _new_request(s, "c"), 2027)
    assert (a, b, c) == ("WOO-2026-0001", "WOO-2026-0002", "WOO-2027-0001")


def test_a_request_keeps_its_number_when_asked_again(woo_home):
    with session_scope() as s:
        row = _new_request(s, "a")
        first = issue_number(s, row, 2026)
        assert issue_number(s, row, 2026) == first
        assert issue_number(s, _new_request(s, "b"), 2026) == "WOO-2026-0002"


def test_a_rolled_back_registration_leaves_no_gap(woo_home):
    with pytest.raises(RuntimeError), session_scope() as s:
        issue_number(s, _new_request(s, "a"), 2026)
        raise RuntimeError("crash before commit")
    with session_scope() as s:
        assert issue_number(s, _new_request(s, "b"), 2026) == "WOO-2026-0001"


def _register_many(url: str | None, home: str, prefix: str, n: int) -> None:
    os.environ["WOO_HOME"] = home
    if url:
        os.environ["WOO_DATABASE_URL"] = url
    from woo.settings import reset_settings

    reset_settings()
    dispose_engines()
    for i in range(n):
        with session_scope() as s:
            issue_number(s, _new_request(s, f"{prefix}-{i}"), 2026)


def _concurrent_numbers(url: str | None, home: str) -> list[str]:
    get_engine(url)  # migrate once before the writers race
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_register_many, args=(url, home, f"p{k}", 15)) for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with session_scope(url) as s:
        return sorted(s.scalars(select(RequestRow.number)))


def _assert_gapless(numbers: list[str], n: int) -> None:
    assert len(numbers) == n
    assert numbers == [f"WOO-2026-{i:04d}" for i in range(1, n + 1)]
    assert all(re.fullmatch(r"WOO-2026-\d{4}", x) for x in numbers)


def test_concurrent_registrations_on_sqlite_get_unique_gapless_numbers(woo_home):
    _assert_gapless(_concurrent_numbers(None, str(woo_home)), 60)


def test_concurrent_registrations_on_postgresql_get_unique_gapless_numbers(woo_home, postgres_url):
    _assert_gapless(_concurrent_numbers(postgres_url, str(woo_home)), 60)
