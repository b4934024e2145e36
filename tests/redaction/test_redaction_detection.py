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


# --- issue 9: what a Woo lawyer keeps and what must go ---------------------------------------------------------
@pytest.mark.parametrize("text, plate", [("kenteken AM-45-67", "AM-45-67"), ("kenteken: EA-64-12", "EA-64-12"),
                                         ("een Duitse auto (kenteken B-KM 4412)", "B-KM 4412")])
def test_plate_outside_the_rdw_series_after_the_word_kenteken_is_proposed_for_review(text: str, plate: str) -> None:
    (match,) = find_identifiers(text)
    assert (match.category, text[match.start:match.end], match.auto_accept) == (Category.LICENCE_PLATE, plate, False)


def test_plate_shaped_code_without_the_word_kenteken_is_not_a_plate() -> None:
    assert _found("Productcode AM-45-67 is uitverkocht.") == []


def test_credit_card_number_with_luhn_check_digit_is_found() -> None:
    text = "betaald met eigen creditcard 4917 6123 4567 8904 (vervaldatum 08/28)"
    assert _found(text) == [(Category.CREDIT_CARD, "4917 6123 4567 8904")]
    assert find_identifiers(text)[0].auto_accept
    assert _found("creditcard 4917 6123 4567 8905") == []  # wrong check digit


def test_profile_urls_and_handles_of_people_are_proposed_and_an_organisations_handle_is_not() -> None:
    text = "Zie www.linkedin.com/in/\ntunde-ogunleye-4b21a9 en @tunde.ogunleye; de buren tagden @gemeentebrinkhorst."
    assert _found(text) == [(Category.ONLINE_ID, "www.linkedin.com/in/\ntunde-ogunleye-4b21a9"),
                            (Category.ONLINE_ID, "@tunde.ogunleye")]
    assert not any(m.auto_accept for m in find_identifiers(text))


@pytest.mark.parametrize("mailbox", ["subsidies@brinkhorst.nl", "directie@lindeveen.nl", "woo@lindeveen.nl",
                                     "secretariaat.wonen@brinkhorst.nl", "meldingen@lindeveen.nl",
                                     "noreply@brinkhorst.nl", "info@vanhouten-installatie.nl"])
def test_functional_mailboxes_stay_visible(mailbox: str) -> None:
    assert _found(f"Mail naar {mailbox} voor vragen.") == []


@pytest.mark.parametrize("text", ["Bel het algemene nummer 14 0345.", "telefoon 14 030",
                                  "Omgevingsdienst Regio Nijmegen, algemeen nummer 024 - 360 40 40",
                                  "Gemeente Lindeveen, telefooncentrale 030 - 286 00 00",
                                  "Woonstichting De Poort\nStationsweg 45 | 6641 AE Brinkhorst\nT 0481 - 42 42 00",
                                  "Meldkamer weet ervan (0900-8844)."])
def test_switchboard_and_organisation_numbers_stay_visible(text: str) -> None:
    assert [c for c, _ in _found(text) if c is Category.PHONE] == []


def test_a_mobile_number_in_a_company_signature_is_personal() -> None:
    text = "Woonstichting De Poort\nStationsweg 45 | 6641 AE Brinkhorst\nT 0481 - 42 42 00 | M 06 - 51 23 47 89"
    assert [t for c, t in _found(text) if c is Category.PHONE] == ["06 - 51 23 47 89"]


def test_business_addresses_stay_and_a_residents_address_goes() -> None:
    text = ("Bouwbedrijf De Kok & Zonen B.V.\nt.a.v. de heer W. de Groot\nIndustrieweg 14\n6641 AB Brinkhorst\n\n"
            "Het bedrijf is gevestigd aan de Ambachtsweg 21. Mevrouw Baptiste woont aan de Hoflaan 11.")
    assert [t for c, t in _found(text) if c is Category.ADDRESS] == ["Hoflaan 11"]


def test_an_account_of_a_company_is_only_proposed_for_review() -> None:
    text = "KvK 10987654 | BTW NL001234567B01 | IBAN NL91 ABNA 0417 1643 00\n" \
           "Betaling op NL91 ABNA 0417 1643 00 t.n.v. Gebr. Van Houten Installatietechniek B.V."
    matches = find_identifiers(text)
    assert len(matches) == 2 and not any(m.auto_accept for m in matches)
    assert all("rechtspersoon" in m.reason for m in matches)
    (private,) = find_identifiers("Betaling op NL91 ABNA 0417 1643 00 t.n.v. J. Jansen")
    assert private.auto_accept


def test_an_email_header_date_is_not_a_date_of_birth() -> None:
    assert _found("Verzonden: dinsdag 3 maart 2026 10:14\nOnderwerp: overleg") == []


def test_officials_under_a_plural_title_stay_visible_also_later_by_surname() -> None:
    text = ("Aanwezig: de fractievoorzitters A. Yilmaz (GroenLinks-PvdA), H.J. van Ommeren (VVD) en\n"
            "T. Hofstede-Kramer (Lokaal Brinkhorst); de raadsleden F. de Wilde en R. Nijhuis; de wethouders\n"
            "M. Kuipers en R. Hoefnagels. Insprekers: de heer K. Oudshoorn en mevrouw L. Baptiste.\n"
            "De heer Van Ommeren dient een motie in. Mevrouw Yilmaz steunt de motie. Hoefnagels reageert.\n"
            "Mevrouw Baptiste en Oudshoorn zijn tegen.")
    assert _names(text) == ["K. Oudshoorn", "L. Baptiste", "Baptiste", "Oudshoorn"]


