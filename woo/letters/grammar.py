"""Dutch grammar for letters: numbers in words and enumerations, so a letter never says "1 derde"."""

from __future__ import annotations

from collections.abc import Iterable


def number_word(n: int) -> str:
    """Dutch style: numbers up to twelve in words ("één derde partij", never "1 derde")."""
    words = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf")
    return words[n] if 0 <= n < len(words) else str(n)


def enumerate_nl(items: Iterable[object]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b en c"``: a Dutch enumeration with "en" before the last item."""
    parts = [str(i) for i in items]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]
