"""Which kind of file a document is, decided by its extension or, for attachments, its declared type."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a document is turned into a PDF."""

    PDF = "pdf"
    IMAGE = "image"
    MAIL = "mail"
    TEXT = "text"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class FileType:
    kind: Kind
    media_type: str
    image_format: str | None = None
    """The format name PyMuPDF expects when opening an image from memory."""


_BY_SUFFIX: dict[str, FileType] = {
    ".pdf": FileType(Kind.PDF, "application/pdf"),
    ".eml": FileType(Kind.MAIL, "message/rfc822"),
    ".txt": FileType(Kind.TEXT, "text/plain"),
    ".png": FileType(Kind.IMAGE, "image/png", "png"),
    ".jpg": FileType(Kind.IMAGE, "image/jpeg", "jpeg"),
    ".jpeg": FileType(Kind.IMAGE, "image/jpeg", "jpeg"),
    ".tif": FileType(Kind.IMAGE, "image/tiff", "tiff"),
    ".tiff": FileType(Kind.IMAGE, "image/tiff", "tiff"),
    ".gif": FileType(Kind.IMAGE, "image/gif", "gif"),
    ".bmp": FileType(Kind.IMAGE, "image/bmp", "bmp"),
}

_BY_MEDIA_TYPE: dict[str, FileType] = {}
for _type in _BY_SUFFIX.values():
    _BY_MEDIA_TYPE.setdefault(_type.media_type, _type)
_BY_MEDIA_TYPE["image/jpg"] = _BY_SUFFIX[".jpg"]
_BY_MEDIA_TYPE["image/x-ms-bmp"] = _BY_SUFFIX[".bmp"]


def file_type(suffix: str, declared_media_type: str | None = None) -> FileType:
    """The type for a lower-case extension; an attachment's declared media type decides when the extension
    says nothing (a scanner sending ``scan`` as ``image/jpeg``)."""
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    declared = (declared_media_type or "").lower()
    if not suffix and declared in _BY_MEDIA_TYPE:
        return _BY_MEDIA_TYPE[declared]
    guessed = mimetypes.types_map.get(suffix) if suffix else None
    return FileType(Kind.UNSUPPORTED, guessed or declared or "application/octet-stream")
