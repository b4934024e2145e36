"""Shared services for handling Woo requests: settings, store, audit log, calendar, letters and CLI."""

import sys

__version__ = "0.1.0"

# PyMuPDF 2.0 imports its optional layout analyser (pymupdf.layout, which builds an ONNX model) and its Markdown
# converter (pymupdf4llm, which loads onnxruntime) on `import pymupdf`: CPU and memory in every process that touches
# a PDF (each flow resume, each redaction worker). Nothing here uses either, and PyMuPDF treats both as optional
# (it catches the ImportError), so they are marked absent before any woo module imports PyMuPDF. A process that
# imported PyMuPDF earlier keeps them.
for _optional in ("pymupdf.layout", "pymupdf4llm"):
    sys.modules.setdefault(_optional, None)  # type: ignore[arg-type]
