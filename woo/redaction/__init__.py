"""The redaction engine: find personal data in PDFs, black it out with the Woo ground, and prove it is gone.

Typical use by the request flow::

    proposals = propose_redactions(path, officials=officials)     # a reviewer settles the names
    result = apply_redactions(path, out, accepted)                 # boxes, scrub, clean save, check
    if result.blocked: ...                                         # never publish a file that failed the check

or, for the command line and bulk runs, :func:`redact_pdf` and :func:`redact_many`.

Pages without a usable text layer (scans, image attachments, text drawn as outlines) and large images on text
pages are read with OCR before detection (:mod:`woo.redaction.ocr`); a page OCR cannot read with confidence
fails the check with a Dutch reason, so it is held for a person. A reviewer's manual redaction given as text is
placed with :func:`manual_redactions_for` (every occurrence on its page).
"""

from typing import TYPE_CHECKING

from woo._lazy import lazy_exports

# The API is imported on first use: a caller that needs only the vocabulary (``woo.redaction.model``) or one
# function does not load PyMuPDF and the whole engine (a resumed flow run, ``woo pending``; see woo._lazy).
if TYPE_CHECKING:
    from woo.redaction.apply import apply_redactions
    from woo.redaction.detect import propose_redactions
    from woo.redaction.errors import (
        CorruptPdfError,
        EncryptedPdfError,
        InvalidRedactionError,
        NotAPdfError,
        RedactionError,
        RedactionInputError,
    )
    from woo.redaction.manual import find_text, manual_redactions_for, text_not_found
    from woo.redaction.model import (
        DEFAULT_GROUNDS,
        AppliedRedaction,
        Category,
        ManualRedaction,
        Proposal,
        RedactionJob,
    )
    from woo.redaction.officials import Officials, load_officials
    from woo.redaction.pipeline import redact_many, redact_pdf, run_job
    from woo.redaction.report import CheckResult, DocumentFailure, DossierReport, RedactionResult
    from woo.redaction.review_copy import propose_with_review_copy, write_review_copy
    from woo.redaction.verify import verify_redacted

__all__ = [
    "DEFAULT_GROUNDS",
    "AppliedRedaction",
    "Category",
    "CheckResult",
    "CorruptPdfError",
    "DocumentFailure",
    "DossierReport",
    "EncryptedPdfError",
    "InvalidRedactionError",
    "ManualRedaction",
    "NotAPdfError",
    "Officials",
    "Proposal",
    "RedactionError",
    "RedactionInputError",
    "RedactionJob",
    "RedactionResult",
    "apply_redactions",
    "find_text",
    "load_officials",
    "manual_redactions_for",
    "propose_redactions",
    "propose_with_review_copy",
    "redact_many",
    "redact_pdf",
    "run_job",
    "text_not_found",
    "verify_redacted",
    "write_review_copy",
]

__getattr__ = lazy_exports(__name__, __file__)
