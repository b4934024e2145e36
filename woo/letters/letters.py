"""The letters to requesters and third parties: one function per letter, each returning a :class:`Letter`.

A letter's HTML is built first and kept on the object, so its content can be tested without rendering;
``Letter.pdf()`` renders it through :func:`woo.letters.pdf.html_to_pdf`, which loads nothing but packaged assets.
Templates autoescape everything, so text from a requester is shown, never interpreted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from woo.deadlines.calendar import DEFAULT_CALENDAR
from woo.deadlines.explain import dutch_date
from woo.errors import Permanent
from woo.letters.considerations import considerations_for
from woo.letters.context import (
    AcknowledgementContext,
    DecisionContext,
    DisclosureNoticeContext,
    DocumentConsideration,
    ExtensionNoticeContext,
    ForwardingNoticeContext,
    LetterBase,
    PriorityConsultationContext,
    SpecificationRequestContext,
    SuspensionEndedNoticeContext,
    SuspensionNoticeContext,
    ThirdPartyDecisionNoticeContext,
    WithdrawalConfirmationContext,
    ZienswijzeRequestContext,
)
from woo.letters.grammar import enumerate_nl, number_word
from woo.letters.pdf import asset_url, html_to_pdf
from woo.schemas.grounds import Ground, check_ground_combination
from woo.schemas.judgement import NOT_ASSESSED, DecisionType, Judgement

# Woo 4.4(2) allows two weeks; the Atw roll-over of the final date can add a few days (Easter: four).
_MAX_EXTENSION = timedelta(days=14 + 5)


class LetterError(Permanent, ValueError):
    """A letter cannot be written from the context given; the message says which item and why, in Dutch."""


class LetterKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    ZIENSWIJZE_REQUEST = "zienswijze_request"
    DECISION = "decision"
    PUBLISHED_DECISION = "published_decision"
    THIRD_PARTY_DECISION_NOTICE = "third_party_decision_notice"
    SUSPENSION_NOTICE = "suspension_notice"
    SUSPENSION_ENDED_NOTICE = "suspension_ended_notice"
    EXTENSION_NOTICE = "extension_notice"
    WITHDRAWAL_CONFIRMATION = "withdrawal_confirmation"
    SPECIFICATION_REQUEST = "specification_request"
    FORWARDING_NOTICE = "forwarding_notice"
    DISCLOSURE_NOTICE = "disclosure_notice"
    PRIORITY_CONSULTATION = "priority_consultation"


@dataclass(frozen=True)
class Letter:
    """A written letter: its kind, Dutch subject line and HTML; ``pdf()`` renders it."""

    kind: LetterKind
    subject: str
    reference: str
    html: str
    dated: date | None = None

    def pdf(self) -> bytes:
        return html_to_pdf(self.html)


def _safe_href(url: str | None) -> str | None:
    """Only web links become clickable; anything else (javascript:, file:) is shown as text, if at all."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def _oneline(text: str) -> str:
    """A multi-line postal address as one line, for the letterhead."""
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("woo.letters"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dutch_date"] = dutch_date
    env.filters["safe_href"] = _safe_href
    env.filters["oneline"] = _oneline
    env.filters["number_word"] = number_word
    env.filters["enumerate_nl"] = enumerate_nl
    env.globals["asset_url"] = asset_url
    return env


_ENV = _environment()


def _render(kind: LetterKind, subject: str, ctx: LetterBase, **extra: Any) -> Letter:
    html = _ENV.get_template(f"{kind.value}.html").render(
        subject=subject, org=ctx.organisation, recipient=ctx.recipient, request=ctx.request,
        letter_date=ctx.letter_date, ctx=ctx, **extra,
    )
    return Letter(kind=kind, subject=subject, reference=ctx.request.reference, html=html, dated=ctx.letter_date)


def _require_text(value: str | None, what: str) -> None:
    if value is None or not value.strip():
        raise LetterError(f"{what} ontbreekt")


def _check_base(ctx: LetterBase) -> None:
    _require_text(ctx.request.reference, "het kenmerk (registratienummer) van het verzoek")
    _require_text(ctx.recipient.name, "de naam van de geadresseerde")
    _require_text(ctx.organisation.objection_address, "het adres voor bezwaar")
    if ctx.letter_date < ctx.request.received_on:
        raise LetterError(
            f"de datum van de brief ({dutch_date(ctx.letter_date)}) ligt vóór de ontvangst van het verzoek "
            f"({dutch_date(ctx.request.received_on)})"
        )


def acknowledgement(ctx: AcknowledgementContext) -> Letter:
    """Ontvangstbevestiging: receipt, what was asked, the decision date and how the term may change."""
    _check_base(ctx)
    if ctx.decision_due <= ctx.request.received_on:
        raise LetterError("de beslisdatum moet na de ontvangstdatum liggen")
    return _render(LetterKind.ACKNOWLEDGEMENT, "Ontvangstbevestiging van uw Woo-verzoek", ctx)


def zienswijze_request(ctx: ZienswijzeRequestContext) -> Letter:
    """Verzoek om zienswijze to a third party (Awb 4:8, Woo 4.4(3)); never names the requester."""
    _check_base(ctx)
    if not ctx.documents:
        raise LetterError("er zijn geen documenten opgegeven waarover een zienswijze wordt gevraagd")
    if ctx.respond_by <= ctx.letter_date:
        raise LetterError("de termijn voor de zienswijze moet na de datum van de brief eindigen")
    return _render(
        LetterKind.ZIENSWIJZE_REQUEST, "Verzoek om uw zienswijze over openbaarmaking van documenten", ctx,
    )


def _decision_values(ctx: DecisionContext) -> dict[str, Any]:
    """Checks a decision's context and returns what its templates need; shared by both renditions."""
    _check_base(ctx)
    kind = DecisionType(ctx.decision_type)
    rows = sorted(ctx.inventory, key=lambda r: r.number)
    if kind in (DecisionType.NOTHING_FOUND, DecisionType.NOT_HANDLED) and rows:
        raise LetterError(f"een besluit '{kind.value}' kan geen inventarislijst hebben ({len(rows)} regels)")
    if kind not in (DecisionType.NOTHING_FOUND, DecisionType.NOT_HANDLED) and not rows:
        raise LetterError(
            f"een besluit '{kind.value}' heeft een inventarislijst met ten minste één document nodig"
        )
    if ctx.disclosure_date is not None and ctx.disclosure_date <= ctx.letter_date:
        raise LetterError(
            "de datum van openbaarmaking moet na de datum van het besluit liggen (Woo 4.4, vijfde lid)"
        )

    problems: list[str] = []
    judgements: list[Judgement] = []
    grounds: list[Ground] = []
    seen: set[int] = set()
    unreadable = 0
    for row in rows:
        if row.number in seen:
            problems.append(f"document {row.number}: nummer komt meer dan eens voor")
        seen.add(row.number)
        if row.judgement == NOT_ASSESSED:
            # Found but unreadable: listed with the reason, so the count is the number of documents found.
            unreadable += 1
            continue
        try:
            judgement = Judgement.parse(row.judgement)
        except ValueError as exc:
            problems.append(f"document {row.number}: {exc}")
            continue
        judgements.append(judgement)
        try:
            row_grounds = [Ground.parse(g) for g in row.grounds]
        except ValueError as exc:
            problems.append(f"document {row.number}: {exc}")
            continue
        if judgement in (Judgement.PARTLY_PUBLIC, Judgement.NOT_PUBLIC) and not row_grounds:
            problems.append(f"document {row.number}: '{judgement.value}' zonder weigeringsgrond")
        if judgement is Judgement.ALREADY_PUBLIC and not row.link:
            problems.append(f"document {row.number}: 'reeds openbaar' zonder vindplaats (Woo 4.5, tweede lid)")
        try:
            check_ground_combination(row_grounds)
        except ValueError as exc:
            problems.append(f"document {row.number}: {exc}")
        grounds.extend(row_grounds)
    unknown_held = sorted(set(ctx.held) - seen)
    if unknown_held:
        held = ", ".join(map(str, unknown_held))
        problems.append(f"aangehouden document(en) {held} staan niet in de inventarislijst")
    try:
        considerations = considerations_for(grounds, ctx.ground_motivations)
    except ValueError as exc:
        problems.append(f"motivering per grond: {exc}")
        considerations = []
    if problems:
        raise LetterError("het besluit kan niet worden opgesteld: " + "; ".join(problems))

    counts = Counter(judgements)
    # Woo 5.3: withholding information older than five years needs a reason why time did not lessen the interest.
    five_years_ago = ctx.letter_date.replace(year=ctx.letter_date.year - 5) if not (
        ctx.letter_date.month == 2 and ctx.letter_date.day == 29) else date(ctx.letter_date.year - 5, 2, 28)
    older = [c for c in ctx.document_considerations if c.date is not None and c.date < five_years_ago]
    return {
        "older": older, "older_reasons": [(c, older_reason(c)) for c in older],
        "withheld_grounds": {Ground.parse(g) for g in grounds},
        "decision_type": kind, "DecisionType": DecisionType,
        "found": kind not in (DecisionType.NOTHING_FOUND, DecisionType.NOT_HANDLED),
        "rows": rows, "considerations": considerations,
        "counts": [(j.value, counts[j]) for j in Judgement if counts[j]]
        + ([(NOT_ASSESSED, unreadable)] if unreadable else []),
        "document_count": len(rows),
        "ground_code": lambda g: Ground.parse(g).value,
    }


_TIME_LAPSE = {
    Ground.PRIVACY: "De personen om wie het gaat, zijn nog steeds herkenbaar en leven of werken grotendeels nog "
                    "in dezelfde omgeving; hun belang bij bescherming van hun persoonlijke levenssfeer is door het "
                    "tijdsverloop niet kleiner geworden.",
    Ground.PERSONAL_POLICY_VIEWS: "De opvattingen zijn te herleiden tot medewerkers die nog bij de besluitvorming "
                                  "over dit onderwerp betrokken zijn; het onderwerp is nog niet afgerond.",
    Ground.COMPETITIVE_BUSINESS_DATA: "De gegevens zeggen nog steeds iets over de huidige prijsopbouw en "
                                      "werkwijze van de onderneming.",
}


def older_reason(c: DocumentConsideration) -> str:
    """Why information older than five years is still withheld (Woo 5.3): the per-document reason when the
    reviewer gave one, else what holds for its grounds."""
    lapse = [_TIME_LAPSE[g] for g in sorted({Ground.parse(x) for x in c.grounds}, key=lambda g: g.value)
             if g in _TIME_LAPSE]
    if lapse:
        return " ".join(lapse)
    return ("Het belang dat de uitzonderingsgrond beschermt, weegt ondanks het tijdsverloop nog steeds zwaarder "
            "dan het belang van openbaarheid: " + c.reason)


def decision(ctx: DecisionContext) -> Letter:
    """Besluit op Woo-verzoek, addressed to the requester, with the inventory list as an annex on a new page."""
    return _render(LetterKind.DECISION, "Besluit op uw Woo-verzoek", ctx, **_decision_values(ctx))


def published_decision(ctx: DecisionContext) -> Letter:
    """The same decision as it is published (Woo 3.3): no addressee block, "verzoeker" instead of a name.

    The caller passes the request text as it may be published (``ctx.request.subject`` without the requester's
    personal data); the privacy gate checks the result before it is published."""
    return _render(LetterKind.PUBLISHED_DECISION, "Besluit op Woo-verzoek", ctx, **_decision_values(ctx))


def third_party_decision_notice(ctx: ThirdPartyDecisionNoticeContext) -> Letter:
    """Kennisgeving of the decision to a third party (Woo 4.4(6)): what was decided about the documents that
    concern it, when they are disclosed, and how to object or ask for a provisional measure before that date.
    It never names the requester."""
    _check_base(ctx)
    if not ctx.documents:
        raise LetterError("er zijn geen documenten opgegeven die de derde-belanghebbende betreffen")
    if ctx.decision_date < ctx.request.received_on or ctx.letter_date < ctx.decision_date:
        raise LetterError("de datum van het besluit moet tussen de ontvangst van het verzoek en de brief liggen")
    if ctx.disclosure_date < ctx.decision_date:
        raise LetterError("de datum van openbaarmaking kan niet vóór de datum van het besluit liggen")
    if ctx.objection_expected and ctx.disclosure_date <= ctx.decision_date:
        raise LetterError("bij een verwacht bezwaar ligt de openbaarmaking na het besluit (Woo 4.4, vijfde lid)")
    rows = []
    for row in sorted(ctx.documents, key=lambda r: r.number):
        try:
            Judgement.parse(row.judgement)
            grounds = tuple(Ground.parse(g).value for g in row.grounds)
        except ValueError as exc:
            raise LetterError(f"document {row.number}: {exc}") from None
        rows.append(replace(row, grounds=grounds))
    return _render(LetterKind.THIRD_PARTY_DECISION_NOTICE,
                   "Besluit op een Woo-verzoek over documenten die u betreffen", ctx, rows=rows)


def suspension_notice(ctx: SuspensionNoticeContext) -> Letter:
    """The term is suspended while third parties give their views (Woo 4.4(3))."""
    _check_base(ctx)
    if ctx.views_due <= ctx.letter_date:
        raise LetterError("de termijn voor de zienswijzen moet na de datum van de brief eindigen")
    return _render(LetterKind.SUSPENSION_NOTICE, "Opschorting van de beslistermijn van uw Woo-verzoek", ctx)


def suspension_ended_notice(ctx: SuspensionEndedNoticeContext) -> Letter:
    """The suspension has ended; the new decision date (Woo 4.4(4))."""
    _check_base(ctx)
    if ctx.new_decision_due <= ctx.ended_on:
        raise LetterError("de nieuwe beslisdatum moet na het einde van de opschorting liggen")
    if ctx.letter_date < ctx.ended_on:
        raise LetterError("het einde van de opschorting kan pas worden gemeld als de opschorting is geëindigd")
    # Woo 4.4(4) says "as soon as possible": the day it ends, or the first working day after.
    first_working_day = ctx.ended_on + timedelta(days=1)
    while DEFAULT_CALENDAR.is_closed(first_working_day):
        first_working_day += timedelta(days=1)
    return _render(
        LetterKind.SUSPENSION_ENDED_NOTICE, "Einde opschorting van de beslistermijn van uw Woo-verzoek", ctx,
        first_working_day_after=ctx.letter_date == first_working_day,
    )


def extension_notice(ctx: ExtensionNoticeContext) -> Letter:
    """Verdaging by at most two weeks, with a motivation, sent before the first term ends (Woo 4.4(2))."""
    _check_base(ctx)
    _require_text(ctx.motivation, "de motivering van de verdaging")
    if ctx.letter_date > ctx.original_due:
        raise LetterError(
            "de verdaging moet worden meegedeeld vóór het einde van de eerste termijn "
            f"({dutch_date(ctx.original_due)})"
        )
    if not ctx.original_due < ctx.new_due <= ctx.original_due + _MAX_EXTENSION:
        raise LetterError(
            "de nieuwe beslisdatum moet na de oorspronkelijke liggen en ten hoogste twee weken later"
        )
    return _render(LetterKind.EXTENSION_NOTICE, "Verdaging van de beslistermijn van uw Woo-verzoek", ctx)


def withdrawal_confirmation(ctx: WithdrawalConfirmationContext) -> Letter:
    """Confirms that the requester withdrew the request and that no decision will follow."""
    _check_base(ctx)
    if ctx.withdrawn_on < ctx.request.received_on:
        raise LetterError("de intrekking kan niet vóór de ontvangst van het verzoek liggen")
    subject = "Bevestiging van de intrekking van uw Woo-verzoek"
    return _render(LetterKind.WITHDRAWAL_CONFIRMATION, subject, ctx)


def specification_request(ctx: SpecificationRequestContext) -> Letter:
    """Verzoek om precisering (Woo 4.1(5)): the term is suspended until the specification arrives or the period
    lapses (Awb 4:15(1)(a)); without it the request may not be handled (Woo 4.1(6))."""
    _check_base(ctx)
    if ctx.respond_by <= ctx.letter_date:
        raise LetterError("de termijn voor de precisering moet na de datum van de brief eindigen")
    return _render(LetterKind.SPECIFICATION_REQUEST, "Verzoek om uw Woo-verzoek te preciseren", ctx)


def forwarding_notice(ctx: ForwardingNoticeContext) -> Letter:
    """Doorzending (Woo 4.2): to whom the request (or a part) went, and what happens with the rest."""
    _check_base(ctx)
    _require_text(ctx.forwarded_to, "het bestuursorgaan waaraan is doorgezonden")
    if ctx.partly and ctx.decision_due is None:
        raise LetterError("bij gedeeltelijke doorzending hoort de beslisdatum voor de rest van het verzoek")
    subject = "Gedeeltelijke doorzending van uw Woo-verzoek" if ctx.partly else "Doorzending van uw Woo-verzoek"
    return _render(LetterKind.FORWARDING_NOTICE, subject, ctx)


def disclosure_notice(ctx: DisclosureNoticeContext) -> Letter:
    """When the requester receives the documents (Woo 4.4(5)): two weeks after the decision at the earliest."""
    _check_base(ctx)
    if ctx.disclosure_date <= ctx.decision_date:
        raise LetterError("de datum van verstrekking ligt na de datum van het besluit (Woo 4.4, vijfde lid)")
    return _render(LetterKind.DISCLOSURE_NOTICE, "Datum waarop u de documenten ontvangt", ctx)


def priority_consultation(ctx: PriorityConsultationContext) -> Letter:
    """Overleg over prioritering (Woo 4.2a) for a very large request, before the decision term ends."""
    _check_base(ctx)
    if not ctx.letter_date < ctx.respond_by <= ctx.decision_due:
        raise LetterError("de reactietermijn moet na de brief en uiterlijk op de beslisdatum eindigen (Woo 4.2a)")
    return _render(LetterKind.PRIORITY_CONSULTATION, "Overleg over de volgorde van behandeling van uw Woo-verzoek",
                   ctx)


def published_request_html(*, number: str, received_on: date | None, subject: str, text: str) -> str:
    """The request as it is published (Woo 3.3(5)(e)); the caller passes subject and text without personal data."""
    return _ENV.get_template("request_text.html").render(number=number, received_on=received_on, subject=subject,
                                                         text=text)


def reminder_html(*, subject: str, organisation: str, today: str, number: str, lines: list[str]) -> str:
    """The deadline watch's reminder to the process owner (internal; ids, dates and counts only)."""
    return _ENV.get_template("reminder.html").render(subject=subject, org=organisation, today=today, number=number,
                                                     lines=lines)


def render_letter_pdf(html: str) -> bytes:
    """Render a letter's HTML to PDF bytes (the same as ``Letter.pdf()``)."""
    return html_to_pdf(html)

