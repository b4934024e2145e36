"""The inventory's Email Thread ID comes from the mail headers (Message-ID, In-Reply-To, References); the subject
is only the fallback for e-mails without them. Real .eml files, collected as the collect step collects them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from woo.decision.inventory import build_inventory
from woo.documents import collect_folder


def _eml(subject: str, *, message_id: str | None = None, in_reply_to: str | None = None,
         references: str | None = None) -> bytes:
    headers = ["From: Afdeling Verkeer <verkeer@voorbeeldstad.nl>", "To: Projectteam <project@voorbeeldstad.nl>",
               "Date: Fri, 14 Mar 2025 10:15:00 +0100", f"Subject: {subject}"]
    if message_id:
        headers.append(f"Message-ID: {message_id}")
    if in_reply_to:
        headers.append(f"In-Reply-To: {in_reply_to}")
    if references:
        headers.append(f"References: {references}")
    return ("\r\n".join([*headers, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "",
                         f"Over {subject.lower()}.", ""])).encode()


# Collected in name order, so the document number is the prefix.
FIXTURES = {
    "1-planning.eml": _eml("Planning", message_id="<a1@mail.voorbeeldstad.nl>"),
    # A reply whose subject was changed: the same thread by In-Reply-To.
    "2-antwoord.eml": _eml("Andere titel", message_id="<b2@mail.voorbeeldstad.nl>",
                           in_reply_to="<a1@mail.voorbeeldstad.nl>"),
    # The same subject as 1 but a message of its own (no reference to it): another thread.
    "3-re-planning.eml": _eml("Re: Planning", message_id="<c3@mail.voorbeeldstad.nl>"),
    # Only References (folded over two lines, as mail clients write it), naming the reply: thread 1 too.
    "4-verslag.eml": _eml("Verslag", message_id="<d4@mail.voorbeeldstad.nl>",
                          references="<x9@elders.nl>\r\n <b2@mail.voorbeeldstad.nl>"),
    # No thread headers at all: the subject decides, among e-mails without headers.
    "5-overleg.eml": _eml("Overleg"),
    "6-re-overleg.eml": _eml("RE: Fw: overleg"),
    # A reply to 3 only, with the subject of 1: it belongs to 3's thread.
    "7-re-re-planning.eml": _eml("Re: Planning", message_id="<e7@mail.voorbeeldstad.nl>",
                                 references="<c3@mail.voorbeeldstad.nl>"),
}


@dataclass
class _Doc:
    """A collected document as the store keeps it, judged public (what the inventory reads)."""

    number: int
    title: str
    media_type: str
    date: dt.date | None
    family: int | None
    parent: int | None
    message_id: str | None
    replies_to: list[Any] | None
    duplicate_of: int | None = None
    error: str | None = None
    judgement: str | None = "openbaar"
    grounds: list[str] | None = field(default_factory=list)
    remark: str | None = None
    link: str | None = None
    held_reason: str | None = None


@pytest.fixture
def collected(tmp_path: Path) -> list[_Doc]:
    source = tmp_path / "bron"
    source.mkdir()
    for name, data in FIXTURES.items():
        (source / name).write_bytes(data)
    collection = collect_folder(source, tmp_path / "opslag")
    return [_Doc(d.index, d.title, d.media_type, d.date, d.family, d.parent, d.message_id,
                 list(d.replies_to) or None) for d in collection.documents]


def test_the_collector_keeps_each_mails_thread_headers(collected: list[_Doc]) -> None:
    by_number = {d.number: d for d in collected}
    assert by_number[2].message_id == "<b2@mail.voorbeeldstad.nl>"
    assert by_number[2].replies_to == ["<a1@mail.voorbeeldstad.nl>"]
    assert by_number[4].replies_to == ["<x9@elders.nl>", "<b2@mail.voorbeeldstad.nl>"]
    assert by_number[5].message_id is None and by_number[5].replies_to is None


def test_the_thread_id_follows_the_headers_and_falls_back_to_the_subject_only_without_them(
        collected: list[_Doc]) -> None:
    threads = {i.id: i.thread_id for i in build_inventory(collected, case_number="WOO-2026-0001").items}
    assert threads == {1: 1, 2: 1, 3: 3, 4: 1, 5: 5, 6: 5, 7: 3}
    # The CSV column carries it (the production report's "Email Thread ID").
    rows = build_inventory(collected, case_number="WOO-2026-0001").csv().decode("utf-8-sig").splitlines()
    assert [r.split(";")[3] for r in rows[1:]] == ["1", "1", "3", "1", "5", "5", "3"]
