"""The check on the saved file demands that every redacted occurrence is gone, not that a word vanishes."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from woo.redaction import apply_redactions, propose_redactions
from woo.redaction.model import Category
from woo.redaction.verify import verify_redacted


def _pdf(path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 72 + 20 * i), line, fontsize=11)
    doc.save(path)
    return path


def test_a_name_left_visible_elsewhere_does_not_fail_the_check_but_a_surviving_occurrence_does(tmp_path):
    pdf = _pdf(tmp_path / "in.pdf", ["Bouwbedrijf Jansen levert.", "Contact: J. Jansen, tel 06-12345678."])
    out = tmp_path / "out.pdf"
    # Redact only the person on line two; the company name on line one stays visible on purpose.
    proposals = [p for p in propose_redactions(pdf) if p.page == 0 and p.rects[0][1] > 80]
    result = apply_redactions(pdf, out, proposals)
    assert any(p.category is Category.PHONE for p in proposals)
    assert result.check.ok, result.check.problems
    text = pymupdf.open(out)[0].get_text()
    assert "06-12345678" not in text and "Bouwbedrijf Jansen" in text

    # The same output checked as if both occurrences had been redacted: one survives, so it fails.
    baseline = pymupdf.open(pdf)[0].get_text()
    check = verify_redacted(out, ["Jansen", "Jansen"], baseline_text=baseline)
    assert not check.ok and any("nog leesbaar" in p for p in check.problems)
