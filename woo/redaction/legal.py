"""Grounds beyond privacy that the text itself points to: business data (5.1.1c / 5.1.2f) and criminal-law data
(5.1.1d).

Business data. A company's price build-up, tariffs, trade secrets: Woo 5.1(1)(c) when supplied to the government
in confidence (absolute), 5.1(2)(f) when merely competition-sensitive (relative: a weighing). Detection cannot
know which, nor whether the company's interest outweighs disclosure; it only PROPOSES, for a person to decide
(:data:`PERSON_DECIDES`: never applied by "accept all" or in a batch run without review). What is proposed:

* the amounts of a price build-up (an offer, a tariff table, "prijsopbouw", "uurtarief", …) in a document that
  marks its prices confidential or is a price build-up — ground 5.1.1c when the document says the data are
  confidential or a trade secret, otherwise 5.1.2f;
* when there are no amounts, the sentence with a trade-secret marker ("bedrijfsgeheim", "concurrentiegevoelig",
  "bedrijfsvertrouwelijk"), or the sentence before it when the marker points back ("Deze prijsopbouw is
  bedrijfsvertrouwelijk" follows the sentence that holds the price change).

A bare "vertrouwelijk" is not enough: it must stand in a sentence about prices, offers or the business, and an
e-mail disclaimer ("Dit bericht kan vertrouwelijke informatie bevatten") or a confidential case note about a
person is not business data.

Criminal-law data. Personal data about an arrest, a conviction, a criminal record or a police report about a
person are special personal data (Woo 5.1(1)(d); see ``woo-law.md`` §6), not merely privacy (5.1(2)(e)). A
sentence with such a cue changes the ground of the personal data found in it to 5.1.1d. "Aangehouden" and
"proces-verbaal" also mean "postponed" and "minutes of a hearing": alone they need a second cue (police,
suspicion, an offence) in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from woo.redaction.model import Category
from woo.redaction.patterns import TextMatch
from woo.schemas.grounds import Ground

__all__ = [
    "CRIMINAL_REASON",
    "PERSON_DECIDES",
    "business_ground",
    "business_markers",
    "criminal_sentences",
    "find_business_data",
]

PERSON_DECIDES = frozenset({Category.BUSINESS_DATA})
"""Categories a person must accept explicitly: "accept all" and an unreviewed batch run leave them visible."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n\s*\n")

# --- business data ---------------------------------------------------------------------------------------------
_TRADE_SECRET = re.compile(
    r"\b(bedrijfsgeheim(?:en)?|bedrijfsvertrouwelijk\w*|concurrentiegevoelig\w*|commercieel\s+gevoelig\w*|"
    r"fabricagegegevens|vertrouwelijk\s+(?:verstrekt|aangeleverd|ter\s+beschikking\s+gesteld))\b", re.IGNORECASE)
_CONFIDENTIAL = re.compile(r"\b(vertrouwelijk\w*|geheimhouding|niet\s+(?:met|aan)\s+derden\s+(?:delen|verstrekken))\b",
                           re.IGNORECASE)
_BUSINESS_CONTEXT = re.compile(
    r"\b(prijs\w*|prijzen|offerte\w*|tarie[fv]\w*|uurtarie\w*|kosten|kostprijs\w*|calculatie\w*|marge\w*|"
    r"aanbieding\w*|aanneemsom\w*|inschrijf\w*|omzet\w*|recept\w*|productieproces\w*|fabricage\w*|bedrijf\w*)\b",
    re.IGNORECASE)
_PRICE_BUILD_UP = re.compile(
    r"\b(prijsopbouw|kostprijsopbouw|eenheidsprij\w*|uurtarie\w*|tarieventabel|tarievenblad|tarieflijst|"
    r"calculatie|inschrijfsom|aanneemsom|offerte)\b", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"(kan\s+vertrouwelijke\s+informatie\s+bevatten|uitsluitend\s+bestemd\s+voor|bestemd\s+voor\s+de\s+geadresseerde|"
    r"ten\s+onrechte\s+ontvangen|niet\s+de\s+geadresseerde|this\s+(?:e-?mail|message)\s+(?:is\s+)?confidential)",
    re.IGNORECASE)
_AMOUNT = re.compile(
    r"(?:€|EUR)\s?\d{1,3}(?:\.\d{3})*(?:,\d{1,2}|,-)?(?!\d)"  # € 48.250,00 · € 68,50 · EUR 1.000,-
    r"|(?<![\w.,])\d{1,3}(?:\.\d{3})+,\d{2}(?![\d,])"  # 48.250,00 in a table column
    r"|(?<![\w.,])\d{2,3},\d{2}(?![\d,])(?=\s*(?:per\s+(?:uur|stuk|m|meter)|/\s*uur|excl|incl))",  # 68,50 per uur
    re.IGNORECASE)
_REFERS_BACK = re.compile(r"\s*(deze|dit|die|dat|bovenstaande|voorgaande|genoemde)\b", re.IGNORECASE)
_MIN_AMOUNTS = 2  # one amount in a letter is not a price build-up


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def business_markers(text: str) -> list[tuple[int, int, bool]]:
    """Sentences marking business data: ``(start, end, confidential)``; confidential means supplied in confidence
    or a trade secret (5.1.1c), otherwise only competition-sensitive (5.1.2f)."""
    out = []
    for s, e in _sentences(text):
        sentence = text[s:e]
        if _DISCLAIMER.search(sentence):
            continue
        secret = _TRADE_SECRET.search(sentence)
        if secret:
            out.append((s, e, not secret.group(1).lower().startswith(("concurrentie", "commercieel"))))
        elif _CONFIDENTIAL.search(sentence) and _BUSINESS_CONTEXT.search(sentence):
            out.append((s, e, True))
    return out


