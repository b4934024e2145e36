"""One request through the whole flow on a Prefect test server, checked on its real outputs."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import func, select

pytestmark = pytest.mark.integration

ORGANISATION_MAILBOXES = {"info", "woo", "post", "gemeente", "secretariaat"}


@pytest.fixture(scope="module")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def woo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One data folder for the module: the demo runs once and every test reads its outputs."""
    from woo.settings import reset_settings
    from woo.store.db import dispose_engines

    home = tmp_path_factory.mktemp("e2e") / "woo-home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WOO_HOME", str(home))
        mp.delenv("WOO_DATABASE_URL", raising=False)
        mp.delenv("WOO_SMTP_HOST", raising=False)
        mp.setenv("WOO_OFFICIALS_FILE", str(resources.files("woo.demo") / "officials.yaml"))
        reset_settings()
        dispose_engines()
        yield home
        dispose_engines()
    reset_settings()


@pytest.fixture(scope="module")
def demo_run(prefect_server, woo_home: Path):
    from woo.cli.requests import submit_and_run
    from woo.demo import build_demo_dossier

    received = dt.date.today() - dt.timedelta(days=21)
    dossier = build_demo_dossier(woo_home.parent / "invoer", received=received)
    request_id = submit_and_run(dossier.request_file, dossier.documents_dir, dossier.answers_file)
    return request_id, dossier, received


def _text(pdf: Path | bytes) -> str:
    doc = pymupdf.open(pdf) if isinstance(pdf, Path) else pymupdf.open(stream=pdf, filetype="pdf")
    return " ".join(page.get_text() for page in doc)


def test_demo_request_runs_to_publication_with_real_outputs(demo_run, woo_home):
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, OutboxRow, RequestRow

    request_id, _dossier, received = demo_run
    with session_scope() as s:
        req = s.get(RequestRow, request_id)
        assert req.number and req.number.startswith(f"WOO-{received.year}-")
        assert req.status == "published", req.error
        docs = list(s.scalars(select(DocumentRow).where(DocumentRow.request_id == request_id)))
        outbox = {o.kind: o for o in s.scalars(select(OutboxRow).where(OutboxRow.request_id == request_id))}

    # The acknowledgement went out as an .eml with the PDF attached, stating number and both dates.
    ack = outbox["acknowledgement"]
    message = email.message_from_bytes(Path(ack.eml_path).read_bytes(), policy=email.policy.default)
    attachment = next(message.iter_attachments())
    ack_text = _text(attachment.get_content())
    assert req.number in ack_text
    assert str(received.day) in ack_text and str(received.year) in ack_text
    assert req.decision_due is not None

    # Every readable document is in the inventory; the unreadable one is reported, not lost.
    inventory = (woo_home / "publicatie" / req.number / "inventaris.csv").read_text(encoding="utf-8-sig")
    judged = [d for d in docs if d.error is None]
    assert len(inventory.strip().splitlines()) == 1 + len(judged)
    assert any(d.error for d in docs)

    # Redacted, published PDFs contain no e-mail address or BSN of the dossier.
    published = sorted((woo_home / "publicatie" / req.number / "documenten").glob("*.pdf"))
    assert published
    from woo.demo.dossier import CONTRACTOR
    from woo.demo.numbers import bsn_from_prefix

    secrets = [bsn_from_prefix("27513948"), CONTRACTOR.iban]
    for pdf in published:
        text = _text(pdf)
        squeezed = "".join(text.split())
        for secret in secrets:
            assert secret not in text and secret.replace(" ", "") not in squeezed
        # Organisations' general mailboxes may stay; no personal address may.
        for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            assert address.split("@")[0] in ORGANISATION_MAILBOXES, f"{pdf.name} still shows an e-mail address"

    # DiWoo metadata exists for each published document (and the decision and request) and validates.
    metadata = list((woo_home / "publicatie" / req.number / "metadata").glob("*.xml"))
    assert len(metadata) == len(published) + 2


def test_the_published_diwoo_metadata_validates_against_the_schema(demo_run, woo_home, diwoo_schema):
    from lxml import etree

    folder = next((woo_home / "publicatie").glob("WOO-*"))
    for xml in sorted((folder / "metadata").glob("*.xml")):
        doc = etree.parse(str(xml), etree.XMLParser(no_network=True))
        assert diwoo_schema.validate(doc), f"{xml.name}: {diwoo_schema.error_log.last_error}"


def test_running_the_flow_again_sends_nothing_twice(demo_run):
    from flows.woo_request import handle_request
    from woo.store.db import session_scope
    from woo.store.models import OutboxRow, RequestRow

    request_id, _, _ = demo_run
    with session_scope() as s:
        before = s.scalar(select(func.count()).select_from(OutboxRow))
        number = s.get(RequestRow, request_id).number
    handle_request(request_id=request_id)
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == before
        assert s.get(RequestRow, request_id).number == number
        assert all(o.status == "sent" for o in s.scalars(select(OutboxRow)))


def test_the_run_carries_a_dossier_artifact_without_personal_data(demo_run):
    import yaml
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    request_id, dossier, _ = demo_run
    with get_client(sync_client=True) as client:
        [artifact] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"dossier-{request_id}"])), limit=1)
    markdown = str(artifact.data)
    assert "WOO-" in markdown and "m.devries" in markdown
    requester = yaml.safe_load(dossier.request_file.read_text(encoding="utf-8"))["requester"]
    for value in (requester["name"], requester["email"], *(requester.get("postal_address") or "").splitlines()):
        assert value not in markdown
