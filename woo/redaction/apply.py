"""Apply accepted redactions, strip everything that can hide data, save cleanly and check the saved file.

Order matters: boxes are applied per page (text, image pixels and touching line art under them are removed),
then annotations, form fields, links, metadata, XMP, embedded files, JavaScript, bookmarks and the structure
tree are removed, and the file is written in full with garbage collection so no orphaned old content survives.
The invisible OCR layer is kept outside the boxes (``hidden_text=False``), so the output stays searchable.

The ground code on each box is written by this module, one content stream per page, instead of by
``apply_redactions``: PyMuPDF inserts (and looks up) the label font once per box, which cost as much as
removing the text itself.

Pages read with OCR (scans, text drawn as outlines, large images on text pages) have their pixels removed
under the boxes; a page that OCR could not read with confidence is held for a person (a Dutch reason in the
check's problems, so the document is not published), unless it is withheld entirely. Rectangles drawn by hand
are narrowed so they take no character of a neighbouring line, and the check compares the characters outside
the boxes before and after.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from woo.redaction.errors import InvalidRedactionError
from woo.redaction.model import AppliedRedaction, Category, ManualRedaction, Proposal, RectTuple, text_hash
from woo.redaction.ocr import OcrPage, OcrRegion, OcrUnavailable, image_regions, ocr_page, read_page
from woo.redaction.pdfio import open_pdf, prepare_opened
from woo.redaction.report import RedactionResult
from woo.redaction.textmap import PageText, page_text
from woo.redaction.verify import (
    OcrRecheck,
    PageCensus,
    census,
    page_texts,
    text_census,
    verify_redacted,
)

_log = logging.getLogger(__name__)

_LABEL_FONT = "helv"
_MAX_LABEL_SIZE = 8.0
_MIN_LABEL_SIZE = 3.0
_LABEL_SAFE = re.compile(r"[0-9A-Za-z. ]+")  # ground codes; anything else is escaped for a PDF string
# Catalog entries that can carry personal data or active content and have no place in a published file.
_CATALOG_KEYS_TO_DROP = ("OpenAction", "AA", "Names", "AcroForm", "Outlines", "StructTreeRoot", "PieceInfo",
                         "Threads", "SpiderInfo", "Collection", "Perms", "Legal", "MarkInfo")


def apply_redactions(
    pdf_path: Path, out_path: Path, accepted: Sequence[Proposal | ManualRedaction]
) -> RedactionResult:
    """Redact ``accepted`` in ``pdf_path``, write ``out_path`` and check it; never modifies the input."""
    opened = open_pdf(pdf_path)
    try:
        warnings = opened.warnings + prepare_opened(opened)
        return apply_in_document(opened.doc, opened.fingerprint, pdf_path.name, out_path, accepted, warnings,
                                 baseline_pages=opened.page_texts)
    finally:
        opened.doc.close()


def apply_in_document(
    doc: pymupdf.Document,
    fingerprint: str,
    source_name: str,
    out_path: Path,
    accepted: Sequence[Proposal | ManualRedaction],
    warnings: list[str],
    baseline_pages: Sequence[str] | None = None,
) -> RedactionResult:
    """Apply to an opened, prepared document; shared with the one-pass pipeline.

    ``baseline_pages`` is the prepared input's text per page (:func:`~woo.redaction.verify.page_texts`) when
    the caller already has it; otherwise it is extracted here.
    """
    per_page: dict[int, list[tuple[tuple[RectTuple, ...], Proposal | ManualRedaction]]] = defaultdict(list)
    withheld: set[int] = set()
    texts: dict[int, PageText] = {}
    for item in accepted:
        if not 0 <= item.page < doc.page_count:
            raise InvalidRedactionError(
                f"Een lakking in {source_name} verwijst naar pagina {item.page + 1}, maar het document heeft "
                f"{doc.page_count} pagina's."
            )
        if isinstance(item, ManualRedaction) and item.whole_page:
            withheld.add(item.page)
            page = doc[item.page]
            full = page.rect * page.derotation_matrix  # redaction coordinates ignore the page's /Rotate
            per_page[item.page].append((((full.x0, full.y0, full.x1, full.y1),), item))
            continue
        rects = tuple(r for r in item.rects if not pymupdf.Rect(r).is_empty)
        if isinstance(item, ManualRedaction) and not item.text and rects:
            # A rectangle drawn by hand: it may not take characters of the line above or below it.
            if item.page not in texts:
                texts[item.page] = page_text(doc[item.page], ocr=False)
            rects = tuple(texts[item.page].fit_area(r) for r in rects)
        per_page[item.page].append((rects, item))

    # The input's text, to tell a redacted occurrence that survived from the same words left visible elsewhere.
    if baseline_pages is None or len(baseline_pages) != doc.page_count:
        baseline_pages = page_texts(doc)
    # What OCR read (cached since detection): pages that cannot be read with confidence are held for a person,
    # and pages with boxes are read again from the saved file.
    held: list[str] = []
    rechecks: dict[int, OcrRecheck] = {}
    for page_no in range(doc.page_count):
        try:
            regions = read_page(doc[page_no], baseline_pages[page_no])
        except OcrUnavailable:
            regions = [OcrRegion(None, OcrPage(()))]
        if page_no in withheld:
            continue
        held += [problem for region in regions if (problem := region.problem(page_no))]
        here = [pymupdf.Rect(r) for page_rects, _ in per_page.get(page_no, []) for r in page_rects]
        if here and not regions:
            # A scan that already carries a text layer (a "searchable PDF"): detection used that layer, but
            # the pixels are what a reader sees, and the layer may not sit exactly on them.
            try:
                regions = [OcrRegion((r.x0, r.y0, r.x1, r.y1), ocr_page(doc[page_no], clip=r))
                           for r in image_regions(doc[page_no], []) if any(b.intersects(r) for b in here)]
            except OcrUnavailable:
                held.append(f"Pagina {page_no + 1} bevat een gelakte afbeelding die niet met tekstherkenning kon "
                            "worden gecontroleerd; een medewerker moet deze pagina beoordelen.")
        # Read again after saving when a box lies in what OCR read (a whole page, or one of its images).
        if here and any(region.region is None or any(r.intersects(region.region) for r in here)
                        for region in regions):
            rechecks[page_no] = OcrRecheck(
                regions=tuple(region.region for region in regions),
                strings=tuple(item.text for _, item in per_page[page_no] if item.text),
                before_text="\n".join(region.result.text for region in regions),
            )
    baseline_census: dict[int, PageCensus] = {}
    applied: list[AppliedRedaction] = []
    for page_no in sorted(per_page):
        page = doc[page_no]
        labels: list[tuple[pymupdf.Rect, str, float]] = []
        for rects, item in per_page[page_no]:
            if not rects:
                continue
            label = item.ground.value
            for rect in rects:
                r = pymupdf.Rect(rect)
                size = _label_size(label, r)
                if size:
                    labels.append((r, label, size))
            applied.append(AppliedRedaction(
                page=page_no, rects=rects, category=item.category, ground=item.ground,
                text_sha256=text_hash(fingerprint, item.text) if item.text else None,
                proposal_id=item.id if isinstance(item, Proposal) else None,
            ))
        baseline_census[page_no] = _census(page, per_page[page_no], baseline_pages[page_no],
                                           ocr=page_no in rechecks or page_no in withheld,
                                           labels=[label for _, label, _ in labels])
        _redact_page(page, [r for rects, _ in per_page[page_no] for r in rects])
        _write_labels(page, labels)

    _strip_everything_else(doc)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    doc.save(tmp, garbage=4, deflate=True, clean=True, encryption=pymupdf.PDF_ENCRYPT_NONE)
    os.replace(tmp, out_path)

    strings = [item.text for item in accepted if item.text]
    boxes = [(a.page, r) for a in applied for r in a.rects]
    ground_labels = sorted({item.ground.value for item in accepted})
    # No glyph traces of the pages without boxes: PDFium reads every page, which costs less than tracing each
    # page's glyphs before and after to prove it unchanged (MuPDF's texttrace is several times PDFium's text).
    check = verify_redacted(out_path, strings, boxes=boxes, labels=ground_labels, baseline_pages=baseline_pages,
                            baseline_census=baseline_census, ocr_rechecks=rechecks, held=held)
    rects_on: dict[int, list[RectTuple]] = defaultdict(list)
    for a in applied:
        rects_on[a.page].extend(a.rects)
    shares = [_blacked_out_share(doc[i], rects_on[i]) if i in rects_on else 0.0 for i in range(doc.page_count)]
    _log.info("applied %d box(es) on %d page(s); check ok=%s", len(applied), len(per_page), check.ok)
    return RedactionResult(
        source=source_name, output=out_path.name, page_count=doc.page_count, redactions=applied, check=check,
        page_share=shares, withheld_pages=sorted(withheld), warnings=list(warnings),
    )


def _redact_page(page: pymupdf.Page, rects: Sequence[RectTuple]) -> None:
    """Remove what lies under ``rects`` (unrotated page space) and paint each black, with MuPDF's own redaction.

    The same ``pdf_redact_page`` that ``Page.apply_redactions`` runs, with the same options, called directly:
    PyMuPDF's wrappers build an appearance stream for every redaction mark, read every mark back in Python and
    paint the boxes through a Shape that parses the page's content again, together more than MuPDF's removal
    itself. The marks carry only their rectangle; MuPDF paints the black boxes and deletes the marks."""
    if not rects:
        return
    pdf_page = mupdf.pdf_page_from_fz_page(page.this)
    # Marks are placed in displayed (rotated) space, which MuPDF maps back to the PDF's own coordinates.
    to_shown = page.rotation_matrix
    for rect in rects:
        shown = pymupdf.Rect(rect) * to_shown
        mark = mupdf.pdf_create_annot(pdf_page, mupdf.PDF_ANNOT_REDACT)
        mupdf.pdf_set_annot_rect(mark, mupdf.FzRect(shown.x0, shown.y0, shown.x1, shown.y1))
    options = mupdf.PdfRedactOptions()
    options.black_boxes = 1
    options.text = pymupdf.PDF_REDACT_TEXT_REMOVE
    options.image_method = pymupdf.PDF_REDACT_IMAGE_PIXELS
    options.line_art = pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED
    if not mupdf.pdf_redact_page(pdf_page.doc(), pdf_page, options):
        raise RuntimeError("MuPDF applied no redaction on a page with boxes")


def _census(page: pymupdf.Page, items: Sequence[tuple[tuple[RectTuple, ...], Proposal | ManualRedaction]],
            text: str, *, ocr: bool, labels: Sequence[str]) -> PageCensus:
    """What the check compares outside the boxes of ``page``.

    When every box holds exactly the characters of its redaction's text (detected or given as text, boxes that
    do not overlap, no OCR), the page's plain text less those texts is the count, taken from the text the check
    extracts anyway. A hand-drawn rectangle, an image, a withheld page or overlapping boxes are counted by
    position instead (a second pass over the page's glyphs)."""
    rects = [r for page_rects, _ in items for r in page_rects]
    exact = not ocr and all(item.text and item.category is not Category.IMAGE for _, item in items) and not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for a, b in itertools.combinations(rects, 2))
    if exact:
        minus = [item.text for page_rects, item in items if page_rects]
        return PageCensus(text_census(text, minus), by_text=True, labels=tuple(labels))
    return PageCensus(census(page, rects))


