"""Check a saved, redacted PDF: nothing redacted is still readable, nothing hides in the file's corners.

Run on the file as written to disk, never on the in-memory document: what saving keeps is what leaks. Each
redacted string is searched in the text PyMuPDF extracts, in the text PDFium (Chromium's PDF engine, an
independent parser) extracts, and in every decoded stream, also with spaces, dots and hyphens removed and in
hex. Problems are Dutch sentences that refer to a string by its number, never by its text.

Which pages PDFium reads: PyMuPDF and PDFium read every page. A caller may pass the input's per-page text
and glyph traces (every character drawn as text, also outside the visible page, where MuPDF's text extraction
does not look but PDFium's does); PDFium then skips a page without boxes whose PyMuPDF text and glyph trace
equal the input's, since such a page holds only what the input held there. The engine passes no traces:
tracing a page's glyphs twice costs more than PDFium reading it. Form field values are not page text for
either parser; instead neither parser may see a form at all (the engine drops the form with its widgets), and
the stream scan covers every object's strings.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import operator
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pymupdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from woo.redaction.model import RectTuple
from woo.redaction.ocr import OcrUnavailable, ocr_page
from woo.redaction.report import CheckResult

_log = logging.getLogger(__name__)

_STRIPPED_MIN = 4  # shorter strings (a lone "Jan") are only searched as whole words, or every page "leaks"
_DARK = 64
_MIN_DARK_SHARE = 0.55  # the white label may cover the rest of a small box
_RENDER_ZOOM = 2.0  # pixels per point; the boxes are checked 0.5 pt inside their edges, i.e. one pixel
_FONT_OR_IMAGE_KEYS = ("/Length1", "/Length2", "/Length3", "/Subtype/Image", "/Subtype /Image",
                       "/Subtype/Type1C", "/Subtype /Type1C", "/Subtype/CIDFontType0C", "/Subtype /CIDFontType0C",
                       "/Subtype/OpenType", "/Subtype /OpenType", "/Type/XRef", "/Type /XRef",
                       "/Type/ObjStm", "/Type /ObjStm")
_DARK_TABLE = bytes(1 if v < _DARK else 0 for v in range(256))
_NON_WORD = re.compile(r"[\W_]+")
# PDFium is not thread-safe, and a flow may run redactions in threads of one process.
_PDFIUM_LOCK = threading.Lock()

# Plain-text extraction without clipping to the media box: text placed outside the visible page is still in
# the file and extractable by anyone. The input's text (the baseline) must be extracted with the same flags.
TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP


def page_texts(doc: pymupdf.Document) -> list[str]:
    """Every page's plain text as the check extracts it; the baseline to pass as ``baseline_pages``."""
    return [page.get_text("text", flags=TEXT_FLAGS) for page in doc]


def glyph_trace(page: pymupdf.Page) -> str:
    """A fingerprint of every glyph the page draws as text (character and glyph id, in drawing order),
    including text outside the visible page and invisible text."""
    digest = hashlib.sha256()
    for span in page.get_texttrace():
        digest.update(repr([(c[0], c[1]) for c in span["chars"]]).encode())
    return digest.hexdigest()


def _compact(s: str) -> str:
    return _NON_WORD.sub("", s).casefold()


def _spaced(s: str) -> str:
    return " ".join(s.split()).casefold()


class _Haystack:
    """A text prepared once for counting many strings in it (the normalised forms are the expensive part)."""

    __slots__ = ("compact", "spaced")

    def __init__(self, text: str) -> None:
        self.compact = _compact(text)
        self.spaced = _spaced(text)

    def count(self, s: str) -> int:
        """Occurrences of ``s``: ignoring spacing and punctuation for strings of 4+ characters (so
        "1234 56 782" is found as "123456782"), as whole words for shorter ones."""
        c = _compact(s)
        if len(c) >= _STRIPPED_MIN:
            return self.compact.count(c)
        return len(re.findall(rf"(?<!\w){re.escape(_spaced(s))}(?!\w)", self.spaced))


