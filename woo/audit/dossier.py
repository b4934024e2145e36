"""The dossier of one request as Markdown for the Prefect UI: dates and whether they were met, suspensions,
extension, who decided what, and the timeline.

Prefect is not a place for personal data, so this text holds ids, numbers, dates, counts and codes only: no
requester name, e-mail or address, no document titles, no free text from payloads (see the ``strict`` payload
summary). The lead publishes it as a Prefect artifact; this module does not import Prefect.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from woo.audit.legal_dates import format_moment, legal_dates, local_date, suspension_days
from woo.audit.timeline import TimelineEntry, timeline
from woo.case import Repository
from woo.publication.moments import dossier_rows
from woo.settings import get_settings

__all__ = ["dossier_markdown"]

_AMSTERDAM_NOTE = "Tijden in Nederlandse tijd."


def _cell(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _decisions(entries: list[TimelineEntry]) -> list[list[object]]:
    # Anything a person did, as opposed to the system, is a decision someone is accountable for.
    return [
        [format_moment(e.at), e.action_nl, e.actor, e.step, e.legal_basis, e.summary(strict=True, width=80)]
        for e in entries
        if e.actor != "system"
    ]


def publication_moments(request_id: str, decided_on: dt.date | None,
                        disclosure_on: dt.date | None) -> list[list[object]]:
    """The requester's private link and the public publication: as written, or as planned."""
    settings = get_settings()
    return dossier_rows(settings.request_dir(request_id), decided_on, disclosure_on,
                        delay_days=settings.publication_delay_days, link_days=settings.share_link_days)


def dossier_markdown(repo: Repository, request_id: str, *, today: dt.date) -> str:
    """Markdown of the request's dossier without personal data; raises ``UnknownRequest``."""
    req = repo.get(request_id)
    docs = repo.documents(req.id)
    judgements = Counter(d.judgement or "nog niet beoordeeld" for d in docs)
    dates = legal_dates(repo, req, today=today)
    entries = timeline(repo, req.id)

    out = [f"# Dossier {req.number or req.id}", ""]
    out += _table(
        ["Gegeven", "Waarde"],
        [
            ["Id", req.id],
            ["Zaaknummer", req.number],
            ["Status", req.status],
            ["Afloop", req.resolution],
            ["Ontvangen op", req.received_on],
            ["Besluit bekendgemaakt op", req.decided_on],
            *publication_moments(req.id, req.decided_on, req.disclosure_on),
            ["Verdaagd", req.extended],
            ["Documenten", len(docs)],
            *[[f"Documenten {name}", n] for name, n in sorted(judgements.items())],
            ["Derden gevraagd om zienswijze", len(repo.third_parties(req.id))],
            ["Audit-gebeurtenissen", len(entries)],
        ],
    )

    out += ["", "## Termijnen", ""]
    if dates.problem:
        out.append(dates.problem)
    else:
        out += _table(
            ["Termijn", "Uiterste datum", "Gedaan op", "Oordeel", "Grondslag"],
            [[c.label_nl, c.due, c.done_on, c.status.label_nl, c.citation] for c in dates.checks],
        )

    out += ["", "## Opschortingen", ""]
    suspensions = list(
        repo.suspensions(req.id)
    )
    if suspensions:
        rows: list[list[object]] = [
            [s.kind, s.start, s.end or "loopt nog", suspension_days(s, today), s.legal_basis] for s in suspensions
        ]
        out += _table(["Soort", "Van", "Tot en met", "Opgeschorte dagen", "Grondslag"], rows)
        if dates.deadlines:
            out.append("")
            out.append(f"Totaal opgeschorte dagen (elke dag één keer geteld): {dates.deadlines.suspended_days}.")
    else:
        out.append("Geen opschortingen.")

    out += ["", "## Verdaging", ""]
    if req.extended:
        sent = repo.first_sent(req.id, "extension_notice")
        notice = dates.get("extension_notice_due")
        when = f"mededeling verstuurd op {local_date(sent).isoformat()}" if sent else "geen verstuurde mededeling"
        due = f"; uiterlijk {notice.due.isoformat()} ({notice.status.label_nl})" if notice else ""
        out.append(f"De beslistermijn is met twee weken verdaagd (art. 4.4 lid 2 Woo): {when}{due}.")
    else:
        out.append("Niet verdaagd.")

    out += ["", "## Wie besliste wat", ""]
    decisions = _decisions(entries)
    if decisions:
        out += _table(["Moment", "Handeling", "Door", "Stap", "Grondslag", "Gegevens"], decisions)
    else:
        out.append("Nog geen beslissingen door medewerkers vastgelegd.")
    reviewed = Counter(
        (r.decided_by, r.status)
        for r in repo.redactions(req.id) if r.decided_by is not None
    )
    if reviewed:
        out += ["", "Lakvoorstellen beoordeeld:", ""]
        out += _table(
            ["Door", "Uitkomst", "Aantal"],
            [[who, status, n] for (who, status), n in sorted(reviewed.items(), key=lambda kv: str(kv[0]))],
        )

    out += ["", "## Tijdlijn", "", _AMSTERDAM_NOTE, ""]
    out += _table(
        ["#", "Moment", "Stap", "Handeling", "Door", "Grondslag", "Gegevens"],
        [
            [e.seq, format_moment(e.at), e.step, e.action_nl, e.actor, e.legal_basis, e.summary(strict=True, width=80)]
            for e in entries
        ],
    )
    return "\n".join(out) + "\n"