def _label_size(label: str, rect: pymupdf.Rect) -> float | None:
    """The largest font size (up to 8 pt) at which the ground code fits in the box; None if it never fits."""
    size = min(_MAX_LABEL_SIZE, rect.height * 0.75)
    width = _label_width(label, size)
    if width > rect.width - 1:
        size *= (rect.width - 1) / width
    return size if size >= _MIN_LABEL_SIZE else None


def _write_labels(page: pymupdf.Page, labels: Sequence[tuple[pymupdf.Rect, str, float]]) -> None:
    """Print each ground code in white, centred in its (already black) box, in one content stream."""
    if not labels:
        return
    page.insert_font(fontname=_LABEL_FONT)  # once per page: the resource every label below refers to
    # Box coordinates are top-down and unrotated; PDF text space is bottom-up from the media box.
    height = page.mediabox_size.y
    crop = page.cropbox_position
    parts = ["q 1 1 1 rg"]
    for rect, label, size in labels:
        width = _label_width(label, size)
        x = (rect.x0 + rect.x1 - width) / 2 + crop.x
        baseline = (rect.y0 + rect.y1) / 2 + 0.35 * size  # about half the cap height below the middle
        y = height - baseline - crop.y
        parts.append(f"BT /{_LABEL_FONT} {size:.2f} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ({_pdf_string(label)}) Tj ET")
    parts.append("Q")
    shape = page.new_shape()
    shape.text_cont = "\n" + "\n".join(parts) + "\n"  # Shape.commit wraps the page and appends the stream
    shape.commit()


