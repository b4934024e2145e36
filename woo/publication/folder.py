"""Lay out the publication folder of one decided request, once, atomically, with a checksum manifest.

Layout::

    besluit.pdf                     the decision letter with its inventory annex
    inventaris.csv                  the inventory list
    verzoek.pdf                     the request text without the requester's personal data (when given)
    documenten/NNN-<safe-name>.pdf  each released document, by inventory number
    metadata/NNN.xml                DiWoo metadata per document (metadata/besluit.xml, metadata/verzoek.xml)
    manifest.json                   sha256 and size of every other file

Nothing is written without passing the privacy gate: :func:`publish_folder` needs a
:class:`~woo.privacy.Gate` for the public and reads every file it is about to write (the decision, the
inventory, the request text, each document with its metadata and public file name, the manifest) as an outsider
would. A document that fails is left out (the result names it); a request text that fails is left out; a
decision or inventory that fails stops the publication (:class:`PublicationBlocked`): documents are not
published without the decision that releases them.

Everything is written to a hidden sibling folder and renamed into place in one step, so a reader never sees
half a publication. Publication happens once: publishing the same content again is a no-op (a retried task),
publishing different content into an existing folder raises :class:`PublicationConflict` — unless ``amend`` is
given, which allows exactly one kind of change: documents added (after a blocked document was rechecked) and the
inventory and metadata updated with them, while every file already published stays byte for byte the same.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from lxml import etree

from woo.errors import Permanent
from woo.privacy import Gate, ItemCheck, Outgoing
from woo.publication.diwoo import DiWooDocument, check_document, diwoo_xml
from woo.publication.sitemap import SitemapEntry

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
_PDF_MAGIC = b"%PDF-"

_log = logging.getLogger(__name__)


class PublicationError(Permanent, ValueError):
    """The inputs cannot be published; the message lists every problem found, in Dutch."""


class PublicationConflict(PublicationError):
    """The target folder already holds a different publication; publishing happens only once."""


class PublicationBlocked(PublicationError):
    """The privacy gate held the decision or the inventory: nothing is published. ``checks`` says where."""

    def __init__(self, checks: list[ItemCheck]) -> None:
        self.checks = checks
        super().__init__("publicatie tegengehouden door de privacycontrole: "
                         + "; ".join(c.message for c in checks))


# Items of a publication, as the gate and the store name them.
DECISION_ITEM = "file:besluit.pdf"
INVENTORY_ITEM = "file:inventaris.csv"
REQUEST_ITEM = "file:verzoek.pdf"
MANIFEST_ITEM = "file:manifest.json"
# Published once, never changed by an amendment.
_FIXED = ("besluit.pdf", "verzoek.pdf", "documenten/")


class PublishedDocument(NamedTuple):
    """A released document: inventory number, a public file name (slugified), the PDF and its metadata."""

    number: int
    file_name: str
    pdf_path: Path
    metadata: DiWooDocument


@dataclass(frozen=True)
class ManifestFile:
    path: str
    sha256: str
    size: int
    metadata: str | None = None


@dataclass(frozen=True)
class PublicationManifest:
    """What a publication folder holds; ``files`` excludes ``manifest.json`` itself, sorted by path."""

    root: Path
    files: tuple[ManifestFile, ...]
    # What the privacy gate said about each item (not part of manifest.json).
    checks: tuple[ItemCheck, ...] = field(default=(), compare=False)

    @property
    def blocked(self) -> tuple[ItemCheck, ...]:
        """Items the gate held back and that were left out."""
        return tuple(c for c in self.checks if not c.passed)

    def to_json(self) -> bytes:
        # No timestamps: the same publication must give byte-identical manifests, so retries compare equal.
        body = {
            "version": MANIFEST_VERSION,
            "files": [
                {"path": f.path, "sha256": f.sha256, "size": f.size, "metadata": f.metadata} for f in self.files
            ],
        }
        return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, root: Path, data: bytes) -> PublicationManifest:
        body = json.loads(data)
        if body.get("version") != MANIFEST_VERSION:
            raise PublicationError(f"onbekende manifestversie {body.get('version')!r} in {root.name}")
        files = tuple(ManifestFile(f["path"], f["sha256"], f["size"], f.get("metadata")) for f in body["files"])
        return cls(root=root, files=files)

    def paths(self) -> list[str]:
        return [f.path for f in self.files]


def safe_name(file_name: str, max_length: int = 60) -> str:
    """A lowercase ASCII slug of a file name's stem, for public URLs: ``"Nota B&W (def).pdf"`` -> ``"nota-b-w-def"``."""
    stem = re.split(r"[\\/]", file_name)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "document"


