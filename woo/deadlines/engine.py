"""The legal deadlines of a Woo request, computed from its dates (Woo 4.1, 4.4; Awb 4:15, 6:7, 6:8; Atw).

Rules (woo-law.md section 1):
- decision term: receipt + 28 days (Woo 4.4(1)), plus every suspended day counted once, plus 14 days when
  extended (Woo 4.4(2)); the Atw art. 1 roll-over is applied once, to that final date (project rule);
- the extension must be announced before the first term ends: receipt + 28 + suspended days, rolled over;
- the invitation to specify is due within 2 weeks after receipt (Woo 4.1(5));
- after the decision is made known on D: objection until D + 6 weeks (Awb 6:7, 6:8), disclosure on D or,
  when a third party is expected to object, D + 2 weeks (Woo 4.4(5)).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from woo.deadlines.calendar import DEFAULT_CALENDAR, LegalCalendar
from woo.deadlines.errors import DeadlineInputError
from woo.deadlines.explain import (
    days_nl,
    format_date_nl,
    roll_over_citation,
    rule_sentence,
    suspension_sentence,
    union_sentence,
)
from woo.deadlines.model import DatedRule, Deadlines, Term
from woo.deadlines.suspensions import (
    SUSPENSION_CITATIONS,
    Suspension,
    SuspensionKind,
    require_date,
    suspended_day_set,
)

__all__ = ["SuspensionInput", "compute_deadlines", "not_handling_due", "specification_period_end"]

DECISION_TERM_DAYS = 28  # Woo 4.4(1): four weeks
EXTENSION_DAYS = 14  # Woo 4.4(2): at most two weeks
PRECISERING_TERM_DAYS = 14  # Woo 4.1(5): within two weeks after receipt
OBJECTION_TERM_DAYS = 42  # Awb 6:7: six weeks
DISCLOSURE_WAIT_DAYS = 14  # Woo 4.4(5): two weeks after the decision when a third party is expected to object

SuspensionInput = Suspension | tuple[date, date]


def _dated_rule(
    rule: str,
    headline: str,
    *,
    base: date,
    base_label: str,
    terms: tuple[Term, ...],
    calendar: LegalCalendar,
    citation: str,
    roll: bool = True,
    note: str = "",
) -> DatedRule:
    raw = base + timedelta(days=sum(t.days for t in terms))
    rolled = calendar.roll_over_detail(raw) if roll else None
    on = rolled.result if rolled else raw
    if rolled and rolled.moved:
        citation = f"{citation}; {roll_over_citation(rolled)}"
    text = rule_sentence(
        headline, on, base_label=base_label, base=base, terms=terms, raw=raw, roll=rolled, note=note
    )
    return DatedRule(
        rule=rule, on=on, base=base, base_label_nl=base_label, terms=terms, raw=raw, roll_over=rolled,
        citation=citation, explanation_nl=text,
    )


def _normalise(items: Iterable[SuspensionInput], kind: SuspensionKind) -> list[Suspension]:
    out = []
    for item in items:
        if isinstance(item, Suspension):
            if item.kind != kind:
                raise DeadlineInputError(
                    f"Opschorting van soort '{item.kind}' opgegeven als '{kind}': kies de juiste soort."
                )
            out.append(item)
            continue
        try:
            start, end = item
        except (TypeError, ValueError):
            raise DeadlineInputError(
                f"Opschorting ({kind}) '{item}': verwacht een paar (begindatum, einddatum)."
            ) from None
        out.append(Suspension(kind, start, end))
    return out


def compute_deadlines(
    received: date,
    *,
    precisering: Iterable[SuspensionInput] = (),
    zienswijze: Iterable[SuspensionInput] = (),
    extended: bool = False,
    decided: date | None = None,
    objection_expected: bool = False,
    calendar: LegalCalendar = DEFAULT_CALENDAR,
) -> Deadlines:
    """Every deadline of one request, each with its reasoning.

    ``precisering``/``zienswijze`` are ``(start, end)`` pairs or :class:`Suspension` objects: start = the day
    of the invitation or of telling the requester about third parties, end = the day the answer arrived or its
    period lapsed. Raises :class:`DeadlineInputError` (Dutch message) for dates that cannot belong together.
    """
    require_date(received, "Ontvangstdatum")
    suspensions = (*_normalise(precisering, "precisering"), *_normalise(zienswijze, "zienswijze"))
    for s in suspensions:
        if s.start < received:
            raise DeadlineInputError(
                f"Opschorting ({s.kind}) {s.start.isoformat()} tot {s.end.isoformat()}: "
                f"begint vóór de ontvangst van het verzoek ({received.isoformat()})."
            )
    if decided is not None:
        require_date(decided, "Datum van bekendmaking van het besluit")
        if decided < received:
            raise DeadlineInputError(
                f"Besluit bekendgemaakt op {decided.isoformat()}: dat is vóór de ontvangst van het verzoek "
                f"({received.isoformat()})."
            )

    day_set = suspended_day_set(suspensions)
    suspended = len(day_set)
    received_label = "ontvangst van het verzoek"
    decision_term = Term(DECISION_TERM_DAYS, "beslistermijn", "art. 4.4 lid 1 Woo")
    kinds = sorted({s.kind for s in suspensions})
    first_term: tuple[Term, ...] = (decision_term,)
    if suspended:
        citations = " en ".join(SUSPENSION_CITATIONS[k] for k in kinds)
        first_term = (decision_term, Term(suspended, "opgeschort", citations))

    extension_notice = _dated_rule(
        "extension_notice_due",
        "Uiterste datum om een verdaging mee te delen",
        base=received, base_label=received_label, terms=first_term, calendar=calendar,
        citation="art. 4.4 lid 2 Woo",
        note="Een verdaging moet schriftelijk en gemotiveerd worden meegedeeld vóór het einde van de eerste "
        "termijn (art. 4.4 lid 2 Woo).",
    )
    decision_terms = first_term
    if extended:
        decision_terms = (*first_term, Term(EXTENSION_DAYS, "verdaging", "art. 4.4 lid 2 Woo"))
    decision = _dated_rule(
        "decision_due",
        "Uiterste datum voor het besluit",
        base=received, base_label=received_label, terms=decision_terms, calendar=calendar,
        citation="art. 4.4 lid 1 en 2 Woo" if extended else "art. 4.4 lid 1 Woo",
    )
    precisering_rule = _dated_rule(
        "precisering_due",
        "Uiterste datum om de verzoeker te vragen het verzoek te preciseren",
        base=received, base_label=received_label,
        terms=(Term(PRECISERING_TERM_DAYS, "na ontvangst", "art. 4.1 lid 5 Woo"),),
        calendar=calendar, citation="art. 4.1 lid 5 Woo",
    )

    objection = disclosure = None
    if decided is not None:
        decided_label = "bekendmaking van het besluit"
        objection = _dated_rule(
            "objection_due",
            "Laatste dag om bezwaar te maken",
            base=decided, base_label=decided_label,
            terms=(Term(OBJECTION_TERM_DAYS, "bezwaartermijn", "art. 6:7 en 6:8 Awb"),),
            calendar=calendar, citation="art. 6:7 en 6:8 Awb",
        )
        if objection_expected:
            disclosure = _dated_rule(
                "disclosure_on",
                "Datum waarop de informatie wordt verstrekt",
                base=decided, base_label=decided_label,
                terms=(Term(DISCLOSURE_WAIT_DAYS, "wachttijd omdat een derde naar verwachting bezwaar maakt",
                            "art. 4.4 lid 5 Woo"),),
                calendar=calendar, citation="art. 4.4 lid 5 Woo",
            )
        else:
            # Woo 4.4(5): released together with the decision, so no term runs and nothing rolls over.
            disclosure = _dated_rule(
                "disclosure_on",
                "Datum waarop de informatie wordt verstrekt",
                base=decided, base_label=decided_label, terms=(), calendar=calendar,
                citation="art. 4.4 lid 5 Woo", roll=False,
                note="De informatie wordt verstrekt tegelijk met de bekendmaking van het besluit "
                "(art. 4.4 lid 5 Woo).",
            )

    explanation = [
        f"Het verzoek is ontvangen op {format_date_nl(received)}; "
        "de termijnen beginnen de dag daarna te lopen.",
        precisering_rule.explanation_nl,
        *(suspension_sentence(s) for s in suspensions),
    ]
    if suspensions:
        explanation.append(union_sentence(suspensions, suspended))
    explanation.append(extension_notice.explanation_nl)
    if extended:
        explanation.append(
            f"De beslistermijn is met {days_nl(EXTENSION_DAYS)} verdaagd (art. 4.4 lid 2 Woo)."
        )
    explanation.append(decision.explanation_nl)
    if decided is not None and objection and disclosure:
        explanation += [
            f"Het besluit is bekendgemaakt op {format_date_nl(decided)}.",
            disclosure.explanation_nl,
            objection.explanation_nl,
        ]

    return Deadlines(
        received=received,
        suspensions=suspensions,
        suspended_day_set=day_set,
        extended=extended,
        decided=decided,
        objection_expected=objection_expected,
        decision=decision,
        extension_notice=extension_notice,
        precisering=precisering_rule,
        objection=objection,
        disclosure=disclosure,
        explanation=tuple(explanation),
    )


NOT_HANDLING_TERM_DAYS = 14  # Woo 4.1(6) and 4.6: the decision not to handle comes within two weeks
SPECIFICATION_PERIOD_DAYS = 14  # project rule: the requester gets two weeks to specify (Awb 4:15 "set period")


def not_handling_due(base: date, *, article: str, calendar: LegalCalendar = DEFAULT_CALENDAR) -> DatedRule:
    """The last day for a decision not to handle a request: two weeks after the specification arrived or its
    period lapsed (``article="4.1(6)"``), or two weeks after receipt for misuse or no administrative matter
    (``article="4.6"``); Atw roll-over applies."""
    if article == "4.1(6)":
        label = "ontvangst van de precisering of het verstrijken van de termijn daarvoor"
        citation = "art. 4.1 lid 6 Woo"
    elif article == "4.6":
        label, citation = "ontvangst van het verzoek", "art. 4.6 Woo"
    else:
        raise DeadlineInputError(f"Onbekende grond om niet te behandelen: '{article}' (kies '4.1(6)' of '4.6').")
    require_date(base, "Begindatum")
    return _dated_rule(
        "not_handling_due", "Uiterste datum voor het besluit om het verzoek niet te behandelen",
        base=base, base_label=label, terms=(Term(NOT_HANDLING_TERM_DAYS, "termijn om niet te behandelen", citation),),
        calendar=calendar, citation=citation,
    )


def specification_period_end(invited: date, *, calendar: LegalCalendar = DEFAULT_CALENDAR) -> DatedRule:
    """The last day the requester can specify the request: two weeks after the invitation (project rule for the
    period Awb 4:15(1)(a) lets the body set), rolled over per Atw art. 1."""
    require_date(invited, "Datum van het verzoek om precisering")
    return _dated_rule(
        "specification_due", "Uiterste datum om het verzoek te preciseren",
        base=invited, base_label="het verzoek om precisering",
        terms=(Term(SPECIFICATION_PERIOD_DAYS, "termijn voor de precisering", "art. 4.1 lid 5 Woo; art. 4:15 Awb"),),
        calendar=calendar, citation="art. 4.1 lid 5 Woo; art. 4:15 Awb",
    )
