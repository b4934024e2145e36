"""Generate a realistic, entirely fictitious Woo request with its documents, to try the whole process.

Everything is produced at run time from the templates in ``woo/demo/templates``: letters and minutes as PDFs,
e-mails as ``.eml`` with attachments, a memo, a scanned letter, an exact duplicate and one corrupt PDF, plus
``request.yaml`` (the request) and ``answers.yaml`` (the answers an official would give along the way).
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from woo.clock import DEMO_STEP_DAYS_ENV
from woo.deadlines.calendar import DEFAULT_CALENDAR
from woo.demo import cast
from woo.demo.images import scanned_letter_png, site_sketch_png
from woo.demo.numbers import bsn_from_prefix, dutch_iban
from woo.documents.dates import dutch_date
from woo.letters.pdf import asset_url, html_to_pdf

try:
    from zoneinfo import ZoneInfo

    _TZ: datetime.tzinfo = ZoneInfo("Europe/Amsterdam")
except Exception:  # a system without time zone data; winter time is close enough for a demo
    _TZ = datetime.timezone(datetime.timedelta(hours=1))

# Starts like a PDF, then stops mid-object: shows how collection reports a damaged file.
CORRUPT_PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Cou\x00\x17\x9c\xff\x03garbage"
)

CONTRACTOR = cast.Company(
    name="Bouwbedrijf Gebroeders Jansen B.V.",
    short_name="Bouwbedrijf Jansen",
    street="Industrieweg 42",
    postcode_city="3542 AD Utrecht",
    phone="+31 (0)30 123 4567",
    email="info@bouwbedrijf-jansen.nl",
    website="www.bouwbedrijf-jansen.nl",
    kvk="30123456",
    iban=dutch_iban("RABO", "0312345678"),
)


@dataclass(frozen=True)
class DemoDossier:
    """Where the generated request, answers and documents are."""

    request_file: Path
    answers_file: Path
    documents_dir: Path
    step_days: dict[str, datetime.date] = field(default_factory=dict)
    """The day each step of the flow happens in the demo's history (see :func:`replay_environment`)."""

    def replay_environment(self) -> dict[str, str]:
        """The variable that makes ``woo demo`` run each step on its own day, so every letter is dated the day its
        event happens (the acknowledgement on receipt, the zienswijze request when it is sent, ...)."""
        return {DEMO_STEP_DAYS_ENV: json.dumps({k: v.isoformat() for k, v in self.step_days.items()})}


@dataclass(frozen=True)
class _Timeline:
    """All dates of the demo, derived from the day the request is received."""

    received: datetime.date

    @property
    def year(self) -> int:
        # The request covers the previous calendar year, so every document predates the request.
        return self.received.year - 1

    def day(self, month: int, day: int) -> datetime.date:
        return datetime.date(self.year, month, day)

    def at(self, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
        return datetime.datetime(self.year, month, day, hour, minute, tzinfo=_TZ)

    def after_received(self, days: int) -> datetime.date:
        """The first working day on or after ``days`` after receipt: officials act on working days."""
        day = self.received + datetime.timedelta(days=days)
        while DEFAULT_CALENDAR.is_closed(day):
            day += datetime.timedelta(days=1)
        return day

    def step_days(self, decided: datetime.date) -> dict[str, datetime.date]:
        """When each step happens: registration and acknowledgement on the first working day of receipt, the
        meeting and collection on day 3, the third party asked on day 4 and answering on day 12, review and
        concept on day 13, the signed decision and its publication on ``decided``."""
        registered = self.after_received(0)
        review = self.after_received(13)
        return {
            "register": registered, "acknowledge": registered, "meeting": self.after_received(3),
            "collect": self.after_received(3), "consult": self.after_received(4), "views": self.after_received(12),
            "propose": review, "redact": review, "decide": review,
            "send_decision": max(decided, review), "publish": max(decided, review),
        }


@dataclass(frozen=True)
class _Names:
    """File names in the documents folder."""

    mail_offer: str
    letter_contractor: str
    minutes: str
    mail_sketch: str
    letter_municipality: str
    scanned_letter: str
    memo: str
    mail_planning: str
    duplicate: str
    corrupt: str


def _names(year: int) -> _Names:
    return _Names(
        mail_offer=f"{year}-02-20 E-mail offerte herinrichting Stationsplein.eml",
        letter_contractor=f"{year}-03-14 Brief Bouwbedrijf Jansen over planning.pdf",
        minutes=f"{year}-04-10 Verslag projectoverleg Stationsplein.pdf",
        mail_sketch=f"{year}-05-07 E-mail situatieschets.eml",
        letter_municipality=f"{year}-06-02 Informatiebrief bewoners Stationsplein.pdf",
        scanned_letter=f"{year}-06-16 Scan brief bewoner.png",
        memo=f"{year}-06-20 Memo klacht bewoner.txt",
        mail_planning=f"{year}-09-15 E-mail planning uitvoering.eml",
        duplicate="Kopie brief Bouwbedrijf Jansen.pdf",
        corrupt="Raadsvoorstel Stationsplein.pdf",
    )


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("woo.demo", "templates"),
        # HTML templates escape their values; text templates produce plain text, where escaping would be wrong.
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["nl_date"] = dutch_date
    # Jinja's own ``capitalize`` lower-cases the rest, which would spoil "Projectleider Stationsplein".
    env.filters["first_upper"] = lambda text: text[:1].upper() + text[1:]
    return env


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**_common_context(), **context)


