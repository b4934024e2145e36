"""Turn an HTML e-mail body into plain text, so none of its markup ever reaches the PDF renderer.

Scripts, styles and the head are dropped (a mail client shows none of them); images are not loaded but marked,
so an assessor can see that the message referred to one.
"""

from __future__ import annotations

from html.parser import HTMLParser

_SKIPPED = {"script", "style", "head", "title", "template", "object", "iframe", "svg"}
_BLOCKS = {
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0
        self._links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
            return
        if self._skip_depth:
            return
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")
        elif tag == "pre":
            self._pre_depth += 1
        elif tag in ("td", "th"):
            self.parts.append("  ")
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            self.parts.append(f"[afbeelding niet geladen{': ' + alt if alt else ''}]")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self._links.append(href if href.startswith(("http:", "https:", "mailto:")) else None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("img", "br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if self._skip_depth:
            return
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag == "a" and self._links:
            href = self._links.pop()
            # Showing the target keeps information a reader of the original could see by hovering.
            if href:
                self.parts.append(f" <{href.removeprefix('mailto:')}>")
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        self.parts.append(data if self._pre_depth else _spaced(data))


def _spaced(data: str) -> str:
    """Collapse whitespace as a browser would, keeping one space at either end where there was some."""
    core = " ".join(data.split())
    lead = " " if data[:1].isspace() else ""
    trail = " " if data[-1:].isspace() else ""
    return f"{lead}{core}{trail}"


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML document; markup, scripts and styles removed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "\n".join(line.strip() for line in "".join(parser.parts).split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
