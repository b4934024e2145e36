"""Fixtures for the publication tests: the DiWoo value lists (from the shared folder) and small PDFs.

The DiWoo schema fixture itself (``diwoo_schema``) lives in ``tests/conftest.py``, shared with the end-to-end test.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from lxml import etree
from publication_dossier import decided_request

DIWOO_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "diwoo"
__all__ = ["decided_request"]


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