def verify_redacted(
    out_path: Path,
    redacted_strings: Sequence[str],
    boxes: Iterable[tuple[int, RectTuple]] = (),
    labels: Iterable[str] = (),
    baseline_text: str | None = None,
    baseline_pages: Sequence[str] | None = None,
    baseline_traces: Mapping[int, str] | None = None,
    baseline_census: Mapping[int, PageCensus] | None = None,
    ocr_rechecks: Mapping[int, OcrRecheck] | None = None,
    held: Sequence[str] = (),
) -> CheckResult:
    """Check ``out_path`` (as saved); ``boxes`` are ``(page, rect)`` that must render black; ``labels`` the
    ground codes printed on them (allowed as the only text inside a box).

    ``redacted_strings`` holds one entry per redacted occurrence, each on a page that carries a box. Without a
    baseline (the input's text) none of them may remain anywhere. With one, a string may remain only as often
    as it occurred in the input beyond the redacted occurrences: "Jansen" redacted as a person may stay in
    "Bouwbedrijf Jansen" when the reviewer left the company name, but every redacted occurrence must be gone.
    ``baseline_pages`` (the input's text per page, from :func:`page_texts`) with ``baseline_traces`` (page
    number to :func:`glyph_trace` of the input, for pages without boxes) lets PDFium skip unchanged pages;
    ``baseline_text`` is the whole input's text and makes PDFium read every page.

    ``baseline_census`` (page number to :class:`PageCensus` of the input page with its boxes) makes the check
    compare the characters outside the boxes before and after: any character lost outside a box fails the check.
    ``ocr_rechecks`` (page number to :class:`OcrRecheck`) are pages read with OCR: they are read again from
    the saved file, with the black boxes lifted so what the image holds under them counts, and none of the
    strings redacted there may be read. ``held`` are Dutch reasons a person must look at a page (a scan that
    could not be read with confidence); each fails the check."""
    problems: list[str] = []
    checks: dict[str, bool] = {}
    try:
        doc = pymupdf.open(out_path)
    except Exception:
        return CheckResult(False, [f"Het gelakte bestand {out_path.name} kan niet worden geopend."],
                           {"opens": False})
    try:
        checks["opens"] = True
        box_list = list(boxes)
        instances = Counter(s for s in redacted_strings if s.strip())
        strings = sorted(instances)
        if baseline_pages is not None and len(baseline_pages) != doc.page_count:
            baseline_text, baseline_pages = "\n".join(baseline_pages), None  # pages cannot be matched
        if baseline_pages is not None:
            baseline_text = "\n".join(baseline_pages)
        baseline = _Haystack(baseline_text) if baseline_text is not None else None
        allowed = {s: max(0, baseline.count(s) - n) if baseline else 0 for s, n in instances.items()}

        # Pages with boxes keep their text page: the box check reads the words from it again.
        boxed_pages = {page_no: doc[page_no] for page_no, _ in box_list}
        textpages = {no: page.get_textpage(flags=TEXT_FLAGS) for no, page in boxed_pages.items()}
        mu_pages = [boxed_pages[i].get_text("text", textpage=textpages[i]) if i in textpages
                    else doc[i].get_text("text", flags=TEXT_FLAGS) for i in range(doc.page_count)]
        checks["pymupdf_text"] = _check_text(_Haystack("\n".join(mu_pages)), strings, "PyMuPDF", problems, allowed)

        if baseline_pages is None or not strings:
            # Nothing to look for: PDFium only checks for a form.
            pdfium_pages: list[int] | None = None if strings else []
            pdfium_allowed = allowed
        else:
            traces = baseline_traces or {}
            pdfium_pages = [i for i in range(doc.page_count)
                            if i in boxed_pages or i not in traces
                            or _spaced(mu_pages[i]) != _spaced(baseline_pages[i])
                            or glyph_trace(doc[i]) != traces[i]]
            subset = _Haystack("\n".join(baseline_pages[i] for i in pdfium_pages))
            pdfium_allowed = {s: max(0, subset.count(s) - n) for s, n in instances.items()}
        pdfium_text, pdfium_form = _pdfium_read(out_path, problems, pdfium_pages, doc.page_count)
        # A file the independent parser cannot read has not been checked by it.
        checks["pdfium_text"] = pdfium_text is not None and _check_text(
            _Haystack(pdfium_text), strings, "PDFium", problems, pdfium_allowed)
        mu_form = doc.is_form_pdf or "AcroForm" in (doc.xref_get_keys(doc.pdf_catalog()) or ())
        checks["no_form"] = _check(not mu_form and not pdfium_form, problems,
                                   "Het bestand bevat nog een formulier; de waarden van de velden kunnen "
                                   "gelakte tekst bevatten.")
        # Strings that legitimately stay visible elsewhere also stay in the content streams; the text checks
        # above account for them by count, so the byte-level backstop looks only for the others.
        checks["streams"] = _check_streams(doc, [s if allowed[s] == 0 else "" for s in strings], problems)
        checks["single_revision"] = _check(doc.version_count == 1, problems,
                                           f"Het bestand heeft {doc.version_count} versies; verwacht is er één.")
        annots = sum(1 for page in doc for _ in page.annots())
        widgets = sum(1 for page in doc for _ in page.widgets())
        links = sum(len(page.get_links()) for page in doc)
        checks["no_annotations"] = _check(annots + widgets + links == 0, problems,
                                          f"Er zijn nog {annots} annotatie(s), {widgets} formulierveld(en) en "
                                          f"{links} koppeling(en) in het bestand.")
        meta = {k: v for k, v in (doc.metadata or {}).items() if k not in {"format", "encryption"} and v}
        checks["no_metadata"] = _check(not meta, problems,
                                       f"Het bestand bevat nog metadata ({', '.join(sorted(meta))}).")
        checks["no_xmp"] = _check(not doc.get_xml_metadata(), problems, "Het bestand bevat nog XMP-metadata.")
        checks["no_embedded_files"] = _check(doc.embfile_count() == 0, problems,
                                             "Het bestand bevat nog ingesloten bestanden.")
        checks["not_encrypted"] = _check(not doc.is_encrypted, problems, "Het gelakte bestand is versleuteld.")
        checks["boxes_black"] = _check_boxes(doc, box_list, set(labels), problems, boxed_pages, textpages)
        if baseline_census is not None:
            checks["nothing_lost_outside_boxes"] = _check_census(doc, baseline_census, box_list, mu_pages,
                                                                 problems)
        if ocr_rechecks:
            checks["ocr_redacted"] = _check_ocr(doc, ocr_rechecks, box_list, strings, problems)
        if held:
            problems.extend(held)
            checks["ocr_readable"] = False
    finally:
        doc.close()
    ok = all(checks.values())
    _log.info("check of redacted file: ok=%s, %d problem(s)", ok, len(problems))
    return CheckResult(ok, problems, checks)


