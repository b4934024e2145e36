"""Plain, frozen inputs for the letters: who writes, to whom, about which request, and per-letter facts.

The letters never look anything up themselves; the flow gathers these values (from the store and the
calendar) and passes them in, so each letter is a pure function of its context and easy to test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from woo.schemas.judgement import DecisionType


@dataclass(frozen=True)
class Organisation:
    """The body that handles the request, as it appears in the letterhead, signature and objection clause."""

    name: str
    postal_address: str
    objection_address: str
    website: str
    email: str
    signatory_function: str
    phone: str | None = None
    signatory_name: str | None = None
    governing_body: str = "het college van burgemeester en wethouders"


@dataclass(frozen=True)
class Recipient:
    """The addressee: the requester, or a third party asked for its view."""

    name: str
    postal_address: str | None
    organisation: str | None = None
    salutation: str = "Geachte heer, mevrouw,"


@dataclass(frozen=True)
class RequestSummary:
    """What was asked. ``subject`` is the requester's own description and is shown verbatim (escaped)."""

    reference: str
    received_on: date
    subject: str
    period_start: date | None = None
    period_end: date | None = None
    request_date: date | None = None


@dataclass(frozen=True)
class InventoryRow:
    """One line of the inventory list (inventarislijst) annexed to the decision."""

    number: int
    date: date | None
    title: str
    file_type: str
    family: int | None
    judgement: str
    grounds: tuple[str, ...]
    remark: str
    link: str | None


@dataclass(frozen=True)
class ProcedureEvent:
    """A step in the procedure: a date and a Dutch sentence, e.g. "Wij hebben uw verzoek ontvangen."."""

    on: date
    text: str


@dataclass(frozen=True)
class DocumentReference:
    """A document a third party is asked about: its inventory number, title, intended judgement with its grounds,
    and the name of the attached copy with the proposed redactions (None: no copy could be made)."""

    number: int
    title: str
    intended_judgement: str | None = None
    grounds: tuple[str, ...] = ()
    attachment: str | None = None


@dataclass(frozen=True)
class SearchSummary:
    """The search (zoekslag): where, with which terms, over which period, and by whom (functions, never names)."""

    places: tuple[str, ...]
    functions: tuple[str, ...] = ()
    terms: str | None = None
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True)
class ViewSummary:
    """One third party heard, by role or kind of organisation (no personal data), and how its view was weighed."""

    role: str
    documents: tuple[int, ...]
    asked_on: date
    answered_on: date | None
    objected: bool
    weighing: str | None = None


@dataclass(frozen=True)
class DocumentConsideration:
    """Why one document is not (wholly) public: its grounds and the concrete reason for this document."""

    number: int
    title: str
    grounds: tuple[str, ...]
    reason: str
    date: date | None = None


@dataclass(frozen=True)
class LetterBase:
    """Fields every letter shares."""

    organisation: Organisation
    recipient: Recipient
    request: RequestSummary
    letter_date: date


@dataclass(frozen=True)
class AcknowledgementContext(LetterBase):
    decision_due: date
    due_explanation: str | None = None


@dataclass(frozen=True)
class ZienswijzeRequestContext(LetterBase):
    """Addressed to a third party; it must not reveal who the requester is.

    The requester's own wording may identify them; ``request_description`` replaces it with a neutral
    description written by the official.
    """

    documents: tuple[DocumentReference, ...]
    respond_by: date
    request_description: str | None = None


@dataclass(frozen=True)
class DecisionContext(LetterBase):
    decision_type: DecisionType
    events: tuple[ProcedureEvent, ...] = ()
    inventory: tuple[InventoryRow, ...] = ()
    # Case-specific motivation per ground code, added to the standard paragraph; courts want it concrete.
    ground_motivations: Mapping[str, str] = field(default_factory=dict)
    # None: the information is handed over with the decision; a date: later, because of Woo 4.4(5).
    disclosure_date: date | None = None
    publication_url: str | None = None
    search_description: str | None = None
    not_handled_reason: str | None = None
    # "4.1(6)": the requester did not specify; "4.6": misuse or no administrative matter. The due date is the
    # deadline engine's two-week term for that decision.
    not_handled_article: str = "4.1(6)"
    not_handled_due: date | None = None
    # Documents judged (partly) public whose publication is held pending review (their remark says why).
    held: tuple[int, ...] = ()
    # The two moments: the requester's private link (feitelijke verstrekking) and the public publication.
    private_link: str | None = None
    private_link_until: date | None = None
    verstrekking_on: date | None = None
    public_on: date | None = None
    # The request as first worded, when the meeting or a specification narrowed it (``request.subject`` is the
    # scope the decision answers), and the day that happened.
    original_request: str | None = None
    narrowed_on: date | None = None
    search: SearchSummary | None = None
    views: tuple[ViewSummary, ...] = ()
    document_considerations: tuple[DocumentConsideration, ...] = ()
    # Woo 5.2(3): policy views from documents for formal decision-making are released in a form not traceable to
    # persons; True when the official chose that for this decision.
    formal_decision_making: bool = False
    # A draft for the signatory: "CONCEPT" on every page, nothing sent.
    concept: bool = False


@dataclass(frozen=True)
class ThirdPartyDecisionNoticeContext(LetterBase):
    """The decision as it concerns one third party (Woo 4.4(6)): its own letter, never naming the requester.

    ``documents`` are the inventory rows of the documents that concern it; ``disclosure_date`` is when they
    are made public (two weeks after the decision when an objection is expected, Woo 4.4(5))."""

    decision_date: date
    documents: tuple[InventoryRow, ...]
    disclosure_date: date
    objection_expected: bool = False
    asked_on: date | None = None
    view_received_on: date | None = None
    publication_url: str | None = None


@dataclass(frozen=True)
class SuspensionNoticeContext(LetterBase):
    views_due: date
    third_party_count: int | None = None


@dataclass(frozen=True)
class SuspensionEndedNoticeContext(LetterBase):
    """Sent on the day the suspension ends or the first working day after; ``views_lapsed`` says why it ended."""

    ended_on: date
    new_decision_due: date
    views_lapsed: bool = False


@dataclass(frozen=True)
class ExtensionNoticeContext(LetterBase):
    original_due: date
    new_due: date
    motivation: str


@dataclass(frozen=True)
class WithdrawalConfirmationContext(LetterBase):
    withdrawn_on: date


@dataclass(frozen=True)
class SpecificationRequestContext(LetterBase):
    """Verzoek om precisering (Woo 4.1(5)): what is unclear, the offer of help, the period and the suspension."""

    respond_by: date
    help_offered: str | None = None


@dataclass(frozen=True)
class ForwardingNoticeContext(LetterBase):
    """Doorzending (Woo 4.2): the request, or the part about information another body holds, went there."""

    forwarded_to: str
    forwarded_on: date
    partly: bool = False
    decision_due: date | None = None


@dataclass(frozen=True)
class DisclosureNoticeContext(LetterBase):
    """The requester's notice of when the documents are handed over (Woo 4.4(5)): later than the decision,
    because a third party is expected to object; an injunction request moves it further."""

    decision_date: date
    disclosure_date: date
    injunction_requested: bool = False


@dataclass(frozen=True)
class PriorityConsultationContext(LetterBase):
    """Overleg over prioriteiten (Woo 4.2a): a very large, well-specified request; the requester chooses what
    comes first, before the decision term ends."""

    document_count: int
    decision_due: date
    respond_by: date
    parts: tuple[str, ...] = ()
