"""Score the redaction engine on a labelled corpus: recall of what must go, share kept of what must stay.

Each ``CORPUS/NAME.html`` is rendered to PDF with ``woo.letters.pdf.html_to_pdf``; ``NAME.yaml`` holds the labels a Woo
lawyer would give:

* ``expected``: what must be redacted, as ``{text, category, count?}``. EVERY occurrence of ``text`` in the
  document (whole words, any whitespace between them) must be covered completely, character by character, by
  proposals of that category; an occurrence that lies inside a longer expected occurrence belongs to that one.
  A half-redacted name counts as missed. ``count`` (optional) is a check on the label: the number of
  occurrences the text must have, so a typo in a label cannot silently make an item vanish.
* ``visible``: what must stay readable, as plain strings or ``{text, kind}`` (kind: official, organisation,
  business_address, org_contact, place, date, other). An occurrence is kept when no proposal touches any of its
  characters; occurrences inside an expected occurrence (the domain inside a personal e-mail address) are not
  counted, and neither are expected occurrences inside a longer visible one (a surname inside a company name).

Scoring is positional, on the same page text and character boxes detection uses, so a proposal elsewhere on
the page with the same words does not count as covering an occurrence. A proposal is correct when it covers a
character of an expected occurrence of its own category. ``officials.yaml`` in the corpus folder is the
configured list of public functionaries (what ``WOO_OFFICIALS_FILE`` holds in production).

Shared by ``tests/redaction/test_redaction_quality.py`` and ``benchmarks/redaction_quality.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from woo.letters.pdf import html_to_pdf
from woo.redaction import Category, Proposal, load_officials
from woo.redaction.detect import propose_in_document
from woo.redaction.pdfio import open_pdf, prepare
from woo.redaction.textmap import PageText, page_text

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CORPUS_UNSEEN = HERE / "corpus_unseen"
LEGAL_CATEGORIES = {Category.BUSINESS_DATA.value}
IDENTIFIER_CATEGORIES = {c.value for c in Category} - {"person_name", "image", "manual"} - LEGAL_CATEGORIES


class LabelError(ValueError):
    """A label does not match the document (wrong text or count)."""


@dataclass
class Tally:
    expected: int = 0
    found: int = 0
    proposed: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0


@dataclass
class Kept:
    total: int = 0
    kept: int = 0

    @property
    def share(self) -> float:
        return self.kept / self.total if self.total else 1.0


@dataclass
class CorpusScore:
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    visible_by_kind: dict[str, Kept] = field(default_factory=lambda: defaultdict(Kept))
    missed: list[str] = field(default_factory=list)  # "doc: category: text" (fictitious data, test output only)
    spurious: list[str] = field(default_factory=list)
    legal: list[str] = field(default_factory=list)  # "doc: category ground: text": business data and 5.1.1d
    redacted_visible: list[str] = field(default_factory=list)  # "doc: kind: text"
    documents: int = 0
    label_errors: list[str] = field(default_factory=list)
    # For the old test name: every visible item that was (partly) redacted.
    officials_redacted: list[str] = field(default_factory=list)

    def total(self, categories: set[str]) -> Tally:
        t = Tally()
        for name, tally in self.by_category.items():
            if name in categories:
                t.expected += tally.expected
                t.found += tally.found
                t.proposed += tally.proposed
                t.correct += tally.correct
        return t

    @property
    def all_expected(self) -> Tally:
        return self.total(set(self.by_category))

    @property
    def kept(self) -> Kept:
        k = Kept()
        for v in self.visible_by_kind.values():
            k.total += v.total
            k.kept += v.kept
        return k


@dataclass(frozen=True, slots=True)
class _Occurrence:
    page: int
    start: int
    end: int
    text: str
    label: str  # category for expected items, kind for visible ones


def render_corpus(out_dir: Path, corpus: Path = CORPUS) -> list[tuple[str, Path, dict]]:
    docs = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for html in sorted(corpus.glob("*.html")):
        pdf = out_dir / f"{corpus.name}-{html.stem}.pdf"
        if not pdf.exists():
            pdf.write_bytes(html_to_pdf(html.read_text(encoding="utf-8")))
        labels = yaml.safe_load(html.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        docs.append((html.stem, pdf, labels))
    return docs


def score_corpus(out_dir: Path, corpus: Path = CORPUS) -> CorpusScore:
    officials = load_officials(corpus / "officials.yaml")
    score = CorpusScore()
    for name, pdf, labels in render_corpus(out_dir, corpus):
        opened = open_pdf(pdf)
        try:
            prepare(opened.doc)
            proposals = [p for p in propose_in_document(opened.doc, opened.fingerprint, officials=officials)
                         if p.category is not Category.IMAGE]
            pages = [page_text(page) for page in opened.doc]
        finally:
            opened.doc.close()
        score_document(name, pages, proposals, labels, score)
        score.documents += 1
    if score.label_errors:
        raise LabelError("labels do not match the documents:\n  " + "\n  ".join(score.label_errors))
    return score


def _word(word: str) -> str:
    # A long token (a URL, an e-mail address) may wrap after a slash, hyphen, dot or @.
    return "".join(re.escape(c) + (r"\n?" if c in "/-.@" and k < len(word) - 1 else "")
                   for k, c in enumerate(word))


def _pattern(text: str) -> re.Pattern[str]:
    words = [_word(w) for w in text.split()]
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])")


def _occurrences(pages: list[PageText], text: str, label: str) -> list[_Occurrence]:
    pattern = _pattern(text)
    return [_Occurrence(pt.page, m.start(), m.end(), text, label) for pt in pages for m in pattern.finditer(pt.text)]


def _inside(o: _Occurrence, others: list[_Occurrence]) -> bool:
    return any(x.page == o.page and x.start <= o.start and o.end <= x.end and (x.end - x.start) > (o.end - o.start)
               for x in others)


def _char_centres(pt: PageText, start: int, end: int) -> list[tuple[float, float]]:
    out = []
    for k in range(start, end):
        box = pt.boxes[k]
        if box is None or pt.text[k].isspace():
            continue
        out.append(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2))
    return out


def _in_rects(point: tuple[float, float], rects: list[tuple[float, float, float, float]]) -> bool:
    x, y = point
    return any(r[0] - 0.5 <= x <= r[2] + 0.5 and r[1] - 0.5 <= y <= r[3] + 0.5 for r in rects)


def score_document(name: str, pages: list[PageText], proposals: list[Proposal], labels: dict,
                   score: CorpusScore) -> None:
    by_page = {pt.page: pt for pt in pages}
    expected_items = labels.get("expected") or []
    occurrences: list[_Occurrence] = []
    seen_labels: set[tuple[str, str]] = set()
    for item in expected_items:
        key = (str(item["text"]), str(item["category"]))
        if key in seen_labels:
            score.label_errors.append(f"{name}: label {key} appears twice; use count")
        seen_labels.add(key)
        found = _occurrences(pages, key[0], key[1])
        if not found:
            score.label_errors.append(f"{name}: expected text {key[0]!r} does not occur in the document")
        occurrences.extend(found)
    occurrences = list({(o.page, o.start, o.end): o for o in occurrences}.values())
    # "Van der Kooij" inside "Transportbedrijf Van der Kooij & Zn. B.V." is part of a name that must stay.
    visible_all = [o for entry in labels.get("visible") or []
                   for o in _occurrences(pages, str(entry["text"] if isinstance(entry, dict) else entry), "")]
    occurrences = [o for o in occurrences if not _inside(o, occurrences) and not _inside(o, visible_all)]
    for item in expected_items:
        want = item.get("count")
        got = sum(1 for o in occurrences if o.text == str(item["text"]) and o.label == item["category"])
        if want is not None and int(want) != got:
            score.label_errors.append(f"{name}: {item['text']!r} has {got} separate occurrence(s), label says {want}")

    # Business-data proposals are never applied without a person's decision (woo.redaction.legal): they are
    # listed apart, as are proposals whose ground is 5.1.1d (criminal-law data) instead of 5.1.2e.
    score.legal += [f"{name}: {p.category.value} {p.ground.value}: {p.text!r}" for p in proposals
                    if p.category.value in LEGAL_CATEGORIES or p.ground.value == "5.1.1d"]
    proposals = [p for p in proposals if p.category.value not in LEGAL_CATEGORIES]
    rects_all: dict[int, list] = defaultdict(list)
    rects_by_cat: dict[tuple[int, str], list] = defaultdict(list)
    for p in proposals:
        rects_all[p.page].extend(p.rects)
        rects_by_cat[(p.page, p.category.value)].extend(p.rects)

    for o in occurrences:
        tally = score.by_category[o.label]
        tally.expected += 1
        centres = _char_centres(by_page[o.page], o.start, o.end)
        own = rects_by_cat[(o.page, o.label)]
        if centres and all(_in_rects(c, own) for c in centres):
            tally.found += 1
        else:
            covered = sum(1 for c in centres if _in_rects(c, rects_all[o.page]))
            how = "not redacted" if covered == 0 else (
                "partly redacted" if covered < len(centres) else "redacted under another category")
            score.missed.append(f"{name}: {o.label}: {o.text!r} ({how})")

    for p in proposals:
        tally = score.by_category[p.category.value]
        tally.proposed += 1
        pt = by_page[p.page]
        if any(o.page == p.page and o.label == p.category.value
               and any(_in_rects(c, list(p.rects)) for c in _char_centres(pt, o.start, o.end))
               for o in occurrences):
            tally.correct += 1
        else:
            score.spurious.append(f"{name}: {p.category.value}: {p.text!r}")

    for entry in labels.get("visible") or []:
        text, kind = (str(entry), "other") if not isinstance(entry, dict) else (str(entry["text"]),
                                                                                  str(entry.get("kind", "other")))
        found = [o for o in _occurrences(pages, text, kind) if not _inside(o, occurrences)
                 and not any(x.page == o.page and x.start <= o.start and o.end <= x.end for x in occurrences)]
        if not found and not _occurrences(pages, text, kind):
            score.label_errors.append(f"{name}: visible text {text!r} does not occur in the document")
        for o in found:
            kept = score.visible_by_kind[kind]
            kept.total += 1
            if any(_in_rects(c, rects_all[o.page]) for c in _char_centres(by_page[o.page], o.start, o.end)):
                score.redacted_visible.append(f"{name}: {kind}: {text!r}")
                score.officials_redacted.append(f"{name}: {text}")
            else:
                kept.kept += 1
