"""Find names of people in Dutch text without a language model.

Rules, strongest first:

1. a salutation or title before a name-shaped run of words (``mevrouw drs. A.B. de Vries-van Dijk``,
   ``Geachte heer Jansen``, ``Beste Fleur``);
2. the name line of a signature block (after ``Met vriendelijke groet,``) and names in e-mail headers
   (``Van: Pietersen, Karin <...>``);
3. initials before a surname (``J.P. Bakker``);
4. a known given name before a surname (``Fleur Verbeek``), or a prefix before a known surname (``de Jong``);
5. later mentions of a surname or given name already found elsewhere in the same document.

Given names and surnames come from curated lists shipped in ``data/``. Runs that contain words of
organisations, functions, months or places break off, so ``Gemeente Utrecht`` or ``Den Haag`` are not names.
Names are never auto-accepted: a reviewer settles them. Officials (see :mod:`woo.redaction.officials`) stay
visible.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from woo.redaction.model import Category
from woo.redaction.officials import Officials
from woo.redaction.patterns import OrgSpan, TextMatch, find_organisations

_PREFIXES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "'t", "’t", "von", "vom", "la", "le", "du", "da", "dos",
     "del", "di", "el", "bin", "ben", "op", "in", "uit", "d'", "d’", "zu", "al"}
)
# Prefix sequences that may follow one another inside a name ("van der", "in 't", "op de").
_TITLES = frozenset(
    {"mr.", "mr", "drs.", "drs", "dr.", "dr", "ir.", "ir", "ing.", "prof.", "ds.", "bc.", "msc", "ma", "bsc",
     "llm", "mba", "phd", "jhr.", "jkvr.", "ds"}
)
_SALUTATIONS = frozenset(
    {"mevrouw", "mevr.", "mw.", "mw", "dhr.", "dhr", "heer", "mijnheer", "meneer", "geachte", "beste", "hallo",
     "hoi", "dag", "lieve", "beste,", "mr.", "cliënt", "client", "cliënte", "melder", "verzoeker", "verzoekster",
     "aanvrager", "bewoner", "bewoonster", "collega", "familie", "fam.", "fam", "echtpaar", "gezin", "wijlen",
     "weduwe", "weduwnaar", "goedemorgen", "goedemiddag", "goedenavond", "hey", "hee"}
)
_CLOSINGS = re.compile(
    r"^\s*(?:met\s+)?(?:vriendelijke|hartelijke|beste|collegiale|warme)\s+groet(?:en)?\b|^\s*hoogachtend\b|"
    r"^\s*groet(?:en|jes)?\s*,?\s*$|^\s*mvg\b|^\s*m\.vr\.gr\.",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*(?:van|aan|cc|bcc|from|to|afzender|geadresseerde)\s*:\s*(.*)$", re.IGNORECASE)
_INITIAL = r"(?:[A-Z]|Th|Ch|Chr|Ph|IJ|Joh|Jac|Wm)\."
_TOKEN = re.compile(
    rf"{_INITIAL}(?: ?{_INITIAL})*(?![\w])"  # initials, also spaced: "A.B." or "A. B."
    r"|(?i:mr|drs|dr|ir|ing|prof|ds|bc|mevr|mw|dhr|jhr|jkvr|geb)\."  # titles keep their dot
    r"|[\w'’-]+(?:\.[\w'’-]+)*"  # words; a dot inside (an e-mail address) but not at the end
    r"|[^\w\s]"
)
_INITIALS = re.compile(r"^(?:(?:[A-Z]|Th|Ch|Chr|Ph|IJ|Joh|Jac|Wm)\. ?){1,6}$")
_PART_PREFIX = re.compile(r"^(?:[OD]['’]|Mc|Mac)")


def _cap_part(part: str) -> bool:
    """One part of a capitalised name: "Doğan", "O'Connor", "IJsselmuiden", "Çelik" (any alphabet)."""
    part = _PART_PREFIX.sub("", part)
    if part.startswith("IJ"):
        part = "I" + part[2:]
    rest = part[1:].replace("'", "").replace("’", "")
    return len(part) >= 2 and part[0].isupper() and rest.isalpha() and rest.islower()


def _is_capword(tok: str) -> bool:
    parts = tok.split("-")
    return _cap_part(parts[0]) and all(_cap_part(p) or (p.isalpha() and p.islower()) for p in parts[1:])
_STREETLIKE = re.compile(
    r"(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|plantsoen|markt|park|hof|haven|boulevard|"
    r"dijk|wal|pad|kanaal|brug)$",
    re.IGNORECASE,
)


@cache
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("woo.redaction.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def given_names() -> frozenset[str]:
    return _word_list("first_names.txt")


def surnames() -> frozenset[str]:
    return _word_list("surnames.txt")


def _fold(word: str) -> str:
    """Without diacritics: the lists hold "Celik" and "Dogan", a document may write "Çelik" and "Doğan"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _listed(word: str, names: frozenset[str]) -> bool:
    return word in names or _fold(word) in names


