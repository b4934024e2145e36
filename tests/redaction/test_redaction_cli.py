"""The ``woo redact`` contract, driven through a tiny Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import typer
from redaction_pdfs import assert_absent, text_pdf
from typer.testing import CliRunner

from woo.cli.redact import redact_command


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("redact")(redact_command)

    @app.command("noop")
    def noop() -> None:  # a second command keeps "redact" a subcommand, as under ``woo``
        pass

    return app


def test_redacts_writes_report_and_review_copy(tmp_path: Path) -> None:
    src = text_pdf(tmp_path / "in.pdf", ["Geachte heer Jansen, BSN 123456782.", "Burgemeester Dijksma groet u."])
    officials = tmp_path / "functionarissen.txt"
    officials.write_text("# zichtbaar\nSharon Dijksma\nfunctie: wethouder\n", encoding="utf-8")
    result = CliRunner().invoke(_app(), [
        "redact", str(src), "-o", str(tmp_path / "out.pdf"), "--report", str(tmp_path / "r.json"),
        "--officials", str(officials), "--review-copy", str(tmp_path / "review.pdf"),
    ])
    assert result.exit_code == 0, result.output
    assert_absent(tmp_path / "out.pdf", "Jansen", "123456782")
    assert "Dijksma" in pymupdf.open(tmp_path / "out.pdf")[0].get_text()
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["counts_by_ground"] == {"5.1.1e": 1, "5.1.2e": 1}
    assert report["check"]["ok"] is True
    assert len(list(pymupdf.open(tmp_path / "review.pdf")[0].annots())) == 2


def test_bad_input_exits_non_zero_with_a_dutch_message(tmp_path: Path) -> None:
    src = tmp_path / "foto.pdf"
    src.write_bytes(b"\x89PNG\r\n\x1a\n not a pdf")
    result = CliRunner().invoke(_app(), ["redact", str(src), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 2
    assert "geen PDF-bestand" in result.output
    assert not (tmp_path / "out.pdf").exists()


def test_unusable_officials_file_exits_non_zero(tmp_path: Path) -> None:
    src = text_pdf(tmp_path / "in.pdf", ["Tekst"])
    bad = tmp_path / "officials.yaml"
    bad.write_text("names: [unclosed", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["redact", str(src), "-o", str(tmp_path / "out.pdf"), "--officials", str(bad)])
    assert result.exit_code == 2
    assert "geen geldige YAML" in result.output


def test_failed_check_exits_non_zero(tmp_path: Path, monkeypatch) -> None:
    import woo.redaction as engine  # the command imports the engine when it runs (a fast `woo --help`)
    from woo.redaction import CheckResult, redact_pdf

    def leaky(*args, **kwargs):
        result = redact_pdf(*args, **kwargs)
        result.check = CheckResult(False, ["Gelakte tekst nr. 1 is nog leesbaar."], {"pymupdf_text": False})
        return result

    monkeypatch.setattr(engine, "redact_pdf", leaky)
    src = text_pdf(tmp_path / "in.pdf", ["BSN 123456782"])
    result = CliRunner().invoke(_app(), ["redact", str(src), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 1
    assert "NIET worden gepubliceerd" in result.output
