"""Finding known values in text the way a reader would, whatever the layout did to them.

A value counts as present when its letters and digits appear in order with nothing but spacing and punctuation
between them: ``"Dorpsstraat 12\\n3512 AB"`` is found in ``"Dorpsstraat 12, 3512 AB"``, ``"j.smit@voorbeeld.nl"``
in ``"j.smit@voor-\\nbeeld.nl"`` (hyphenated at a line end), ``"Jeroen Smit"`` in ``"JEROEN\\nSMIT"``. Case and
accents are ignored. Phone numbers are compared by their national number, so ``+31 (0)30 123 4567`` is found as
``030-1234567``.

Short values need a clean edge: a value of fewer than eight letters and digits must not continue a word of the
text (``"Tom Bos"`` is not found in ``"Tom Bosman"``), and a value ending in a digit must not run on into more
digits (``"Dorpsstraat 12"`` is not found in ``"Dorpsstraat 120"``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import phonenumbers

MIN_COMPACT = 4  # fewer letters and digits than this match far too much to mean anything
_EDGE_FREE = 8  # values at least this long are matched without a word edge: a run-together PDF still counts
_PHONE_MIN_DIGITS = 7
# Digits of one phone number may be separated by spacing and by the punctuation phone numbers are written with.
_DIGIT_RUN = re.compile(r"\d(?:[\s\-.()/+\u00ad]{0,3}\d)*")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``: ligatures split, accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def compact(text: str) -> str:
    """Only the letters and digits of ``text``, folded."""
    return "".join(c for c in fold(text) if c.isalnum())


@lru_cache(maxsize=4096)
def national_number(value: str) -> str | None:
    """The national significant number of a phone number (Dutch unless it says otherwise), or None."""
    try:
        parsed = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", value)
        return digits.lstrip("0") or None
    return str(parsed.national_number)


class Haystack:
    """A text prepared once for many searches: its compact form and where each compact character came from."""

    __slots__ = ("_digit_runs", "compact", "positions", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        positions: list[int] = []
        for i, ch in enumerate(text):
            if ch.isascii():
                if ch.isalnum():
                    chars.append(ch.lower())
                    positions.append(i)
                continue
            for c in fold(ch):  # one character may fold into several ("ß", "ﬁ")
                if c.isalnum():
                    chars.append(c)
                    positions.append(i)
        self.compact = "".join(chars)
        self.positions = positions
        self._digit_runs: list[tuple[int, int, str]] | None = None

    def __bool__(self) -> bool:
        return bool(self.compact)

    def _clean_edges(self, start: int, end: int, needle: str) -> bool:
        first, last = self.positions[start], self.positions[end - 1]
        before = self.text[first - 1] if first > 0 else " "
        after = self.text[last + 1] if last + 1 < len(self.text) else " "
        if needle[0].isdigit() and before.isdigit():
            return False
        if needle[-1].isdigit() and after.isdigit():
            return False
        if len(needle) >= _EDGE_FREE:
            return True
        return not before.isalnum() and not after.isalnum()

    def spans(self, value: str) -> list[tuple[int, int]]:
        """Where ``value`` occurs, as (start, end) positions in the original text."""
        needle = compact(value)
        if len(needle) < MIN_COMPACT:
            return []
        found: list[tuple[int, int]] = []
        start = self.compact.find(needle)
        while start != -1:
            end = start + len(needle)
            if self._clean_edges(start, end, needle):
                found.append((self.positions[start], self.positions[end - 1] + 1))
            start = self.compact.find(needle, start + 1)
        return found

    def count(self, value: str) -> int:
        """How often ``value`` occurs (see the module docstring); 0 for values too short to search."""
        return len(self.spans(value))

    def phone_spans(self, value: str) -> list[tuple[int, int]]:
        """Where the phone number ``value`` occurs, written in any national or international form."""
        number = national_number(value)
        if number is None or len(number) < _PHONE_MIN_DIGITS:
            return self.spans(value)
        if self._digit_runs is None:
            self._digit_runs = [(m.start(), m.end(), re.sub(r"\D", "", m.group()))
                                for m in _DIGIT_RUN.finditer(self.text)]
        return [(s, e) for s, e, digits in self._digit_runs for _ in range(digits.count(number))]

    def count_phone(self, value: str) -> int:
        return len(self.phone_spans(value))


def mask(text: str, values: Sequence[str], replacement: str, *, phones: Sequence[str] = ()) -> str:
    """``text`` with every occurrence of each value (and each phone number) replaced by ``replacement``."""
    hay = Haystack(text)
    spans = [span for v in values for span in hay.spans(v)]
    spans += [span for p in phones for span in hay.phone_spans(p)]
    out, last = [], 0
    for s, e in _merge(spans):
        out += [text[last:s], replacement]
        last = e
    out.append(text[last:])
    return "".join(out)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
