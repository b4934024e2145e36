"""Text written by someone else, made fit for an audience: known personal data masked with its ground code.

Used for the request text and the request description in published letters (Woo 3.3(5)(e)): the requester's
own wording often holds their name, address or phone number, or names other people. Every value the audience
may not see is replaced, found as the gate finds it (case, spacing, punctuation and line ends ignored; phone
numbers in any notation), and identifiers the store does not know (another e-mail address, a BSN) are masked
by the detection patterns. The gate still checks the result.
"""

from __future__ import annotations

from woo.privacy.known import Audience, KnownData
from woo.privacy.match import mask
from woo.redaction.titles import public_title

PRIVACY_MARK = "[5.1.2e]"


def public_text(text: str, known: KnownData, audience: Audience | None = None, *,
                extra: tuple[str, ...] = ()) -> str:
    """``text`` without any known value ``audience`` (default: the public) may not see, nor ``extra`` strings."""
    needles = known.needles(audience or Audience.public())
    values = [v for v in needles.everywhere if not v.phone]
    values += [v for vs in needles.in_document.values() for v, _ in vs if v.specific and not v.phone]
    phones = [v.value for v in needles.everywhere if v.phone]
    words = sorted({v.value for v in values} | {e for e in extra if e and e.strip()}, key=len, reverse=True)
    return public_title(mask(text, words, PRIVACY_MARK, phones=phones))
