"""Every letter is an archival, tagged PDF: PDF/A-3 level A essentials checked with PyMuPDF (veraPDF is Java and
not installable here; these are the parts a validator fails first)."""

from __future__ import annotations

import re

import pymupdf
from letters_samples import sample_decision

from woo.letters import decision
from woo.letters.pdf import html_to_pdf


def test_a_letter_is_pdf_a_3a_with_embedded_fonts_output_intent_and_tags():
    letter = decision(sample_decision())
    with pymupdf.open(stream=letter.pdf(), filetype="pdf") as doc:
        xmp = doc.get_xml_metadata()
        assert re.search(r'pdfaid:part="3"', xmp) and re.search(r'pdfaid:conformance="A"', xmp)
        assert "Besluit op uw Woo-verzoek" in xmp  # dc:title, which PDF/A requires to match the Info title
        catalog = doc.pdf_catalog()
        kind, intents = doc.xref_get_key(catalog, "OutputIntents")
        assert kind == "array" and "GTS_PDFA1" in intents and "DestOutputProfile" in intents
        assert doc.xref_get_key(catalog, "MarkInfo") == ("dict", "<</Marked true>>")
        assert doc.xref_get_key(catalog, "StructTreeRoot")[0] == "xref"
        assert doc.xref_get_key(catalog, "Lang") == ("string", "nl")
        fonts = {f for page in doc for f in page.get_fonts()}
        assert fonts and all(f[1] in ("ttf", "cff", "otf") for f in fonts), fonts  # every font embedded
        assert not doc.is_encrypted


def test_a_source_document_of_the_demo_can_stay_a_plain_pdf():
    with pymupdf.open(stream=html_to_pdf("<p>Brief</p>", archival=False), filetype="pdf") as doc:
        assert "pdfaid" not in (doc.get_xml_metadata() or "")
