"""A manual redaction given as text: every occurrence on its page, tolerant to how the page sets it; an answer
whose text is not on its page is refused, and the redact step never crashes on a manual item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import select
from stepping import run_now

from woo.case import UnitOfWork
from woo.letters.pdf import html_to_pdf
from woo.redaction import apply_redactions
from woo.redaction.manual import manual_redactions_for, text_not_found
from woo.schemas.grounds import Ground


class Item:
    def __init__(self, page: int, text: str | None = None, rect: tuple[float, float, float, float] | None = None):
        self.page, self.text, self.rect, self.ground = page, text, rect, Ground.PRIVACY


def _letter(path: Path) -> Path:
    html = """<html><body style="font-family: serif; font-size: 11pt; width: 9cm">
    <p>Op de bijeenkomst sprak Jan-Willem van Oranje-Nassau namens de werkgroep; hij verwees naar de wijk
    Stationsplein-Oost. Ook de voorzitter van de werkgroep was er.</p>
    <p>Daarna sprak de heer Jan-Willem van Oranje-Nassau opnieuw over de werkgroep.</p>
    <p style="hyphens: manual">Over de Kloos&shy;terweg werd niet gesproken.</p>
    </body></html>"""
    path.write_bytes(html_to_pdf(html))
    return path


def test_every_occurrence_is_found_across_line_breaks_and_gives_a_box_per_line(tmp_path: Path) -> None:
    src = _letter(tmp_path / "brief.pdf")
    with pymupdf.open(src) as doc:
        text = doc[0].get_text()
    assert "Oranje-\nNassau" in text or "van\nOranje" in text or "Jan-\nWillem" in text  # really broken

    found, problems = manual_redactions_for(src, [Item(1, "jan-willem  van oranje-nassau")], document=3)
    assert not problems
    assert len(found) == 2  # both occurrences, case and spacing ignored
    assert any(len(r.rects) == 2 for r in found)  # the one broken over two lines has two boxes
    result = apply_redactions(src, tmp_path / "out.pdf", found)
    assert result.check.ok, result.check.problems
    with pymupdf.open(tmp_path / "out.pdf") as doc:
        after = " ".join(doc[0].get_text().split())
    assert "Oranje" not in after and "Willem" not in after and "Nassau" not in after
    assert "namens de werkgroep" in after and "opnieuw over de werkgroep" in after


def test_a_word_hyphenated_at_the_end_of_a_line_is_found_without_its_hyphen(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "De bewoner woont aan de Kloos-", fontsize=11)
    page.insert_text((72, 114), "terweg in Voorbeeldstad.", fontsize=11)
    doc.save(tmp_path / "brief.pdf")
    found, problems = manual_redactions_for(tmp_path / "brief.pdf", [Item(1, "Kloosterweg")], document=1)
    assert not problems and len(found) == 1 and len(found[0].rects) == 2
    result = apply_redactions(tmp_path / "brief.pdf", tmp_path / "out.pdf", found)
    assert result.check.ok, result.check.problems
    with pymupdf.open(tmp_path / "out.pdf") as done:
        after = done[0].get_text()
    assert "Kloos" not in after and "terweg" not in after and "in Voorbeeldstad." in after


def test_whole_words_only(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "In januari sprak Jan met Jansen.", fontsize=11)
    doc.save(tmp_path / "brief.pdf")
    found, _ = manual_redactions_for(tmp_path / "brief.pdf", [Item(1, "Jan")], document=1)
    assert len(found) == 1


def test_a_text_that_is_not_on_its_page_is_a_dutch_problem_naming_document_and_page_not_the_text(
        tmp_path: Path) -> None:
    src = _letter(tmp_path / "brief.pdf")
    found, problems = manual_redactions_for(src, [Item(1, "Pieter Post"), Item(4, "werkgroep")], document=7)
    assert found == []
    assert problems[0] == ("Handmatige lakking 1 (document 7, pagina 1): de opgegeven tekst is niet gevonden op "
                           "die pagina.")
    assert "document 7, pagina 4" in problems[1] and "pagina's" in problems[1]
    refused = text_not_found(src, document=7, page=1, text="Pieter Post", field="review.manual.0.text")
    assert refused == ["review.manual.0.text: de opgegeven tekst is niet gevonden op die pagina "
                       "(document 7, pagina 1)"]
    assert not any("Pieter" in p or "werkgroep" in p for p in problems + refused)
    assert text_not_found(src, document=7, page=1, text="Oranje-Nassau", field="x") == []


def test_on_a_scan_the_text_is_found_in_what_ocr_read(tmp_path: Path) -> None:
    from woo.demo.images import scanned_letter_png

    png = scanned_letter_png("Geacht college,\n\nMijn buurman Gerrit Zwanenburg klaagt ook.\n\nMet groet", dpi=150)
    with pymupdf.open(stream=png, filetype="png") as image:
        pymupdf.open("pdf", image.convert_to_pdf()).save(tmp_path / "scan.pdf")
    found, problems = manual_redactions_for(tmp_path / "scan.pdf", [Item(1, "Gerrit Zwanenburg")], document=2)
    assert not problems and len(found) == 1
    result = apply_redactions(tmp_path / "scan.pdf", tmp_path / "out.pdf", found)
    assert result.check.ok, result.check.problems
    assert result.check.checks["ocr_redacted"]


# --- the flow's steps: answer check and redact step, on a real store ------------------------------------------


@pytest.fixture
def stored_request(woo_home: Path, tmp_path: Path) -> tuple[str, Path]:
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RequestRow

    pdf = _letter(tmp_path / "brief.pdf")
    with session_scope() as s:
        s.add(RequestRow(id="wr-manual", intake_sha256="0" * 64, intake={}, status="in_progress"))
        s.flush()
        s.add(DocumentRow(request_id="wr-manual", number=1, source_path=str(pdf), display_name="brief.pdf",
                          media_type="application/pdf", pages=1, title="Brief", pdf_path=str(pdf)))
    return "wr-manual", pdf


def _answer(text: str) -> dict[str, object]:
    return {"accept_all": True, "answered_by": "m.devries",
            "manual": [{"document": 1, "page": 1, "text": text, "ground": "5.1.2e"}],
            # 5.1.2e is weighed per document: a concrete reason is part of the answer.
            "reasons": [{"document": 1, "ground": "5.1.2e",
                         "reason": "De naam is van een bewoner zonder publieke rol in de werkgroep."}]}


def test_the_review_answer_is_refused_when_the_text_is_not_on_the_page(stored_request: tuple[str, Path]) -> None:
    from woo.errors import AnswerRefused
    from woo.questions.catalogue import check_and_store
    from woo.questions.forms import FORM_TEXT_PATHS
    from woo.questions.texts import texts_to_refs
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    with session_scope() as s:
        req = s.get(RequestRow, stored_request[0])

        def answer(text: str) -> dict[str, object]:
            # As `woo answer` gives it: the text in the store, a reference in the answer.
            return texts_to_refs(UnitOfWork.joining(s), req.id, _answer(text), FORM_TEXT_PATHS["review"],
                                 by="m.devries")

        with pytest.raises(AnswerRefused) as refused:
            check_and_store(UnitOfWork.joining(s), req, "review", answer("Pieter Post"), today=dt.date.today())
        assert refused.value.problems == ["review.manual.0.text: de opgegeven tekst is niet gevonden op die "
                                          "pagina (document 1, pagina 1)"]
        actor = check_and_store(UnitOfWork.joining(s), req, "review", answer("Oranje-Nassau"), today=dt.date.today())
        assert actor == "m.devries"


def test_the_redact_step_applies_a_manual_text_and_never_crashes_on_it(stored_request: tuple[str, Path]) -> None:
    from woo.process.redact import redact
    from woo.questions.answers import store_answers
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RedactionRow, RequestRow

    request_id, _ = stored_request
    with session_scope() as s:
        store_answers(UnitOfWork.joining(s), s.get(RequestRow, request_id),
                      {"redaction_review": _answer("Jan-Willem van Oranje-Nassau")})
    summary = run_now(redact, request_id)
    assert summary.check_failed == 0
    with session_scope() as s:
        doc = s.scalars(select(DocumentRow).where(DocumentRow.request_id == request_id)).one()
        assert doc.check_ok is True, doc.check_problems
        manual = s.scalars(select(RedactionRow).where(RedactionRow.proposal_id.is_(None))).all()
        assert len(manual) >= 3 and all(r.status == "applied" and len(r.rect) == 4 for r in manual)  # 2 found
        out = Path(doc.redacted_path)
    with pymupdf.open(out) as done:
        assert "Nassau" not in done[0].get_text()

    # A text that is no longer on the page (answered before the document changed): held, not a crash.
    with session_scope() as s:
        store_answers(UnitOfWork.joining(s), s.get(RequestRow, request_id),
                      {"redaction_review": _answer("Pieter Post")})
    summary = run_now(redact, request_id)
    assert summary.check_failed == 1
    with session_scope() as s:
        doc = s.scalars(select(DocumentRow).where(DocumentRow.request_id == request_id)).one()
        assert doc.check_ok is False
        assert any("niet gevonden" in p for p in doc.check_problems)
