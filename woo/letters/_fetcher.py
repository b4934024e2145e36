"""The WeasyPrint URL fetcher of :mod:`woo.letters.pdf`, apart so that WeasyPrint loads only when a PDF is made."""

from __future__ import annotations

from importlib import resources
from pathlib import PurePosixPath

from weasyprint.urls import URLFetcher, URLFetcherResponse

from woo.letters.pdf import ASSET_SCHEME, RefusedURL

__all__ = ["AssetOnlyFetcher"]


class AssetOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """A WeasyPrint URL fetcher that serves only ``woo-asset:/NAME`` from the packaged assets folder."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=[ASSET_SCHEME], allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not url.startswith(f"{ASSET_SCHEME}:"):
            self.refused.append(url)
            raise RefusedURL(f"refused to fetch {url[:80]!r}: only the project's own assets may be loaded")
        name = PurePosixPath(url.split(":", 1)[1].lstrip("/"))
        if len(name.parts) != 1 or name.name.startswith("."):
            self.refused.append(url)
            raise RefusedURL(f"refused asset path {url[:80]!r}")
        asset = resources.files("woo.assets").joinpath(name.name)
        if not asset.is_file():
            raise RefusedURL(f"no such asset {name.name!r}")
        data = asset.read_bytes()
        media = "text/css" if name.suffix == ".css" else "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": media})
