"""The publication gate: read every outgoing file as its reader would and look for personal data they may not see.

One :class:`Gate` serves one request and one audience. :meth:`Gate.check` takes one item (a published
document with its metadata, the decision, a letter with its attachment) as a list of :class:`Outgoing` files
and returns an :class:`ItemCheck`: a finding names the file (by a neutral label), the page and the category,
never the value, so it can go to the audit log and to the operator as it is. A hit blocks that item only.

Reading is the expensive part (two parsers and OCR) and does not depend on the audience, so a gate remembers
what it read by content hash: checking the same bytes again (publish() checks ahead, publish_folder() checks
what it writes) costs only the search.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from woo.privacy.known import Audience, Category, KnownData, KnownValue, Needles
from woo.privacy.match import Haystack
from woo.privacy.read import UNREADABLE_FILE, UNREADABLE_PAGE, ReadPart, read_bytes

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """One file of an item. ``label`` names it in findings; ``name`` is its public name (searched as well);
    ``document`` is the inventory number when this is a released document's own content."""

    label: str
    data: bytes
    name: str = ""
    document: int | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class Finding:
    """Personal data (or an unreadable page) found: where and what kind, how often; never the value."""

    file: str
    page: int | None
    category: Category
    count: int

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "page": self.page, "category": self.category.value, "count": self.count}

    @property
    def message(self) -> str:
        where = f"{self.file}, pagina {self.page}" if self.page else self.file
        times = "" if self.category in (Category.UNREADABLE_PAGE, Category.UNREADABLE_FILE) else f" ({self.count}x)"
        return f"{self.category.label} in {where}{times}"


@dataclass(frozen=True)
class ItemCheck:
    """The gate's verdict on one item for one audience."""

    item: str
    audience: Audience
    findings: tuple[Finding, ...]
    files: int
    pages: int
    ocr_pages: int

    @property
    def passed(self) -> bool:
        return not self.findings

    @property
    def message(self) -> str:
        """Dutch, for the operator: which item is held and why, without any personal data."""
        if self.passed:
            return f"{self.item}: geen persoonsgegevens gevonden ({self.audience.label})"
        return (f"{self.item} is tegengehouden ({self.audience.label}): "
                + "; ".join(f.message for f in self.findings))

    def payload(self) -> dict[str, object]:
        """For the audit log: labels, pages, categories and counts only."""
        return {"item": self.item, "audience": self.audience.code, "files": self.files, "pages": self.pages,
                "ocr_pages": self.ocr_pages, "findings": [f.to_dict() for f in self.findings]}


@dataclass
class _Read:
    parts: list[ReadPart]
    hays: list[list[Haystack]] = field(default_factory=list)


class Gate:
    """Checks outgoing items of one request for one audience."""

    def __init__(self, known: KnownData, audience: Audience) -> None:
        self.known = known
        self.audience = audience
        self.needles: Needles = known.needles(audience)
        self._cache: dict[tuple[str, str, str], _Read] = {}

    def _read(self, out: Outgoing) -> _Read:
        key = (hashlib.sha256(out.data).hexdigest(), out.label, out.name)
        cached = self._cache.get(key)
        if cached is None:
            parts = read_bytes(out.data, out.label, out.name or out.label, out.content_type)
            if out.name:
                parts.append(ReadPart(f"{out.label} (bestandsnaam)", None, (out.name,)))
            cached = _Read(parts, [[Haystack(t) for t in p.texts] for p in parts])
            self._cache[key] = cached
        return cached

    def check(self, item: str, files: Sequence[Outgoing]) -> ItemCheck:
        findings: list[Finding] = []
        pages = ocr_pages = 0
        for out in files:
            read = self._read(out)
            pages += sum(1 for p in read.parts if p.page is not None)
            ocr_pages += sum(1 for p in read.parts if p.ocr)
            findings += self._problems(read.parts)
            values: list[KnownValue] = list(self.needles.everywhere)
            allowance: dict[str, int] = {}
            if out.document is not None:
                # The document's own redacted texts may stay as often as its original held them unredacted;
                # the short ones ("Jansen") are searched only here.
                own = self.needles.in_document.get(out.document, ())
                allowance = {v.value: n for v, n in own}
                values += [v for v, _ in own if not v.specific]
            findings += self._search(read, _unique(values), allowance)
        result = ItemCheck(item, self.audience, tuple(_merge(findings)), len(files), pages, ocr_pages)
        if not result.passed:
            _log.warning("privacypoort: %s", result.message)
        return result

    @staticmethod
    def _problems(parts: list[ReadPart]) -> list[Finding]:
        out = []
        for p in parts:
            if p.problem == UNREADABLE_PAGE:
                out.append(Finding(p.file, p.page, Category.UNREADABLE_PAGE, 1))
            elif p.problem == UNREADABLE_FILE:
                out.append(Finding(p.file, p.page, Category.UNREADABLE_FILE, 1))
        return out

    @staticmethod
    def _search(read: _Read, values: Iterable[KnownValue], allowance: dict[str, int]) -> list[Finding]:
        findings: list[Finding] = []
        for v in values:
            per_part = [(p, max((v.count(h) for h in hays), default=0)) for p, hays in zip(read.parts, read.hays,
                                                                                        strict=True)]
            total = sum(n for _, n in per_part)
            allowed = allowance.get(v.value, 0) if v.category is Category.REDACTED_TEXT else 0
            if total <= allowed:
                continue
            findings += [Finding(p.file, p.page, v.category, n) for p, n in per_part if n]
        return findings


def _unique(values: Iterable[KnownValue]) -> list[KnownValue]:
    """One search per distinct value: "Peter Jansen" redacted in three documents is one value."""
    seen: dict[tuple[Category, str, bool], KnownValue] = {}
    for v in values:
        seen.setdefault((v.category, v.value, v.phone), v)
    return list(seen.values())


def _merge(findings: Iterable[Finding]) -> list[Finding]:
    counts: dict[tuple[str, int | None, Category], int] = defaultdict(int)
    for f in findings:
        counts[(f.file, f.page, f.category)] += f.count
    return [Finding(file, page, cat, n) for (file, page, cat), n in
            sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2].value))]
