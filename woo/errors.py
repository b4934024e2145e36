"""The one exception tree of the system. Messages are for people (Dutch); they never contain personal data.

Every error raised on purpose derives from :class:`WooError`. The task layer's retry policy reads one branch:
:class:`Permanent` errors are not cured by trying again (bad input waits for a person, a rule refuses, a send
that may have gone out must be checked by someone); everything else (a mail server that is down, a database
that is busy) is retried.

WooError
├── Permanent                       a retry cannot cure it
│   ├── UnknownRequest              a request id or number that does not exist
│   ├── IntakeInvalid               a request file that does not validate (``problems``)
│   ├── AnswersInvalid              stored answers that do not validate (``problems``)
│   ├── AnswerRefused               an answer to a question that breaks a rule (``problems``, ``raw_text``)
│   ├── ConfigurationError          a setting that must be set before this can run
│   ├── DeadlineInputError          dates that make no legal sense together (woo.deadlines.errors)
│   ├── ExtensionRefused            an extension the law or the request's state does not allow
│   │                               (woo.deadlines.extension)
│   ├── LetterError                 a letter that cannot be written from its context (woo.letters.letters)
│   ├── RefusedURL                  a rendered document asked for a resource outside the packaged assets
│   │                               (woo.letters.pdf)
│   ├── SettlementRefused           a privacy-gate settlement that cannot be carried out (woo.process.gate)
│   ├── RedactionError              the redaction engine: unusable input, a redaction off the page
│   │                               (woo.redaction.errors)
│   ├── OcrUnavailable              text recognition cannot run on this machine (woo.redaction.ocr)
│   ├── Unreadable                  a collected file that cannot be converted; recorded, never fatal
│   │                               (woo.documents.convert)
│   ├── DiWooError                  DiWoo metadata the schema would refuse (woo.publication.diwoo)
│   ├── SitemapError                a sitemap the Woo-index would refuse (woo.publication.sitemap)
│   ├── PublicationError            a publication folder that cannot be written (woo.publication.folder)
│   │   ├── PublicationConflict     different content for a folder already published
│   │   └── PublicationBlocked      the privacy gate held the decision or the inventory back
│   └── DeliveryUncertain           a send was interrupted: unknown whether it went out (also a DeliveryError)
└── DeliveryError                   a letter that could not be delivered (retried)

Errors that belong to one engine are defined there, on these bases; the module is named after each.
"""

from __future__ import annotations

__all__ = [
    "AnswerRefused",
    "AnswersInvalid",
    "ConfigurationError",
    "DeliveryError",
    "DeliveryUncertain",
    "IntakeInvalid",
    "Permanent",
    "UnknownRequest",
    "WooError",
]


class WooError(Exception):
    """Base class of every error this system raises on purpose."""


class Permanent(WooError):
    """An error that trying again does not cure; the task layer does not retry it."""


class UnknownRequest(Permanent, LookupError):
    pass


class IntakeInvalid(Permanent, ValueError):
    """The message names only the fields (it reaches Prefect); ``problems`` holds the full explanations."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        fields = ", ".join(sorted({p.split(":", 1)[0] for p in problems}))
        super().__init__(f"het verzoek is niet geldig ({len(problems)} probleem/problemen in: {fields})")


class AnswersInvalid(Permanent, ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("de antwoorden zijn niet geldig: " + "; ".join(problems))


class AnswerRefused(Permanent, ValueError):
    """An answer that breaks a rule; ``raw_text`` when it held free text where a reference belongs."""

    def __init__(self, problems: list[str], *, raw_text: bool = False) -> None:
        self.problems = problems
        self.raw_text = raw_text
        super().__init__("; ".join(problems))





class ConfigurationError(Permanent, ValueError):
    """A setting this action needs is missing or unsafe; the message names the ``WOO_*`` variable."""




class DeliveryError(WooError):
    """A letter could not be delivered now (a mail server down, a full disk); trying again may work."""


class DeliveryUncertain(DeliveryError, Permanent):
    """A send was interrupted: it is unknown whether it went out; a person must check before it is sent again."""
