"""Dutch letters for a Woo request (acknowledgement, views of third parties, decision, term notices).

Each letter is one function taking a frozen context and returning a :class:`Letter` with its HTML;
``Letter.pdf()`` renders it. Contexts live in :mod:`woo.letters.context`.
"""

from woo.deadlines.explain import dutch_date
from woo.letters.considerations import Consideration, article_phrase, consideration_for, considerations_for
from woo.letters.context import (
    AcknowledgementContext,
    DecisionContext,
    DocumentReference,
    ExtensionNoticeContext,
    InventoryRow,
    LetterBase,
    Organisation,
    ProcedureEvent,
    Recipient,
    RequestSummary,
    SuspensionEndedNoticeContext,
    SuspensionNoticeContext,
    ThirdPartyDecisionNoticeContext,
    WithdrawalConfirmationContext,
    ZienswijzeRequestContext,
)
from woo.letters.letters import (
    Letter,
    LetterError,
    LetterKind,
    acknowledgement,
    decision,
    extension_notice,
    published_decision,
    render_letter_pdf,
    suspension_ended_notice,
    suspension_notice,
    third_party_decision_notice,
    withdrawal_confirmation,
    zienswijze_request,
)

__all__ = [
    "AcknowledgementContext",
    "Consideration",
    "DecisionContext",
    "DocumentReference",
    "ExtensionNoticeContext",
    "InventoryRow",
    "Letter",
    "LetterBase",
    "LetterError",
    "LetterKind",
    "Organisation",
    "ProcedureEvent",
    "Recipient",
    "RequestSummary",
    "SuspensionEndedNoticeContext",
    "SuspensionNoticeContext",
    "ThirdPartyDecisionNoticeContext",
    "WithdrawalConfirmationContext",
    "ZienswijzeRequestContext",
    "acknowledgement",
    "article_phrase",
    "consideration_for",
    "considerations_for",
    "decision",
    "dutch_date",
    "extension_notice",
    "published_decision",
    "render_letter_pdf",
    "suspension_ended_notice",
    "suspension_notice",
    "third_party_decision_notice",
    "withdrawal_confirmation",
    "zienswijze_request",
]