def places() -> frozenset[str]:
    """Dutch municipalities and towns (and a few neighbouring places): a place is not a person."""
    return _word_list("places.txt")


def stop_words() -> frozenset[str]:
    """Capitalised words that end a name run: organisations, functions, document words, calendar, places."""
    return _word_list("stop_words.txt")


_PLACE_PAIRS = frozenset({"den haag", "den bosch", "den helder", "den burg", "de bilt", "de meern", "de lier",
                          "ter apel", "ten boer", "ter aar", "den dolder", "de kwakel", "de rijp", "de koog"})
# Form and report labels followed by a person's name: "Naam: ...", "Aanvrager: ...".
_LABELS = frozenset(
    {"naam", "aanvrager", "melder", "betrokkene", "contactpersoon", "behandelaar", "verzoeker", "klager",
     "eigenaar", "huurder", "bewoner", "declarant", "getuige", "inspreker", "casusregisseur", "cliënt", "client",
     "moeder", "vader", "ouder", "voogd", "partner", "werknemer", "medewerker", "aanwezig", "afwezig",
     "ondertekenaar", "gemachtigde", "belanghebbende", "ten name van", "t.n.v", "toezichthouder", "inspecteur",
     "inspecteurs", "toezichthouders", "beroepskracht", "locatiemanager", "notulist", "notulen", "penningmeester",
     "consulent", "adviseur", "jurist", "steller", "auteur", "opsteller", "verbalisant", "verbalisanten",
     "bezwaarmaker", "bezwaarmakers", "appellant", "eiser", "eiseres", "verweerder", "klaagster",
     "verdachte", "slachtoffer", "chauffeur", "bestuurder", "exploitant", "exploitanten", "monteur",
     "leidinggevende", "teamleider", "projectleider", "casemanager", "mentor", "docent", "leerling", "patiënt",
     "huisarts", "contactpersonen", "deelnemers", "genodigden", "insprekers", "melders", "bewoners"}
)
_FUNCTION_WORDS_BEFORE = frozenset({"team", "afdeling", "gemeente", "stichting", "provincie", "ministerie"})


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int
    newline_before: bool = False
    soft_wrap: bool = False  # the line before this token's line break was long: running text, wrapped


@lru_cache(maxsize=1 << 16)
def _kind(tok: str) -> str:
    low = tok.casefold()
    if low in _PREFIXES:
        return "prefix"
    if _INITIALS.match(tok):
        return "init"
    if tok in stop_words() or tok.rstrip(".") in stop_words():
        return "stop"
    if _is_capword(tok):
        return "cap"
    return "other"


def _run_kinds(words: tuple[str, ...] | list[str]) -> list[str]:
    """Kinds of the words of an accepted name run: a surname that is also a stop word counts as a name word."""
    kinds = [_kind(w) for w in words]
    for k, w in enumerate(words):
        if kinds[k] == "stop" and w in surnames() and (k == len(words) - 1 or k > 0):
            kinds[k] = "cap"
    return kinds


def _caps(words: tuple[str, ...] | list[str]) -> list[str]:
    return [w for w, k in zip(words, _run_kinds(words), strict=True) if k == "cap"]


