"""Letters rendered to PDF: valid files with the key phrases, and hostile requester text kept inert."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pymupdf
import pytest
from letters_samples import HOSTILE_NAME, HOSTILE_SUBJECT, sample_decision

from woo.letters import (
    AcknowledgementContext,
    Letter,
    Recipient,
    acknowledgement,
    decision,
    render_letter_pdf,
)
from woo.letters.pdf import AssetOnlyFetcher


def pdf_text(pdf: bytes) -> tuple[int, str, pymupdf.Document]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    text = "\n".join(page.get_text() for page in doc)
    return doc.page_count, " ".join(text.split()), doc


@pytest.fixture(scope="module")
def decision_pdf() -> tuple[Letter, bytes]:
    # One rendering shared by the tests below; WeasyPrint takes a second or two per letter.
    letter = decision(sample_decision())
    return letter, letter.pdf()


def test_decision_pdf_is_valid_and_says_what_matters(decision_pdf) -> None:
    _, pdf = decision_pdf
    assert pdf.startswith(b"%PDF-")
    pages, text, _ = pdf_text(pdf)
    assert pages >= 2
    for phrase in ("WOO-2026-0001", "30 november 2026", "Besluit op uw Woo-verzoek", "gedeeltelijk openbaar",
                   "Belangenafweging", "zes weken", "namens het college van burgemeester en wethouders",
                   "Bijlage: inventarislijst"):
        assert phrase in text, phrase


def test_inventory_annex_starts_on_a_new_page_and_lists_every_row(decision_pdf) -> None:
    _, pdf = decision_pdf
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    first_annex = next(i for i, page in enumerate(doc) if "Bijlage: inventarislijst" in page.get_text())
    assert "Ons besluit" not in doc[first_annex].get_text()
    annex_text = " ".join(" ".join(doc[i].get_text() for i in range(first_annex, doc.page_count)).split())
    for title in ("E-mail over parkeertarieven", "Bijlage: tarievenoverzicht", "Advies aan de wethouder",
                  "Offerte handhavingsbureau", "Raadsinformatiebrief parkeren"):
        assert title in annex_text, title
    assert "5.1.2e, 5.1.2i" in annex_text


def test_render_letter_pdf_matches_letter_pdf(decision_pdf) -> None:
    letter, pdf = decision_pdf
    assert pdf_text(render_letter_pdf(letter.html))[1] == pdf_text(pdf)[1]


def test_hostile_requester_text_is_escaped_and_never_loaded(organisation, request_summary,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []
    original = AssetOnlyFetcher.fetch

    def spy(self: AssetOnlyFetcher, url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(AssetOnlyFetcher, "fetch", spy)
    ctx = AcknowledgementContext(
        organisation=organisation, recipient=Recipient(HOSTILE_NAME, "Dorpsstraat 1\n1234 AB Ergens"),
        request=replace(request_summary, subject=HOSTILE_SUBJECT),
        letter_date=date(2026, 10, 6), decision_due=date(2026, 11, 2),
    )
    letter = acknowledgement(ctx)
    assert "<img" not in letter.html and "<script" not in letter.html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; Jansen" in letter.html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in letter.html

    _, text, doc = pdf_text(letter.pdf())
    assert fetched == ["woo-asset:/letter.css"]
    assert all(not page.get_images() for page in doc)
    assert '<img src="file:///etc/passwd"> Jansen' in text
    assert "<script>alert('x')</script>" in text
    assert "2 november 2026" in text
