"""Collecting plain files: PDFs, images, text, and every kind of bad input."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pymupdf
import pytest

from woo.documents import collect_folder


def _collect(source: Path, tmp_path: Path, **kwargs: int):
    return collect_folder(source, tmp_path / "store", **kwargs)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "bron"
    folder.mkdir()
    return folder


def test_a_pdf_is_kept_byte_for_byte_and_its_original_is_read_only(source, tmp_path, make_pdf):
    data = make_pdf("Besluit", created="D:20250314101500+01'00'")
    (source / "besluit_college-voorbeeldstad.pdf").write_bytes(data)

    [doc] = _collect(source, tmp_path).documents

    assert doc.error is None
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.original_path == tmp_path / "store" / "originals" / doc.sha256
    assert doc.original_path.read_bytes() == data
    assert stat.S_IMODE(doc.original_path.stat().st_mode) == 0o444
    assert doc.pdf_path == tmp_path / "store" / "pdf" / f"{doc.sha256}.pdf"
    assert doc.pdf_path.read_bytes() == data
    assert (doc.pages, doc.media_type, doc.size_bytes) == (1, "application/pdf", len(data))
    assert doc.title == "Besluit college voorbeeldstad"
    assert str(doc.date) == "2025-03-14"
    assert (doc.family, doc.parent, doc.duplicate_of) == (doc.index, None, None)


def test_a_pdf_without_creation_date_has_no_date(source, tmp_path, make_pdf):
    (source / "a.pdf").write_bytes(make_pdf(pages=3))
    [doc] = _collect(source, tmp_path).documents
    assert doc.date is None
    assert doc.pages == 3


def test_a_corrupt_pdf_is_an_error_and_the_next_file_is_still_collected(source, tmp_path, make_pdf):
    (source / "a kapot.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pa\x00\xff")
    (source / "b goed.pdf").write_bytes(make_pdf())

    corrupt, good = _collect(source, tmp_path).documents

    assert corrupt.error is not None and corrupt.error.startswith("Beschadigde PDF")
    assert corrupt.pdf_path is None and corrupt.pages is None
    assert corrupt.original_path is not None and corrupt.original_path.exists()
    assert good.error is None and good.pages == 1


def test_an_encrypted_pdf_is_an_error_naming_the_password(source, tmp_path, make_pdf):
    with pymupdf.open(stream=make_pdf(), filetype="pdf") as doc:
        encrypted = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="geheim", owner_pw="eigenaar")
    (source / "versleuteld.pdf").write_bytes(encrypted)

    [doc] = _collect(source, tmp_path).documents

    assert doc.error == "Versleutelde PDF: kan niet worden beoordeeld zonder wachtwoord"
    assert doc.pdf_path is None


def test_an_empty_folder_gives_an_empty_collection(source, tmp_path):
    collection = _collect(source, tmp_path)
    assert collection.documents == []
    assert collection.counts == {
        "found": 0, "readable": 0, "errors": 0, "duplicates": 0, "pages": 0, "families": 0,
    }  # fmt: skip


def test_a_missing_source_folder_is_refused_in_dutch(tmp_path):
    with pytest.raises(NotADirectoryError, match="Bronmap niet gevonden"):
        collect_folder(tmp_path / "bestaat-niet", tmp_path / "store")


def test_an_empty_file_is_an_error(source, tmp_path):
    (source / "leeg.pdf").write_bytes(b"")
    [doc] = _collect(source, tmp_path).documents
    assert doc.error is not None and doc.error.startswith("Leeg bestand")
    assert doc.sha256 is None


def test_an_oversized_file_is_an_error_and_is_not_stored(source, tmp_path, make_pdf):
    (source / "groot.pdf").write_bytes(make_pdf() + b"\n" * 3 * 2**20)

    [doc] = _collect(source, tmp_path, max_file_bytes=2 * 2**20).documents

    assert doc.error is not None
    assert doc.error.startswith("Bestand te groot (")
    assert "maximum 2 MB" in doc.error
    assert doc.sha256 is None and doc.original_path is None
    assert list((tmp_path / "store" / "originals").iterdir()) == []


def test_an_unsupported_type_names_its_extension(source, tmp_path):
    (source / "notitie.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (source / "zonder-extensie").write_bytes(b"iets")

    docx, bare = _collect(source, tmp_path).documents

    assert docx.error == "Bestandstype niet ondersteund: .docx"
    assert bare.error is not None and bare.error.startswith("Bestandstype niet ondersteund: bestand zonder extensie")


def test_hidden_and_system_files_are_skipped_with_a_note(source, tmp_path, make_pdf):
    (source / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (source / "Thumbs.db").write_bytes(b"thumbs")
    (source / ".verborgen").mkdir()
    (source / ".verborgen" / "geheim.pdf").write_bytes(make_pdf())
    (source / "zichtbaar.pdf").write_bytes(make_pdf())

    collection = _collect(source, tmp_path)

    assert [d.relative_path for d in collection.documents] == ["zichtbaar.pdf"]
    assert any(".DS_Store" in note for note in collection.notes)
    assert any(".verborgen" in note for note in collection.notes)


def test_an_image_becomes_a_pdf_with_one_page_per_frame(source, tmp_path, make_png):
    (source / "scan_brief-bewoner.png").write_bytes(make_png())
    [doc] = _collect(source, tmp_path).documents
    assert doc.error is None
    assert doc.media_type == "image/png"
    assert doc.pages == 1
    with pymupdf.open(doc.pdf_path) as pdf:
        assert pdf.is_pdf and len(pdf[0].get_images()) == 1
    assert doc.title == "Scan brief bewoner"


def test_an_image_that_is_not_an_image_is_an_error(source, tmp_path):
    (source / "foto.jpg").write_bytes(b"this is no jpeg at all")
    [doc] = _collect(source, tmp_path).documents
    assert doc.error is not None and doc.error.startswith("Afbeelding kan niet worden gelezen")


def test_text_is_rendered_and_cp1252_falls_back_with_a_note(source, tmp_path):
    (source / "a-utf8.txt").write_bytes("Café <b>vet</b> & zo".encode())
    (source / "b-oud.txt").write_bytes("Geachte heer Müller, één".encode("cp1252"))

    utf8, legacy = _collect(source, tmp_path).documents

    with pymupdf.open(utf8.pdf_path) as pdf:
        assert "Café <b>vet</b> & zo" in pdf[0].get_text()
    assert utf8.notes == []
    with pymupdf.open(legacy.pdf_path) as pdf:
        assert "Geachte heer Müller, één" in pdf[0].get_text()
    assert any("Windows-1252" in note for note in legacy.notes)


def test_exact_duplicates_point_to_the_first_and_share_its_rendition(source, tmp_path, make_pdf):
    data = make_pdf("Offerte")
    (source / "a.pdf").write_bytes(data)
    (source / "sub").mkdir()
    (source / "sub" / "kopie.pdf").write_bytes(data)

    collection = _collect(source, tmp_path)
    first, copy = collection.documents

    assert copy.relative_path == "sub/kopie.pdf"
    assert copy.duplicate_of == first.index and first.duplicate_of is None
    assert copy.pdf_path == first.pdf_path
    assert collection.counts["duplicates"] == 1
    assert collection.counts["pages"] == 1


def test_order_is_sorted_and_stable(source, tmp_path, make_pdf):
    for name in ("b.pdf", "A.pdf", "c/a.pdf", "c/B.pdf"):
        (source / name).parent.mkdir(exist_ok=True)
        (source / name).write_bytes(make_pdf(name))

    first = collect_folder(source, tmp_path / "s1").documents
    second = collect_folder(source, tmp_path / "s2").documents

    assert [d.relative_path for d in first] == ["A.pdf", "b.pdf", "c/a.pdf", "c/B.pdf"]
    assert [(d.index, d.relative_path, d.sha256) for d in first] == [
        (d.index, d.relative_path, d.sha256) for d in second
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links are not available here")
def test_a_symlink_leaving_the_folder_is_not_followed(source, tmp_path, make_pdf):
    outside = tmp_path / "buiten.pdf"
    outside_data = make_pdf("Buiten de map")
    outside.write_bytes(outside_data)
    (source / "link.pdf").symlink_to(outside)

    [doc] = _collect(source, tmp_path).documents

    assert doc.error is not None and "buiten de map" in doc.error
    stored = {p.name for p in (tmp_path / "store" / "originals").iterdir()}
    assert hashlib.sha256(outside_data).hexdigest() not in stored


def test_a_store_inside_the_source_is_not_collected(source, make_pdf):
    (source / "a.pdf").write_bytes(make_pdf())
    collect_folder(source, source / "opslag")

    again = collect_folder(source, source / "opslag")

    assert [d.relative_path for d in again.documents] == ["a.pdf"]


def test_a_store_holding_the_source_is_refused(tmp_path):
    (tmp_path / "bron").mkdir()
    with pytest.raises(ValueError, match="opslagmap"):
        collect_folder(tmp_path / "bron", tmp_path)