def _check(condition: bool, problems: list[str], message: str) -> bool:
    if not condition:
        problems.append(message)
    return condition


def _pdfium_read(path: Path, problems: list[str], pages: Sequence[int] | None,
                 page_count: int) -> tuple[str | None, bool]:
    """PDFium's text of ``pages`` (all when None, or when PDFium does not see ``page_count`` pages, as PyMuPDF
    does; None when PDFium cannot read the file), and whether PDFium sees a form (AcroForm or XFA).

    ``get_text_range`` returns every character on the page, also those outside the visible area (unlike
    ``get_text_bounded``, which clips to the page box)."""
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(path)
        except Exception as exc:  # an unreadable file for an independent parser is itself a finding
            problems.append(f"PDFium kan het gelakte bestand niet lezen ({type(exc).__name__}).")
            return None, False
        try:
            has_form = pdfium_c.FPDF_GetFormType(pdf) != pdfium_c.FORMTYPE_NONE
            parts: list[str] = []
            for i in range(len(pdf)) if pages is None or len(pdf) != page_count else pages:
                page = pdf[i]
                try:
                    textpage = page.get_textpage()
                    try:
                        parts.append(textpage.get_text_range())
                    finally:
                        textpage.close()
                finally:
                    page.close()
            return "\n".join(parts), has_form
        except Exception as exc:
            problems.append(f"PDFium kan het gelakte bestand niet lezen ({type(exc).__name__}).")
            return None, False
        finally:
            pdf.close()


def _check_text(text: _Haystack, strings: Sequence[str], parser: str, problems: list[str],
                allowed: dict[str, int] | None = None) -> bool:
    ok = True
    for n, s in enumerate(strings, 1):
        found = text.count(s) > (allowed or {}).get(s, 0)
        if found:
            ok = False
            problems.append(f"Gelakte tekst nr. {n} is nog leesbaar in de tekst die {parser} uit het bestand haalt.")
    return ok