def _line_tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = start
    line_start = start
    for m in _TOKEN.finditer(text, start, end):
        newline = "\n" in text[prev_end : m.start()]
        soft = False
        if newline:
            soft = prev_end - line_start >= _SOFT_WRAP_CHARS
            line_start = text.rfind("\n", prev_end, m.start()) + 1
        out.append(_Tok(m.group(), m.start(), m.end(), newline, soft))
        prev_end = m.end()
    return out


# A line at least this long that breaks inside a paragraph was wrapped by the layout, not ended by the writer.
_SOFT_WRAP_CHARS = 60


def _name_run(toks: list[_Tok], i: int, cue: bool = False) -> int:
    """Index past the longest name-shaped run starting at ``toks[i]`` (``i`` if there is none).

    A run is initials, capitalised words and prefixes, and must end in a capitalised word (a surname or a lone
    given name). A hyphenated part that ends in a prefix (``Vries-van``) continues with the next words. With
    ``cue`` (a salutation or title right before), a surname that is also an ordinary word may open the run.
    """
    j = i
    last_good = i
    n = len(toks)
    while j < n:
        # A name continues on the next line only after a prefix, initials or a known given name ("van der" /
        # "Heijden", "Fatma" / "Doğan"): a capitalised word after any other line end starts something new.
        if j > i and toks[j].newline_before and _kind(toks[j - 1].text) not in {"prefix", "init"} and not (
            (toks[j - 1].text in given_names() or toks[j - 1].text.split("-")[-1] in _PREFIXES
             or (_kind(toks[j - 1].text) == "cap" and (_listed(toks[j].text, surnames()) or toks[j].soft_wrap)))
            and _kind(toks[j].text) == "cap"
        ):
            break
        kind = _kind(toks[j].text)
        if kind == "cap":
            j += 1
            last_good = j
            continue
        if kind == "init":
            j += 1
            continue
        if kind == "prefix":
            # A capitalised prefix only opens a name ("De Vries"), lower-case ones may sit inside it.
            if toks[j].text[0].isupper() and j != i:
                break
            j += 1
            continue
        if kind == "stop" and toks[j].text in {"De", "Den", "Van", "Ter", "Ten", "Het"} and j == i:
            j += 1
            continue
        if kind == "stop" and j > i and toks[j].text in surnames() and _kind(toks[j - 1].text) in {"prefix", "init"}:
            # "W. de Groot", "Van Wijk", "mevrouw Prins": a surname that is also an ordinary word.
            j += 1
            last_good = j
            continue
        if kind == "stop" and j == i and cue and toks[j].text in surnames():
            j += 1
            last_good = j
            continue
        break
    return last_good


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    confidence: float
    reason: str
    tokens: tuple[str, ...]


def _run_is_place_or_street(words: tuple[str, ...]) -> bool:
    joined = " ".join(words).casefold()
    if any(pair in joined for pair in _PLACE_PAIRS):
        return True
    return bool(_STREETLIKE.search(words[-1])) and len(words[-1]) > 6


def _is_full_name_line(toks: list[_Tok]) -> tuple[int, int] | None:
    """Token range of a line that is nothing but (titles and) a name, as on a signature line."""
    i = 0
    while i < len(toks) and toks[i].text.casefold() in _TITLES:
        i += 1
    if i >= len(toks):
        return None
    end = _name_run(toks, i)
    rest = [t.text for t in toks[end:]]
    if end > i and all(r in {",", ".", "(", ")"} or r.casefold() in _TITLES for r in rest):
        return i, end
    return None


