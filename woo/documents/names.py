"""Make untrusted file names safe to show, and turn them into readable titles.

File names come from requesters' colleagues, e-mail senders and scanners. They are shown to people and stored as
text only; storage paths never derive from them (the store is content addressed).
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 150
FALLBACK_NAME = "naamloos"

_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_])[-.](?=[^\W\d_])")


def sanitise_name(name: str | None, *, fallback: str = FALLBACK_NAME) -> str:
    """A display name without directory parts, control characters or ``..``, at most 150 characters."""
    if not name:
        return fallback
    text = unicodedata.normalize("NFC", safe_text(name))
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    # Both separators: a Windows path in an attachment name must lose its folders as well.
    text = re.split(r"[/\\]", text)[-1]
    # A control character just before the extension would otherwise leave "brief .pdf".
    text = re.sub(r"\s+\.(?=[^.\s]+$)", ".", " ".join(text.split()))
    while ".." in text:
        text = text.replace("..", "")
    text = " ".join(text.split()).strip(" .")
    if not text:
        return fallback
    if len(text) > MAX_NAME_LENGTH:
        stem, dot, suffix = text.rpartition(".")
        if dot and stem and 0 < len(suffix) <= 10:
            text = f"{stem[: MAX_NAME_LENGTH - len(suffix) - 2].rstrip()}….{suffix}"
        else:
            text = f"{text[: MAX_NAME_LENGTH - 1].rstrip()}…"
    return text


def safe_text(text: str) -> str:
    """Path text that can always be encoded.

    Surrogates stand for bytes that were not UTF-8 in a file system name or a raw e-mail header; such names come
    from Windows (cp1252) or old Unix systems (latin-1, which cp1252 extends), so "caf\\xe9" reads as "café"
    instead of "caf�". Bytes that fit neither become U+FFFD.
    """
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def suffix_of(name: str) -> str:
    """The lower-case extension with its dot (``".pdf"``), or ``""``."""
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix.lower()}" if dot and stem and suffix and " " not in suffix else ""


def title_from_name(name: str) -> str:
    """A readable title from a file name: ``offerte_bouwbedrijf-jansen.pdf`` → ``Offerte bouwbedrijf jansen``."""
    suffix = suffix_of(name)
    stem = name[: -len(suffix)] if suffix else name
    stem = _BETWEEN_WORDS.sub(" ", stem.replace("_", " "))
    stem = " ".join(stem.split())
    if not stem:
        return FALLBACK_NAME.capitalize()
    return stem[0].upper() + stem[1:]