def _check_streams(doc: pymupdf.Document, strings: Sequence[str], problems: list[str]) -> bool:
    needle_set: set[tuple[int, bytes]] = set()  # a set: UTF-8 and Latin-1 forms of ASCII text coincide
    for n, s in enumerate(strings, 1):
        if not s or len(_compact(s)) < _STRIPPED_MIN:
            continue
        for form in {s, " ".join(s.split())}:
            for raw in (form.encode("utf-8"), form.encode("latin-1", "ignore"), form.encode("utf-16-be")):
                needle_set.add((n, raw.lower()))
                needle_set.add((n, raw.hex().encode()))
    if not needle_set:
        return True
    needles = sorted(needle_set)
    leaked: set[int] = set()
    for xref in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(xref, compressed=True)
            # Strings in object dictionaries (an annotation's /Contents, a bookmark title) count as well.
            data = obj.encode("utf-8", "replace").lower()
            if doc.xref_is_stream(xref) and not any(k in obj for k in _FONT_OR_IMAGE_KEYS):
                # Font programs and pixels are binary; short byte runs match there by chance.
                data += b"\n" + (doc.xref_stream(xref) or b"").lower()
        except Exception:
            _log.warning("stream %d could not be decoded for the leak check", xref)
            problems.append(f"Datastroom {xref} kan niet worden gelezen en dus niet worden gecontroleerd.")
            leaked.add(0)
            continue
        for n, needle in needles:
            if n not in leaked and needle in data:
                leaked.add(n)
    for n in sorted(leaked - {0}):
        problems.append(f"Gelakte tekst nr. {n} staat nog in een object of datastroom van het bestand.")
    return not leaked


def _check_boxes(doc: pymupdf.Document, boxes: Sequence[tuple[int, RectTuple]], labels: set[str],
                 problems: list[str], pages: dict[int, pymupdf.Page] | None = None,
                 textpages: dict[int, pymupdf.TextPage] | None = None) -> bool:
    """Every box must hold no word (its ground code aside) and render as one dark, colourless area.

    Each page with boxes is rendered once and every box is cut out of that pixmap: rendering per box would
    rebuild the page's display list for every box. Words are looked up by the height of their centre, so a box
    looks only at the words level with it, not at every word of the page."""
    ok = True
    by_page: dict[int, list[RectTuple]] = defaultdict(list)
    for page_no, rect in boxes:
        by_page[page_no].append(rect)
    zoom = pymupdf.Matrix(_RENDER_ZOOM, _RENDER_ZOOM)
    for page_no in sorted(by_page):
        page = pages[page_no] if pages and page_no in pages else doc[page_no]
        textpage = textpages[page_no] if textpages and page_no in textpages else page.get_textpage(flags=TEXT_FLAGS)
        centres = sorted(((w[1] + w[3]) / 2, (w[0] + w[2]) / 2, w[4])
                         for w in page.get_text("words", textpage=textpage))
        heights = [c[0] for c in centres]
        to_pixels = page.rotation_matrix * zoom
        frame: _Frame | None = None
        for rect in by_page[page_no]:
            # 0.5 pt inside the box's edges: a neighbour touching the edge is not under it.
            x0, y0, x1, y1 = rect[0] + 0.5, rect[1] + 0.5, rect[2] - 0.5, rect[3] - 0.5
            if x1 <= x0 or y1 <= y0:
                continue
            # A word counts as under the box when its centre is; a neighbour touching the edge does not.
            leftover = [w for cy, cx, w in centres[bisect.bisect_left(heights, y0):bisect.bisect_right(heights, y1)]
                        if x0 <= cx <= x1]
            # MuPDF can shift surviving neighbours a few points after redacting (upstream bug); a stray comma
            # sliding under a box is not information, a word is.
            if any(w not in labels and len(_compact(w)) >= 2 for w in leftover):
                ok = False
                problems.append(f"Op pagina {page_no + 1} staat onder een lakvlak nog tekst.")
                continue
            if frame is None:
                # Rendered in the page's own (rotated) space; box coordinates are unrotated. Only the part of
                # the page that holds boxes is rasterised.
                union = pymupdf.Rect(min(b[0] for b in by_page[page_no]), min(b[1] for b in by_page[page_no]),
                                     max(b[2] for b in by_page[page_no]), max(b[3] for b in by_page[page_no]))
                pix = page.get_pixmap(matrix=zoom, colorspace=pymupdf.csRGB, alpha=False,
                                      clip=union * page.rotation_matrix)
                frame = _Frame(pix.samples_mv, pix.stride, pix.n, pix.x, pix.y, pix.x + pix.width,
                               pix.y + pix.height)
            # The same pixels a render clipped to the box covers (rounded outwards), as before rendering per page.
            samples = _cut_out(frame, (pymupdf.Rect(x0, y0, x1, y1) * to_pixels).irect)
            red, green, blue = samples[0::3], samples[1::3], samples[2::3]
            dark = red.translate(_DARK_TABLE).count(1)
            total = len(red) or 1
            if red != green or green != blue:
                ok = False
                problems.append(f"Een lakvlak op pagina {page_no + 1} bevat kleur; er staat iets over het vlak heen.")
            elif dark / total < _MIN_DARK_SHARE:
                ok = False
                problems.append(f"Een lakvlak op pagina {page_no + 1} is niet egaal zwart ({dark / total:.0%} zwart).")
    return ok


