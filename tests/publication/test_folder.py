"""The publication folder: layout, checksums, written once and atomically, all bad input named together."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from woo.privacy import Audience, Gate, KnownData, person_values
from woo.publication import (
    ActionKind,
    DiWooDocument,
    Handling,
    PublicationBlocked,
    PublicationConflict,
    PublicationError,
    folder_sitemap_entries,
    publish_folder,
    read_manifest,
    safe_name,
    sitemap_xml,
    verify_folder,
)
from woo.publication.diwoo import DIWOO_NS

DECIDED = datetime(2026, 11, 30, 14, 0)
INVENTORY = b"nr;titel;oordeel\n1;E-mail;deels openbaar\n12;Nota;openbaar\n"


def pdf_bytes(text: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    try:
        return doc.tobytes(garbage=4, no_new_id=True)
    finally:
        doc.close()


DECISION_PDF = pdf_bytes("Besluit op Woo-verzoek")
REQUEST_PDF = pdf_bytes("Woo-verzoek")
REQUESTER = KnownData(values=tuple(person_values("requester", name="Jeroen Smit", email="j.smit@voorbeeld.nl",
                                                 address="Dorpsstraat 12\n3512 AB Voorbeeldstad",
                                                 phone="06-87654321", requester=True)))


BASE = "https://open.voorbeeldstad.nl/WOO-2026-0001"
PUBLISHER = {"publisher_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0499",
             "publisher_label": "Gemeente Voorbeeldstad"}


def meta(number: int, title: str) -> DiWooDocument:
    on = date(2025, 3, number % 28 + 1)
    return DiWooDocument(f"{BASE}/documenten/{number:03d}.pdf", title, created=on, dossier="WOO-2026-0001",
                         handlings=(Handling(ActionKind.RECEIPT, on),), **PUBLISHER)  # type: ignore[arg-type]


def decision_meta() -> DiWooDocument:
    return DiWooDocument(f"{BASE}/besluit.pdf", "Besluit", document_kind="besluit",
                         handlings=(Handling(ActionKind.ADOPTION, DECIDED),), **PUBLISHER)  # type: ignore[arg-type]


@pytest.fixture
def documents(pdf_factory) -> list[tuple[int, str, Path, DiWooDocument]]:
    return [
        (12, "Nota B&W: parkeren (definitief).pdf", pdf_factory("nota.pdf", "Nota"), meta(12, "Nota B&W")),
        (1, "E-mail über Tarieven.msg.pdf", pdf_factory("mail.pdf", "Mail"), meta(1, "E-mail")),
    ]


def publish(target: Path, documents, **overrides):  # type: ignore[no-untyped-def]
    kwargs = {
        "decision_pdf": DECISION_PDF, "inventory_csv": INVENTORY, "documents": documents,
        "request_text_pdf": REQUEST_PDF, "gate": Gate(REQUESTER, Audience.public()),
        "decision_metadata": decision_meta(),
    }
    kwargs.update(overrides)
    return publish_folder(target, **kwargs)


def test_layout_and_manifest(tmp_path: Path, documents) -> None:
    target = tmp_path / "site" / "WOO-2026-0001"
    manifest = publish(target, documents)
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [
        "besluit.pdf",
        "documenten/001-e-mail-uber-tarieven-msg.pdf",
        "documenten/012-nota-b-w-parkeren-definitief.pdf",
        "inventaris.csv",
        "manifest.json",
        "metadata/001.xml",
        "metadata/012.xml",
        "metadata/besluit.xml",
        "verzoek.pdf",
    ]
    assert (target / "besluit.pdf").read_bytes() == DECISION_PDF
    assert (target / "documenten/012-nota-b-w-parkeren-definitief.pdf").read_bytes() == documents[0][2].read_bytes()
    on_disk = json.loads((target / "manifest.json").read_text())
    assert on_disk["version"] == 2 and on_disk["changes"] == []
    for entry in on_disk["files"]:
        data = (target / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
    assert {e["path"] for e in on_disk["files"]} == set(files) - {"manifest.json"}
    assert manifest == read_manifest(target)
    linked = {f.path: f.metadata for f in manifest.files if f.metadata}
    assert linked == {"besluit.pdf": "metadata/besluit.xml",
                      "documenten/001-e-mail-uber-tarieven-msg.pdf": "metadata/001.xml",
                      "documenten/012-nota-b-w-parkeren-definitief.pdf": "metadata/012.xml"}
    assert [p.name for p in target.parent.iterdir()] == ["WOO-2026-0001"]  # no staging folder left


def test_metadata_files_validate(tmp_path: Path, documents, diwoo_schema: etree.XMLSchema) -> None:
    target = tmp_path / "WOO-2026-0001"
    publish(target, documents)
    for xml in (target / "metadata").iterdir():
        assert diwoo_schema.validate(etree.parse(str(xml))), (xml.name, diwoo_schema.error_log)


def test_publishing_the_same_again_changes_nothing(tmp_path: Path, documents) -> None:
    target = tmp_path / "WOO-2026-0001"
    first = publish(target, documents)
    stamp = (target / "manifest.json").stat().st_mtime_ns
    again = publish(target, list(reversed(documents)))
    assert again == first
    assert (target / "manifest.json").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["WOO-2026-0001", "sources"]


def test_publishing_different_content_is_refused(tmp_path: Path, documents) -> None:
    target = tmp_path / "WOO-2026-0001"
    publish(target, documents)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    with pytest.raises(PublicationConflict, match="al gepubliceerd met andere inhoud"):
        publish(target, documents, decision_pdf=pdf_bytes("Ander besluit"))
    with pytest.raises(PublicationConflict):
        publish(target, documents[:1])
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["WOO-2026-0001", "sources"]


def test_an_existing_file_at_the_target_is_a_conflict(tmp_path: Path, documents) -> None:
    target = tmp_path / "WOO-2026-0001"
    target.write_text("iets anders")
    with pytest.raises(PublicationConflict, match="geen map"):
        publish(target, documents)


def test_every_bad_input_is_named_and_nothing_is_written(tmp_path: Path, documents, pdf_factory) -> None:
    not_a_pdf = tmp_path / "notities.txt"
    not_a_pdf.write_text("geen pdf")
    bad = [
        *documents,
        (12, "dubbel.pdf", pdf_factory("dubbel.pdf", "x"), meta(12, "Dubbel")),
        (3, "weg.pdf", tmp_path / "bestaat-niet.pdf", meta(3, "Weg")),
        (4, "tekst.pdf", not_a_pdf, meta(4, "Tekst")),
        (5, "zonder-titel.pdf", pdf_factory("z.pdf", "z"), DiWooDocument(f"{BASE}/5.pdf", "", **PUBLISHER)),
    ]
    target = tmp_path / "out" / "WOO-2026-0001"
    with pytest.raises(PublicationError) as err:
        publish(target, bad, decision_pdf=b"<html>", inventory_csv=b"")
    message = str(err.value)
    for expected in (
        "besluit.pdf: het besluit is geen PDF-bestand",
        "inventaris.csv: de inventarislijst is leeg",
        "document 12: het nummer komt meer dan eens voor",
        "document 3: het PDF-bestand bestaat niet",
        "document 4: het bestand is geen PDF",
        f"document 5: metadata '{BASE}/5.pdf': de titel ontbreekt",
    ):
        assert expected in message
    assert not target.exists()


def test_request_metadata_needs_the_request_text(tmp_path: Path, documents) -> None:
    with pytest.raises(PublicationError, match="verzoek"):
        publish(tmp_path / "x", documents, request_text_pdf=None,
                request_metadata=DiWooDocument(f"{BASE}/verzoek.pdf", "Verzoek", document_kind="verzoek",
                                               handlings=(Handling(ActionKind.RECEIPT, DECIDED),), **PUBLISHER))


def test_verify_folder_finds_tampering(tmp_path: Path, documents) -> None:
    target = tmp_path / "WOO-2026-0001"
    publish(target, documents)
    assert verify_folder(target) == []
    (target / "inventaris.csv").write_bytes(b"gewijzigd")
    (target / "verzoek.pdf").unlink()
    (target / "extra.pdf").write_bytes(b"%PDF-")
    assert verify_folder(target) == ["inventaris.csv: inhoud wijkt af van het manifest", "verzoek.pdf: ontbreekt",
                                     "extra.pdf: staat niet in het manifest"]


def test_folder_sitemap_embeds_the_written_metadata(tmp_path: Path, documents) -> None:
    target = tmp_path / "WOO-2026-0001"
    publish(target, documents)
    entries = folder_sitemap_entries(target, BASE + "/", date(2026, 11, 30))
    locs = [e.loc for e in entries]
    assert f"{BASE}/besluit.pdf" in locs
    assert f"{BASE}/documenten/012-nota-b-w-parkeren-definitief.pdf" in locs
    # Only files with metadata are harvested: not the metadata itself, the manifest, nor (here) the inventory.
    assert not any("/metadata/" in loc or loc.endswith(("manifest.json", ".csv")) for loc in locs)
    root = etree.fromstring(sitemap_xml(entries))
    titles = root.findall(f".//{{{DIWOO_NS}}}officieleTitel")
    assert sorted(t.text for t in titles) == ["Besluit", "E-mail", "Nota B&W"]


def test_a_document_with_the_requesters_name_is_left_out_and_named_by_number(tmp_path: Path, documents,
                                                                           pdf_factory) -> None:
    leaky = (7, "Brief van Jeroen Smit.pdf", pdf_factory("leak.pdf", "Afzender: Jeroen Smit"), meta(7, "Brief"))
    target = tmp_path / "WOO-2026-0001"
    manifest = publish(target, [*documents, leaky])
    [blocked] = manifest.blocked
    assert blocked.item == "document:7"
    assert {(f.file, f.page, f.category.value) for f in blocked.findings} == {
        ("documenten/007", 1, "requester_name"), ("documenten/007 (bestandsnaam)", None, "requester_name")}
    assert not any(p.name.startswith("007") for p in (target / "documenten").iterdir())
    assert not (target / "metadata" / "007.xml").exists()
    assert "smit" not in (target / "manifest.json").read_text().lower()
    # The other documents are published: a hit blocks its own item only.
    assert len(list((target / "documenten").iterdir())) == 2


def test_a_decision_with_the_requesters_address_stops_the_publication(tmp_path: Path, documents) -> None:
    target = tmp_path / "WOO-2026-0001"
    with pytest.raises(PublicationBlocked) as err:
        publish(target, documents, decision_pdf=pdf_bytes("Dorpsstraat 12, 3512 AB Voorbeeldstad"))
    assert [c.item for c in err.value.checks] == ["file:besluit.pdf"]
    assert "adres van de verzoeker in besluit.pdf, pagina 1" in str(err.value)
    assert "Dorpsstraat" not in str(err.value)
    assert not target.exists()


def test_a_request_text_that_fails_is_left_out(tmp_path: Path, documents) -> None:
    target = tmp_path / "WOO-2026-0001"
    manifest = publish(target, documents, request_text_pdf=pdf_bytes("Bel mij op 06 8765 4321"))
    assert [c.item for c in manifest.blocked] == ["file:verzoek.pdf"]
    assert not (target / "verzoek.pdf").exists()


def test_only_a_gate_for_the_public_may_publish(tmp_path: Path, documents) -> None:
    with pytest.raises(PublicationError, match="publiek"):
        publish(tmp_path / "x", documents, gate=Gate(REQUESTER, Audience.requester()))


def test_an_amendment_adds_documents_but_never_changes_what_was_published(tmp_path: Path, documents,
                                                                         pdf_factory) -> None:
    target = tmp_path / "WOO-2026-0001"
    publish(target, documents[:1], inventory_csv=b"nr;opmerking\n12;aangehouden\n")
    with pytest.raises(PublicationConflict):
        publish(target, documents)
    manifest = publish(target, documents, amend=True)
    assert len(list((target / "documenten").iterdir())) == 2
    assert verify_folder(target) == [] and read_manifest(target) == manifest
    with pytest.raises(PublicationConflict, match="aanvulling"):
        publish(target, documents, decision_pdf=pdf_bytes("Ander besluit"), amend=True)
    with pytest.raises(PublicationConflict, match="aanvulling"):
        publish(target, documents[1:], amend=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["WOO-2026-0001", "sources"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Nota B&W (def).pdf", "nota-b-w-def"),
        ("C:\\Users\\x\\Verslag overleg.docx.pdf", "verslag-overleg-docx"),
        ("../../etc/passwd", "passwd"),
        ("Ærø café – één.pdf", "r-cafe-een"),
        ("???.pdf", "document"),
        (".pdf", "pdf"),
        ("a" * 100 + ".pdf", "a" * 60),
    ],
)
def test_safe_name(name: str, slug: str) -> None:
    assert safe_name(name) == slug
