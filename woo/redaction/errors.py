"""Exceptions raised by the redaction engine; messages are Dutch because officials read them.

``RedactionInputError`` and its subclasses mean the input file cannot be redacted at all (the caller should
report the file and carry on with the next one). A failed check on the output is not an exception: it is a
:class:`~woo.redaction.report.CheckResult` with ``ok=False`` so the flow can block publication and show why.
"""

from __future__ import annotations

from woo.errors import Permanent


class RedactionError(Permanent):
    """Base class for every error the redaction engine raises."""


class RedactionInputError(RedactionError):
    """The input file cannot be redacted; the message names the file and the problem in plain Dutch."""


class EncryptedPdfError(RedactionInputError):
    """The PDF is protected with a password."""


class NotAPdfError(RedactionInputError):
    """The file is not a PDF at all (for example a Word file or an image renamed to .pdf)."""


class CorruptPdfError(RedactionInputError):
    """The file claims to be a PDF but cannot be read."""


class InvalidRedactionError(RedactionError):
    """A redaction refers to a page or area that does not exist in the document."""
