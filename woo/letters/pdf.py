"""Render HTML to PDF with WeasyPrint, reading nothing but the project's own assets.

Text from a requester or from a collected e-mail ends up in HTML we render. A ``<img src="file:///etc/passwd">``
or a link to a remote stylesheet in that text must never make the renderer read a local file or reach the
network, so every URL goes through :class:`AssetOnlyFetcher`, which serves files from ``woo/assets`` by name
and refuses everything else.
"""

from __future__ import annotations

import logging

from woo.errors import Permanent

ASSET_SCHEME = "woo-asset"
ASSET_BASE_URL = f"{ASSET_SCHEME}:/"

_log = logging.getLogger(__name__)
# Without HarfBuzz-Subset WeasyPrint warns on every render that it falls back to fontTools; the output is the
# same, and the noise would bury the flow's own progress lines. (Set before WeasyPrint is imported: a logger's
# level holds whenever the library first logs.)
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class RefusedURL(Permanent, ValueError):
    """A document asked for a resource outside the project's own assets."""


def __getattr__(name: str) -> object:
    # The fetcher subclasses WeasyPrint's own, so it is loaded with WeasyPrint, when the first PDF is rendered:
    # importing the letters (a resumed flow run, `woo deadlines`) does not load the renderer.
    if name == "AssetOnlyFetcher":
        from woo.letters._fetcher import AssetOnlyFetcher

        return AssetOnlyFetcher
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def asset_url(name: str) -> str:
    """The URL under which templates refer to a packaged asset, e.g. ``asset_url("letter.css")``."""
    return f"{ASSET_SCHEME}:/{name}"


ARCHIVAL_VARIANT = "pdf/a-3a"
"""Letters are kept for decades and read with screen readers: PDF/A-3 at conformance level A, which is archival
(fonts embedded, sRGB output intent, XMP metadata with pdfaid) *and* tagged (structure tree, MarkInfo, language).
WeasyPrint takes one variant per document, so 'pdf/a-3b' plus 'pdf/ua-1' cannot be combined; level A is the
PDF/A conformance that requires the tagging PDF/UA builds on."""


def html_to_pdf(html: str, *, archival: bool = True) -> bytes:
    """Render an HTML string to PDF bytes; only ``woo-asset:/NAME`` URLs are ever loaded.

    ``archival`` (the default, for every letter) writes PDF/A-3a; the demo's fictitious source documents pass
    False, since real incoming documents are rarely archival."""
    from weasyprint import HTML

    from woo.letters._fetcher import AssetOnlyFetcher

    fetcher = AssetOnlyFetcher()
    options = {"pdf_variant": ARCHIVAL_VARIANT} if archival else {}
    pdf = HTML(string=html, base_url=ASSET_BASE_URL, url_fetcher=fetcher).write_pdf(**options)
    if fetcher.refused:
        _log.warning("renderer refused %d external resource(s)", len(fetcher.refused))
    assert pdf is not None
    return bytes(pdf)  # WeasyPrint ships no types
