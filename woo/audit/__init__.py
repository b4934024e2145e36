"""The audit trail as a compliance officer uses it: verify the hash chain, read a request's timeline, export a
compliance report (PDF) or the raw events (CSV, JSON), the dossier text for the Prefect UI, and year figures.

Writing events is :mod:`woo.audit`; this package only reads.
"""

from woo.audit.dossier import dossier_markdown
from woo.audit.export import (
    EVENT_FIELDS,
    ComplianceReport,
    ExportFormat,
    build_report,
    event_records,
    export_csv,
    export_json,
    export_pdf,
    export_request,
    report_html,
)
from woo.audit.legal_dates import DateCheck, DateStatus, LegalDates, legal_dates
from woo.audit.timeline import ACTION_LABELS_NL, TimelineEntry, action_label, summarise_payload, timeline
from woo.audit.verify import BreakKind, ChainBreak, ChainReport, verify_chain
from woo.reporting.statistics import YearStats, stats_csv, stats_rows, write_chart, year_statistics

__all__ = [
    "ACTION_LABELS_NL",
    "EVENT_FIELDS",
    "BreakKind",
    "ChainBreak",
    "ChainReport",
    "ComplianceReport",
    "DateCheck",
    "DateStatus",
    "ExportFormat",
    "LegalDates",
    "TimelineEntry",
    "YearStats",
    "action_label",
    "build_report",
    "dossier_markdown",
    "event_records",
    "export_csv",
    "export_json",
    "export_pdf",
    "export_request",
    "legal_dates",
    "report_html",
    "stats_csv",
    "stats_rows",
    "summarise_payload",
    "timeline",
    "verify_chain",
    "write_chart",
    "year_statistics",
]
