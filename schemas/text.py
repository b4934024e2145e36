"""Plain text from outside: stripped of control characters, kept literal (escaped wherever it is rendered)."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """Normalise Unicode and drop control and bidi-override characters; keep newlines and tabs.

    HTML is not stripped here on purpose: the text is kept as the requester wrote it and escaped when rendered.
    """
    return _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()


PlainText = Annotated[str, AfterValidator(clean_text)]
