"""Fault: the output folder's disk is full while letters are written, then space comes back.

``WOO_HOME`` (documents, letters, outbox) is a real 2 MiB tmpfs mounted for the test (needs root; skipped
otherwise) and filled to the last byte; the store is on PostgreSQL, so only the output folder is full. The
acknowledge step fails with ENOSPC, Prefect retries it (its production retry policy, waits shortened); once the
filler is removed every letter is written once, no half-written file is left behind, and the audit chain
verifies.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REQUESTS = 3


@pytest.fixture
def small_disk(tmp_path: Path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "full"
    mount.mkdir()
    mount_cmd, umount_cmd = shutil.which("mount"), shutil.which("umount")
    if mount_cmd is None or umount_cmd is None:
        pytest.skip("no mount command")
    done = subprocess.run([mount_cmd, "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run([umount_cmd, "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write a filler file until the disk refuses another byte."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def test_a_full_output_disk_delays_letters_and_each_is_written_once_when_space_returns(
        prefect_server, postgres_url, woo_home, small_disk, received, monkeypatch):
    from prefect import flow

    from woo.audit.verify import verify_chain
    from woo.case import UnitOfWork
    from woo.schemas.audit import AuditAction
    from woo.settings import reset_settings
    from woo.store.db import dispose_engines
    from woo.tasks.acknowledge import acknowledge_request
    from woo.tasks.register import register_request

    monkeypatch.setenv("WOO_HOME", str(small_disk))
    monkeypatch.setenv("WOO_DATABASE_URL", postgres_url)
    reset_settings()
    dispose_engines()
    request_ids = received(REQUESTS)

    @flow
    def register_all(ids: list[str]) -> None:
        for request_id in ids:
            register_request(request_id)

    register_all(request_ids)
    filler = fill(small_disk)
    acknowledge = acknowledge_request.with_options(retry_delay_seconds=[2, 4, 8, 8, 16])

    @flow
    def acknowledge_all(ids: list[str]) -> list[bool]:
        futures = [acknowledge.submit(r) for r in ids]
        return [f.result().newly_sent for f in futures]

    outcome: dict[str, object] = {}
    runner = threading.Thread(target=lambda: outcome.update(result=acknowledge_all(request_ids)))
    runner.start()

    def failures() -> int:
        with UnitOfWork() as uow:
            return sum(e.action == AuditAction.STEP_FAILED.value for r in request_ids for e in uow.requests.events(r))

    deadline = time.monotonic() + 120
    while failures() < REQUESTS:
        assert runner.is_alive() and time.monotonic() < deadline, f"the steps did not fail on a full disk: {outcome}"
        time.sleep(0.5)
    failed_while_full = failures()
    filler.unlink()  # space comes back
    runner.join(timeout=300)
    assert not runner.is_alive()

    with UnitOfWork() as uow:
        letters = Counter({r: sum(e.action == AuditAction.LETTER_SENT.value for e in uow.requests.events(r))
                           for r in request_ids})
        statuses = Counter(uow.requests.outbox(f"acknowledgement:{r}").status  # type: ignore[union-attr]
                           for r in request_ids)
        chain = verify_chain(uow.requests)
    leftovers = [p for p in small_disk.rglob(".tmp-*")]
    print(f"\ndisk full: {failed_while_full} step failure(s) while full; after space returned {dict(statuses)}")
    assert outcome["result"] == [True] * REQUESTS
    assert letters == Counter({r: 1 for r in request_ids})
    assert statuses == Counter({"sent": REQUESTS})
    assert len(list((small_disk / "outbox").glob("*.eml"))) == REQUESTS
    assert leftovers == []
    assert chain.ok