def _common_context() -> dict[str, Any]:
    return {
        "municipality": cast.MUNICIPALITY,
        "domain": cast.MUNICIPALITY_DOMAIN,
        "company": CONTRACTOR,
        "director": cast.CONTRACTOR_DIRECTOR,
        "planner": cast.CONTRACTOR_PLANNER,
        "project_leader": cast.PROJECT_LEADER,
        "traffic": cast.TRAFFIC_ENGINEER,
        "communications": cast.COMMUNICATIONS,
        "resident": cast.RESIDENT,
        "resident_address": cast.RESIDENT_ADDRESS,
        "resident_address_line": cast.RESIDENT_ADDRESS.replace("\n", ", "),
        "alderman": cast.official("wethouder"),
        "mayor": cast.official("burgemeester"),
        "stylesheet": asset_url("letter.css"),
    }


def _address(person: cast.Person) -> Address:
    user, _, domain = person.email.partition("@")
    return Address(display_name=person.name, username=user, domain=domain)


def _mail(
    *,
    sender: cast.Person,
    to: list[cast.Person],
    cc: list[cast.Person] | None = None,
    subject: str,
    sent: datetime.datetime,
    body: str,
    html: str | None = None,
    message_id: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = _address(sender)
    msg["To"] = [_address(p) for p in to]
    if cc:
        msg["Cc"] = [_address(p) for p in cc]
    msg["Date"] = format_datetime(sent)
    msg["Subject"] = subject
    # Fixed ids keep the generated files identical from run to run.
    msg["Message-ID"] = f"<{message_id}@{sender.email.partition('@')[2]}>"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def _write(path: Path, data: bytes, day: datetime.date) -> None:
    path.write_bytes(data)
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=_TZ).timestamp()
    os.utime(path, (moment, moment))


