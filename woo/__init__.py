"""Shared services for handling Woo requests: settings, store, audit log, calendar, letters and CLI."""

import sys

__version__ = "0.1.0"

# PyMuPDF 2.0 imports its optional layout analyser (pymupdf.layout) on `import pymupdf`, and that builds an ONNX
# model: about 0.85 s CPU and 55 MB in every process that touches a PDF (each flow resume, each redaction
# worker). Nothing here uses layout analysis (Page.get_layout), and PyMuPDF catches the ImportError, so the module
# is marked absent before any woo module imports PyMuPDF. Its Markdown converter (pymupdf4llm) is left alone on
# purpose: importing it sets MuPDF's global text options (quad corrections off), and the redaction engine's box
# geometry is tuned to them (woo.redaction.pdfio states them too). A process that imported PyMuPDF earlier keeps
# the layout model.
sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