def _pdf_string(text: str) -> str:
    if _LABEL_SAFE.fullmatch(text):
        return text
    return "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c) & 0xFF:03o}" for c in text)


@functools.cache
def _unit_width(label: str) -> float:
    return float(pymupdf.get_text_length(label, fontname=_LABEL_FONT, fontsize=1))


def _label_width(label: str, size: float) -> float:
    """Text width scales with the font size; measuring each (few distinct) ground code once is enough."""
    return _unit_width(label) * size


def _strip_everything_else(doc: pymupdf.Document) -> None:
    for page in doc:
        for annot in list(page.annots()):
            page.delete_annot(annot)
        for widget in list(page.widgets()):
            page.delete_widget(widget)
        for link in page.get_links():
            page.delete_link(link)
    # What doc.scrub() would still do after the deletions above, without its cost: scrub asks every object for
    # three keys one by one, which took as long as applying the redactions; here each object is printed once and
    # only the few that mention JavaScript or Metadata are looked at key by key (same rules as scrub).
    doc.set_metadata({})
    for name in doc.embfile_names():
        doc.embfile_del(name)
    doc.del_xml_metadata()
    _neutralise_objects(doc)
    catalog = doc.pdf_catalog()
    for key in _CATALOG_KEYS_TO_DROP:
        if doc.xref_get_key(catalog, key)[0] != "null":
            doc.xref_set_key(catalog, key, "null")
    for page in doc:
        # Page-level actions, thumbnails and piece info can hold scripts or copies of the content.
        for key in ("AA", "Thumb", "PieceInfo", "StructParents"):
            if doc.xref_get_key(page.xref, key)[0] != "null":
                doc.xref_set_key(page.xref, key, "null")


