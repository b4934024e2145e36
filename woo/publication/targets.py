"""Where a publication is served: the local folder (default) or any remote that fsspec reaches (S3, SFTP,
WebDAV, …), and the interface a platform adapter (such as GPP-Woo's publicatiebank) implements.

The local publication folder is always built first and stays the source of truth (its folders are written once,
atomically, behind the privacy gate). A remote target mirrors it:

- every file is uploaded under a temporary name and then moved into place, so a reader never gets half a file;
- a request folder is committed by its ``manifest.json``, written last (for the first publication with an
  exclusive create where the file system offers one, S3's ``If-None-Match``): readers and the next sync trust
  only what a manifest lists;
- files no longer in the local manifest (a withdrawn document) are deleted first, before anything is added;
- the same exactly-once guard as locally: a remote folder whose manifest is not the one this system last
  committed there (someone else published different content) is refused, never overwritten. Which manifest was
  last committed is remembered per target in ``WOO_HOME/publicatie-doelen/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from woo.publication.folder import MANIFEST_NAME, PublicationConflict, PublicationError


@dataclass
class PushResult:
    """What a push did, by relative path (never file contents)."""

    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: bool = False


@runtime_checkable
class PublishTarget(Protocol):
    """A place publications are pushed to after the local folder changed.

    ``push_folder`` makes the remote copy of one publication folder (``rel`` is its name, e.g. the request
    number, or ``verstrekking/<token>``) equal to ``local``, guarded against overwriting someone else's content;
    ``push_files`` copies site files (robots.txt, sitemaps, index.html); ``remove_folder`` takes a folder down
    (an expired private link). An adapter for a publication platform maps the folder's manifest and DiWoo
    metadata onto that platform's own records instead of copying files (see README, "GPP-Woo").
    """

    name: str

    def push_folder(self, local: Path, rel: str) -> PushResult: ...

    def push_files(self, local_root: Path, rels: Iterable[str]) -> PushResult: ...

    def remove_folder(self, rel: str) -> PushResult: ...


class LocalTarget:
    """The local publication folder is what the web server serves: nothing to copy."""

    name = "lokaal"

    def push_folder(self, local: Path, rel: str) -> PushResult:
        return PushResult(unchanged=True)

    def push_files(self, local_root: Path, rels: Iterable[str]) -> PushResult:
        return PushResult(unchanged=True)

    def remove_folder(self, rel: str) -> PushResult:
        return PushResult(unchanged=True)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest_files(data: bytes) -> dict[str, str]:
    return {f["path"]: f["sha256"] for f in json.loads(data)["files"]}


class FsspecTarget:
    """A remote file system reached through fsspec, mirroring the local publication folder."""

    def __init__(self, url: str, *, state_dir: Path, options: dict[str, Any] | None = None) -> None:
        import fsspec

        self.url = url.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.url, **(options or {}))
        self.root = self.root.rstrip("/")
        self.name = self.url
        key = hashlib.sha256(self.url.encode()).hexdigest()[:16]
        self.state_file = Path(state_dir) / f"{key}.json"

    # -- bookkeeping of what this system committed to the target ------------------------------------------------
    def _state(self) -> dict[str, str]:
        return json.loads(self.state_file.read_text()) if self.state_file.is_file() else {}

    def _remember(self, rel: str, digest: str | None) -> None:
        state = self._state()
        if digest is None:
            state.pop(rel, None)
        else:
            state[rel] = digest
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_name(f".{self.state_file.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(state, indent=1, sort_keys=True))
        tmp.replace(self.state_file)

    # -- file operations -------------------------------------------------------------------------------------------
    def _path(self, rel: str) -> str:
        return f"{self.root}/{rel}" if self.root else rel

    def _read(self, rel: str) -> bytes | None:
        path = self._path(rel)
        try:
            return bytes(self.fs.cat_file(path))
        except FileNotFoundError:
            return None

    def _put(self, data: bytes, rel: str) -> None:
        """Write under a temporary name beside the destination, then move it into place."""
        dest = self._path(rel)
        parent = dest.rsplit("/", 1)[0] if "/" in dest else ""
        tmp = f"{parent}/.{dest.rsplit('/', 1)[-1]}.{uuid.uuid4().hex}.tmp" if parent else f".{uuid.uuid4().hex}.tmp"
        if parent:
            self.fs.makedirs(parent, exist_ok=True)
        self.fs.pipe_file(tmp, data)
        try:
            self._move(tmp, dest)
        except Exception:
            # Leave nothing half-done behind: the temporary file is not part of the publication.
            with contextlib.suppress(Exception):  # the original error matters more than the cleanup's
                self.fs.rm_file(tmp)
            raise

    def _move(self, tmp: str, dest: str) -> None:
        client = getattr(self.fs, "client", None)
        if client is not None and hasattr(client, "move") and hasattr(self.fs, "_strip_protocol"):
            # WebDAV: one MOVE with "Overwrite: T" replaces the old file in a single request.
            client.move(self.fs._strip_protocol(tmp), self.fs._strip_protocol(dest), overwrite=True)
        else:
            self.fs.mv(tmp, dest)

    def _create_exclusive(self, data: bytes, rel: str) -> bool:
        """Write ``rel`` only if it does not exist; False if it does. Falls back to move-into-place."""
        dest = self._path(rel)
        if self.fs.exists(dest):
            return False
        protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        if protocol in ("s3", "s3a", "file", "local"):
            parent = dest.rsplit("/", 1)[0]
            self.fs.makedirs(parent, exist_ok=True)
            try:
                with self.fs.open(dest, "xb") as fh:
                    fh.write(data)
            except (FileExistsError, OSError) as exc:
                if self.fs.exists(dest):
                    return False
                raise exc
            return True
        self._put(data, rel)
        return True

    def _rm(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(self._path(rel))

    # -- the interface -------------------------------------------------------------------------------------------
    def push_folder(self, local: Path, rel: str) -> PushResult:
        local = Path(local)
        manifest = (local / MANIFEST_NAME).read_bytes()
        remote = self._read(f"{rel}/{MANIFEST_NAME}")
        if remote == manifest:
            self._remember(rel, _sha(manifest))
            return PushResult(unchanged=True)
        committed = self._state().get(rel)
        if remote is not None and _sha(remote) != committed:
            raise PublicationConflict(
                f"{rel}: op het publicatiedoel {self.name} staat al een andere publicatie die dit systeem daar niet "
                "heeft gezet; die wordt niet overschreven")
        wanted = _manifest_files(manifest)
        there = _manifest_files(remote) if remote is not None else {}
        result = PushResult()
        for path in sorted(set(there) - set(wanted)):
            self._rm(f"{rel}/{path}")
            result.deleted.append(path)
        for path, digest in sorted(wanted.items()):
            if there.get(path) != digest:
                data = (local / path).read_bytes()
                if _sha(data) != digest:
                    raise PublicationError(f"{rel}/{path}: het lokale bestand wijkt af van het manifest")
                self._put(data, f"{rel}/{path}")
                result.uploaded.append(path)
        if remote is None:
            if not self._create_exclusive(manifest, f"{rel}/{MANIFEST_NAME}"):
                again = self._read(f"{rel}/{MANIFEST_NAME}")
                if again != manifest:
                    raise PublicationConflict(f"{rel}: tegelijk door een ander gepubliceerd op {self.name}")
        else:
            self._put(manifest, f"{rel}/{MANIFEST_NAME}")
        result.uploaded.append(MANIFEST_NAME)
        self._remember(rel, _sha(manifest))
        return result

    def push_files(self, local_root: Path, rels: Iterable[str]) -> PushResult:
        result = PushResult()
        state = self._state()
        for rel in rels:
            path = Path(local_root) / rel
            key = f"file:{rel}"
            if not path.is_file():
                if key in state:
                    self._rm(rel)
                    self._remember(key, None)
                    result.deleted.append(rel)
                continue
            data = path.read_bytes()
            if state.get(key) == _sha(data) and self.fs.exists(self._path(rel)):
                continue
            self._put(data, rel)
            self._remember(key, _sha(data))
            result.uploaded.append(rel)
        return result

    def remove_folder(self, rel: str) -> PushResult:
        path = self._path(rel)
        result = PushResult()
        if self.fs.exists(path):
            self.fs.rm(path, recursive=True)
            result.deleted.append(rel)
        self._remember(rel, None)
        return result


def target_from_settings(settings: Any) -> PublishTarget:
    """The configured target: ``WOO_PUBLICATION_TARGET`` (an fsspec URL) or the local folder."""
    if not settings.publication_target:
        return LocalTarget()
    options: dict[str, Any] = {}
    if settings.publication_target_options:
        try:
            options = json.loads(settings.publication_target_options)
        except json.JSONDecodeError as exc:
            raise PublicationError(f"WOO_PUBLICATION_TARGET_OPTIONS is geen geldige JSON: {exc.msg}") from exc
        if not isinstance(options, dict):
            raise PublicationError("WOO_PUBLICATION_TARGET_OPTIONS moet een JSON-object zijn")
    try:
        return FsspecTarget(settings.publication_target, state_dir=settings.home / "publicatie-doelen",
                            options=options)
    except (ImportError, ValueError) as exc:
        raise PublicationError(f"publicatiedoel {settings.publication_target!r} is niet bruikbaar: {exc}; "
                               "installeer de extra's met pip install 'woo-flow[remote]'") from exc
