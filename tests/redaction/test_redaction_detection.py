"""Detection per category on plain text: what must be found, and what must not."""

from __future__ import annotations

import pytest

from woo.redaction import Category, Officials
from woo.redaction.names import find_names
from woo.redaction.patterns import find_identifiers


def _found(text: str) -> list[tuple[Category, str]]:
    return [(m.category, text[m.start : m.end]) for m in find_identifiers(text)]


def _names(text: str, officials: Officials | None = None) -> list[str]:
    return [text[m.start : m.end] for m in find_names(text, officials)]


@pytest.mark.parametrize("text", ["Het BSN van betrokkene is 123456782.", "burgerservicenummer: 123 456 782",
                                  "Kenmerk 1234.56.782 (sofinummer)", "Nummer 1234.56.782 staat op de kaart."])
def test_bsn_passing_the_11_test_with_context_or_layout_is_found(text: str) -> None:
    assert [c for c, _ in _found(text)] == [Category.BSN]


def test_nine_digits_failing_the_11_test_are_a_bsn_only_with_the_word_bsn_and_never_auto_accepted() -> None:
    # A typo in a number labelled as a BSN is still somebody's BSN: the reviewer sees it, nothing is dropped.
    (match,) = find_identifiers("BSN 123456789")
    assert (match.category, match.auto_accept) == (Category.BSN, False)
    assert _found("Ordernummer 123456789") == []


def test_valid_nine_digits_without_context_are_not_a_bsn() -> None:
    assert _found("Zaaknummer 123456782 is aangemaakt.") == []


def test_bsn_is_auto_accepted_under_ground_5_1_1e() -> None:
    match = find_identifiers("BSN 123456782")[0]
    assert match.auto_accept


def test_passport_number_needs_context() -> None:
    assert _found("Paspoortnummer NXC3F7R42") == [(Category.ID_NUMBER, "NXC3F7R42")]
    assert _found("Productcode NXC3F7R42") == []


@pytest.mark.parametrize("iban", ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "DE89 3704 0044 0532 0130 00"])
def test_iban_with_valid_checksum_is_found_with_or_without_spaces(iban: str) -> None:
    assert _found(f"Rekening {iban} t.n.v. de aanvrager") == [(Category.IBAN, iban)]


def test_dutch_iban_with_wrong_checksum_is_proposed_for_review_not_auto_accepted() -> None:
    (match,) = find_identifiers("Rekening NL92 ABNA 0417 1643 00 (rekening van mijn vader)")
    assert (match.category, match.auto_accept) == (Category.IBAN, False)
    assert "controlegetal klopt niet" in match.reason


def test_personal_email_is_found_and_a_functional_mailbox_is_not() -> None:
    assert _found("Mail j.jansen@example.nl of woo@lindeveen.nl") == [(Category.EMAIL, "j.jansen@example.nl")]


@pytest.mark.parametrize("phone", ["+31 (0)20 123 4567", "06-12345678", "020-1234567", "0031 6 1234 5678"])
def test_dutch_and_international_phone_numbers_are_found(phone: str) -> None:
    assert _found(f"Bel {phone} voor overleg.") == [(Category.PHONE, phone)]


def test_service_numbers_and_dates_are_not_phone_numbers() -> None:
    assert _found("Bel 0800-1234567 of kom op 30-03-2024.") == []


def test_street_house_number_and_postcode_form_one_address() -> None:
    assert _found("Adres: Jan van Galenstraat 12a\n1051 KM Amsterdam") == [
        (Category.ADDRESS, "Jan van Galenstraat 12a\n1051 KM")
    ]


def test_po_box_is_not_a_personal_address() -> None:
    assert _found("Postbus 16200, 3500 CE Utrecht") == []


@pytest.mark.parametrize("plate", ["GF-123-X", "12-BBB-3", "XX-99-99", "1-KBB-23"])
def test_licence_plates_in_rdw_side_codes_are_found(plate: str) -> None:
    assert _found(f"Auto met kenteken {plate} stond er.") == [(Category.LICENCE_PLATE, plate)]


def test_date_of_birth_needs_birth_context() -> None:
    assert _found("Geboren op 12-03-1980.") == [(Category.BIRTH_DATE, "12-03-1980")]
    assert _found("geb. 3 maart 1975") == [(Category.BIRTH_DATE, "3 maart 1975")]
    assert _found("Vergadering op 12-03-1980.") == []


def test_name_with_salutation_titles_initials_and_prefixes() -> None:
    assert _names("Geachte mevrouw drs. A.B. de Vries-van Dijk,") == ["A.B. de Vries-van Dijk"]


def test_names_by_initials_known_given_name_and_signature() -> None:
    text = "Fleur Verbeek en J.P. Bakker kwamen.\n\nMet vriendelijke groet,\n\nQuirijn Stelwagen\nAdviseur"
    assert _names(text) == ["Fleur Verbeek", "J.P. Bakker", "Quirijn Stelwagen"]


def test_later_mentions_of_a_found_surname_are_proposed() -> None:
    assert _names("De heer Pietersen belde. Later mailde Pietersen opnieuw.") == ["Pietersen", "Pietersen"]


def test_names_are_never_auto_accepted() -> None:
    assert not any(m.auto_accept for m in find_names("Geachte heer Jansen,"))


def test_organisations_and_places_are_not_names() -> None:
    text = "De Gemeente Utrecht, de Raad van State en Den Haag. Zij wonen aan de Jan van Galenstraat."
    assert _names(text) == []


def test_officials_by_name_and_by_function_stay_visible() -> None:
    officials = Officials.of(["Sharon Dijksma"])
    text = "Burgemeester Dijksma en wethouder P. de Boer spraken met mevrouw S. Dijksma en de heer Jansen."
    assert _names(text, officials) == ["Jansen"]


def test_official_signing_under_a_function_line_stays_visible() -> None:
    text = "Hoogachtend,\n\nde burgemeester,\nA. Bakker"
    assert _names(text) == []


def test_a_phone_number_wrapped_over_two_lines_is_still_found() -> None:
    from woo.redaction.patterns import find_phone

    text = "of met ondergetekende via +31 (0)30\n123 4567."
    found = list(find_phone(text))
    assert [text[m.start:m.end] for m in found] == ["+31 (0)30\n123 4567"]
