"""Detect, apply and check in one pass, for one document or many in a process pool.

:func:`redact_pdf` is a pure function of its arguments (paths and options in, file and result out), so
:func:`redact_many` can run it in worker processes. One bad document never stops the others: its failure is
returned as a :class:`~woo.redaction.report.DocumentFailure`.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import sys
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from woo.redaction.apply import apply_in_document
from woo.redaction.detect import propose_in_document
from woo.redaction.errors import RedactionError
from woo.redaction.legal import PERSON_DECIDES
from woo.redaction.manual import ManualItem, manual_redactions
from woo.redaction.model import Category, RedactionJob
from woo.redaction.officials import Officials
from woo.redaction.pdfio import open_pdf, prepare_opened
from woo.redaction.report import CheckResult, DocumentFailure, DossierReport, RedactionResult
from woo.redaction.settle import Review, settle
from woo.schemas.grounds import Ground

_log = logging.getLogger(__name__)

Accept = Literal["all", "auto", "review", "proposed"]


def redact_pdf(
    in_path: Path,
    out_path: Path,
    *,
    officials: Officials | None = None,
    accept: Accept = "all",
    grounds: Mapping[Category, Ground] | None = None,
    review: Review | None = None,
    manual: Sequence[ManualItem] = (),
    document: int = 0,
) -> RedactionResult:
    """Detect personal data, redact it, save and check, with the PDF opened once for all of it.

    ``accept="all"`` is what the command line does (every proposal except business data, which only a
    person's answer applies); ``"proposed"`` applies every proposal, business data too (the copy a third party is
    consulted on); ``"auto"`` leaves names and other uncertain finds for a reviewer; ``"review"`` settles every
    proposal with ``review`` (:func:`~woo.redaction.settle.settle`) and
    adds the reviewer's ``manual`` redactions of ``document``: the request flow. A manual item that cannot be
    placed fails the check with a Dutch reason (a person must look), it never raises.
    Raises :class:`~woo.redaction.errors.RedactionInputError` for unusable input.
    """
    if accept not in ("all", "auto", "review", "proposed"):
        raise ValueError(f"accept must be 'all', 'auto', 'review' or 'proposed', not {accept!r}")
    opened = open_pdf(in_path)
    try:
        warnings = opened.warnings + prepare_opened(opened)
        proposals = propose_in_document(opened.doc, opened.fingerprint, officials=officials, grounds=grounds)
        if accept != "review":
            # Business data are a legal judgement: not even "all" applies them (woo.redaction.legal); "proposed"
            # shows every proposal, those included, on a copy of what is intended (the third party's view).
            chosen = (proposals if accept == "proposed"
                      else [p for p in proposals if p.category not in PERSON_DECIDES] if accept == "all"
                      else [p for p in proposals if p.auto_accept])
            return apply_in_document(opened.doc, opened.fingerprint, in_path.name, out_path, chosen, warnings,
                                     baseline_pages=opened.page_texts)
        settled = settle(proposals, review)
        accepted = {s.proposal_id for s in settled if s.accepted}
        placed, problems = manual_redactions(opened.doc, manual, document=document)
        result = apply_in_document(opened.doc, opened.fingerprint, in_path.name, out_path,
                                   [*(p for p in proposals if p.id in accepted), *placed], warnings,
                                   baseline_pages=opened.page_texts)
    finally:
        opened.doc.close()
    result.proposals, result.settled = proposals, settled
    if problems:
        result.check = CheckResult(ok=False, problems=[*result.check.problems, *problems], checks=result.check.checks)
    return result


def run_job(job: RedactionJob) -> RedactionResult | DocumentFailure:
    """One document of a dossier; bad input becomes a :class:`DocumentFailure` instead of an exception."""
    source = Path(job.in_path).name
    try:
        accept: Accept = "review" if job.accept == "review" else "auto" if job.accept == "auto" else "all"
        result = redact_pdf(Path(job.in_path), Path(job.out_path), officials=job.officials, accept=accept,
                            grounds=job.grounds or None, review=job.review, manual=job.manual,
                            document=job.document)
    except RedactionError as exc:
        return DocumentFailure(source, str(exc))
    except Exception as exc:  # a MuPDF crash on one file must not take down the dossier
        _log.error("redacting a document failed unexpectedly (%s)", type(exc).__name__)  # no text in logs
        return DocumentFailure(source, f"Onverwachte fout bij het lakken van {source} ({type(exc).__name__}).")
    if job.report_path:
        Path(job.report_path).write_text(json.dumps(result.to_report_dict(), indent=2, ensure_ascii=False),
                                         encoding="utf-8")
    return result


def redact_many(jobs: Iterable[RedactionJob], workers: int = 2) -> DossierReport:
    """Redact many documents, ``workers`` at a time in separate processes; results keep the jobs' order."""
    job_list = list(jobs)
    if workers <= 1 or len(job_list) <= 1:
        return DossierReport.of(run_job(j) for j in job_list)
    # Spawned, not forked: the caller is often a Prefect flow process with threads (its API log and event
    # workers) and a forked child inherits their locks in whatever state they were.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        with _workers_skip_main_module():  # a spawn pool starts all its workers at the first submit
            futures = [pool.submit(run_job, job) for job in job_list]
        return DossierReport.of(future.result() for future in futures)


@contextmanager
def _workers_skip_main_module() -> Iterator[None]:
    """Start spawned workers without importing the caller's main module again.

    A spawned child runs the parent's ``__main__`` module first (as ``__mp_main__``). In a flow run that is
    ``python -m prefect.engine``, i.e. all of Prefect, about 2 s of CPU per worker before it redacts a page; the
    workers need nothing from it (:func:`run_job` lives here). multiprocessing skips that step for a main module
    with neither a spec nor a file, which is what the workers are shown while they start.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main