def _write_documents(folder: Path, t: _Timeline, names: _Names) -> None:
    offer_sent = t.at(2, 20, 10, 42)
    offer_pdf = html_to_pdf(
        _render(
            "offer.html",
            sent=offer_sent.date(),
            valid_until=t.day(5, 31),
            prices=[
                ("1", "Opbreken bestaande bestrating en afvoeren", "48.250,00"),
                ("2", "Kabels en leidingen, riolering", "112.900,00"),
                ("3", "Nieuwe bestrating, fietspad en bushaltes", "236.400,00"),
                ("4", "Groen, bomen en verlichting", "74.800,00"),
                ("5", "Algemene kosten, winst en risico", "41.650,00"),
            ],
        ),
        archival=False,
    )
    mail = _mail(
        sender=cast.CONTRACTOR_DIRECTOR,
        to=[cast.PROJECT_LEADER],
        subject="Offerte herinrichting Stationsplein",
        sent=offer_sent,
        body=_render("mail_offer.txt", valid_until=t.day(5, 31)),
        message_id=f"offerte-{t.year}-031",
    )
    mail.add_attachment(offer_pdf, maintype="application", subtype="pdf", filename="offerte.pdf")
    _write(folder / names.mail_offer, mail.as_bytes(policy=policy.SMTP), offer_sent.date())

    letter = html_to_pdf(_render("letter_contractor.html", sent=t.day(3, 14), offer_sent=offer_sent.date()),
                         archival=False)
    _write(folder / names.letter_contractor, letter, t.day(3, 14))
    _write(folder / names.duplicate, letter, t.day(3, 18))

    minutes = html_to_pdf(_render("minutes.html", held=t.day(4, 10), next_meeting=t.day(5, 8)), archival=False)
    _write(folder / names.minutes, minutes, t.day(4, 10))

    sketch_sent = t.at(5, 7, 14, 5)
    mail = _mail(
        sender=cast.TRAFFIC_ENGINEER,
        to=[cast.PROJECT_LEADER],
        cc=[cast.COMMUNICATIONS],
        subject="Situatieschets Stationsplein",
        sent=sketch_sent,
        body=_render("mail_sketch.txt"),
        message_id=f"schets-{t.year}-0507",
    )
    sketch = site_sketch_png(_render("sketch.txt", drawn=sketch_sent.date()).strip())
    mail.add_attachment(sketch, maintype="image", subtype="png", filename="situatieschets.png")
    _write(folder / names.mail_sketch, mail.as_bytes(policy=policy.SMTP), sketch_sent.date())

    evening = t.day(6, 26)
    letter = html_to_pdf(_render("letter_municipality.html", sent=t.day(6, 2), evening=evening), archival=False)
    _write(folder / names.letter_municipality, letter, t.day(6, 2))

    scan = scanned_letter_png(_render("scanned_letter.txt", written=t.day(6, 16)))
    _write(folder / names.scanned_letter, scan, t.day(6, 16))

    memo = _render("memo.txt", written=t.day(6, 20), complaint=t.day(6, 16), bsn=bsn_from_prefix("27513948"))
    _write(folder / names.memo, memo.encode("utf-8"), t.day(6, 20))

    planning_sent = t.at(9, 15, 9, 30)
    context = {"phase_one": t.day(10, 6), "evening": evening}
    mail = _mail(
        sender=cast.PROJECT_LEADER,
        to=[cast.CONTRACTOR_DIRECTOR],
        cc=[cast.CONTRACTOR_PLANNER],
        subject="Re: Aangepaste planning Stationsplein",
        sent=planning_sent,
        body=_render("mail_planning.txt", **context),
        html=_render("mail_planning.html", **context),
        message_id=f"planning-{t.year}-0915",
    )
    _write(folder / names.mail_planning, mail.as_bytes(policy=policy.SMTP), planning_sent.date())

    _write(folder / names.corrupt, CORRUPT_PDF, t.day(10, 1))


def _request(t: _Timeline) -> dict[str, Any]:
    period_start, period_end = datetime.date(t.year, 1, 1), datetime.date(t.year, 12, 31)
    description = _render("request_description.txt", period_start=period_start, period_end=period_end)
    return {
        "request": {
            "subject": "Herinrichting Stationsplein",
            "description": " ".join(description.split()),
            "period": {"start": period_start, "end": period_end},
            "channel": "email",
            "received_on": t.received,
        },
        "requester": {
            "name": cast.REQUESTER.name,
            "email": cast.REQUESTER.email,
            "postal_address": cast.REQUESTER_ADDRESS,
            "organisation": None,
            "phone": cast.REQUESTER.phone,
        },
    }


# The project leader's personal view in the minutes (templates/minutes.html), withheld under Woo 5.2.
_POLICY_VIEW = ("persoonlijk twijfelt of de raad een duurder ontwerp zal steunen; zij zou het fietspad liever in een "
                "latere fase aanleggen")


