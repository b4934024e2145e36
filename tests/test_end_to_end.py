"""One request through the whole flow on a Prefect test server, checked on its real outputs."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import func, select

from woo.case import Repository

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
        from woo.demo import demo_environment

        for key, value in demo_environment().items():
            mp.setenv(key, value)
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
    dossier = build_demo_dossier(woo_home.parent / "invoer", received=received, decided=dt.date.today())
    with pytest.MonkeyPatch.context() as mp:
        for key, value in dossier.replay_environment().items():
            mp.setenv(key, value)
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

    # Every document found is in the inventory: the unreadable one listed with its reason, not lost.
    inventory = (woo_home / "publicatie" / req.number / "inventaris.csv").read_text(encoding="utf-8-sig")
    assert len(inventory.strip().splitlines()) == 1 + len(docs)
    unreadable = [d for d in docs if d.error]
    assert unreadable
    for d in unreadable:
        row = inventory.splitlines()[d.number]
        assert row.startswith(f"{d.number};") and "niet beoordeeld" in row and "onleesbaar" in row

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
    assert len(metadata) == len(published) + 3  # and the decision, the request and the inventory


def test_the_published_diwoo_metadata_validates_against_the_schema(demo_run, woo_home, diwoo_schema):
    from lxml import etree

    folder = next((woo_home / "publicatie").glob("WOO-*"))
    for xml in sorted((folder / "metadata").glob("*.xml")):
        doc = etree.parse(str(xml), etree.XMLParser(no_network=True))
        assert diwoo_schema.validate(doc), f"{xml.name}: {diwoo_schema.error_log.last_error}"


def test_running_the_flow_again_sends_nothing_twice(demo_run):
    from woo.flows.woo_request import handle_request
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


# --- privacy: what leaves the building ---------------------------------------------------------------------

def _plain_values(third_party: bool) -> list[str]:
    """The demo's personal data, straight from its cast (not from the store or the gate): the requester, the
    resident who complained, the civil servants whose names are redacted, and (for the public) the contact
    person of the third party."""
    from woo.demo import cast
    from woo.demo.numbers import bsn_from_prefix

    people = [cast.REQUESTER, cast.RESIDENT, cast.PROJECT_LEADER, cast.TRAFFIC_ENGINEER, cast.COMMUNICATIONS,
              cast.CONTRACTOR_PLANNER]
    if not third_party:
        people.append(cast.CONTRACTOR_DIRECTOR)
    values = [v for p in people for v in (p.name, p.email) if v]
    values += [*cast.REQUESTER_ADDRESS.splitlines(), cast.RESIDENT_ADDRESS.splitlines()[0]]
    return [*values, *(p.phone for p in people if p.phone and p is not cast.CONTRACTOR_DIRECTOR),
            bsn_from_prefix("27513948")]


def _plain_text(path: Path) -> str:
    """Text by pypdf (a third PDF parser, independent of the gate's two) or as it is; e-mails part by part."""
    import io

    import pypdf

    def pdf(data: bytes) -> str:
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)

    data = path.read_bytes()
    if path.suffix == ".pdf":
        return pdf(data)
    if path.suffix == ".eml":
        msg = email.message_from_bytes(data, policy=email.policy.default)
        parts = [f"{k}: {v}" for k, v in msg.items()]
        for part in msg.walk():
            if part.get_content_type() == "text/plain":
                parts.append(part.get_content())
            elif part.get_content_type() == "application/pdf":
                parts.append(pdf(part.get_content()))
        return "\n".join(parts)
    if path.suffix == ".zip":
        import zipfile

        # The whole publication in one file: every member read the same way.
        out = []
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                member = zf.read(name)
                out.append(pdf(member) if name.endswith(".pdf") else member.decode("utf-8-sig"))
        return "\n".join(out)
    return data.decode("utf-8-sig")


def _plain_hits(text: str, values: list[str]) -> list[str]:
    words = " ".join(re.sub(r"[^\w@.]+", " ", text.casefold()).split())
    digits = re.sub(r"\D", "", text)
    hits = []
    for value in values:
        if re.sub(r"[\d\s()+-]", "", value) == "":  # a phone number or BSN: compare digits
            if re.sub(r"\D", "", value).lstrip("0")[-9:] in digits:
                hits.append("nummer")
        elif " ".join(re.sub(r"[^\w@.]+", " ", value.casefold()).split()) in words:
            hits.append("tekst")
    return hits


def test_publication_and_third_party_mail_hold_no_personal_data(demo_run, woo_home):
    """Every published file and every .eml to the third party, checked by the gate and by a plain search."""
    from woo.privacy import Audience, Gate, Outgoing, known_data
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    request_id, _, _ = demo_run
    with session_scope() as s:
        number = s.get(RequestRow, request_id).number
        known = known_data(Repository(s), request_id)
    folder = woo_home / "publicatie" / number
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(files) >= 10
    public = Gate(known, Audience.public())
    for path in files:
        rel = path.relative_to(folder).as_posix()
        number_in_name = int(rel.split("/")[1][:3]) if rel.startswith("documenten/") else None
        check = public.check(rel, [Outgoing(rel, path.read_bytes(), document=number_in_name)])
        assert check.passed, check.message
        assert _plain_hits(_plain_text(path), _plain_values(third_party=False)) == [], rel
    mails = sorted((woo_home / "outbox").glob("*_bouwbedrijf.eml"))
    assert len(mails) == 2  # the zienswijze request and the decision notice
    to_party = Gate(known, Audience.third_party("bouwbedrijf"))
    for path in mails:
        check = to_party.check(path.name, [Outgoing(path.name, path.read_bytes())])
        assert check.passed, check.message
        assert _plain_hits(_plain_text(path), _plain_values(third_party=True)) == [], path.name


