"""Render e-mails and plain text to PDF through escaped HTML templates and :func:`woo.letters.pdf.html_to_pdf`.

Every value is escaped by Jinja2's autoescape, so text from a sender (``<img src=...>``, ``<script>``) is shown
as text and never interpreted; the renderer itself would refuse any URL outside the project's assets as well.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from woo.letters.pdf import html_to_pdf

# Characters HTML cannot carry; replaced rather than dropped so the reader sees that something was there.
_UNPRINTABLE = {c: "\ufffd" for c in range(32) if chr(c) not in "\n\t"} | {0x7F: "\ufffd"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("woo.documents", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
    )


def printable(text: str) -> str:
    """Text with control characters (other than newline and tab) made visible as U+FFFD."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_UNPRINTABLE)


def render_html(template: str, **context: object) -> str:
    """The HTML of a rendition template; exposed so content can be tested without rendering a PDF."""
    return _environment().get_template(template).render(**context)


def text_to_pdf(title: str, text: str) -> bytes:
    """A PDF showing ``text`` literally, under ``title``."""
    return html_to_pdf(render_html("text.html", title=printable(title), body=printable(text)))


def mail_to_pdf(subject: str, headers: list[tuple[str, str]], body: str, attachments: list[str]) -> bytes:
    """A PDF of an e-mail: header table, list of attachment names and the body text."""
    return html_to_pdf(
        render_html(
            "mail.html",
            subject=printable(subject),
            headers=[(label, printable(value)) for label, value in headers],
            body=printable(body),
            attachments=[printable(name) for name in attachments],
        )
    )