def _neutralise_objects(doc: pymupdf.Document) -> None:
    """Empty every JavaScript action and XMP metadata stream, and unlink /Metadata from every object.

    Objects that stay referenced (from a page, an image, a font) would otherwise carry scripts or an XMP packet
    with names into the saved file; unreferenced ones are dropped by the garbage-collecting save anyway."""
    for xref in range(1, doc.xref_length()):
        obj = doc.xref_object(xref, compressed=True)
        if not obj:
            raise ValueError(f"object {xref} cannot be read")
        if "JavaScript" in obj and doc.xref_get_key(xref, "S")[1] == "/JavaScript":
            doc.update_object(xref, "<</S/JavaScript/JS()>>")
            continue
        if "Metadata" not in obj:
            continue
        if doc.xref_get_key(xref, "Type")[1] == "/Metadata":
            doc.update_object(xref, "<<>>")
            doc.update_stream(xref, b"deleted", new=True)
        elif doc.xref_get_key(xref, "Metadata")[0] != "null":
            doc.xref_set_key(xref, "Metadata", "null")


def _blacked_out_share(page: pymupdf.Page, rects: list[RectTuple]) -> float:
    """Share of the page area covered by the union of ``rects`` (overlaps counted once)."""
    bounds = page.rect * page.derotation_matrix
    clipped = []
    for r in rects:
        c = pymupdf.Rect(r) & bounds
        if not c.is_empty:
            clipped.append((c.x0, c.y0, c.x1, c.y1))
    if not clipped or abs(bounds) == 0:
        return 0.0
    xs = sorted({x for r in clipped for x in (r[0], r[2])})
    area = 0.0
    for x0, x1 in itertools.pairwise(xs):
        spans = sorted((r[1], r[3]) for r in clipped if r[0] <= x0 and r[2] >= x1)
        covered = 0.0
        cur_start: float | None = None
        cur_end = 0.0
        for y0, y1 in spans:
            if cur_start is None or y0 > cur_end:
                if cur_start is not None:
                    covered += cur_end - cur_start
                cur_start, cur_end = y0, y1
            else:
                cur_end = max(cur_end, y1)
        if cur_start is not None:
            covered += cur_end - cur_start
        area += covered * (x1 - x0)
    return min(1.0, area / float(abs(bounds)))