class _Frame(NamedTuple):
    """A rendered pixmap's samples and place, read once per page rather than once per box."""

    samples: memoryview
    stride: int
    n: int
    x0: int
    y0: int
    x1: int
    y1: int


def _cut_out(frame: _Frame, area: pymupdf.IRect) -> bytes:
    """The samples of ``area`` (device pixels), row by row."""
    x0, y0 = max(area.x0, frame.x0), max(area.y0, frame.y0)
    x1, y1 = min(area.x1, frame.x1), min(area.y1, frame.y1)
    if x1 <= x0 or y1 <= y0:
        return b""
    view, stride, n = frame.samples, frame.stride, frame.n
    left = (x0 - frame.x0) * n
    right = (x1 - frame.x0) * n
    return b"".join([view[row * stride + left: row * stride + right] for row in range(y0 - frame.y0, y1 - frame.y0)])


_LABEL_COLOUR = (1.0, 1.0, 1.0)
_MIN_OCR_WORD = 3  # shorter words ("de", "7") are read and misread too freely to count
_WORD = re.compile(r"\w+")
_CODE = operator.itemgetter(0)


@dataclass(frozen=True, slots=True)
class OcrRecheck:
    """A page read with OCR: where (None for the whole page), what was redacted there, what was read before."""

    regions: tuple[RectTuple | None, ...]
    strings: tuple[str, ...]  # one entry per redacted occurrence on the page
    before_text: str


def census(page: pymupdf.Page, boxes: Sequence[RectTuple], *, after: bool = False) -> Counter[int]:
    """The characters drawn as text outside ``boxes`` (by the centre of their box), counted per code point.

    For the page as saved (``after``) the characters inside a box count as well, except the ground code printed
    there: MuPDF can shift a surviving neighbour a few points (an upstream bug), and a character that moved is
    not lost. Whitespace is not counted."""
    counts: Counter[int] = Counter()
    for span in page.get_texttrace():
        chars = span["chars"]
        sx0, sy0, sx1, sy1 = span["bbox"]
        near = [b for b in boxes if b[0] <= sx1 and sx0 <= b[2] and b[1] <= sy1 and sy0 <= b[3]]
        if not near or (after and not (tuple(span["color"]) == _LABEL_COLOUR and "Helvetica" in span["font"])):
            # Far from every box, or (on the saved page) not a ground code: every character counts.
            counts.update(map(_CODE, chars))
            continue
        # Characters on one line share the centre height of their boxes: look up the boxes level with each
        # height once, and test only those (usually none) against each character.
        level: dict[float, list[tuple[float, float]]] = {}
        keep: list[int] = []
        for c in chars:
            x0, y0, x1, y1 = c[3]
            cy = (y0 + y1) / 2
            spans_x = level.get(cy)
            if spans_x is None:
                spans_x = level[cy] = [(b[0], b[2]) for b in near if b[1] <= cy <= b[3]]
            if spans_x:
                cx = (x0 + x1) / 2
                if any(bx0 <= cx <= bx1 for bx0, bx1 in spans_x):
                    continue
            keep.append(c[0])
        counts.update(keep)
    for code in [k for k in counts if k < 0 or k > 0x10FFFF or chr(k).isspace()]:
        del counts[code]
    return counts


@dataclass(frozen=True, slots=True)
class PageCensus:
    """The characters outside the boxes of one input page, counted one of two ways.

    ``by_text``: from the page's plain text (the check's own extraction) less the text of every redaction on it,
    used when each box holds exactly the characters of its redacted text; the saved page is then counted from
    its plain text less the ground codes printed on it (``labels``). Otherwise by position (:func:`census`)."""

    before: Counter[int] | Counter[str]
    by_text: bool = False
    labels: tuple[str, ...] = ()


