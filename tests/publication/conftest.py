"""Fixtures for the publication tests: the DiWoo schema (from the shared folder) and small PDFs."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from lxml import etree

DIWOO_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "diwoo"


class _MdtoStubResolver(etree.Resolver):
    """The DiWoo XSD imports the MDTO schema from the internet; answer with the local stub instead."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url and "MDTO" in url:
            return self.resolve_filename(str(DIWOO_DIR / "mdto-stub.xsd"), context)
        return None


@pytest.fixture(scope="session")
def diwoo_schema() -> etree.XMLSchema:
    if not (DIWOO_DIR / "diwoo-metadata.xsd").is_file():
        pytest.skip(f"the DiWoo XSD is absent ({DIWOO_DIR.resolve()}); it lives in the shared folder beside the "
                    "repository, on team machines only")
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_MdtoStubResolver())
    return etree.XMLSchema(etree.parse(str(DIWOO_DIR / "diwoo-metadata.xsd"), parser))


@pytest.fixture(scope="session")
def organisation_uris() -> set[str]:
    lists = DIWOO_DIR / "diwoo-metadata-lijsten.xsd"
    if not lists.is_file():
        pytest.skip(f"the DiWoo value lists are absent ({lists.resolve()})")
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    tree = etree.parse(str(lists), etree.XMLParser(no_network=True))
    return {e.get("value") for e in tree.xpath("//xs:simpleType[@name='gemeentelijst']//xs:enumeration",
                                                namespaces=ns)}


def make_pdf(path: Path, text: str) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def pdf_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    sources = tmp_path / "sources"
    sources.mkdir()

    def factory(name: str, text: str) -> Path:
        return make_pdf(sources / name, text)
    return factory