def find_business_data(text: str, taken: Iterable[TextMatch] = ()) -> list[TextMatch]:
    """Proposals for a person to decide: amounts of a price build-up, or the trade-secret sentence itself."""
    markers = business_markers(text)
    build_up = _PRICE_BUILD_UP.search(text) is not None
    if not markers and not build_up:
        return []
    confidential = any(c for _, _, c in markers)
    ground_text = ("vertrouwelijk verstrekte bedrijfsgegevens (5.1.1c); is dat niet zo, dan concurrentiegevoelige "
                   "gegevens (5.1.2f, met belangenafweging)" if confidential else
                   "concurrentiegevoelige bedrijfsgegevens (5.1.2f, met belangenafweging); zijn ze vertrouwelijk "
                   "aan de overheid verstrekt, dan 5.1.1c")
    busy = [(m.start, m.end) for m in taken]
    amounts = [m for m in _AMOUNT.finditer(text) if not any(m.start() < e and s < m.end() for s, e in busy)]
    out: list[TextMatch] = []
    about_prices = build_up or any(_BUSINESS_CONTEXT.search(text[s:e]) for s, e, _ in markers)
    if len(amounts) >= _MIN_AMOUNTS and about_prices and (markers or _has_price_table(text, amounts)):
        why = ("Bedrag uit een prijsopbouw of tarief"
               + (" in een document dat de prijzen vertrouwelijk noemt" if markers else "") + ": mogelijk "
               + ground_text + ". Een medewerker beslist; niet automatisch gelakt.")
        out += [TextMatch(m.start(), m.end(), Category.BUSINESS_DATA, 0.5, why, False) for m in amounts]
        return out
    sentences = _sentences(text)
    for s, e, _ in markers:
        if not _TRADE_SECRET.search(text[s:e]):
            continue
        k = sentences.index((s, e))
        if _REFERS_BACK.match(text[s:e]) and k > 0:
            # "Deze prijsopbouw is bedrijfsvertrouwelijk": the data are in the sentence before, not in the marker.
            s, e = sentences[k - 1]
            why = "Passage waarnaar een markering als bedrijfsgeheim of vertrouwelijk verwijst"
        else:
            why = "Passage die zichzelf bedrijfsgeheim of concurrentiegevoelig noemt"
        s += len(text[s:e]) - len(text[s:e].lstrip())
        out.append(TextMatch(s, s + len(text[s:e].strip()), Category.BUSINESS_DATA, 0.4,
                             f"{why}: mogelijk {ground_text}. Een medewerker beslist; niet automatisch gelakt.", False))
    return out


def _has_price_table(text: str, amounts: list[re.Match[str]]) -> bool:
    """Amounts on lines of their own (a table column), at least three: a price list, not a sum in a sentence."""
    lines = {text.count("\n", 0, m.start()) for m in amounts}
    return len(lines) >= 3


def business_ground(match: TextMatch) -> Ground:
    """The ground proposed for a business-data match: 5.1.1c when its reason says confidential first."""
    return (Ground.CONFIDENTIAL_BUSINESS_DATA if "vertrouwelijk verstrekte bedrijfsgegevens (5.1.1c)" in match.reason
            else Ground.COMPETITIVE_BUSINESS_DATA)


# --- criminal-law data -----------------------------------------------------------------------------------------
_CRIMINAL_STRONG = re.compile(
    r"\b(gearresteerd|arrestatie\w*|strafblad\w*|justiti[eë]le\s+documentatie|veroordeeld|veroordeling\w*|"
    r"verdachte\w*|verdacht\s+van|verdenking\s+van|strafzaak\w*|strafrechtelijk\w*|gedagvaard|dagvaarding\w*|"
    r"gevangenisstraf\w*|celstraf\w*|taakstraf\w*|voorlopige\s+hechtenis|in\s+verzekering\s+gesteld|"
    r"heterdaad|strafbeschikking\w*|politiesepot|voorwaardelijk\s+sepot)\b", re.IGNORECASE)
_CRIMINAL_WEAK = re.compile(r"\b(aangehouden|aanhouding\w*|proces-verbaal|processen-verbaal|pv)\b", re.IGNORECASE)
_CRIMINAL_SUPPORT = re.compile(
    r"\b(politie\w*|agent\w*|verdenking|wegens|officier\s+van\s+justitie|openbaar\s+ministerie|OM|strafbaar\w*|"
    r"mishandeling|diefstal|inbraak|vernieling|bedreiging|geweld\w*|drugs\w*|overval\w*|fraude|opsporing\w*|"
    r"aangifte)\b", re.IGNORECASE)


def criminal_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences about a criminal matter (arrest, conviction, record, police report about a person)."""
    out = []
    for s, e in _sentences(text):
        sentence = text[s:e]
        if _CRIMINAL_STRONG.search(sentence) or (
                _CRIMINAL_WEAK.search(sentence) and _CRIMINAL_SUPPORT.search(sentence)):
            out.append((s, e))
    return out


CRIMINAL_REASON = ("Persoonsgegeven in een passage over een strafrechtelijke kwestie (aanhouding, veroordeling, "
                   "strafblad, proces-verbaal): bijzonder persoonsgegeven, 5.1.1d in plaats van 5.1.2e.")