def text_census(text: str, minus: Iterable[str] = ()) -> Counter[str]:
    """Non-blank characters of ``text`` less those of ``minus`` (ligatures and the like unfolded, NFKC)."""
    counts: Counter[str] = Counter(unicodedata.normalize("NFKC", text))
    for part in minus:
        counts.subtract(unicodedata.normalize("NFKC", part))
    return Counter({c: n for c, n in counts.items() if n > 0 and not c.isspace()})


def _check_census(doc: pymupdf.Document, before: Mapping[int, PageCensus],
                  boxes: Sequence[tuple[int, RectTuple]], texts: Sequence[str], problems: list[str]) -> bool:
    by_page: dict[int, list[RectTuple]] = defaultdict(list)
    for page_no, rect in boxes:
        by_page[page_no].append(rect)
    ok = True
    for page_no in sorted(before):
        if page_no >= doc.page_count:
            continue
        page_census = before[page_no]
        # Counted by text (characters) or by position (glyph ids): the saved page is counted the same way.
        counted: Counter[Any] = page_census.before
        if page_census.by_text:
            lost: Counter[Any] = counted - text_census(texts[page_no], page_census.labels)
        else:
            lost = counted - census(doc[page_no], by_page.get(page_no, []), after=True)
        if lost:
            ok = False
            n = sum(lost.values())
            problems.append(f"Op pagina {page_no + 1} zijn buiten de lakvlakken {n} teken(s) verdwenen; de lakking "
                            "heeft meer weggehaald dan de zwarte vlakken tonen.")
    return ok


def _check_ocr(doc: pymupdf.Document, rechecks: Mapping[int, OcrRecheck],
               boxes: Sequence[tuple[int, RectTuple]], strings: Sequence[str], problems: list[str]) -> bool:
    """Read each OCR page of the saved file again with its black boxes lifted; no redacted string may be read."""
    number = {s: n for n, s in enumerate(strings, 1)}
    ok = True
    for page_no in sorted(rechecks):
        recheck = rechecks[page_no]
        rects = [r for p, r in boxes if p == page_no]
        try:
            with _lifted(doc, page_no, rects) as page:
                text = "\n".join(ocr_page(page, clip=pymupdf.Rect(r) if r is not None else None).text
                                 for r in recheck.regions)
        except OcrUnavailable:
            ok = False
            problems.append(f"Pagina {page_no + 1} kon na het lakken niet opnieuw met tekstherkenning worden "
                            "gelezen en is dus niet gecontroleerd.")
            continue
        after, before = _Haystack(text), _Haystack(recheck.before_text)
        for s, n in sorted(Counter(recheck.strings).items()):
            if after.count(s) > max(0, before.count(s) - n):
                ok = False
                problems.append(f"Gelakte tekst nr. {number.get(s, 0)} is op pagina {page_no + 1} na "
                                "tekstherkenning nog leesbaar.")
        # Word by word as well: "3511" left readable from "Stationsplein 7 3511 CE" is a leak. A word may stay
        # only as often as the page showed it beyond its redacted occurrences.
        words_after, words_before = Counter(_words(text)), Counter(_words(recheck.before_text))
        redacted = Counter(w for s in recheck.strings for w in _words(s) if len(w) >= _MIN_OCR_WORD)
        left = sum(1 for w, n in redacted.items() if words_after[w] > max(0, words_before[w] - n))
        if left:
            ok = False
            problems.append(f"Op pagina {page_no + 1} zijn na tekstherkenning nog {left} gelakt(e) woord(en) "
                            "leesbaar.")
    return ok


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@contextmanager
def _lifted(doc: pymupdf.Document, page_no: int, rects: Sequence[RectTuple]) -> Iterator[pymupdf.Page]:
    """A copy of the saved page without the black boxes painted over it (images and text untouched), so OCR
    sees what the image itself still holds under them."""
    copy = pymupdf.open()
    try:
        copy.insert_pdf(doc, from_page=page_no, to_page=page_no)
        page = copy[0]
        for r in rects:
            # The box was painted exactly on ``r``; a path completely inside the slightly larger area is it.
            page.add_redact_annot(pymupdf.Rect(r[0] - 0.5, r[1] - 0.5, r[2] + 0.5, r[3] + 0.5), fill=False)
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE,
                              graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                              text=pymupdf.PDF_REDACT_TEXT_NONE)
        yield page
    finally:
        copy.close()
