"""Collecting e-mails: rendering, families of attachments, and hostile content."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

import woo.letters.pdf
from woo.documents import collect_folder


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "bron"
    folder.mkdir()
    return folder


@pytest.fixture
def fetched_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL the PDF renderer asks for while the test runs."""
    seen: list[str] = []
    original = woo.letters.pdf.AssetOnlyFetcher.fetch

    def spy(self, url, headers=None):
        seen.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(woo.letters.pdf.AssetOnlyFetcher, "fetch", spy)
    return seen


def _text(path: Path | None) -> str:
    assert path is not None
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def test_a_mail_is_rendered_with_dutch_headers_and_its_attachments_form_a_family(
    source, tmp_path, make_mail, make_pdf, make_png
):
    inner = make_mail(
        subject="Doorgestuurd verslag", attachments=[(make_pdf("Verslag"), "application", "pdf", "verslag.pdf")]
    )
    (source / "offerte.eml").write_bytes(
        make_mail(
            subject="Offerte herinrichting",
            body="Beste Sanne,\n\nHierbij de offerte.\n",
            attachments=[
                (make_pdf("Offerte"), "application", "pdf", "offerte.pdf"),
                (make_png(), "image", "png", "schets.png"),
                (b"PK\x03\x04", "application", "octet-stream", "begroting.xlsx"),
            ],
            nested=[inner],
        )
    )
    (source / "zz.pdf").write_bytes(make_pdf("Los"))

    collection = collect_folder(source, tmp_path / "store")
    mail, offer, sketch, sheet, forwarded, report, loose = collection.documents

    assert (mail.media_type, mail.title, str(mail.date)) == ("message/rfc822", "Offerte herinrichting", "2025-03-14")
    text = _text(mail.pdf_path)
    for expected in ("Van:", "Aan:", "Cc:", "Datum:", "Onderwerp:", "s.elzinga@voorbeeldstad.nl",
                     "14 maart 2025 10:15", "Hierbij de offerte.", "offerte.pdf"):  # fmt: skip
        assert expected in text
    assert [d.parent for d in (offer, sketch, sheet, forwarded)] == [mail.index] * 4
    assert {d.family for d in (offer, sketch, sheet, forwarded, report)} == {mail.index}
    assert offer.relative_path == "offerte.eml#offerte.pdf" and offer.pages == 1
    assert sketch.media_type == "image/png" and sketch.error is None
    assert sheet.error == "Bestandstype niet ondersteund: .xlsx"
    assert forwarded.title == "Doorgestuurd verslag" and forwarded.error is None
    assert report.parent == forwarded.index
    assert report.relative_path.endswith(".eml#verslag.pdf")
    assert (loose.family, loose.parent) == (loose.index, None)
    assert collection.counts["families"] == 1  # the forwarded mail belongs to the same family


def test_attachment_names_cannot_escape_anything(source, tmp_path, make_mail, make_pdf, make_png):
    (source / "mail.eml").write_bytes(
        make_mail(
            attachments=[
                (make_pdf("a"), "application", "pdf", "../../../../tmp/evil.pdf"),
                (make_png(), "image", "png", "/etc/cron.d/evil.png"),
                (make_pdf("c"), "application", "pdf", "..\\..\\windows\\evil2.pdf"),
                (make_pdf("d"), "application", "pdf", ".."),
            ]
        )
    )
    before = set(tmp_path.rglob("*"))

    _, *attachments = collect_folder(source, tmp_path / "store").documents

    assert [d.display_name for d in attachments] == ["evil.pdf", "evil.png", "evil2.pdf", "bijlage-4.pdf"]
    assert [d.relative_path for d in attachments][:2] == ["mail.eml#evil.pdf", "mail.eml#evil.png"]
    created = set(tmp_path.rglob("*")) - before
    assert all(p.is_relative_to(tmp_path / "store") for p in created)
    assert not any("evil" in p.name for p in created)
    assert [d.error for d in attachments[:3]] == [None, None, None]


