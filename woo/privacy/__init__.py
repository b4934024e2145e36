"""The privacy gate: nothing is published or sent before it has been read as its reader would read it.

Every outgoing item (a published document, the decision, the inventory, a letter with its attachment) is read
by two PDF parsers and OCR, or as text, e-mail or markup, and searched for every piece of personal data the
store knows for the request that this item's audience may not see. A hit blocks that item, is recorded in the
store (:mod:`woo.privacy.blocks`) and in the audit log by file, page and category, never by value.
"""

from typing import TYPE_CHECKING

from woo._lazy import lazy_exports

# Imported on first use: ``Audience`` or the blocks do not need the readers (PyMuPDF, PDFium, OCR); see woo._lazy.
if TYPE_CHECKING:
    from woo.privacy.gate import Finding, Gate, ItemCheck, Outgoing
    from woo.privacy.known import Audience, Category, KnownData, KnownValue, known_data, person_values
    from woo.privacy.match import Haystack, mask

__all__ = [
    "Audience",
    "Category",
    "Finding",
    "Gate",
    "Haystack",
    "ItemCheck",
    "KnownData",
    "KnownValue",
    "Outgoing",
    "known_data",
    "mask",
    "person_values",
]

__getattr__ = lazy_exports(__name__, __file__)
