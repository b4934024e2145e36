"""Lay out the publication folder of one decided request, once, atomically, with a checksum manifest.

Layout::

    besluit.pdf                     the decision letter with its inventory annex
    inventaris.csv                  the inventory list
    verzoek.pdf                     the request text without the requester's personal data (when given)
    documenten/NNN-<safe-name>.pdf  each released document, by inventory number
    metadata/NNN.xml                DiWoo metadata per document (metadata/besluit.xml, metadata/verzoek.xml,
                                    metadata/inventaris.xml)
    index.html, leeszaal.json       the reading room's page of this request and the data it is made from
    ingetrokken/NNN.html            a tombstone per withdrawn document: when and why
    <folder name>.zip               the whole publication in one file
    manifest.json                   sha256 and size of every other file, and the withdrawals and replacements

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
The other change is deliberate and recorded: :func:`change_document` withdraws or replaces one published
document with a reason (``redenVerwijderingVervanging``), leaving a tombstone in its place.
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
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from lxml import etree

from woo.errors import Permanent
from woo.privacy import Gate, ItemCheck, Outgoing
from woo.publication.diwoo import (
    FORMAT_EXTENSIONS,
    DiWooDocument,
    ReplaceReason,
    check_document,
    diwoo_xml,
    without_part,
)
from woo.publication.sitemap import SitemapEntry

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 2
_READABLE_VERSIONS = (1, 2)
ZIP_EPOCH = (2000, 1, 1, 0, 0, 0)
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
PAGES_ITEM = "file:index.html"
# Published once, never changed by an amendment.
_FIXED = ("besluit.pdf", "verzoek.pdf", "documenten/")
# Derived from the other files; written by this module, not passed in.
TOMBSTONE_DIR = "ingetrokken"


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
class DocumentChange:
    """A published document withdrawn or replaced afterwards: which, when, why (a DiWoo reason) and, for the
    tombstone, an optional public explanation. ``sha256`` is the hash of the file that was taken down."""

    number: int
    kind: str  # "withdrawn" | "replaced"
    at: str  # ISO 8601 with offset
    reason: ReplaceReason
    sha256: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "kind": self.kind, "at": self.at, "reason": str(self.reason),
                "sha256": self.sha256, "note": self.note}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DocumentChange:
        return cls(int(d["number"]), str(d["kind"]), str(d["at"]), ReplaceReason(d["reason"]), str(d["sha256"]),
                   d.get("note"))


@dataclass(frozen=True)
class PublicationManifest:
    """What a publication folder holds; ``files`` excludes ``manifest.json`` itself, sorted by path."""

    root: Path
    files: tuple[ManifestFile, ...]
    # What the privacy gate said about each item (not part of manifest.json).
    checks: tuple[ItemCheck, ...] = field(default=(), compare=False)
    changes: tuple[DocumentChange, ...] = ()

    @property
    def blocked(self) -> tuple[ItemCheck, ...]:
        """Items the gate held back and that were left out."""
        return tuple(c for c in self.checks if not c.passed)

    def to_json(self) -> bytes:
        # No timestamps of its own: the same publication must give byte-identical manifests, so retries compare
        # equal. A change (withdrawal, replacement) carries the moment it was made, once.
        body = {
            "version": MANIFEST_VERSION,
            "files": [
                {"path": f.path, "sha256": f.sha256, "size": f.size, "metadata": f.metadata} for f in self.files
            ],
            "changes": [c.to_dict() for c in self.changes],
        }
        return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, root: Path, data: bytes) -> PublicationManifest:
        body = json.loads(data)
        if body.get("version") not in _READABLE_VERSIONS:
            raise PublicationError(f"onbekende manifestversie {body.get('version')!r} in {root.name}")
        files = tuple(ManifestFile(f["path"], f["sha256"], f["size"], f.get("metadata")) for f in body["files"])
        changes = tuple(DocumentChange.from_dict(c) for c in body.get("changes", ()))
        return cls(root=root, files=files, changes=changes)

    def paths(self) -> list[str]:
        return [f.path for f in self.files]

    def document_file(self, number: int) -> ManifestFile | None:
        """The published file of inventory number ``number``, if it is (still) published."""
        prefix = f"documenten/{number:03d}-"
        return next((f for f in self.files if f.path.startswith(prefix)), None)

    def changed(self, number: int) -> DocumentChange | None:
        """The latest withdrawal or replacement of document ``number``."""
        return next((c for c in reversed(self.changes) if c.number == number), None)

    @property
    def withdrawn(self) -> set[int]:
        return {c.number for c in self.changes if c.kind == "withdrawn"}


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


def tombstone_path(number: int) -> str:
    return f"{TOMBSTONE_DIR}/{number:03d}.html"


def zip_name(folder_name: str) -> str:
    return f"{folder_name}.zip"


# The reading room's files of a publication (relative path -> bytes), made from the folder name, the documents
# published (inventory number -> relative path) and the withdrawals and replacements.
PagesRenderer = Callable[[str, Mapping[int, str], Sequence[DocumentChange]], Mapping[str, bytes]]


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
    inventory_metadata: DiWooDocument | None = None,
    pages: PagesRenderer | None = None,
    changes: Sequence[DocumentChange] = (),
    zip_file: str | None = None,
    amend: bool = False,
) -> PublicationManifest:
    """Write the publication folder ``target`` once and return its manifest, with the gate's verdicts.

    All inputs are checked before anything is written; a :class:`PublicationError` lists every problem.
    ``gate`` (for the public) reads every file first; see the module docstring for what a finding holds back.
    ``pages`` renders the reading room's files for the documents that passed (read by the gate as well; a
    finding there stops the publication); ``zip_file`` names a ZIP of the whole publication to add; ``changes`` are
    earlier withdrawals and replacements, carried over by an amendment.
    If ``target`` already holds exactly this publication, its manifest is returned and nothing changes.
    """
    target = Path(target)
    if gate.audience.kind != "public":
        raise PublicationError("de privacycontrole voor een publicatie moet voor het publiek gelden")
    docs = sorted((PublishedDocument(*d) for d in documents), key=lambda d: d.number)
    extra = [m for m in (decision_metadata, request_metadata, inventory_metadata) if m is not None]
    if request_metadata is not None and request_text_pdf is None:
        raise PublicationError("metadata voor het verzoek gegeven, maar geen verzoek.pdf")
    problems = _check_inputs(decision_pdf, inventory_csv, docs, request_text_pdf, extra)
    if problems:
        raise PublicationError("publicatie niet mogelijk: " + "; ".join(problems))

    # The gate reads exactly the bytes that will be written.
    decision_files = [Outgoing("besluit.pdf", decision_pdf)]
    if decision_metadata is not None:
        decision_files.append(Outgoing("metadata/besluit.xml", diwoo_xml(decision_metadata)))
    inventory_files = [Outgoing("inventaris.csv", inventory_csv)]
    if inventory_metadata is not None:
        inventory_files.append(Outgoing("metadata/inventaris.xml", diwoo_xml(inventory_metadata)))
    checks = [gate.check(DECISION_ITEM, decision_files), gate.check(INVENTORY_ITEM, inventory_files)]
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
    page_files: Mapping[str, bytes] = {}
    if pages is not None:
        page_files = pages(target.name, {d.number: document_path(d.number, d.file_name) for d in docs}, changes)
        page_check = gate.check(PAGES_ITEM, [Outgoing(rel, data) for rel, data in sorted(page_files.items())])
        checks.append(page_check)
        if not page_check.passed:
            raise PublicationBlocked([page_check])

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
        if inventory_metadata is not None:
            _write(staging / "metadata/inventaris.xml", diwoo_xml(inventory_metadata))
            linked["inventaris.csv"] = "metadata/inventaris.xml"
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
        if zip_file:
            _write(staging / zip_file, _zip_of(staging))
        for rel, data in page_files.items():
            _write(staging / rel, data)
        manifest = _seal(staging, target, linked, checks, changes, gate)

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
        _log.info("published %d files (%d documents) into folder %s", len(manifest.files) + 1, len(docs), target.name)
        return manifest
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _seal(staging: Path, target: Path, linked: Mapping[str, str], checks: Sequence[ItemCheck],
          changes: Sequence[DocumentChange], gate: Gate) -> PublicationManifest:
    """Hash the staged files and write the manifest last; the gate reads the manifest (it lists file names)."""
    # Hash the staged copies, not the sources: they are what readers will get.
    files = tuple(
        ManifestFile(rel, digest, (staging / rel).stat().st_size, linked.get(rel))
        for rel, digest in _hashes_on_disk(staging).items()
    )
    manifest = PublicationManifest(root=target, files=files, checks=tuple(checks), changes=tuple(changes))
    manifest_json = manifest.to_json()
    # File names derive from titles; the manifest lists them all, so it is read as well.
    manifest_check = gate.check(MANIFEST_ITEM, [Outgoing(MANIFEST_NAME, manifest_json)])
    if not manifest_check.passed:
        raise PublicationBlocked([manifest_check])
    _write(staging / MANIFEST_NAME, manifest_json)
    return manifest


_ZIPPED = ("besluit.pdf", "verzoek.pdf", "inventaris.csv", "documenten/", "metadata/")


def _zip_of(folder: Path) -> bytes:
    """The publication's own files as one ZIP, byte for byte the same for the same files (fixed times, order),
    so a retried publication compares equal."""
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if rel.startswith(_ZIPPED):
                info = zipfile.ZipInfo(rel, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
    return buf.getvalue()


def change_document(
    target: Path,
    number: int,
    *,
    reason: ReplaceReason,
    at: datetime,
    gate: Gate,
    pages: PagesRenderer,
    note: str | None = None,
    replacement_pdf: Path | None = None,
    replacement_metadata: DiWooDocument | None = None,
) -> PublicationManifest:
    """Withdraw (``replacement_pdf`` None) or replace published document ``number`` in ``target``, atomically.

    A withdrawal removes the file and its metadata and leaves a tombstone page; a replacement puts the new file
    at the same address (so ``lastmod`` tells the harvester) with metadata naming the reason. The reading room
    pages and the ZIP are rebuilt. The gate reads the new pages (the note is free text) and the replacement.
    """
    target = Path(target)
    if gate.audience.kind != "public":
        raise PublicationError("de privacycontrole voor een publicatie moet voor het publiek gelden")
    if at.tzinfo is None:
        raise PublicationError("het moment van intrekken heeft een tijdzone nodig")
    if not (target / MANIFEST_NAME).is_file():
        raise PublicationError(f"{target.name}: er is geen publicatie in deze map")
    manifest = read_manifest(target)
    current = manifest.document_file(number)
    if current is None:
        done = manifest.changed(number)
        what = "al ingetrokken" if done and done.kind == "withdrawn" else "niet gepubliceerd"
        raise PublicationError(f"{target.name}: document {number} is {what}")
    kind = "replaced" if replacement_pdf is not None else "withdrawn"
    checks: list[ItemCheck] = []
    if replacement_pdf is not None:
        if replacement_metadata is None:
            raise PublicationError("bij een vervanging hoort nieuwe metadata")
        problems = [f"document {number}: {p}" for p in check_document(replacement_metadata)]
        if not Path(replacement_pdf).is_file() or not _is_pdf_bytes(Path(replacement_pdf).read_bytes()[:1024]):
            problems.append(f"document {number}: de vervanging is geen PDF-bestand")
        if problems:
            raise PublicationError("vervangen niet mogelijk: " + "; ".join(problems))
        check = gate.check(document_item(number), [
            Outgoing(document_label(number), Path(replacement_pdf).read_bytes(), name=current.path,
                     document=number),
            Outgoing(metadata_path(number), diwoo_xml(replacement_metadata)),
        ])
        checks.append(check)
        if not check.passed:
            raise PublicationBlocked([check])
    change = DocumentChange(number, kind, at.isoformat(timespec="seconds"), reason, current.sha256,
                            note.strip() if note and note.strip() else None)
    changes = (*manifest.changes, change)
    published = {f.path: f for f in manifest.files if f.path.startswith("documenten/")}
    if kind == "withdrawn":
        published.pop(current.path)
    docs = {int(rel[len("documenten/"):][:3]): rel for rel in sorted(published)}
    page_files = pages(target.name, docs, changes)
    page_check = gate.check(PAGES_ITEM, [Outgoing(rel, data) for rel, data in sorted(page_files.items())])
    checks.append(page_check)
    if not page_check.passed:
        raise PublicationBlocked([page_check])

    _recover(target)
    staging = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    staging.mkdir()
    try:
        zips = [f.path for f in manifest.files if f.path.endswith(".zip") and "/" not in f.path]
        derived = {MANIFEST_NAME, *zips, *page_files}
        linked = {f.path: f.metadata for f in manifest.files if f.metadata}
        for f in manifest.files:
            if f.path in derived or f.path.startswith(TOMBSTONE_DIR + "/"):
                continue
            if kind == "withdrawn" and f.path in (current.path, current.metadata):
                continue
            _copy(target / f.path, staging / f.path)
        if kind == "withdrawn":
            linked.pop(current.path, None)
            decision_meta = staging / "metadata/besluit.xml"
            if decision_meta.is_file():
                data = without_part(decision_meta.read_bytes(), current.path)
                decision_meta.unlink()
                _write(decision_meta, data)
        else:
            assert replacement_pdf is not None and replacement_metadata is not None
            (staging / current.path).unlink()
            _copy(Path(replacement_pdf), staging / current.path)
            meta_rel = current.metadata or metadata_path(number)
            if (staging / meta_rel).exists():
                (staging / meta_rel).unlink()
            _write(staging / meta_rel, diwoo_xml(replacement_metadata))
            linked[current.path] = meta_rel
        for name in zips:
            _write(staging / name, _zip_of(staging))
        for rel, data in page_files.items():
            _write(staging / rel, data)
        new = _seal(staging, target, linked, checks, changes, gate)
        _swap(target, staging)
        _log.info("document %d %s in publication folder %s", number, kind, target.name)
        return new
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(target: Path, staging: Path) -> None:
    previous = _previous(target)
    os.rename(target, previous)
    os.rename(staging, target)
    _fsync_dir(target.parent)
    shutil.rmtree(previous, ignore_errors=True)


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
    _swap(target, staging)
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
    """Sitemap entries for the published files in ``folder`` (served under ``base_url``), with DiWoo metadata.

    Only files that carry metadata and whose type is on the harvester's list are entries: the decision, the
    request, the inventory and the released documents; not the reading room pages, the ZIP or the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    # Blank text dropped, so the metadata is indented anew inside the sitemap.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    entries = []
    for f in manifest.files:
        if not f.metadata or Path(f.path).suffix.lower() not in FORMAT_EXTENSIONS:
            continue
        meta = etree.parse(str(folder / f.metadata), parser).getroot()
        entries.append(SitemapEntry(loc=f"{base_url.rstrip('/')}/{quote(f.path)}", lastmod=lastmod, metadata=meta))
    return entries
