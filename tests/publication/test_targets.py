"""Remote publication targets through fsspec: an in-process S3 (moto's server) and WebDAV server (WsgiDAV),
both on 127.0.0.1. The remote mirrors the local folder, files arrive whole, a withdrawn file is deleted, and a
folder someone else published there is never overwritten."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from publication_dossier import NUMBER, REQUEST_ID

from woo.case import UnitOfWork
from woo.process.publish import publish
from woo.publication import PublicationConflict, ReplaceReason
from woo.publication.folder import MANIFEST_NAME, read_manifest
from woo.publication.targets import FsspecTarget, PublishTarget, target_from_settings
from woo.settings import get_settings, reset_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, str]]:
    pytest.importorskip("s3fs")
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield {"endpoint_url": f"http://127.0.0.1:{port}"}
    finally:
        server.stop()


@pytest.fixture
def bucket(s3: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    import uuid

    import boto3

    for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                       "AWS_DEFAULT_REGION": "eu-west-1"}.items():
        monkeypatch.setenv(key, value)
    name = f"woo-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3["endpoint_url"], region_name="eu-west-1").create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return name


def _configure(monkeypatch: pytest.MonkeyPatch, url: str, options: dict[str, object]) -> None:
    monkeypatch.setenv("WOO_PUBLICATION_TARGET", url)
    monkeypatch.setenv("WOO_PUBLICATION_TARGET_OPTIONS", json.dumps(options))
    reset_settings()


def _remote_files(target: FsspecTarget) -> dict[str, bytes]:
    out = {}
    for path in target.fs.find(target.root):
        rel = path[len(target.root) + 1:] if target.root else path
        out[rel] = bytes(target.fs.cat_file(path))
    return out


def _local_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def test_s3_mirrors_the_publication_and_deletes_a_withdrawn_document(decided_request: Path, bucket: str, s3,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _configure(monkeypatch, f"s3://{bucket}/site", {"client_kwargs": s3})
    target = target_from_settings(get_settings())
    assert isinstance(target, FsspecTarget) and isinstance(target, PublishTarget)
    assert publish(UnitOfWork(), REQUEST_ID, today=date.today()).status == "published"
    remote = _remote_files(target)
    assert remote == _local_files(decided_request)
    assert not any(".tmp" in k for k in remote)  # every upload was moved into place
    assert f"{NUMBER}/manifest.json" in remote and "sitemaps/sitemapindex-diwoo-infocat014.xml" in remote

    # Publishing again changes nothing remotely; the same guard as locally.
    assert target.push_folder(decided_request / NUMBER, NUMBER).unchanged

    from woo.process.publication_changes import withdraw_document

    withdraw_document(UnitOfWork(), NUMBER, 4, reason=ReplaceReason.PRIVACY, by="m.devries")
    remote = _remote_files(target)
    assert not any(k.startswith(f"{NUMBER}/documenten/004") for k in remote)
    assert f"{NUMBER}/ingetrokken/004.html" in remote
    assert remote == _local_files(decided_request)


def test_a_remote_folder_published_by_someone_else_is_never_overwritten(decided_request: Path, bucket: str, s3,
                                                                        tmp_path: Path) -> None:
    publish(UnitOfWork(), REQUEST_ID, today=date.today())
    target = FsspecTarget(f"s3://{bucket}/site", state_dir=tmp_path / "state", options={"client_kwargs": s3})
    target.fs.pipe_file(f"{target.root}/{NUMBER}/{MANIFEST_NAME}", b'{"version": 2, "files": [], "changes": []}')
    target.fs.pipe_file(f"{target.root}/{NUMBER}/besluit.pdf", b"%PDF- van een ander")
    with pytest.raises(PublicationConflict, match="niet overschreven"):
        target.push_folder(decided_request / NUMBER, NUMBER)
    assert target.fs.cat_file(f"{target.root}/{NUMBER}/besluit.pdf") == b"%PDF- van een ander"


def test_a_first_publication_is_committed_by_an_exclusive_create(decided_request: Path, bucket: str, s3,
                                                                 tmp_path: Path) -> None:
    """Two systems racing for the same folder: the second finds the manifest already there and is refused."""
    publish(UnitOfWork(), REQUEST_ID, today=date.today())
    ours = FsspecTarget(f"s3://{bucket}/race", state_dir=tmp_path / "a", options={"client_kwargs": s3})
    assert ours._create_exclusive(b"eerste", "x/manifest.json")
    assert not ours._create_exclusive(b"tweede", "x/manifest.json")
    assert ours.fs.cat_file(f"{ours.root}/x/manifest.json") == b"eerste"


@pytest.fixture
def webdav(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    pytest.importorskip("webdav4")
    from cheroot import wsgi
    from wsgidav.wsgidav_app import WsgiDAVApp

    root = tmp_path / "dav"
    root.mkdir()
    app = WsgiDAVApp({"host": "127.0.0.1", "port": 0, "provider_mapping": {"/": str(root)},
                      "simple_dc": {"user_mapping": {"*": True}}, "verbose": 0,
                      "logging": {"enable_loggers": []}})
    server = wsgi.Server(("127.0.0.1", _free_port()), app)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.bind_addr[1]}", root
    finally:
        server.stop()


def test_webdav_mirrors_the_publication(decided_request: Path, webdav, monkeypatch: pytest.MonkeyPatch) -> None:
    url, root = webdav
    # webdav4's file system: the server in the options, the folder in the URL.
    _configure(monkeypatch, "webdav://site", {"base_url": url})
    assert publish(UnitOfWork(), REQUEST_ID, today=date.today()).status == "published"
    served = root / "site"
    assert _local_files(served) == _local_files(decided_request)
    assert read_manifest(served / NUMBER).files == read_manifest(decided_request / NUMBER).files
