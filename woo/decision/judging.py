"""Judging documents: from redactions and officials' assessments to a judgement and grounds per document.

Pure functions of plain values, so the rules can be read and tested on their own:
- an official's assessment of a document wins;
- a duplicate follows the document it duplicates;
- a document with redactions is ``deels openbaar`` on the grounds of those redactions, else ``openbaar``;
- a document whose redaction check failed keeps its judgement but is blocked from publication;
- claimed grounds and boxes agree: a document "deels openbaar" on ground G has at least one box labelled G, and
  a document with boxes is not "openbaar" (its boxes' grounds would be missing from the inventory); when they
  do not agree, publication of that document is held with a Dutch reason until the review supplies the
  passages (manual redactions with a ground) or the assessment is corrected. "niet openbaar" and "reeds
  openbaar" documents are not published and need no boxes;
- unreadable documents are not judged; the decision reports them separately.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from woo.questions.models import Assessment
from woo.schemas.grounds import Ground
from woo.schemas.judgement import DecisionType, Judgement

__all__ = [
    "BLOCKED_REMARK", "DocumentFacts", "Judged", "add_remark", "counts", "decision_type", "grounds_mismatch",
    "judge", "undecidable_reason",
]


@dataclass(frozen=True)
class DocumentFacts:
    number: int
    names: tuple[str, ...]  # display name and source path, to match assessments by
    duplicate_of: int | None
    redaction_grounds: frozenset[Ground]
    check_ok: bool | None
    error: str | None


@dataclass(frozen=True)
class Judged:
    number: int
    judgement: Judgement
    grounds: tuple[Ground, ...]
    remark: str
    link: str | None
    publishable: bool
    held_reason: str | None = None
    """Why publication is held although the document was judged (partly) public (Dutch); None otherwise."""


BLOCKED_REMARK = "Openbaarmaking opgeschort: de controle van de lakking is niet geslaagd; volgt na herstel."


def grounds_mismatch(judgement: Judgement, grounds: Iterable[Ground], boxed: Iterable[Ground]) -> str | None:
    """Why the claimed grounds and the boxes of a released document disagree (Dutch), or None when they agree."""
    claimed, boxed = set(grounds), set(boxed)
    if judgement is Judgement.PARTLY_PUBLIC:
        missing = sorted(claimed - boxed, key=str)
        if missing:
            codes = ", ".join(str(g) for g in missing)
            return (f"Openbaarmaking aangehouden: {'grond' if len(missing) == 1 else 'gronden'} {codes} "
                    f"{'is' if len(missing) == 1 else 'zijn'} genoemd, maar geen passage is op die grond gelakt; "
                    "volgt na beoordeling van de passages.")
        unclaimed = sorted(boxed - claimed, key=str)
        if unclaimed:
            codes = ", ".join(str(g) for g in unclaimed)
            return (f"Openbaarmaking aangehouden: er is gelakt op grond {codes}, maar die grond staat niet bij het "
                    "oordeel; volgt na beoordeling.")
    if judgement is Judgement.PUBLIC and boxed:
        codes = ", ".join(str(g) for g in sorted(boxed, key=str))
        return (f"Openbaarmaking aangehouden: het document is openbaar verklaard, maar er is gelakt op grond {codes}; "
                "volgt na beoordeling.")
    return None


def judge(docs: Iterable[DocumentFacts], assessments: Mapping[str, Assessment]) -> list[Judged]:
    docs = list(docs)
    by_number: dict[int, Judged] = {}
    for d in sorted(docs, key=lambda x: (x.duplicate_of is not None, x.number)):
        if d.error is not None:
            continue
        assessment = next((assessments[n] for n in d.names if n in assessments), None)
        if assessment is not None:
            grounds = tuple(sorted(set(assessment.grounds) | (d.redaction_grounds if
                                                                assessment.judgement is Judgement.PARTLY_PUBLIC
                                                                else set()), key=str))
            judged = Judged(d.number, assessment.judgement, grounds, assessment.remark or "", assessment.link,
                            publishable=assessment.judgement.releases_content)
        elif d.duplicate_of is not None and d.duplicate_of in by_number:
            original = by_number[d.duplicate_of]
            judged = Judged(d.number, original.judgement, original.grounds,
                            f"Duplicaat van document {d.duplicate_of}", original.link, publishable=False)
        elif d.redaction_grounds:
            judged = Judged(d.number, Judgement.PARTLY_PUBLIC, tuple(sorted(d.redaction_grounds, key=str)), "",
                            None, publishable=True)
        else:
            judged = Judged(d.number, Judgement.PUBLIC, (), "", None, publishable=True)
        if d.check_ok is False and judged.publishable:
            remark = add_remark(judged.remark, BLOCKED_REMARK)
            judged = Judged(judged.number, judged.judgement, judged.grounds, remark, judged.link, publishable=False)
        elif judged.publishable:
            reason = grounds_mismatch(judged.judgement, judged.grounds, d.redaction_grounds)
            if reason:
                judged = Judged(judged.number, judged.judgement, judged.grounds, add_remark(judged.remark, reason),
                                judged.link, publishable=False, held_reason=reason)
        by_number[d.number] = judged
    return [by_number[n] for n in sorted(by_number)]


def add_remark(remark: str, addition: str) -> str:
    """Two sentences, not one run-on line: "Intern beraad. Openbaarmaking aangehouden: …"."""
    remark = remark.strip()
    if not remark:
        return addition
    return f"{remark} {addition}" if remark.endswith((".", "!", "?", ";", ":")) else f"{remark}. {addition}"


def decision_type(judged: list[Judged], *, not_handled: bool = False) -> DecisionType:
    if not_handled:
        return DecisionType.NOT_HANDLED
    originals = [j for j in judged if not j.remark.startswith("Duplicaat")]
    if not originals:
        return DecisionType.NOTHING_FOUND
    kinds = {j.judgement for j in originals}
    if kinds == {Judgement.PUBLIC}:
        return DecisionType.PUBLIC
    if kinds == {Judgement.NOT_PUBLIC}:
        return DecisionType.NOT_PUBLIC
    if kinds == {Judgement.ALREADY_PUBLIC}:
        return DecisionType.ALREADY_PUBLIC
    return DecisionType.PARTLY_PUBLIC


def undecidable_reason(judged: list[Judged], unreadable: int, *, not_handled: bool = False) -> str | None:
    """Why no decision can be drafted (Dutch), or None.

    When every document found is unreadable nothing could be judged, yet "geen documenten aangetroffen" would be
    untrue: documents were found. A person must first obtain readable copies (or record the documents as not
    held); the decision is not drafted until then."""
    if not_handled or judged or not unreadable:
        return None
    what = "het gevonden document is" if unreadable == 1 else f"alle {unreadable} gevonden documenten zijn"
    return (f"Het besluit kan niet worden opgesteld: {what} onleesbaar, zodat er niets is beoordeeld. "
            "'Geen documenten aangetroffen' zou niet kloppen. Vraag leesbare exemplaren op en verzamel opnieuw.")


def counts(judged: list[Judged]) -> dict[str, int]:
    return dict(Counter(str(j.judgement) for j in judged))
