"""Content-addressed storage for original files and their PDF renditions.

Originals live under ``originals/<sha256>`` and are made read-only, so the evidence of what was received cannot
be changed by a later step; renditions live under ``pdf/<sha256-of-original>.pdf``. Names from the source never
reach a path here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from woo.store.files import READ_ONLY, WRITABLE, write_atomically


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class ContentStore:
    """The ``originals/`` and ``pdf/`` folders under a store directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.originals = root / "originals"
        self.pdfs = root / "pdf"
        self.originals.mkdir(parents=True, exist_ok=True)
        self.pdfs.mkdir(parents=True, exist_ok=True)

    def put_original(self, data: bytes) -> tuple[str, Path]:
        """Store original bytes read-only; returns their sha256 and path. Stored content is never rewritten."""
        digest = sha256_hex(data)
        path = self.originals / digest
        if not path.exists():
            write_atomically(path, data, mode=READ_ONLY)
        return digest, path

    def put_pdf(self, digest: str, data: bytes) -> Path:
        """Store the PDF rendition of the original with this sha256."""
        if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
            raise ValueError("a rendition is stored under the sha256 of its original")
        path = self.pdfs / f"{digest}.pdf"
        if not path.exists():
            write_atomically(path, data, mode=WRITABLE)
        return path
