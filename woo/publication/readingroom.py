"""The reading room: static HTML pages a citizen can browse and search, generated beside the sitemaps.

Per request a page (``<number>/index.html``: number, subject, dates, decision type, the inventory with links to
the documents, downloads including a ZIP of everything) made from ``leeszaal.json``, the public facts of the
request written into its publication folder. A withdrawn document leaves a tombstone (``ingetrokken/NNN.html``)
saying when and why. The site's ``index.html`` lists every request and filters it in the browser by number,
subject, decision date, category and decision type; without JavaScript it shows the whole list.

Everything here is plain HTML with inline CSS (so a page also reads well inside the ZIP or from the private
link), in Dutch, with headings, labels and visible focus for keyboard users. The pages carry only what passed
the privacy gate: the subject as the request text publishes it (masked), titles as the inventory has them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from woo.deadlines.explain import dutch_date
from woo.publication.diwoo import CATEGORY_WOO_REQUESTS, ReplaceReason
from woo.publication.folder import DocumentChange, tombstone_path, zip_name

ROOM_FILE = "leeszaal.json"
PAGE_FILE = "index.html"
ROOM_VERSION = 1


@dataclass(frozen=True)
class InventoryEntry:
    """One row of the published inventory, as the reading room shows it."""

    number: int
    date: date | None
    title: str
    judgement: str
    grounds: str = ""
    remark: str = ""


@dataclass(frozen=True)
class Room:
    """The public facts of one request's publication (``leeszaal.json``)."""

    number: str
    subject: str
    received_on: date
    decided_on: date
    decision_type: str
    public_on: date | None = None
    category: str = CATEGORY_WOO_REQUESTS.label
    inventory: tuple[InventoryEntry, ...] = ()
    has_request_text: bool = True
    files: Mapping[int, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        body: dict[str, Any] = {
            "version": ROOM_VERSION, "number": self.number, "subject": self.subject,
            "received_on": self.received_on.isoformat(), "decided_on": self.decided_on.isoformat(),
            "public_on": self.public_on.isoformat() if self.public_on else None,
            "decision_type": self.decision_type, "category": self.category,
            "has_request_text": self.has_request_text,
            "inventory": [{**asdict(r), "date": r.date.isoformat() if r.date else None} for r in self.inventory],
            "files": {str(n): p for n, p in sorted(self.files.items())},
        }
        return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Room:
        b = json.loads(data)
        return cls(
            number=b["number"], subject=b["subject"], received_on=date.fromisoformat(b["received_on"]),
            decided_on=date.fromisoformat(b["decided_on"]),
            public_on=date.fromisoformat(b["public_on"]) if b.get("public_on") else None,
            decision_type=b["decision_type"], category=b.get("category", CATEGORY_WOO_REQUESTS.label),
            has_request_text=b.get("has_request_text", True),
            inventory=tuple(InventoryEntry(int(r["number"]), date.fromisoformat(r["date"]) if r.get("date") else None,
                                           r["title"], r["judgement"], r.get("grounds", ""), r.get("remark", ""))
                            for r in b.get("inventory", ())),
            files={int(n): p for n, p in b.get("files", {}).items()},
        )


def inventory_entries(inventory_csv: bytes) -> tuple[InventoryEntry, ...]:
    """The rows of the published inventory CSV (:meth:`woo.decision.inventory.Inventory.csv`, the production
    report's columns); an inventory published in the earlier form (``nummer;datum;omschrijving;…``) reads too."""
    text = inventory_csv.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    out = []
    for r in rows:
        def cell(new: str, old: str, row: dict[str, str] = r) -> str:
            return row.get(new) if new in row else row.get(old, "")  # type: ignore[return-value]

        title = cell("Document", "omschrijving")
        # The CSV defuses spreadsheet formulas with a leading quote; the page shows the title itself.
        if title.startswith("'") and title[1:2] in ("=", "+", "-", "@"):
            title = title[1:]
        day = cell("Datum", "datum")
        out.append(InventoryEntry(
            number=int(cell("ID", "nummer")), date=date.fromisoformat(day) if day else None, title=title,
            judgement=cell("Beoordeling", "oordeel"),
            grounds=", ".join(g.strip() for g in cell("Beoordelingsgrond", "weigeringsgronden").split(";")
                              if g.strip()) if "Beoordelingsgrond" in r else r.get("weigeringsgronden", ""),
            remark=cell("Toelichting", "opmerking")))
    return tuple(out)


def _nl_date(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return dutch_date(value)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("woo.publication"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["nl_date"] = _nl_date
    return env


def _asset(name: str) -> str:
    loader = _env().loader
    assert loader is not None
    source, _, _ = loader.get_source(_env(), name)
    return source


@dataclass(frozen=True)
class _ChangeView:
    number: int
    kind: str
    on: str
    reason: str
    note: str | None
    page: str


def _change_view(c: DocumentChange) -> _ChangeView:
    return _ChangeView(c.number, c.kind, c.at, ReplaceReason(c.reason).label_nl, c.note, tombstone_path(c.number))


def _render(template: str, **ctx: Any) -> bytes:
    ctx.setdefault("private", False)
    ctx.setdefault("home", None)
    return _env().get_template(template).render(css=_asset("leeszaal.css"), **ctx).encode("utf-8")


def request_pages(room: Room, published: Mapping[int, str], changes: Sequence[DocumentChange], *,
                  publisher: str, folder_name: str, private: bool = False,
                  share_expires: date | None = None) -> dict[str, bytes]:
    """The reading room files of one publication folder: the page, its data and a tombstone per withdrawal."""
    latest = {c.number: c for c in changes}
    views = {n: _change_view(c) for n, c in latest.items()}
    rows = [
        {"number": r.number, "date": r.date, "title": r.title, "judgement": r.judgement, "grounds": r.grounds,
         "remark": r.remark, "path": published.get(r.number), "change": views.get(r.number)}
        for r in room.inventory
    ]
    files = {"decision": "besluit.pdf", "request": "verzoek.pdf" if room.has_request_text else None,
             "inventory": "inventaris.csv", "zip": zip_name(room.number)}
    home = None if private else "../index.html"
    room = Room(**{**room.__dict__, "files": dict(published)})
    out = {
        PAGE_FILE: _render("request.html", room=room, rows=rows, files=files, publisher=publisher, home=home,
                           private=private, share_expires=share_expires,
                           changes=[_change_view(c) for c in changes]),
        ROOM_FILE: room.to_json(),
    }
    for n, view in views.items():
        if view.kind == "withdrawn" and n not in published:
            out[view.page] = _render("tombstone.html", room=room, change=view, publisher=publisher, home=None,
                                     private=private)
    return out


def site_index(rooms: Iterable[Room], *, publisher: str) -> bytes:
    """The reading room's front page: every request, newest decision first, with the search form."""
    ordered = sorted(rooms, key=lambda r: (r.decided_on, r.number), reverse=True)
    categories = sorted({r.category for r in ordered})
    decision_types = sorted({r.decision_type for r in ordered})
    return _render("index.html", rooms=ordered, categories=categories, decision_types=decision_types,
                   publisher=publisher, js=_asset("leeszaal.js"))
