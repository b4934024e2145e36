"""Check a saved, redacted PDF: nothing redacted is still readable, nothing hides in the file's corners.

Run on the file as written to disk, never on the in-memory document: what saving keeps is what leaks. Each
redacted string is searched in the text PyMuPDF extracts, in the text pypdf (an independent parser)
extracts, and in every decoded stream, also with spaces, dots and hyphens removed and in hex. Problems are
Dutch sentences that refer to a string by its number, never by its text.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import pymupdf
import pypdf

from woo.redaction.model import RectTuple
from woo.redaction.report import CheckResult

_log = logging.getLogger(__name__)

_STRIPPED_MIN = 4  # shorter strings (a lone "Jan") are only searched as whole words, or every page "leaks"
_DARK = 64
_MIN_DARK_SHARE = 0.55  # the white label may cover the rest of a small box
_FONT_OR_IMAGE_KEYS = ("/Length1", "/Length2", "/Length3", "/Subtype/Image", "/Subtype /Image",
                       "/Subtype/Type1C", "/Subtype /Type1C", "/Subtype/CIDFontType0C", "/Subtype /CIDFontType0C",
                       "/Subtype/OpenType", "/Subtype /OpenType", "/Type/XRef", "/Type /XRef",
                       "/Type/ObjStm", "/Type /ObjStm")
_DARK_TABLE = bytes(1 if v < _DARK else 0 for v in range(256))


def _compact(s: str) -> str:
    return re.sub(r"[\W_]+", "", s).casefold()


def _spaced(s: str) -> str:
    return " ".join(s.split()).casefold()


def verify_redacted(
    out_path: Path,
    redacted_strings: Sequence[str],
    boxes: Iterable[tuple[int, RectTuple]] = (),
    labels: Iterable[str] = (),
    baseline_text: str | None = None,
) -> CheckResult:
    """Check ``out_path`` (as saved); ``boxes`` are ``(page, rect)`` that must render black; ``labels`` the
    ground codes printed on them (allowed as the only text inside a box).

    ``redacted_strings`` holds one entry per redacted occurrence. Without ``baseline_text`` (the input's text)
    none of them may remain anywhere. With it, a string may remain only as often as it occurred in the input
    beyond the redacted occurrences: "Jansen" redacted as a person may stay in "Bouwbedrijf Jansen" when the
    reviewer left the company name, but every redacted occurrence must be gone."""
    problems: list[str] = []
    checks: dict[str, bool] = {}
    try:
        doc = pymupdf.open(out_path)
    except Exception:
        return CheckResult(False, [f"Het gelakte bestand {out_path.name} kan niet worden geopend."],
                           {"opens": False})
    try:
        checks["opens"] = True
        instances = Counter(s for s in redacted_strings if s.strip())
        strings = sorted(instances)
        allowed = {
            s: max(0, _count(baseline_text, s) - n) if baseline_text is not None else 0 for s, n in instances.items()
        }
        mu_text = "\n".join(page.get_text("text") for page in doc)
        checks["pymupdf_text"] = _check_text(mu_text, strings, "PyMuPDF", problems, allowed)
        checks["pypdf_text"] = _check_text(_pypdf_text(out_path, problems), strings, "pypdf", problems, allowed)
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
        checks["boxes_black"] = _check_boxes(doc, boxes, set(labels), problems)
    finally:
        doc.close()
    ok = all(checks.values())
    _log.info("check of redacted file: ok=%s, %d problem(s)", ok, len(problems))
    return CheckResult(ok, problems, checks)


def _check(condition: bool, problems: list[str], message: str) -> bool:
    if not condition:
        problems.append(message)
    return condition


def _pypdf_text(path: Path, problems: list[str]) -> str:
    try:
        reader = pypdf.PdfReader(path)
        parts = [page.extract_text() or "" for page in reader.pages]
        fields = reader.get_fields() or {}
        parts.extend(str(f.get("/V", "")) for f in fields.values())
        return "\n".join(parts)
    except Exception as exc:  # an unreadable file for an independent parser is itself a finding
        problems.append(f"pypdf kan het gelakte bestand niet lezen ({type(exc).__name__}).")
        return ""


def _count(text: str, s: str) -> int:
    """Occurrences of ``s`` in ``text``: ignoring spacing and punctuation for strings of 4+ characters (so
    "1234 56 782" is found as "123456782"), as whole words for shorter ones."""
    c = _compact(s)
    if len(c) >= _STRIPPED_MIN:
        return _compact(text).count(c)
    return len(re.findall(rf"(?<!\w){re.escape(_spaced(s))}(?!\w)", _spaced(text)))


def _check_text(text: str, strings: Sequence[str], parser: str, problems: list[str],
                allowed: dict[str, int] | None = None) -> bool:
    ok = True
    for n, s in enumerate(strings, 1):
        found = _count(text, s) > (allowed or {}).get(s, 0)
        if found:
            ok = False
            problems.append(f"Gelakte tekst nr. {n} is nog leesbaar in de tekst die {parser} uit het bestand haalt.")
    return ok


def _check_streams(doc: pymupdf.Document, strings: Sequence[str], problems: list[str]) -> bool:
    needles: list[tuple[int, bytes]] = []
    for n, s in enumerate(strings, 1):
        if not s or len(_compact(s)) < _STRIPPED_MIN:
            continue
        for form in {s, " ".join(s.split())}:
            for raw in (form.encode("utf-8"), form.encode("latin-1", "ignore"), form.encode("utf-16-be")):
                needles.append((n, raw.lower()))
                needles.append((n, raw.hex().encode()))
    if not needles:
        return True
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


def _check_boxes(doc: pymupdf.Document, boxes: Iterable[tuple[int, RectTuple]], labels: set[str],
                 problems: list[str]) -> bool:
    ok = True
    words_of: dict[int, list[tuple]] = {}
    for page_no, rect in boxes:
        page = doc[page_no]
        r = pymupdf.Rect(rect)
        inner = pymupdf.Rect(r.x0 + 0.5, r.y0 + 0.5, r.x1 - 0.5, r.y1 - 0.5)
        if inner.is_empty:
            continue
        # A word counts as under the box when its centre is; a neighbour touching the edge does not.
        if page_no not in words_of:
            words_of[page_no] = page.get_text("words")
        x0, y0, x1, y1 = inner.x0, inner.y0, inner.x1, inner.y1
        leftover = [w[4] for w in words_of[page_no]
                    if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1]
        # MuPDF can shift surviving neighbours a few points after redacting (upstream bug); a stray comma
        # sliding under a box is not information, a word is.
        if any(w not in labels and len(_compact(w)) >= 2 for w in leftover):
            ok = False
            problems.append(f"Op pagina {page_no + 1} staat onder een lakvlak nog tekst.")
            continue
        # Render in the page's own (rotated) space: the clip is given in unrotated coordinates.
        clip = inner * page.rotation_matrix
        pix = page.get_pixmap(clip=clip, matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csRGB, alpha=False)
        samples = pix.samples
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
