"""Report numbers: counts per ground and category, blacked-out share, withheld pages, no redacted text."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from redaction_pdfs import assert_absent, text_pdf

from woo.letters.pdf import html_to_pdf
from woo.redaction import (
    Category,
    DossierReport,
    ManualRedaction,
    apply_redactions,
    propose_redactions,
    propose_with_review_copy,
    redact_pdf,
    verify_redacted,
    write_review_copy,
)
from woo.schemas.grounds import Ground


def _two_pages(path: Path) -> Path:
    path.write_bytes(html_to_pdf(
        "<p>Geachte heer Jansen, uw BSN is 123456782 en uw IBAN NL91 ABNA 0417 1643 00.</p>"
        '<p style="page-break-before: always">Persoonlijke beleidsopvatting van de adviseur.</p>'
    ))
    return path


def test_counts_per_ground_and_category_and_no_text_in_the_report(tmp_path: Path) -> None:
    result = redact_pdf(_two_pages(tmp_path / "in.pdf"), tmp_path / "out.pdf")
    assert result.counts_by_ground == {"5.1.1e": 1, "5.1.2e": 2}
    assert result.counts_by_category == {"bsn": 1, "iban": 1, "person_name": 1}
    dumped = json.dumps(result.to_report_dict())
    for secret in ("Jansen", "123456782", "NL91"):
        assert secret not in dumped
    assert all(len(r["text_sha256"]) == 64 for r in result.to_report_dict()["redactions"])


def test_share_blacked_out_and_whole_page_withheld(tmp_path: Path) -> None:
    src = _two_pages(tmp_path / "in.pdf")
    box = (100.0, 100.0, 397.5, 521.0)  # a quarter of an A4 page (595 x 842)
    accepted = [
        ManualRedaction(page=0, rects=(box, box), ground=Ground.PRIVACY),  # overlap counted once
        ManualRedaction.page_withheld(1, Ground.PERSONAL_POLICY_VIEWS),
    ]
    result = apply_redactions(src, tmp_path / "out.pdf", accepted)
    assert result.check.ok, result.check.problems
    assert abs(result.page_share[0] - 0.25) < 0.001
    assert result.page_share[1] == 1.0
    assert result.withheld_pages == [1]
    assert result.mostly_black_pages == []
    assert pymupdf.open(tmp_path / "out.pdf")[1].get_text().split() == ["5.2"]


def test_mostly_black_page_gets_a_warning(tmp_path: Path) -> None:
    src = _two_pages(tmp_path / "in.pdf")
    result = apply_redactions(src, tmp_path / "out.pdf",
                              [ManualRedaction(page=0, rects=((0, 0, 595, 500),), ground=Ground.PRIVACY)])
    assert result.mostly_black_pages == [0]
    assert any("Pagina 1" in w and "zwart" in w for w in result.all_warnings())


def test_auto_mode_leaves_names_for_the_reviewer(tmp_path: Path) -> None:
    result = redact_pdf(_two_pages(tmp_path / "in.pdf"), tmp_path / "out.pdf", accept="auto")
    assert result.counts_by_category == {"bsn": 1, "iban": 1}
    assert "Jansen" in pymupdf.open(tmp_path / "out.pdf")[0].get_text()


def test_proposals_carry_stable_ids_and_the_review_copy_only_highlights(tmp_path: Path) -> None:
    src = _two_pages(tmp_path / "in.pdf")
    first, again = propose_redactions(src), propose_redactions(src)
    assert [p.id for p in first] == [p.id for p in again]
    assert {p.category for p in first} == {Category.BSN, Category.IBAN, Category.PERSON_NAME}
    write_review_copy(src, tmp_path / "review.pdf", first)
    review = pymupdf.open(tmp_path / "review.pdf")
    assert len(list(review[0].annots())) == sum(len(p.rects) for p in first)
    assert "123456782" in review[0].get_text()  # nothing removed in a review copy


def test_the_proposal_step_opens_each_pdf_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _two_pages(tmp_path / "in.pdf")
    expected = propose_redactions(src)
    opened: list[object] = []
    real_open = pymupdf.open

    def counting_open(*args: object, **kwargs: object) -> pymupdf.Document:
        opened.append(args or kwargs.get("filename"))
        return real_open(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(pymupdf, "open", counting_open)
        proposals = propose_with_review_copy(src, tmp_path / "review.pdf")
    assert len(opened) == 1
    assert proposals == expected
    review = pymupdf.open(tmp_path / "review.pdf")
    assert len(list(review[0].annots())) == sum(len(p.rects) for p in proposals if p.page == 0)
    assert "123456782" in review[0].get_text()  # nothing removed in a review copy


def test_failed_check_blocks_publication(tmp_path: Path) -> None:
    src = text_pdf(tmp_path / "in.pdf", ["Mevrouw Jansen belde."])
    check = verify_redacted(src, ["Jansen"], boxes=[(0, (72.0, 88.0, 200.0, 104.0))])
    assert not check.ok
    assert not check.checks["boxes_black"]
    assert check.problems


def test_dossier_report_aggregates_documents(tmp_path: Path) -> None:
    a = redact_pdf(_two_pages(tmp_path / "a.pdf"), tmp_path / "a_out.pdf")
    b = redact_pdf(_two_pages(tmp_path / "b.pdf"), tmp_path / "b_out.pdf")
    report = DossierReport.of([a, b]).to_report_dict()
    assert report["document_count"] == 2 and report["page_count"] == 4
    assert report["counts_by_ground"] == {"5.1.1e": 2, "5.1.2e": 4}
    assert report["blocked"] == []


def test_redacted_output_is_clean_for_both_parsers(tmp_path: Path) -> None:
    redact_pdf(_two_pages(tmp_path / "in.pdf"), tmp_path / "out.pdf")
    assert_absent(tmp_path / "out.pdf", "Jansen", "123456782", "NL91 ABNA 0417 1643 00")
