"""The exception hierarchy of the system. Messages are for people (Dutch); they never contain personal data.

WooError
├── UnknownRequest        a request id or number that does not exist
├── IntakeInvalid         a request file that does not validate (list of problems)
├── AnswersInvalid        an answers file or form answer that does not validate
├── DeliveryError         a letter that could not be delivered (will be retried)
│   └── DeliveryUncertain a send was interrupted: it is unknown whether it went out; a person must check

Errors of the engines have their own bases: ``woo.redaction.errors.RedactionError``,
``woo.publication.PublicationError``, ``woo.deadlines.DeadlineInputError``.
"""

from __future__ import annotations


class WooError(Exception):
    """Base class of every error this system raises on purpose."""


class UnknownRequest(WooError, LookupError):
    pass


class IntakeInvalid(WooError, ValueError):
    """The message names only the fields (it reaches Prefect); ``problems`` holds the full explanations."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        fields = ", ".join(sorted({p.split(":", 1)[0] for p in problems}))
        super().__init__(f"het verzoek is niet geldig ({len(problems)} probleem/problemen in: {fields})")


class AnswersInvalid(WooError, ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("de antwoorden zijn niet geldig: " + "; ".join(problems))


class DeliveryError(WooError):
    pass


class DeliveryUncertain(DeliveryError):
    pass

