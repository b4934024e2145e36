"""A small fictitious request whose every personal detail is a unique, searchable string.

The names are invented and unusual on purpose: finding one of them in a dump can only mean it leaked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

# The requester, and the subject words that are a name.
REQUESTER_NAME = "Wendelmoet Zwavelstokker"
REQUESTER_EMAIL = "w.zwavelstokker@voorbeeldpost.nl"
REQUESTER_STREET = "Quirijnstokkade 77"
REQUESTER_POSTCODE = "9876 ZX Plompendam"
SUBJECT_NAME = "Gijsbrecht Vlooswijck"
SUBJECT = f"Klacht van buurman {SUBJECT_NAME} over het Stationsplein"

# The third party (known beforehand, from the answers file: never through Prefect).
THIRD_PARTY_NAME = "Hortensia Kwakernaat-Bijleveld"
THIRD_PARTY_EMAIL = "h.kwakernaat@derdepost.nl"

# Free text typed by officials along the way.
SCOPE_TEXT = "Alleen de klachten van Ermelinda Pruimbloesem over de bouwhekken"
FORWARDED_TEXT = "Doorsturen naar Archibald Tjoekema van de provincie"
SPECIFICATION_TEXT = "Precisering: de e-mails van Bonifatius Knollenburg uit maart"
PASSAGES_TEXT = "Passage over Cornelia Wortelboer op pagina 1 moet weg"
MANUAL_TEXT = "Fenna Slootjesdijk"
REMARK_TEXT = "Akkoord, maar bel Leopold Grutterink nog even over de brief"
REASON_TEXT = "Buurman Gijsbertus Hoogwaterlanden heeft geen publieke rol; zijn naam verklaart het besluit niet"
RERUN_REASON = "Verzoeker Wendelmoet belde op 06-98761234"

FREE_TEXTS = {
    "new_scope": SCOPE_TEXT,
    "forwarded_to": FORWARDED_TEXT,
    "specification": SPECIFICATION_TEXT,
    "passages": PASSAGES_TEXT,
    "manual_text": MANUAL_TEXT,
    "remark": REMARK_TEXT,
    "reason": REASON_TEXT,
}

# Every value, and the distinctive words (surnames) that must not occur on their own either.
NEEDLES = [
    REQUESTER_NAME, REQUESTER_EMAIL, REQUESTER_STREET, REQUESTER_POSTCODE, SUBJECT, SUBJECT_NAME,
    THIRD_PARTY_NAME, THIRD_PARTY_EMAIL, *FREE_TEXTS.values(),
    "Zwavelstokker", "Quirijnstokkade", "Plompendam", "Vlooswijck", "Kwakernaat", "Pruimbloesem", "Tjoekema",
    "Knollenburg", "Wortelboer", "Slootjesdijk", "Grutterink", "Hoogwaterlanden",
]

NOTE_FILE = "2025-03-01 Notitie bouwhekken.txt"
MAIL_FILE = "2025-04-02 Verslag overleg.txt"


@dataclass(frozen=True)
class Dossier:
    request_file: Path
    known_answers: Path
    documents_dir: Path
    received: dt.date


def write_dossier(target: Path, received: dt.date) -> Dossier:
    documents = target / "documents"
    documents.mkdir(parents=True)
    (documents / NOTE_FILE).write_text(
        "Notitie over de bouwhekken op het Stationsplein.\n"
        f"Gesproken met {MANUAL_TEXT} van de bewonerscommissie over de planning.\n"
        "De hekken blijven tot de zomer staan.\n", encoding="utf-8")
    (documents / MAIL_FILE).write_text(
        "Verslag van het overleg met de aannemer over de planning van het Stationsplein.\n"
        "Afgesproken: de werkzaamheden beginnen in mei.\n", encoding="utf-8")
    request = {
        "request": {"subject": SUBJECT,
                    "description": f"Ik, {REQUESTER_NAME}, verzoek om alle documenten over het Stationsplein.",
                    "period": {"start": f"{received.year - 1}-01-01", "end": f"{received.year - 1}-12-31"},
                    "channel": "email", "received_on": received.isoformat()},
        "requester": {"name": REQUESTER_NAME, "email": REQUESTER_EMAIL,
                      "postal_address": f"{REQUESTER_STREET}\n{REQUESTER_POSTCODE}"},
    }
    known = {"third_parties": [{"key": "derde-1", "name": THIRD_PARTY_NAME, "email": THIRD_PARTY_EMAIL,
                                "documents": [NOTE_FILE]}]}
    request_file = target / "request.yaml"
    request_file.write_text(yaml.safe_dump(request, allow_unicode=True), encoding="utf-8")
    known_file = target / "known.yaml"
    known_file.write_text(yaml.safe_dump(known, allow_unicode=True), encoding="utf-8")
    return Dossier(request_file, known_file, documents, received)
