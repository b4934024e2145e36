"""``woo redact``: redact one PDF from the command line, accepting every proposal, and check the result.

Exit codes: 0 the output passed the check; 1 the check failed (the file must not be published); 2 the input
(PDF or officials list) cannot be used. Messages are Dutch because officials run this.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2


# Typer reads options from parameter defaults; module-level objects keep them out of the signature's calls.
_IN_PDF = typer.Argument(..., help="Het PDF-bestand dat gelakt moet worden.")
_OUTPUT = typer.Option(..., "-o", "--output", help="Waar het gelakte PDF-bestand komt.")
_REPORT = typer.Option(None, "--report", help="Verslag van de lakkingen als JSON.")
_OFFICIALS = typer.Option(
    None, "--officials", help="YAML- of tekstbestand met namen/functies van functionarissen die zichtbaar blijven."
)
_REVIEW_COPY = typer.Option(
    None, "--review-copy", help="Kopie met de lakvoorstellen gemarkeerd (niet gelakt), voor de beoordelaar."
)


def redact_command(
    in_pdf: Path = _IN_PDF,
    output: Path = _OUTPUT,
    report: Path | None = _REPORT,
    officials: Path | None = _OFFICIALS,
    review_copy: Path | None = _REVIEW_COPY,
) -> None:
    """Lak persoonsgegevens in een PDF (alle voorstellen worden overgenomen) en controleer het resultaat."""
    from woo.redaction import RedactionError, load_officials, propose_redactions, redact_pdf, write_review_copy

    try:
        known = load_officials(officials) if officials else None
        if review_copy:
            write_review_copy(in_pdf, review_copy, propose_redactions(in_pdf, officials=known))
        result = redact_pdf(in_pdf, output, officials=known, accept="all")
    except RedactionError as exc:
        typer.echo(f"Fout: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(result.to_report_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    counts = ", ".join(f"{g}: {n}" for g, n in result.counts_by_ground.items()) or "geen"
    typer.echo(f"{len(result.redactions)} lakking(en) op {result.page_count} pagina('s) ({counts}).")
    for warning in result.all_warnings():
        typer.echo(f"Let op: {warning}", err=True)
    if result.blocked:
        typer.echo("Controle van het gelakte bestand mislukt; het bestand mag NIET worden gepubliceerd:", err=True)
        for problem in result.check.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(EXIT_CHECK_FAILED)
    typer.echo(f"Controle geslaagd: {output}")