def test_markup_in_a_plain_body_is_shown_as_text_and_loads_nothing(source, tmp_path, make_mail, fetched_urls):
    hostile = (
        '<img src="file:///etc/passwd"> <script>alert("x")</script> <link rel=stylesheet href="http://evil.nl/a.css">'
    )
    (source / "mail.eml").write_bytes(make_mail(subject="<b>Onderwerp</b>", body=f"Let op: {hostile}\n"))

    [mail] = collect_folder(source, tmp_path / "store").documents

    text = _text(mail.pdf_path)
    assert '<img src="file:///etc/passwd">' in text
    assert '<script>alert("x")</script>' in text
    assert "<b>Onderwerp</b>" in text
    assert not any(url.startswith(("file:", "http")) for url in fetched_urls)
    with pymupdf.open(mail.pdf_path) as doc:
        assert doc[0].get_images() == []


def test_an_html_only_body_becomes_text_without_scripts_or_loaded_images(source, tmp_path, make_mail, fetched_urls):
    html = (
        "<html><head><style>p{color:red}</style><script>stealCookies()</script></head><body>"
        '<p>Beste Peter,</p><p>Zie de <a href="https://voorbeeldstad.nl/plan">planning</a>.</p>'
        '<img src="file:///etc/passwd" alt="logo"><img src="http://evil.nl/pixel.gif">'
        "<ul><li>fase 1</li><li>fase 2</li></ul></body></html>"
    )
    (source / "mail.eml").write_bytes(make_mail(html=html, html_only=True))

    [mail] = collect_folder(source, tmp_path / "store").documents

    text = _text(mail.pdf_path)
    assert "Beste Peter," in text
    assert "planning <https://voorbeeldstad.nl/plan>" in text
    assert "[afbeelding niet geladen: logo]" in text
    assert "• fase 2" in text
    assert "stealCookies" not in text and "color:red" not in text
    assert not any(url.startswith(("file:", "http")) for url in fetched_urls)
    assert any("HTML" in note for note in mail.notes)
    with pymupdf.open(mail.pdf_path) as doc:
        assert doc[0].get_images() == []


def test_plain_text_is_preferred_over_the_html_alternative(source, tmp_path, make_mail):
    (source / "mail.eml").write_bytes(make_mail(body="Platte tekst\n", html="<p>HTML-versie</p>"))
    [mail] = collect_folder(source, tmp_path / "store").documents
    text = _text(mail.pdf_path)
    assert "Platte tekst" in text and "HTML-versie" not in text


def test_a_file_that_is_no_mail_is_an_error(source, tmp_path):
    (source / "nep.eml").write_bytes(b"\x00\x01 dit is geen e-mail\n\nzonder kopregels")
    [doc] = collect_folder(source, tmp_path / "store").documents
    assert doc.error is not None and doc.error.startswith("Geen geldig e-mailbericht")


def test_a_duplicate_mail_does_not_relist_its_attachments(source, tmp_path, make_mail, make_pdf):
    data = make_mail(attachments=[(make_pdf(), "application", "pdf", "bijlage.pdf")])
    (source / "a.eml").write_bytes(data)
    (source / "b.eml").write_bytes(data)

    collection = collect_folder(source, tmp_path / "store")

    assert [d.relative_path for d in collection.documents] == ["a.eml", "a.eml#bijlage.pdf", "b.eml"]
    assert collection.documents[2].duplicate_of == 1
    assert collection.documents[2].title == "Overleg Stationsplein"


def test_mails_nested_too_deeply_are_an_error_but_the_outer_ones_are_kept(source, tmp_path, make_mail):
    message = make_mail(subject="Niveau 4")
    for level in (3, 2, 1, 0):
        message = make_mail(subject=f"Niveau {level}", nested=[message])
    (source / "diep.eml").write_bytes(message)

    documents = collect_folder(source, tmp_path / "store").documents

    assert [d.title for d in documents] == [f"Niveau {n}" for n in range(5)][: len(documents)]
    assert [d.error is None for d in documents] == [True, True, True, False]
    assert documents[-1].error is not None and "te diep genest" in documents[-1].error
