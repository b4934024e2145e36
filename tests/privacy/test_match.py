"""Known values are found whatever the layout did to them, and only where a reader would see them."""

from __future__ import annotations

import pytest

from woo.privacy.match import Haystack, mask


@pytest.mark.parametrize("text", [
    "Jeroen Smit", "JEROEN SMIT", "jeroen\nsmit", "Jeroen  Smit,", "J e r o e n  S m i t", "Jer-\noen Smit",
    "Jérôen Smit",
])
def test_a_name_is_found_in_any_case_spacing_or_line_break(text):
    assert Haystack(f"Brief van {text} over het plein").count("Jeroen Smit") == 1


def test_an_address_split_over_two_lines_or_written_on_one_is_found():
    address = "Dorpsstraat 12\n3512 AB Voorbeeldstad"
    assert Haystack("Dorpsstraat 12, 3512 AB Voorbeeldstad").count(address) == 1
    assert Haystack("wonend aan de Dorps-\nstraat 12\n3512AB  Voorbeeldstad").count(address) == 1


@pytest.mark.parametrize("written", ["06-87654321", "06 8765 4321", "+31 6 87654321", "0031 (0)6-87 65 43 21",
                                     "06-8765\n4321", "(06) 87654321"])
def test_a_phone_number_is_found_in_every_notation(written):
    assert Haystack(f"bel {written} na vijven").count_phone("06-87654321") == 1


def test_an_e_mail_address_hyphenated_at_a_line_end_is_found():
    assert Haystack("mail: j.smit@voor-\nbeeld.nl").count("j.smit@voorbeeld.nl") == 1


def test_short_values_need_a_clean_word_edge():
    assert Haystack("Tom Bosman en Tomas Bos").count("Tom Bos") == 0
    assert Haystack("met Tom Bos gesproken").count("Tom Bos") == 1
    assert Haystack("Dorpsstraat 120").count("Dorpsstraat 12") == 0
    assert Haystack("bel 061234567890").count_phone("0612345678") in (0, 1)  # run-together digits: never missed
    assert Haystack("een vijf").count("vijf") == 1 and Haystack("vijftig").count("vijf") == 0


def test_values_too_short_to_mean_anything_are_not_searched():
    assert Haystack("Bos en Jan").count("Bos") == 0


def test_mask_replaces_every_occurrence_and_keeps_the_rest():
    text = "Ik, Jeroen Smit (06 8765 4321), wonend Dorpsstraat 12, vraag om stukken over Stationsplein 7."
    masked = mask(text, ["Jeroen Smit", "Dorpsstraat 12"], "[5.1.2e]", phones=["06-87654321"])
    assert masked == "Ik, [5.1.2e] ([5.1.2e]), wonend [5.1.2e], vraag om stukken over Stationsplein 7."
