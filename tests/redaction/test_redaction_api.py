"""The public surface the request flow relies on stays put."""

from __future__ import annotations

import inspect

import woo.redaction as redaction


def test_public_api_is_pinned() -> None:
    assert set(redaction.__all__) == {
        "DEFAULT_GROUNDS", "AppliedRedaction", "Category", "CheckResult", "CorruptPdfError", "DocumentFailure",
        "DossierReport", "EncryptedPdfError", "InvalidRedactionError", "ManualRedaction", "NotAPdfError",
        "Officials", "Proposal", "RedactionError", "RedactionInputError", "RedactionJob", "RedactionResult",
        "apply_redactions", "load_officials", "propose_redactions", "redact_many", "redact_pdf", "run_job",
        "verify_redacted", "write_review_copy", "propose_with_review_copy", "find_text", "manual_redactions_for",
        "text_not_found",
    }
    assert list(inspect.signature(redaction.propose_redactions).parameters) == ["pdf_path", "officials", "grounds"]
    assert list(inspect.signature(redaction.apply_redactions).parameters) == ["pdf_path", "out_path", "accepted"]
    assert list(inspect.signature(redaction.manual_redactions_for).parameters) == ["pdf_path", "items", "document"]
    assert list(inspect.signature(redaction.text_not_found).parameters) == [
        "pdf_path", "document", "page", "text", "field"]


def test_the_engine_does_not_import_prefect() -> None:
    import subprocess
    import sys

    code = "import sys, woo.redaction, woo.cli.redact; print(any(m.split('.')[0] == 'prefect' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_redacting_does_not_load_pymupdfs_layout_model() -> None:
    """PyMuPDF 2.0 builds an ONNX layout model on import (~0.85 s CPU, 55 MB per process); woo never uses it, so a
    process that redacts (a flow resume, a pool worker) must not pay for it. The text options the engine's box
    geometry needs are in effect all the same (tight lines lose characters without them)."""
    import subprocess
    import sys

    code = ("import sys, woo.redaction.pipeline, pymupdf; print(pymupdf._get_layout is None, "
            "'pymupdf.mupdf' in sys.modules, pymupdf.TOOLS.unset_quad_corrections())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]


def test_the_box_geometry_does_not_depend_on_which_module_imported_pymupdf_first(tmp_path) -> None:
    """The same tightly set page redacted in a process that imported woo first and one that imported PyMuPDF
    first: both lose nothing outside the boxes."""
    import subprocess
    import sys
    from pathlib import Path

    geometry = Path(__file__).with_name("test_redaction_geometry.py")
    for first in ("woo", "pymupdf"):
        code = (f"import sys, {first}, pytest; "
                f"sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '{geometry}', '-k', 'tightly_set', "
                f"'--basetemp', '{tmp_path / first}']))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, f"{first} first:\n{out.stdout[-3000:]}"