def _score_run(words: tuple[str, ...], before: list[str]) -> tuple[float, str] | None:
    """Decide whether a name-shaped run is a person's name, from its words and the words before it."""
    kinds = _run_kinds(words)
    caps = [w for w, k in zip(words, kinds, strict=True) if k == "cap"]
    if not caps:
        return None
    prev = [b.casefold() for b in before[-3:]]
    if len(prev) >= 2 and prev[-1] == ":" and (prev[-2] in _LABELS or prev[-2].endswith("naam")):
        return 0.85, "Naam na een veldnaam zoals 'Naam:' of 'Aanvrager:'."
    if any(p in _SALUTATIONS or p in _TITLES for p in prev[-2:]) and not (prev and prev[-1] in {",", ":"}):
        return 0.9, "Naam na een aanhef of titel (zoals 'mevrouw', 'de heer', 'drs.')."
    last = caps[-1].split("-")[0]
    if "init" in kinds and kinds[-1] == "cap" and kinds.index("init") < len(kinds) - 1:
        return 0.85, "Naam met voorletters."
    first = words[0]
    if _listed(first, given_names()) and len(words) >= 2 and kinds[-1] == "cap":
        if _listed(last, surnames()) or "prefix" in kinds or _listed(caps[-1].split("-")[-1], surnames()):
            return 0.9, "Bekende voornaam gevolgd door een achternaam."
        return 0.8, "Bekende voornaam gevolgd door een woord met hoofdletter (waarschijnlijk een achternaam)."
    opens_with_prefix = kinds[0] == "prefix" or (kinds[0] == "stop" and first in {"De", "Den", "Van", "Ter", "Ten"})
    if opens_with_prefix and len(caps) == 1 and _listed(last, surnames()):
        return 0.7, "Voorvoegsel met een bekende achternaam (zoals 'de Jong')."
    if len(words) >= 2 and kinds[0] == "cap" and kinds[-1] == "cap" and _listed(last, surnames()) and len(caps) >= 2:
        return 0.65, "Woord met hoofdletter gevolgd door een bekende achternaam."
    return None