def test_the_published_decision_has_no_addressee_and_the_third_party_gets_its_own_notice(demo_run, woo_home):
    from woo.demo import cast
    from woo.store.db import session_scope
    from woo.store.models import OutboxRow, RequestRow

    request_id, _, _ = demo_run
    with session_scope() as s:
        number = s.get(RequestRow, request_id).number
        kinds = {o.idempotency_key: o.kind for o in s.scalars(select(OutboxRow))}
    published = _text(woo_home / "publicatie" / number / "besluit.pdf")
    assert "Aan: de verzoeker" in published and cast.REQUESTER.name not in published
    assert kinds[f"decision:{request_id}"] == "decision"
    assert kinds[f"decision:{request_id}:bouwbedrijf"] == "third_party_decision_notice"
    mail = email.message_from_bytes((woo_home / "outbox" / f"decision_{request_id}_bouwbedrijf.eml").read_bytes(),
                                    policy=email.policy.default)
    notice = " ".join(_text(next(mail.iter_attachments()).get_content()).split())
    assert "documenten die u betreffen" in notice and "voorlopige voorziening" in notice
    assert cast.REQUESTER.name not in notice and "Dorpsstraat" not in notice
    requester_copy = _text(woo_home / "requests" / request_id / "besluit" / "besluit.pdf")
    assert cast.REQUESTER.name in requester_copy  # the requester's own letter is addressed to them


def test_the_scan_is_redacted_and_published_and_the_minutes_carry_their_5_2_passage(demo_run, woo_home):
    from woo.privacy.blocks import open_blocks
    from woo.store.db import session_scope
    from woo.store.models import DocumentRow, RedactionRow, RequestRow

    request_id, _, _ = demo_run
    with session_scope() as s:
        number = s.get(RequestRow, request_id).number
        docs = {d.number: d for d in s.scalars(select(DocumentRow).where(DocumentRow.request_id == request_id))}
        blocks = {b.item: b for b in open_blocks(Repository(s), request_id)}
        grounds_52 = list(s.scalars(select(RedactionRow.document_number).where(
            RedactionRow.request_id == request_id, RedactionRow.ground == "5.2", RedactionRow.status == "applied")))
    # The scanned letter is read with OCR and redacted in its pixels (the resident's name, address and phone):
    # the gate, which reads published images with OCR too, finds nothing left in it.
    scan = next(n for n, d in docs.items() if "Scan" in d.display_name)
    assert docs[scan].judgement == "deels openbaar" and docs[scan].check_ok is True
    assert f"document:{scan}" not in blocks
    # The minutes claim 5.2 and the reviewer marked the passage by its text (a manual redaction over two lines):
    # grounds and boxes agree, so the minutes are published with the personal policy view blacked out.
    minutes = next(n for n, d in docs.items() if "Verslag" in d.display_name)
    assert docs[minutes].held_reason is None and minutes in grounds_52
    published = {p.name[:3]: p for p in (woo_home / "publicatie" / number / "documenten").iterdir()}
    assert f"{scan:03d}" in published and f"{minutes:03d}" in published
    text = " ".join(pymupdf.open(published[f"{minutes:03d}"])[0].get_text().split())
    assert "persoonlijk twijfelt" not in text and "latere fase" not in text
    assert "informatieavond" in text  # the sentence after the passage stays
    inventory = (woo_home / "publicatie" / number / "inventaris.csv").read_text(encoding="utf-8-sig")
    assert "5.2" in inventory.splitlines()[minutes]
    assert "Openbaarmaking aangehouden" not in inventory


def test_planted_leaks_in_the_demo_outputs_are_caught(demo_run, woo_home, tmp_path):
    """The demo's real published files, each with one leak planted, as the gate reads them."""
    from woo.demo import cast
    from woo.privacy import Audience, Gate, Outgoing, known_data
    from woo.store.db import session_scope
    from woo.store.models import RequestRow

    request_id, _, _ = demo_run
    with session_scope() as s:
        number = s.get(RequestRow, request_id).number
        known = known_data(Repository(s), request_id)
    folder = woo_home / "publicatie" / number
    gate = Gate(known, Audience.public())
    inventory = (folder / "inventaris.csv").read_bytes() + f"99;Bel {cast.REQUESTER.phone};openbaar\r\n".encode()
    xml = (folder / "metadata" / "001.xml").read_text().replace("</", f"{cast.REQUESTER.email}</", 1).encode()
    doc = pymupdf.open(folder / "besluit.pdf")
    doc[0].insert_text((72, 800), cast.REQUESTER_ADDRESS.splitlines()[0] + " -", fontsize=8)
    doc[0].insert_text((72, 810), cast.REQUESTER_ADDRESS.splitlines()[1], fontsize=8)
    planted = {"inventaris.csv": inventory, "metadata/001.xml": xml, "besluit.pdf": doc.tobytes()}
    for name, data in planted.items():
        check = gate.check(name, [Outgoing(name, data)])
        assert not check.passed and {f.file for f in check.findings} == {name}
