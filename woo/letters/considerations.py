"""Standard Dutch considerations (overwegingen) per ground for withholding, for the decision letter.

Each relative ground (5.1.2x) needs an explicit weighing of interests (Woo 5.1(3)), so its consideration
always carries a ``weighing`` paragraph; absolute grounds say why no weighing is made. The standard texts are
a starting point: a case-specific motivation passed in by the official is printed with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from woo.schemas.grounds import Ground, GroundKind


def _p(text: str) -> str:
    """One paragraph from a wrapped triple-quoted string."""
    return " ".join(text.split())


_LID = {"1": "eerste", "2": "tweede", "3": "derde", "4": "vierde", "5": "vijfde"}


@dataclass(frozen=True)
class Consideration:
    """The text for one ground: heading, legal rule, application, and (for relative grounds) the weighing."""

    ground: Ground
    heading: str
    paragraphs: tuple[str, ...]
    weighing: str | None
    specific: str | None = None


def article_phrase(ground: Ground) -> str:
    """``5.1.2e`` -> ``"artikel 5.1, tweede lid, aanhef en onder e"``, as Dutch decisions cite it."""
    m = re.fullmatch(r"5\.1\.([12])([a-i])", ground.value)
    if m:
        return f"artikel 5.1, {_LID[m.group(1)]} lid, aanhef en onder {m.group(2)}"
    if ground is Ground.DISPROPORTIONATE_HARM:
        return "artikel 5.1, vijfde lid"
    return "artikel 5.2, eerste lid"


_STANDARD: dict[Ground, tuple[tuple[str, ...], str | None]] = {
    Ground.IDENTIFICATION_NUMBERS: (
        (
            _p("""
                Op grond van artikel 5.1, eerste lid, aanhef en onder e, van de Woo blijft het
                openbaar maken van informatie achterwege voor zover het gaat om identificatienummers
                als bedoeld in artikel 87 van de Algemene verordening gegevensbescherming, zoals het
                burgerservicenummer (BSN), tenzij de verstrekking kennelijk geen inbreuk op de
                persoonlijke levenssfeer maakt.
            """),
            _p("""
                In de documenten staan zulke identificatienummers. Openbaarmaking daarvan maakt wel
                een inbreuk op de persoonlijke levenssfeer van de betrokkenen. Wij hebben deze
                nummers daarom onleesbaar gemaakt.
            """),
        ),
        None,
    ),
    Ground.PRIVACY: (
        (
            _p("""
                Op grond van artikel 5.1, tweede lid, aanhef en onder e, van de Woo blijft het
                openbaar maken van informatie achterwege voor zover het belang daarvan niet opweegt
                tegen het belang van de eerbiediging van de persoonlijke levenssfeer.
            """),
            _p("""
                In de documenten staan namen en andere persoonsgegevens, zoals telefoonnummers,
                e-mailadressen en handtekeningen, van medewerkers en van andere personen. Namen van
                bestuurders en van medewerkers die vanwege hun functie in de openbaarheid treden,
                zoals woordvoerders, maken wij wel openbaar.
            """),
        ),
        _p("""
            Wij hebben het algemene belang van openbaarheid afgewogen tegen het belang van de
            bescherming van de persoonlijke levenssfeer van deze personen. Openbaarmaking op grond
            van de Woo is openbaarmaking voor iedereen. De betrokkenen hebben er een gerechtvaardigd
            belang bij dat hun gegevens niet voor iedereen beschikbaar komen, terwijl het openbaar
            maken van deze gegevens niet bijdraagt aan het inzicht in de handelwijze van de
            gemeente. Wij vinden het belang van de eerbiediging van de persoonlijke levenssfeer
            daarom zwaarder wegen.
        """),
    ),
    Ground.COMPETITIVE_BUSINESS_DATA: (
        (
            _p("""
                Op grond van artikel 5.1, tweede lid, aanhef en onder f, van de Woo blijft het
                openbaar maken van informatie achterwege voor zover het belang daarvan niet opweegt
                tegen het belang van de bescherming van concurrentiegevoelige bedrijfs- en
                fabricagegegevens.
            """),
            _p("""
                In de documenten staan gegevens waaruit wetenswaardigheden over de bedrijfsvoering,
                de prijsopbouw of de werkwijze van een onderneming kunnen worden afgeleid. Wij
                hebben de betrokken onderneming in de gelegenheid gesteld haar zienswijze te geven.
            """),
        ),
        _p("""
            Wij hebben het algemene belang van openbaarheid afgewogen tegen het belang van de
            onderneming dat deze gegevens niet bij concurrenten bekend worden. Openbaarmaking zou de
            concurrentiepositie van de onderneming kunnen schaden, terwijl het inzicht in de
            besluitvorming van de gemeente ook zonder deze gegevens voldoende is gewaarborgd. Wij
            vinden het belang van de bescherming van deze gegevens daarom zwaarder wegen.
        """),
    ),
    Ground.FUNCTIONING_OF_THE_STATE: (
        (
            _p("""
                Op grond van artikel 5.1, tweede lid, aanhef en onder i, van de Woo blijft het
                openbaar maken van informatie achterwege voor zover het belang daarvan niet opweegt
                tegen het belang van het goed functioneren van de Staat, andere publiekrechtelijke
                lichamen of bestuursorganen.
            """),
            _p("""
                In de documenten staan onder meer directe telefoonnummers en e-mailadressen van
                medewerkers. Deze zijn bedoeld voor intern gebruik en voor contact met vaste
                contactpersonen. De gemeente is voor iedereen bereikbaar via de algemene
                contactgegevens.
            """),
        ),
        _p("""
            Wij hebben het algemene belang van openbaarheid afgewogen tegen het belang van een goed
            functionerende organisatie. Als deze contactgegevens openbaar worden, kunnen medewerkers
            buiten de daarvoor bestemde kanalen worden benaderd en komt een ordelijke afhandeling
            van vragen in het geding. Het openbaar maken draagt bovendien niet bij aan het inzicht
            in de handelwijze van de gemeente. Wij vinden het belang van het goed functioneren van
            de gemeente daarom zwaarder wegen.
        """),
    ),
    Ground.PERSONAL_POLICY_VIEWS: (
        (
            _p("""
                Op grond van artikel 5.2, eerste lid, van de Woo wordt geen informatie verstrekt uit
                documenten die zijn opgesteld ten behoeve van intern beraad, voor zover deze
                persoonlijke beleidsopvattingen bevatten. Feiten, prognoses, beleidsalternatieven en
                andere onderdelen met een overwegend objectief karakter vallen hier niet onder; die
                maken wij wel openbaar.
            """),
            _p("""
                Een aantal documenten is opgesteld voor intern beraad en bevat meningen, adviezen en
                standpunten van medewerkers over beleid. Wij hebben overwogen of wij deze
                opvattingen in het belang van een goede en democratische bestuursvoering in niet tot
                personen herleidbare vorm openbaar kunnen maken (artikel 5.2, tweede lid, van de
                Woo). Medewerkers moeten in vrijheid hun opvattingen kunnen geven; daarom maken wij
                deze passages niet openbaar, behalve waar dat hierna anders is vermeld.
            """),
        ),
        None,
    ),
}


def consideration_for(ground: Ground | str, specific: str | None = None) -> Consideration:
    """The standard consideration for one ground, with an optional case-specific motivation."""
    g = Ground.parse(ground)
    heading = f"{g.label} ({article_phrase(g)}, van de Woo)"
    if g in _STANDARD:
        paragraphs, weighing = _STANDARD[g]
    else:
        paragraphs, weighing = _generic(g)
    return Consideration(
        ground=g, heading=heading, paragraphs=paragraphs, weighing=weighing, specific=specific,
    )


def _generic(g: Ground) -> tuple[tuple[str, ...], str | None]:
    label = g.label[0].lower() + g.label[1:]
    rule = f"In de documenten staat informatie die valt onder {article_phrase(g)} van de Woo ({label})."
    if g.kind is GroundKind.RELATIVE:
        return (
            (rule,),
            "Wij hebben het algemene belang van openbaarheid afgewogen tegen het belang van de "
            f"{label}. In dit geval vinden wij dat laatste belang zwaarder wegen; daarom maken wij deze "
            "informatie niet openbaar.",
        )
    if g.kind is GroundKind.ABSOLUTE:
        absolute = "Dit is een absolute uitzonderingsgrond: wij maken deze informatie niet openbaar."
        return ((rule, absolute), None)
    # 5.1.5: only for exceptional cases; it may not stand beside a 5.1.1/5.1.2 ground (checked elsewhere).
    return (
        (
            rule,
            "Openbaarmaking van deze informatie zou leiden tot onevenredige benadeling van een ander belang "
            "dan de belangen die in artikel 5.1, eerste of tweede lid, van de Woo worden genoemd. Dit doet "
            "zich hier in uitzonderlijke mate voor.",
        ),
        None,
    )


def considerations_for(grounds: Iterable[Ground | str], specifics: Mapping[str, str] | None = None
                       ) -> list[Consideration]:
    """One consideration per distinct ground, in article order; ``specifics`` is keyed by any notation."""
    parsed_specifics = {Ground.parse(k): v for k, v in (specifics or {}).items()}
    # Article numbers sort correctly as text: 5.1.1a < 5.1.2e < 5.1.5 < 5.2.
    distinct = sorted({Ground.parse(g) for g in grounds}, key=lambda g: g.value)
    return [consideration_for(g, parsed_specifics.get(g)) for g in distinct]