def _trim_run(toks: list[_Tok], i: int, end: int) -> int:
    """Start the run at its first given name or initials: "Bezwaar van Jan Jansen" is "Jan Jansen"."""
    for k in range(i, end - 1):
        w = toks[k].text
        if w in given_names() or _kind(w) == "init":
            return k
    return i


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in re.finditer(r"\n\s*\n", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _adjacent_function_line(text: str, lines: list[tuple[int, int]], idx: int, officials: Officials) -> bool:
    for k in (idx - 1, idx + 1, idx - 2, idx + 2):
        if 0 <= k < len(lines):
            words = text[lines[k][0] : lines[k][1]].strip().strip(",").casefold()
            if not words:
                continue
            words = re.sub(r"^(?:de|het)\s+", "", words)
            if any(words == f or words.startswith(f + " ") for f in officials.functions):
                return True
    return False


_KIN = frozenset(
    {"vrouw", "man", "echtgenote", "echtgenoot", "partner", "zoon", "zoontje", "dochter", "dochtertje", "vader",
     "moeder", "broer", "broertje", "zus", "zusje", "zuster", "neef", "nicht", "oom", "tante", "opa", "oma",
     "kleinzoon", "kleindochter", "buurman", "buurvrouw", "buren", "vriend", "vriendin", "kind", "pleegzoon",
     "pleegdochter", "stiefzoon", "stiefdochter", "schoonzoon", "schoondochter", "schoonmoeder", "schoonvader",
     "huisgenoot", "kleinkind", "ex", "ex-partner", "vriendje", "vriendinnetje"}
)
_POSSESSIVES = frozenset({"mijn", "onze", "ons", "zijn", "haar", "hun", "uw", "jouw", "je", "diens", "wiens", "de",
                          "het", "een", ","})
_NAME_IS = re.compile(r"(?:\b(?:mijn|zijn|haar)\s+naam\s+is|\bgenaamd|\bheet|\bik\s+ben)\s*$", re.IGNORECASE)
# A chat export line: "[14-01-26 21:03] Naam: bericht" or "14-01-2026 21:03 - Naam: bericht".
_CHAT_SENDER = re.compile(
    r"^\s*\[?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?\s+\d{1,2}[:.]\d{2}(?::\d{2})?\]?\s*(?:-\s*)?([^:\n\d]{2,40}?):\s"
)
_PARTIES = (
    r"VVD|CDA|D66|PvdA|GroenLinks(?:-PvdA)?|GL-PvdA|GL/PvdA|SP|PVV|CU|ChristenUnie|SGP|PvdD|Partij voor de Dieren|"
    r"Volt|JA21|BBB|DENK|50PLUS|FvD|Forum voor Democratie|BIJ1|NSC|"
    r"(?:Lokaal|Leefbaar|Gemeentebelangen|Dorpsbelangen|Stadsbelang|Stadspartij|Burgerbelangen|Onafhankelijk|"
    r"Progressief|Lijst|Partij)\b[^)\n]{0,30}"
)
_NUMBER_AHEAD = re.compile(r"\s+\d")
# Street words that are never a surname's ending (unlike -dijk, -hof, -wal, -brug: "Stoutjesdijk", "Vanderhof").
_STRICT_STREET = re.compile(r"(?:straat|laan|weg|plein|gracht|kade|singel|steeg|plantsoen|dreef|boulevard)$",
                            re.IGNORECASE)
# A plural role followed by a list of people: "twee beroepskrachten aanwezig, Shanti Ramlal en Femke Oude ...".
_ROLE_LIST_BEFORE = re.compile(
    r"\b(?:beroepskrachten|medewerkers|collega'?s|inspecteurs|toezichthouders|deelnemers|bewoners|omwonenden|"
    r"buren|kinderen|getuigen|insprekers|melders|klagers|betrokkenen|aanwezigen|cliënten|leerlingen|ouders|"
    r"werknemers|chauffeurs|agenten|verbalisanten|huurders|eigenaren|erfgenamen|bezwaarmakers|aanvragers)\b"
    r"(?:\s+[a-z]+){0,2}\s*[:,]\s*$"
)
_AGE_AFTER = re.compile(r"\s*\(\s*\d{1,2}(?:\s*(?:jaar|jr\.?|mnd|maanden))?\s*\)")
_PARTY_AFTER = re.compile(rf"\s*\((?:{_PARTIES})\)")
_LIST_SEPARATOR = re.compile(r"^\s*(?:\([^)\n]{0,40}\)\s*)?(?:,|\ben\b|&)\s*(?:(?:de\s+heer|mevrouw|dhr\.|mw\.|"
                             r"mr\.|drs\.|dr\.|ir\.|ing\.|prof\.)\s*)*$")


def _plurals(function: str) -> set[str]:
    """Plural forms of a function word: wethouders, raadsleden, staatssecretarissen, commissarissen van de koning."""
    head, _, tail = function.partition(" ")
    tail = f" {tail}" if tail else ""
    if head.endswith("lid"):
        forms = {head[:-3] + "leden"}
    elif head.endswith("is"):
        forms = {head + "sen"}
    elif head.endswith("e"):
        forms = {head + "n", head + "s"}
    else:
        forms = {head + "s", head + "en"}
    return {f + tail for f in forms}


@cache
def _function_patterns(functions: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for a function (or a plural function) right before a name, and ", function" right after one."""
    def alt(words: set[str] | frozenset[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    singular = alt(functions)
    plural = alt({p for f in functions for p in _plurals(f)})
    titles = r"(?:(?i:de\s+heer|mevrouw|dhr\.|mw\.|mr\.|drs\.|dr\.|ir\.|ing\.|prof\.)\s*)*"
    before = re.compile(rf"(?<![\w-])(?:(?P<plural>(?i:{plural}))|(?i:{singular}))\s*[:,]?\s*{titles}$")
    # "E. Sterrenberg, burgemeester" but not "Jan Jansen, wethouder Bakker" (there the function is Bakker's).
    after = re.compile(rf"\s*,\s*(?i:de\s+|het\s+)?(?i:{singular}|{plural})(?![\w-])"
                       r"(?!\s+(?:[A-Z]|(?i:de\s+heer|mevrouw|mr\.|drs\.|dr\.)))")
    return before, after


def _is_cue(prev: list[str]) -> bool:
    """A salutation, title, family word or kinship word right before: the next capitalised word is a name."""
    if not prev:
        return False
    last = prev[-1].casefold()
    if last in _SALUTATIONS or last in _TITLES:
        return True
    return last in _KIN and len(prev) >= 2 and prev[-2].casefold() in _POSSESSIVES


def find_names(text: str, officials: Officials | None = None, orgs: list[OrgSpan] | None = None) -> list[TextMatch]:
    """Person names in ``text`` (one page or a whole document), minus those of public officials.

    ``orgs`` are the organisation names in ``text`` (found here when not given): names inside them are part of
    the organisation's name ("Bouwbedrijf De Kok & Zonen B.V.") and stay visible.
    """
    officials = officials or Officials()
    orgs = find_organisations(text) if orgs is None else orgs
    func_before, func_after = _function_patterns(officials.functions)
    found: list[_Found] = []
    lines = _lines(text)
    in_signature = 0
    for idx, (ls, le) in enumerate(lines):
        line = text[ls:le]
        toks = _line_tokens(text, ls, le)
        if _CLOSINGS.search(line):
            in_signature = 4
            continue
        if in_signature and toks:
            in_signature -= 1
            span = _is_full_name_line(toks)
            if span and not any(t.text.casefold() in officials.functions for t in toks):
                words = tuple(t.text for t in toks[span[0] : span[1]])
                if not _run_is_place_or_street(words) and _caps(words):
                    found.append(_Found(toks[span[0]].start, toks[span[1] - 1].end, 0.85,
                                        "Naam onder een brief of e-mail (ondertekening).", words))
                    if _adjacent_function_line(text, lines, idx, officials):
                        found[-1].confidence = -1  # marked: an official signs here
                    in_signature = 0
                    continue
        header = _HEADER.match(line)
        if header:
            found.extend(_header_names(text, ls + header.start(1), le))
        chat = _CHAT_SENDER.match(line)
        if chat:
            found.extend(_chat_sender(text, ls + chat.start(1), ls + chat.end(1)))
    for ps, pe in _paragraphs(text):
        toks = _line_tokens(text, ps, pe)
        i = 0
        list_end = -1  # text offset where the last name of a plural function's list ("de wethouders A en B") ends
        private_list_end = -1  # the same for a plural role of private persons ("twee beroepskrachten, A en B")
        while i < len(toks):
            prev_words = [t.text for t in toks[max(0, i - 2) : i]]
            end = _name_run(toks, i, cue=_is_cue(prev_words))
            if end == i:
                i += 1
                continue
            start_i = _trim_run(toks, i, end)
            end = _cut_place(toks, start_i, end)
            words = tuple(t.text for t in toks[start_i:end])
            before = [t.text for t in toks[max(0, start_i - 3) : start_i]]
            start, stop = toks[start_i].start, toks[end - 1].end
            if not _caps(words) or _is_function_phrase(words, officials):
                i = max(end, i + 1)
                continue
            # Public functionaries in their role: "wethouder X", "de fractievoorzitters A, B en C",
            # "X, burgemeester", "X (VVD)".
            fb = func_before.search(text, max(ps, start - 80), start)
            official = bool(fb) or bool(func_after.match(text, stop)) or bool(_PARTY_AFTER.match(text, stop))
            if not official and list_end >= 0 and _LIST_SEPARATOR.match(text[list_end:start]):
                official = True
            if official:
                found.append(_Found(start, stop, -1.0, "Functionaris in functie.", words))
                if (fb and fb.group("plural")) or list_end >= 0:
                    list_end = stop
                i = end
                continue
            list_end = -1
            named = _is_cue(before) or words[0] in given_names() or "init" in _run_kinds(words) or (
                len(before) >= 2 and before[-1] == ":" and before[-2].casefold() in _LABELS)
            # "Stoutjesdijk" after "Melder:" is a surname; "Kerkdijk" before a house number is a street.
            street = _run_is_place_or_street(words) and (
                not named or _NUMBER_AHEAD.match(text, stop)
                or (_STRICT_STREET.search(words[-1]) and words[-1] not in surnames()))
            if street or (before and before[-1].casefold() in _FUNCTION_WORDS_BEFORE):
                i = end
                continue
            if _is_place_run(words) and not _is_cue(before):
                i = end
                continue
            scored = _score_run(words, before)
            in_role_list = bool(_ROLE_LIST_BEFORE.search(text, max(ps, start - 80), start)) or (
                private_list_end >= 0 and bool(_LIST_SEPARATOR.match(text[private_list_end:start])))
            private_list_end = stop if in_role_list else -1
            if scored is None and in_role_list:
                scored = (0.8, "Naam in een opsomming van personen (zoals 'de beroepskrachten A en B').")
            if scored is None and _is_cue(before):
                scored = (0.85, "Naam na een aanduiding als 'familie', 'mijn zoon' of 'buurman'.")
            if scored is None and len(words) == 1 and _AGE_AFTER.match(text, stop):
                scored = (0.85, "Voornaam met een leeftijd erachter (zoals 'Noa (8)'): waarschijnlijk een kind.")
            if scored is None and _NAME_IS.search(text, max(ps, start - 30), start):
                scored = (0.9, "Naam na 'mijn naam is' of 'genaamd'.")
            if scored:
                found.append(_Found(start, stop, scored[0], scored[1], words))
            i = end
    found = [f for f in _drop_overlaps(found) if not _in_org(f.start, f.end, orgs)]
    official_words = {w.casefold() for f in found if f.confidence < 0 for w in _caps(f.tokens)}
    official_words |= {w for n in officials.names for w in n.split() if len(w) > 2 and w not in _PREFIXES}

    def is_official(f: _Found) -> bool:
        caps = [w.casefold() for w in _caps(f.tokens)]
        return (f.confidence < 0 or officials.is_official_name(" ".join(f.tokens))
                or (bool(caps) and all(c in official_words for c in caps)))

    kept = [f for f in found if not is_official(f)]
    kept.extend(m for m in _later_mentions(text, kept, official_words) if not _in_org(m.start, m.end, orgs))
    kept = _drop_overlaps(kept)
    return [TextMatch(f.start, f.end, Category.PERSON_NAME, f.confidence, f.reason, False) for f in kept]


def _is_function_phrase(words: tuple[str, ...], officials: Officials) -> bool:
    """"Commissaris van de Koning", "Burgemeester": a function, not a name."""
    joined = " ".join(words).casefold()
    return joined in officials.functions or words[0].casefold() in officials.functions or any(
        joined.startswith(f + " ") for f in officials.functions if " " in f)


def _in_org(start: int, end: int, orgs: list[OrgSpan]) -> bool:
    """Inside an organisation's name, or overlapping its start ("De Kok" in "Bouwbedrijf De Kok & Zonen")."""
    return any(start < o.end and o.start < end for o in orgs)


def _cut_place(toks: list[_Tok], start: int, end: int) -> int:
    """End a name before "uit/in/te/bij + place": "A. van der Meulen uit Nijmegen-Oost"."""
    for k in range(start + 1, end - 1):
        if toks[k].text.casefold() in {"uit", "in", "te", "bij"} and _place_word(toks[k + 1].text):
            return k
    return end


def _place_word(word: str) -> bool:
    return word in places() or word.split("-")[0] in places()


def _is_place_run(words: tuple[str, ...]) -> bool:
    """A lone place name, or "van Elst": a place, unless something else says it is a person."""
    caps = _caps(words)
    return len(caps) == 1 and _place_word(caps[0]) and all(_kind(w) in {"prefix", "stop", "cap"} for w in words)


def _chat_sender(text: str, start: int, end: int) -> list[_Found]:
    """The sender of a chat message: "[14-01-26 21:03] Kevin Bruins:" (a single given name too)."""
    raw = text[start:end]
    stripped = raw.strip()
    words = tuple(stripped.split())
    if not words or len(words) > 5:
        return []
    kinds = _run_kinds(words)
    if not all(k in {"cap", "init", "prefix"} for k in kinds) or "cap" not in kinds:
        return []
    offset = start + raw.find(stripped)
    return [_Found(offset, offset + len(stripped), 0.85, "Afzender van een bericht in een chatgesprek.", words)]


def _header_names(text: str, start: int, end: int) -> list[_Found]:
    """Names in an e-mail header: ``Van: Pietersen, Karin <k.pietersen@...>; Jan de Boer``."""
    out: list[_Found] = []
    pos = start
    for part in re.split(r"([;])", text[start:end]):
        if part != ";":
            name_part = re.split(r"[<\[(]|,\s*(?=[a-z])", part, maxsplit=1)[0]
            stripped = name_part.strip().strip("'\"")
            if stripped and "@" not in stripped and not re.search(r"\d", stripped):
                offset = pos + name_part.find(stripped)
                words = tuple(w for w in re.split(r"[\s,]+", stripped) if w)
                kinds = _run_kinds(words)
                plausible = len(words) >= 2 or (words and words[0] in given_names())
                if plausible and all(k in {"cap", "init", "prefix"} for k in kinds) and "cap" in kinds:
                    out.append(_Found(offset, offset + len(stripped), 0.85,
                                      "Naam in de kop van een e-mail (afzender of geadresseerde).", words))
        pos += len(part)
    return out


def _drop_overlaps(found: list[_Found]) -> list[_Found]:
    """Keep the longest of overlapping finds; an official's marker (confidence -1) wins its span."""
    found = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    out: list[_Found] = []
    for f in found:
        if out and f.start < out[-1].end:
            prev = out[-1]
            official_wins = f.confidence < 0 <= prev.confidence and f.end - f.start >= prev.end - prev.start
            if official_wins or (f.end > prev.end and f.end - f.start > prev.end - prev.start):
                out[-1] = f
            continue
        out.append(f)
    return out


def _surname_phrase(tokens: tuple[str, ...]) -> str | None:
    """The whole surname of a double-barrelled name whose first part ends in a prefix: "Heuvel-de Rooij"."""
    kinds = _run_kinds(tokens)
    last = max((k for k, kind in enumerate(kinds) if kind == "cap"), default=-1)
    k = last
    while k > 0 and kinds[k - 1] == "cap" and tokens[k - 1].split("-")[-1] in _PREFIXES:
        k -= 1
    return " ".join(tokens[k : last + 1]) if last > k else None


def _later_mentions(text: str, kept: list[_Found], official_words: set[str]) -> list[_Found]:
    """Other mentions of surnames and given names already found: 'Jansen belde later nog'."""
    surname_keys: set[str] = set()
    given_keys: set[str] = set()
    for f in kept:
        if f.confidence < 0.8:
            continue
        caps = _caps(f.tokens)
        if not caps:
            continue
        lone_given = caps[0] in given_names() or f.reason.startswith("Voornaam")
        if len(f.tokens) == 1 and f.confidence >= 0.85 and lone_given:
            given_keys.add(caps[0])  # "mijn vrouw Aaltje", "Sarah:" in a chat
            continue
        surname_keys.add(_surname_phrase(f.tokens) or caps[-1])
        if len(caps) >= 2 and (caps[0] in given_names() or f.confidence >= 0.85):
            # Strong finds (title, signature, e-mail header) vouch for all their words ("Pietersen, Karin").
            given_keys.update(caps[:-1] if f.confidence >= 0.85 else caps[:1])
    surname_keys = {k for k in surname_keys if k.casefold() not in official_words and len(k) >= 3}
    given_keys = {k for k in given_keys - surname_keys if k.casefold() not in official_words and len(k) >= 3}
    out: list[_Found] = []
    ordered = sorted(kept, key=lambda f: f.start)
    starts = [f.start for f in ordered]

    def covered(start: int, end: int) -> bool:
        k = bisect.bisect_left(starts, end) - 1
        return k >= 0 and ordered[k].end > start

    for keys, prefix in ((surname_keys, r"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|'t)\s+)*"), (given_keys, "")):
        if not keys:
            continue
        alternatives = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keys, key=len, reverse=True))
        # Also the possessive: "Jansens aanvraag", "Van der Meulens woning".
        pattern = re.compile(rf"(?<![\w'’.-])({prefix}(?:{alternatives})(?:['’]?s)?)(?![\w'’-])")
        for m in pattern.finditer(text):
            if covered(m.start(1), m.end(1)):
                continue
            # "Jan" in "Jan van Galenstraat" is part of a street name, not a mention of Jan.
            ahead = _STREET_AHEAD.match(text, m.end(1))
            if ahead and _STREETLIKE.search(ahead.group(1)):
                continue
            out.append(_Found(m.start(1), m.end(1), 0.7, "Zelfde naam als elders in dit document gevonden.",
                              tuple(m.group(1).split())))
    return out


_STREET_AHEAD = re.compile(r"(?:[ -](?:[a-z']+ )*)?([A-ZÀ-Þ]?[\w'’-]*)")