def test_function_after_the_name_on_the_previous_line_or_as_a_party_keeps_the_name() -> None:
    text = ("Het raadslid Dennis Ouwerkerk (D66) vroeg het. Namens de provincie schoof de gedeputeerde\n"
            "Tom Kalkman aan, en mr. I. Dekker-Polat, rechter, deed uitspraak. Commissaris van de Koning\n"
            "Willemijn Bergsma-Rotteveel was er ook, met woordvoerder Sanne Koopmans. Ouwerkerk en Kalkman ook.")
    assert _names(text) == []


def test_a_function_after_a_comma_belongs_to_the_next_name_when_one_follows() -> None:
    assert _names("Aanwezig: de heer Jan Jansen, wethouder Bakker en de griffier.") == ["Jan Jansen"]


def test_alderman_signing_an_email_is_greeted_by_first_name_and_stays_visible() -> None:
    text = ("Van: Kuipers, Marjolein\nAan: Verhagen, Noor\n\nHoi Noor,\n\nKun je dit nagaan?\n\nGroet,\n"
            "Marjolein Kuipers\nWethouder Welzijn en Cultuur\n\nBeste Marjolein, ik doe het. Groet, Noor")
    assert _names(text) == ["Verhagen, Noor", "Noor", "Noor"]


def test_family_kinship_and_possessive_mentions_are_names() -> None:
    text = ("Namens de familie Bosman dien ik een klacht in. Mijn naam is Henk Bosman. Mijn vrouw Aaltje en\n"
            "onze zoon Timo waren erbij. Bosmans brief volgt; Aaltje tekent ook.")
    assert _names(text) == ["Bosman", "Henk Bosman", "Aaltje", "Timo", "Bosmans", "Aaltje"]


def test_the_whole_name_is_one_proposal_with_prefixes_and_double_barrelled_surname() -> None:
    text = "t.a.v. de heer W. de Groot\n\nGeachte heer De Groot,\nDe Groots aanvulling en mevrouw J. van den " \
           "Heuvel-de Rooij.\nOok Van\nden Heuvel-de Rooij schreef."
    assert _names(text) == ["W. de Groot", "De Groot", "De Groots", "J. van den Heuvel-de Rooij",
                            "Van\nden Heuvel-de Rooij"]


def test_a_surname_inside_a_company_name_is_part_of_the_company() -> None:
    text = "Bouwbedrijf De Kok & Zonen B.V. en Transportbedrijf Van der Kooij & Zn. B.V. schreven. Mevrouw De Kok."
    assert _names(text) == ["De Kok"]
    assert text.rindex("De Kok") == find_names(text)[0].start


def test_a_place_is_not_a_person() -> None:
    text = ("Vrachtwagens van Elst en Wijchen rijden door de wijk. Mevrouw A. van der Meulen uit Nijmegen-Oost\n"
            "belde. De inwoners van Houten en Zeist volgen het ook.")
    assert _names(text) == ["A. van der Meulen"]


def test_names_in_any_latin_script_and_chat_senders() -> None:
    text = "[14-01-26 21:22] Sarah: ja\n[14-01-26 21:23] +31 6 28 44 91 07: ok\nAanwezig: Fatma Doğan en Ayşe Çelik."
    assert _names(text) == ["Sarah", "Fatma Doğan", "Ayşe Çelik"]


def test_ocr_words_enter_detection_through_the_same_entry_point() -> None:
    from woo.redaction.detect import page_text_from_words, propose_in_pages

    words = [((10, 10, 60, 20), "Geachte", 1), ((62, 10, 90, 20), "heer", 1), ((92, 10, 140, 20), "Jansen,", 1),
             ((10, 30, 40, 40), "BSN", 2), ((42, 30, 120, 40), "123456782", 2)]
    page = page_text_from_words(3, words)
    proposals = propose_in_pages([page], "fp")
    assert [(p.page, p.category, p.text) for p in proposals] == [(3, Category.PERSON_NAME, "Jansen"),
                                                                 (3, Category.BSN, "123456782")]
    assert proposals[0].rects[0][0] == pytest.approx(92) and proposals[0].rects[0][2] < 140


def test_people_listed_after_a_plural_role_are_names_also_when_the_line_wraps() -> None:
    text = ("Tijdens het onderzoek waren twee beroepskrachten aanwezig, Shanti\n"
            "Ramlal en Femke Oude Luttikhuis. Ramlal had geen verklaring.\nToezichthouder: Margriet Zondervan")
    assert _names(text) == ["Shanti\nRamlal", "Femke Oude Luttikhuis", "Ramlal", "Margriet Zondervan"]


def test_organisation_data_in_a_footer_and_press_contact_stay_visible() -> None:
    footer = "Gemeente Oostervelde | Postbus 50 | 7200 AB Oostervelde\nTelefoon 14 0575 | www.oostervelde.nl"
    press = "Meer informatie: Persvoorlichting gemeente Oostervelde, pers@oostervelde.nl, 0575 - 78 00 00."
    account = "overgemaakt op NL68 SNSB 0901 2345 67 ten\nname van Stichting Speeltuin De Vlinder."
    assert _found(footer) == [] and _found(press) == []
    assert [m.auto_accept for m in find_identifiers(account)] == [False]


def test_a_direct_line_next_to_a_functional_mailbox_is_still_personal() -> None:
    text = "Mail naar info@lindeveen.nl of bel mij direct op 030-2345678."
    assert _found(text) == [(Category.PHONE, "030-2345678")]


def test_a_curriculum_vitae_is_not_a_company() -> None:
    assert _names("Bijlage: Jan Jansen CV en motivatie.") == ["Jan Jansen"]