def document_path(number: int, file_name: str) -> str:
    return f"documenten/{number:03d}-{safe_name(file_name)}.pdf"


def metadata_path(number: int) -> str:
    return f"metadata/{number:03d}.xml"


def _is_pdf_bytes(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(_PDF_MAGIC)


def _check_inputs(
    decision_pdf: bytes, inventory_csv: bytes, documents: list[PublishedDocument],
    request_text_pdf: bytes | None, extra_metadata: Iterable[DiWooDocument],
) -> list[str]:
    problems: list[str] = []
    if not _is_pdf_bytes(decision_pdf):
        problems.append("besluit.pdf: het besluit is geen PDF-bestand")
    if not inventory_csv.strip():
        problems.append("inventaris.csv: de inventarislijst is leeg")
    else:
        try:
            inventory_csv.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("inventaris.csv: de inventarislijst is geen UTF-8-tekst")
    if request_text_pdf is not None and not _is_pdf_bytes(request_text_pdf):
        problems.append("verzoek.pdf: de tekst van het verzoek is geen PDF-bestand")
    seen: set[int] = set()
    for doc in documents:
        label = f"document {doc.number}"
        if not isinstance(doc.number, int) or isinstance(doc.number, bool) or doc.number < 1:
            problems.append(f"{label}: het nummer moet een positief geheel getal zijn")
            continue
        if doc.number in seen:
            problems.append(f"{label}: het nummer komt meer dan eens voor")
        seen.add(doc.number)
        path = Path(doc.pdf_path)
        if not path.is_file():
            problems.append(f"{label}: het PDF-bestand bestaat niet")
        else:
            with path.open("rb") as fh:
                if not _is_pdf_bytes(fh.read(1024)):
                    problems.append(f"{label}: het bestand is geen PDF")
        problems.extend(f"{label}: {p}" for p in check_document(doc.metadata))
    for meta in extra_metadata:
        problems.extend(check_document(meta))
    return problems


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _copy(source: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as src, path.open("xb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
        dst.flush()
        os.fsync(dst.fileno())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()


def _hashes_on_disk(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _fsync_dir(path: Path) -> None:
    # Makes the rename durable; not every platform allows opening a directory.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def document_label(number: int) -> str:
    """How findings name a document's file: by number, since its public name may itself be the leak."""
    return f"documenten/{number:03d}"


def document_item(number: int) -> str:
    return f"document:{number}"


def publish_folder(
    target: Path,
    *,
    decision_pdf: bytes,
    inventory_csv: bytes,
    documents: Iterable[PublishedDocument | tuple[int, str, Path, DiWooDocument]],
    gate: Gate,
    request_text_pdf: bytes | None = None,
    decision_metadata: DiWooDocument | None = None,
    request_metadata: DiWooDocument | None = None,
    amend: bool = False,
) -> PublicationManifest:
    """Write the publication folder ``target`` once and return its manifest, with the gate's verdicts.

    All inputs are checked before anything is written; a :class:`PublicationError` lists every problem.
    ``gate`` (for the public) reads every file first; see the module docstring for what a finding holds back.
    If ``target`` already holds exactly this publication, its manifest is returned and nothing changes.
    """
    target = Path(target)
    if gate.audience.kind != "public":
        raise PublicationError("de privacycontrole voor een publicatie moet voor het publiek gelden")
    docs = sorted((PublishedDocument(*d) for d in documents), key=lambda d: d.number)
    extra = [m for m in (decision_metadata, request_metadata) if m is not None]
    if request_metadata is not None and request_text_pdf is None:
        raise PublicationError("metadata voor het verzoek gegeven, maar geen verzoek.pdf")
    problems = _check_inputs(decision_pdf, inventory_csv, docs, request_text_pdf, extra)
    if problems:
        raise PublicationError("publicatie niet mogelijk: " + "; ".join(problems))

    # The gate reads exactly the bytes that will be written.
    decision_files = [Outgoing("besluit.pdf", decision_pdf)]
    if decision_metadata is not None:
        decision_files.append(Outgoing("metadata/besluit.xml", diwoo_xml(decision_metadata)))
    checks = [gate.check(DECISION_ITEM, decision_files),
              gate.check(INVENTORY_ITEM, [Outgoing("inventaris.csv", inventory_csv)])]
    core_blocked = [c for c in checks if not c.passed]
    if core_blocked:
        raise PublicationBlocked(core_blocked)
    if request_text_pdf is not None:
        request_files = [Outgoing("verzoek.pdf", request_text_pdf)]
        if request_metadata is not None:
            request_files.append(Outgoing("metadata/verzoek.xml", diwoo_xml(request_metadata)))
        checks.append(gate.check(REQUEST_ITEM, request_files))
        if not checks[-1].passed:
            request_text_pdf = request_metadata = None
    passing: list[PublishedDocument] = []
    for doc in docs:
        check = gate.check(document_item(doc.number), [
            Outgoing(document_label(doc.number), Path(doc.pdf_path).read_bytes(),
                     name=document_path(doc.number, doc.file_name), document=doc.number),
            Outgoing(metadata_path(doc.number), diwoo_xml(doc.metadata)),
        ])
        checks.append(check)
        if check.passed:
            passing.append(doc)
    docs = passing

    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    # A hidden, unique sibling on the same file system, so the final rename is atomic; mkdir honours the
    # umask (unlike mkdtemp's private 0700), so the web server can read what we publish.
    staging = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    staging.mkdir()
    try:
        linked: dict[str, str] = {}
        _write(staging / "besluit.pdf", decision_pdf)
        _write(staging / "inventaris.csv", inventory_csv)
        if decision_metadata is not None:
            _write(staging / "metadata/besluit.xml", diwoo_xml(decision_metadata))
            linked["besluit.pdf"] = "metadata/besluit.xml"
        if request_text_pdf is not None:
            _write(staging / "verzoek.pdf", request_text_pdf)
            if request_metadata is not None:
                _write(staging / "metadata/verzoek.xml", diwoo_xml(request_metadata))
                linked["verzoek.pdf"] = "metadata/verzoek.xml"
        for doc in docs:
            rel = document_path(doc.number, doc.file_name)
            _copy(Path(doc.pdf_path), staging / rel)
            _write(staging / metadata_path(doc.number), diwoo_xml(doc.metadata))
            linked[rel] = metadata_path(doc.number)

        # Hash the staged copies, not the sources: they are what readers will get.
        files = tuple(
            ManifestFile(rel, digest, (staging / rel).stat().st_size, linked.get(rel))
            for rel, digest in _hashes_on_disk(staging).items()
        )
        manifest = PublicationManifest(root=target, files=files, checks=tuple(checks))
        manifest_json = manifest.to_json()
        # File names derive from titles; the manifest lists them all, so it is read as well.
        manifest_check = gate.check(MANIFEST_ITEM, [Outgoing(MANIFEST_NAME, manifest_json)])
        if not manifest_check.passed:
            raise PublicationBlocked([manifest_check])
        _write(staging / MANIFEST_NAME, manifest_json)

        if target.exists():
            return _same_or_conflict(target, staging, manifest, amend=amend)
        try:
            os.rename(staging, target)
        except OSError as exc:
            # Another run published between our check and the rename.
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                return _same_or_conflict(target, staging, manifest, amend=amend)
            raise
        _fsync_dir(target.parent)
        _log.info("published %d files (%d documents) into folder %s", len(files) + 1, len(docs), target.name)
        return manifest
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _previous(target: Path) -> Path:
    return target.parent / f".{target.name}.previous"


def _recover(target: Path) -> None:
    """An amendment that died between its two renames left the old folder aside: put it back."""
    previous = _previous(target)
    if previous.exists() and not target.exists():
        os.rename(previous, target)
    elif previous.exists():
        shutil.rmtree(previous, ignore_errors=True)


def _amend(target: Path, staging: Path, existing: dict[str, str], wanted: dict[str, str]) -> None:
    """Replace ``target`` by ``staging`` when every fixed file already published is unchanged in it."""
    changed = sorted(p for p, digest in existing.items()
                     if p.startswith(_FIXED) and wanted.get(p) != digest)
    if changed:
        raise PublicationConflict(
            f"{target.name}: een aanvulling mag gepubliceerde bestanden niet wijzigen of verwijderen "
            f"({len(changed)} bestand(en))")
    previous = _previous(target)
    os.rename(target, previous)
    os.rename(staging, target)
    _fsync_dir(target.parent)
    shutil.rmtree(previous, ignore_errors=True)
    _log.info("amended publication folder %s", target.name)


def _same_or_conflict(target: Path, staging: Path, manifest: PublicationManifest, *,
                      amend: bool = False) -> PublicationManifest:
    if not target.is_dir():
        raise PublicationConflict(f"{target.name}: bestaat al en is geen map")
    existing, wanted = _hashes_on_disk(target), _hashes_on_disk(staging)
    if existing == wanted:
        _log.info("folder %s already holds this publication; nothing written", target.name)
        return manifest
    if amend:
        _amend(target, staging, existing, wanted)
        return manifest
    differing = sorted(set(existing) ^ set(wanted) | {p for p in existing.keys() & wanted if existing[p] != wanted[p]})
    raise PublicationConflict(
        f"{target.name}: deze map is al gepubliceerd met andere inhoud ({len(differing)} bestanden verschillen); "
        "een publicatie wordt maar één keer gemaakt"
    )


def read_manifest(folder: Path) -> PublicationManifest:
    """The manifest of a published folder."""
    return PublicationManifest.from_json(Path(folder), (Path(folder) / MANIFEST_NAME).read_bytes())


def verify_folder(folder: Path) -> list[str]:
    """Problems found when checking a published folder against its manifest; empty when all is well."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    on_disk = _hashes_on_disk(folder)
    on_disk.pop(MANIFEST_NAME, None)
    problems = []
    for f in manifest.files:
        if f.path not in on_disk:
            problems.append(f"{f.path}: ontbreekt")
        elif on_disk[f.path] != f.sha256:
            problems.append(f"{f.path}: inhoud wijkt af van het manifest")
    problems.extend(f"{p}: staat niet in het manifest" for p in sorted(set(on_disk) - set(manifest.paths())))
    return problems


def folder_sitemap_entries(folder: Path, base_url: str, lastmod: date | datetime) -> list[SitemapEntry]:
    """Sitemap entries for the published files in ``folder`` (served under ``base_url``), with DiWoo metadata."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    entries = []
    for f in manifest.files:
        if f.path.startswith("metadata/"):
            continue
        meta = etree.parse(str(folder / f.metadata), parser).getroot() if f.metadata else None
        entries.append(SitemapEntry(loc=f"{base_url.rstrip('/')}/{quote(f.path)}", lastmod=lastmod, metadata=meta))
    return entries
