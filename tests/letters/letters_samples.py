"""Sample inputs shared by the letter tests (a plain module: the tests folder is not a package)."""

from __future__ import annotations

from datetime import date

from woo.letters import (
    DecisionContext,
    InventoryRow,
    Organisation,
    ProcedureEvent,
    Recipient,
    RequestSummary,
)
from woo.schemas.judgement import DecisionType

HOSTILE_NAME = '<img src="file:///etc/passwd"> Jansen'
HOSTILE_SUBJECT = "Alle stukken over het parkeerbeleid <script>alert('x')</script> in de binnenstad"


def sample_organisation() -> Organisation:
    return Organisation(
        name="Gemeente Utrecht",
        postal_address="Postbus 16200\n3500 CE Utrecht",
        objection_address="Het college van burgemeester en wethouders\nPostbus 16200\n3500 CE Utrecht",
        website="https://www.utrecht.nl",
        email="woo@utrecht.nl",
        signatory_function="teamleider Informatieverzoeken",
        phone="14 030",
    )


def sample_recipient() -> Recipient:
    return Recipient(name="mevrouw A. de Vries", postal_address="Dorpsstraat 1\n1234 AB Ergens")


def sample_request() -> RequestSummary:
    return RequestSummary(
        reference="WOO-2026-0001",
        received_on=date(2026, 10, 5),
        subject="Alle stukken over het parkeerbeleid in de binnenstad",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )


def sample_rows() -> tuple[InventoryRow, ...]:
    return (
        InventoryRow(1, date(2025, 3, 1), "E-mail over parkeertarieven", "e-mail", 1, "deels openbaar",
                     ("5.1.2e", "5.1.2.i"), "", None),
        InventoryRow(2, date(2025, 3, 1), "Bijlage: tarievenoverzicht", "pdf", 1, "openbaar", (), "", None),
        InventoryRow(3, date(2025, 4, 12), "Advies aan de wethouder", "memo", None, "niet openbaar",
                     ("5.2",), "intern beraad", None),
        InventoryRow(4, None, "Offerte handhavingsbureau", "pdf", None, "deels openbaar",
                     ("5.1.2f", "5.1.1e"), "", None),
        InventoryRow(5, date(2024, 6, 30), "Raadsinformatiebrief parkeren", "brief", None, "reeds openbaar",
                     (), "", "https://www.utrecht.nl/raad/rib-parkeren"),
    )


def sample_decision() -> DecisionContext:
    return DecisionContext(
        organisation=sample_organisation(),
        recipient=sample_recipient(),
        request=sample_request(),
        letter_date=date(2026, 11, 30),
        decision_type=DecisionType.PARTLY_PUBLIC,
        events=(
            ProcedureEvent(date(2026, 10, 5), "Wij hebben uw verzoek ontvangen."),
            ProcedureEvent(date(2026, 10, 19), "Wij hebben derden gevraagd om hun zienswijze."),
            ProcedureEvent(date(2026, 10, 14), "Wij hebben met u gesproken over uw verzoek."),
        ),
        inventory=sample_rows(),
        ground_motivations={"5.1.2.f": "Het gaat om de uurtarieven van het handhavingsbureau."},
    )