def _answers(t: _Timeline, names: _Names) -> dict[str, Any]:
    coordinator = cast.WOO_COORDINATOR.user_id
    return {
        "meeting": {
            "held_on": t.after_received(3),
            "outcome": "scope_confirmed",
            "new_scope": None,
            "answered_by": coordinator,
        },
        "third_parties": [
            {
                "key": "bouwbedrijf",
                "name": CONTRACTOR.name,
                "email": CONTRACTOR.email,
                "postal_address": CONTRACTOR.postal_address,
                "contact_person": cast.CONTRACTOR_DIRECTOR.name,
                "phone": cast.CONTRACTOR_DIRECTOR.phone,
                "documents": [names.mail_offer, names.letter_contractor, names.duplicate],
                "asked_on": t.after_received(4),
                "view": {
                    "received_on": t.after_received(12),
                    # No objection, so the demo publishes at once; with an objection publication waits two weeks
                    # after the decision (Woo 4.4(5)), which the deadline tests cover.
                    "objects": False,
                    "passages": None,
                },
                "answered_by": coordinator,
            }
        ],
        "redaction_review": {
            "accept_all": True,
            # Business data are never applied by "accept all": the coordinator decides that the contractor's
            # price build-up, which the offer and its letter call confidential, is withheld (5.1.1c).
            "accept_categories": ["business_data"],
            # The minutes' personal policy view (Woo 5.2) is a passage only a person can mark. Documents are
            # numbered in collection order: the offer mail (1), its attachment (2), the contractor's letter (3),
            # the minutes (4).
            "manual": [{"document": 4, "page": 1, "ground": "5.2", "text": _POLICY_VIEW}],
            # 5.2 is weighed per document: the reason goes into the decision's considerations for the minutes.
            "reasons": [{"document": 4, "ground": "5.2", "reason": (
                "De passage geeft de persoonlijke opvatting van een medewerker over de fasering van het fietspad, "
                "uitgesproken in intern overleg ter voorbereiding van het raadsvoorstel; de feiten en het "
                "besluit zelf staan elders in het verslag en zijn openbaar.")}],
            "answered_by": coordinator,
        },
        "assessments": {
            names.minutes: {
                "judgement": "deels openbaar",
                "grounds": ["5.2"],
                "remark": "Persoonlijke beleidsopvattingen in intern beraad",
            }
        },
        # Where the documents that are not e-mails came from, for their DiWoo handling (e-mails tell by sender).
        "origins": {
            names.letter_contractor: "ontvangen",
            names.scanned_letter: "ontvangen",
            names.minutes: "eigen",
            names.letter_municipality: "eigen",
            names.memo: "eigen",
        },
        "decision": {"signed_by": cast.DECISION_SIGNER.user_id},
        # The search as the decision states it (zoekslag): places, officials by function, terms.
        "search": {
            "places": ["het zaaksysteem (zaak Herinrichting Stationsplein)", "het documentmanagementsysteem",
                       "de e-mailboxen van de betrokken medewerkers"],
            "functions": [cast.PROJECT_LEADER.role, cast.COMMUNICATIONS.role, cast.WOO_COORDINATOR.role],
            "terms": "Stationsplein, herinrichting, offerte, planning, bewoners",
        },
    }


_HEADER = "# Voorbeelddossier, gegenereerd door woo-flow. Alle personen, bedrijven en gegevens zijn fictief.\n"


class _Dumper(yaml.SafeDumper):
    """Writes multi-line strings (postal addresses) as literal blocks, the way a person would type them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
    path.write_text(_HEADER + text, encoding="utf-8")


def build_demo_dossier(target: Path, *, received: datetime.date, decided: datetime.date | None = None) -> DemoDossier:
    """Write ``request.yaml``, ``answers.yaml`` and ``documents/`` for a fictitious request into ``target``.

    The documents date from the calendar year before ``received``. Refuses a ``documents`` folder that already
    holds files, so a demo is never mixed with earlier material.
    """
    documents_dir = target / "documents"
    if documents_dir.is_dir() and any(documents_dir.iterdir()):
        raise FileExistsError(f"De map {documents_dir} bevat al bestanden; kies een lege map voor het voorbeelddossier")
    documents_dir.mkdir(parents=True, exist_ok=True)
    timeline = _Timeline(received)
    names = _names(timeline.year)
    _write_documents(documents_dir, timeline, names)
    dossier = DemoDossier(target / "request.yaml", target / "answers.yaml", documents_dir,
                          timeline.step_days(decided or timeline.after_received(21)))
    _write_yaml(dossier.request_file, _request(timeline))
    _write_yaml(dossier.answers_file, _answers(timeline, names))
    return dossier
