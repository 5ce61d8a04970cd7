"""Masking with everything known about a nomination (issue 12, item 2): every form that was
seen leaking, as tables with their counts, and what must be left alone."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from awards_app.core.folding import fold
from awards_app.core.masking import Identity, Masked, find_masks, mask_text
from awards_app.core.privacy import mask_narrative
from awards_app.core.text import name_key

NOBODY = Identity()
ZOE = Identity(
    surnames=("Smith",),
    names=("Zoe Anne", "Sam Patel", "Riverside Leaving Care Team", "Hillcrest Academy"),
    dates_of_birth=(date(2005, 7, 13),),
    emails=("zoe.smith@example.com",),
    phones=("07700 900001",),
    postcodes=("NE1 4ST",),
    addresses=("14 Mill Lane, Leeds",),
    shown=("Zoe",),
)


def masked_in(text: str, identity: Identity, form: str) -> str:
    return mask_text(text.replace("FORM", form), identity)


def assert_gone(masked: str, private: str) -> None:
    """The marker check: neither the name_key nor the folded form of the private value is
    in the output as a whole word (or, for numbers, at all)."""
    for key in (name_key, fold):
        value, out = key(private), key(masked)
        if value.replace(" ", "").isdigit():
            assert value not in out, (private, masked)
        else:
            assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", out), (private, masked)


# --- phones: 34 forms ----------------------------------------------------------------------

PHONES = [
    "07700 900123", "07700900123", "07700-900-123", "07700.900.001", "07700 900 123",
    "+44 7700 900123", "+447700900123", "+44 (0)7700 900123", "+44 (0) 7700 900123",
    "0044 7700 900123", "0044 (0) 161 496 0000", "(0161) 496 0000", "(01632) 960000",
    "0161 496 0000", "0161-496-0000", "020 7946 0958", "(020) 7946 0958", "+44 20 7946 0958",
    "07700\u00a0900\u00a0123",  # non-breaking spaces
    "07700\u2009900\u2009123",  # thin spaces
    "07700\u202f900123",  # a narrow non-breaking space
    "０７７００ ９００１２３",  # full-width digits
    "07700–900–123",  # en dashes
    "0161 — 496 — 0000",  # em dashes with spaces
    "+44 (0)161 496 0000", "+44 7700 900 123", "0800 123 4567",
    "٠٧٧٠٠ ٩٠٠١٢٣",  # Arabic-Indic digits
    "01632 960 000", "(0) 7700 900123", "+44-7700-900123", "+ 44 7700 900123",
    "0 7 7 0 0 9 0 0 1 2 3", "+44\u2009(0)\u20097700\u2009900123", "(+44) 7700 900123",
    "01614960000", "0161 4960000",
]


@pytest.mark.parametrize("phone", ["+353 87 123 4567", "+33 6 12 34 56 78", "+1 (212) 555-0199",
                                   "+48 601 234 567", "+234 803 123 4567", "+92 300 1234567"])
def test_numbers_with_another_country_code_are_masked(phone: str) -> None:
    assert masked_in("Her aunt: FORM.", NOBODY, phone) == "Her aunt: [phone]."


def test_two_phones_side_by_side_are_both_masked() -> None:
    text = "Ring 07700900123/07700900124 or 07700 900125, 07700 900126 07700 900127."
    assert mask_text(text, NOBODY) == "Ring [phone]/[phone] or [phone], [phone] [phone]."


def test_a_number_after_a_phone_is_not_part_of_it() -> None:
    text = "Ring 07700 900123 3 times, or 01632 96000 7 days a week, at 10:30."
    assert mask_text(text, NOBODY) == "Ring [phone] 3 times, or [phone] 7 days a week, at 10:30."


def test_there_are_at_least_23_phone_forms() -> None:
    assert len(PHONES) >= 23


@pytest.mark.parametrize("phone", PHONES)
def test_phone_forms_are_masked(phone: str) -> None:
    masked = masked_in("Ring her on FORM, after six.", NOBODY, phone)
    assert masked == "Ring her on [phone], after six."
    assert_gone(masked, phone)


# --- postcodes: 21 forms -------------------------------------------------------------------

POSTCODES = [
    "NE1 4ST", "ne1 4st", "NE14ST", "NE1  4ST", "NE1-4ST", "NE1 - 4ST", "NE1\t4ST",
    "NE1\u00a04ST", "NE1\u20094ST", "ＮＥ１ ４ＳＴ", "Ne1 4sT", "NE1\u200b 4ST",
    "SW1A 1AA", "sw1a1aa", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA",
    "W1A 0AX",
]


def test_there_are_at_least_16_postcode_forms() -> None:
    assert len(POSTCODES) >= 16


@pytest.mark.parametrize("postcode", POSTCODES)
def test_postcode_forms_are_masked(postcode: str) -> None:
    masked = masked_in("Her flat is in FORM, near the park.", NOBODY, postcode)
    assert masked == "Her flat is in [postcode], near the park."
    assert_gone(masked, postcode.replace("\u200b", ""))


# --- emails: 15 forms ----------------------------------------------------------------------

EMAILS = [
    "zoe.smith@example.com", "zoe.h+awards@example.org", "zoe@mail.example.co.uk",
    "ZOE.SMITH@EXAMPLE.COM", "zoe at example dot com", "zoe [at] example.com",
    "zoe (at) example (dot) com", "zoe @ example.com", "zoe＠example.com",
    "zoe[at]example[dot]co[dot]uk", "o'connor@example.ie", "zoe_h-2005@example.org",
    "zoe.smith @example.com", "zoe.smith@ example.com", "zoe {at} example {dot} org",
    "zoe dot smith at example dot com", "zoe.smith(at)example.co.uk",
    "zoe [at] example [dot] com", "zoe (at) example (dot) co (dot) uk",
]


def test_there_are_at_least_9_email_forms() -> None:
    assert len(EMAILS) >= 9


@pytest.mark.parametrize("email", EMAILS)
def test_email_forms_are_masked(email: str) -> None:
    masked = masked_in("Write to FORM for more.", NOBODY, email)
    assert masked == "Write to [email] for more."


def test_a_known_email_is_masked_in_words_too() -> None:
    text = "Her address is zoe.smith at example dot com."
    assert mask_text(text, ZOE) == "Her address is [email]."


# --- surnames: 21 forms of "Smith" ---------------------------------------------------------

SMITH_FORMS = [
    ("Smith", "[surname]"),
    ("SMITH", "[surname]"),
    ("smith", "[surname]"),
    ("Smiths", "[surname]"),  # "the Smiths"
    ("Smith's", "[surname]'s"),
    ("Smith’s", "[surname]’s"),
    ("Smíth", "[surname]"),  # an accent
    ("Smi\u0301th", "[surname]"),  # a decomposed accent
    ("S\u200bmith", "[surname]"),  # a zero-width space
    ("S\u00admith", "[surname]"),  # a soft hyphen
    ("\u202eSmith\u202c", "[surname]"),  # a bidi override, masked with the name
    ("Smіth", "[surname]"),  # Cyrillic і
    ("Ѕmith", "[surname]"),  # Cyrillic Ѕ
    ("SMIТH", "[surname]"),  # Cyrillic capital Т
    ("Ｓｍｉｔｈ", "[surname]"),  # full-width letters
    ("smith2005", "[surname]"),
    ("smith_05", "[surname]"),
    ("zoe_smith", "zoe_[surname]"),
    ("MrSmith", "Mr[surname]"),
    ("smith-jones", "[surname]-jones"),
    ("SMITHS", "[surname]"),
    ("S M I T H", "[surname]"),  # spelt out
    ("s.m.i.t.h", "[surname]"),
]


def test_there_are_at_least_17_surname_forms() -> None:
    assert len(SMITH_FORMS) >= 17


@pytest.mark.parametrize(("form", "expected"), SMITH_FORMS)
def test_surname_forms_are_masked(form: str, expected: str) -> None:
    masked = masked_in("Then FORM spoke.", Identity(surnames=("Smith",)), form)
    assert masked == f"Then {expected} spoke."
    assert_gone(masked, "Smith")


@pytest.mark.parametrize("form", ["O'Brien", "O’Brien", "OʼBrien", "O´Brien", "OBrien",
                                  "O Brien", "Obrien", "O-Brien", "O'BRIEN", "o'brien", "Brien"])
def test_o_brien_forms_are_masked(form: str) -> None:
    assert mask_text(f"Ask {form} first.", Identity(surnames=("O'Brien",))) == (
        "Ask [surname] first.")


@pytest.mark.parametrize(("surname", "form"), [
    ("McDonald", "McDonald"), ("McDonald", "Mcdonald"), ("McDonald", "MacDonald"),
    ("McDonald", "Mac Donald"), ("McDonald", "Mc Donald"), ("McDonald", "M'Donald"),
    ("McDonald", "MCDONALD"), ("McDonald", "Donald"), ("MacKenzie", "McKenzie"),
    ("MacKenzie", "Mackenzie"), ("MacKenzie", "Kenzie"),
])
def test_mc_and_mac_forms_are_masked(surname: str, form: str) -> None:
    assert mask_text(f"Ask {form} first.", Identity(surnames=(surname,))) == (
        "Ask [surname] first.")


def test_an_apostrophe_part_of_a_double_barrelled_surname_is_masked_whole() -> None:
    identity = Identity(surnames=("O’Neill–Baptiste",))
    text = "Mrs O'Neill, Mr Baptiste, ONeill and Neill-Baptiste came."
    assert mask_text(text, identity) == (
        "Mrs [surname], Mr [surname], [surname] and [surname] came.")


def test_a_mac_without_a_capital_is_one_name() -> None:
    # "Mackay" is not Mac + Kay: "Kay" alone is someone else
    assert mask_text("Kay met Mackay.", Identity(surnames=("Mackay",))) == "Kay met [surname]."


def test_lower_case_plurals_are_ordinary_words() -> None:
    # "the Smiths" is the family; "hopes" is not the Hope family
    assert mask_text("The Hopes had hopes.", Identity(surnames=("Hope",))) == (
        "The [surname] had hopes.")


# --- names: legal, worker, team ------------------------------------------------------------


def test_the_legal_first_name_is_masked_but_not_the_preferred_one() -> None:
    identity = Identity(names=("Mary Jane",), shown=("Mary",))
    assert mask_text("Mary Jane, now Mary, was called Jane.", identity) == (
        "[name], now Mary, was called [name].")


def test_the_worker_is_masked_by_whole_name_and_each_part() -> None:
    text = "Sam Patel said Sam's work with Mr Patel and MrPatel helped."
    assert mask_text(text, ZOE) == (
        "[name] said [name]'s work with Mr [name] and Mr[name] helped.")


def test_a_team_is_masked_whole_and_by_its_distinctive_words() -> None:
    text = ("The Riverside Leaving Care Team and the Riverside team (a leaving care team) met "
            "Hillcrest staff at Hillcrest Academy.")
    assert mask_text(text, ZOE) == (
        "The [name] and the [name] team (a leaving care team) met [name] staff at [name].")


def test_names_that_are_everyday_words_are_masked_only_with_a_capital() -> None:
    identity = Identity(surnames=("Young",), names=("Will Hope",))
    text = "Will said young people will hope; Mr Young and WILL agreed. Young Will came."
    assert mask_text(text, identity) == (
        "[name] said young people will hope; Mr [surname] and [name] agreed. [surname] [name] "
        "came.")


def test_a_team_of_ordinary_words_alone_is_not_masked() -> None:
    # "the leaving care team" says nothing about who she is, and is in every narrative
    identity = Identity(names=("Leaving Care Team", "North"))
    text = "The Leaving Care Team in the north helped."
    assert mask_text(text, identity) == text


def test_a_surname_wins_over_the_same_name() -> None:
    assert mask_text("Harris", Identity(surnames=("Harris",), names=("harris",))) == "[surname]"


@pytest.mark.parametrize(("surname", "form"), [
    ("Yılmaz", "Yilmaz"), ("Søren", "Soren"), ("Łucja", "Lucja"), ("Strauß", "Strauss"),
    ("Æsa", "Aesa"), ("Nguyễn", "Nguyen"), ("Zoë", "Zoe"), ("Çelik", "CELIK"),
])
def test_letters_people_write_plainly_are_matched(surname: str, form: str) -> None:
    assert mask_text(f"Ask {form} now.", Identity(surnames=(surname,))) == "Ask [surname] now."


def test_particles_alone_are_not_masked() -> None:
    text = "Ana van der Berg drove a van; Berg smiled."
    assert mask_text(text, Identity(surnames=("van der Berg",))) == (
        "Ana [surname] drove a van; [surname] smiled.")


# --- dates of birth: 31 forms --------------------------------------------------------------

DOB_FORMS = [
    (date(2005, 7, 13), form) for form in (
        "13/07/2005", "13.07.2005", "13-7-05", "13-07-2005", "13/7/05", "13 07 2005",
        "13 / 07 / 2005", "2005-07-13", "2005/07/13", "07/13/2005", "13072005",
        "13th July 2005", "13 July 2005", "13 Jul 05", "13 Jul '05", "July 13, 2005",
        "July 13th, 2005", "Jul 13 2005", "13th of July 2005", "13th of July, 2005",
        "13th July", "July 13th", "13/07", "１３/０７/２００５", "13–07–2005", "13TH JULY 2005",
        "thirteenth of July 2005", "July the thirteenth, 2005", "Thirteenth July",
    )
] + [
    (date(2006, 3, 5), form) for form in ("5/3/2006", "05/03/2006", "5th March 2006",
                                          "March 5, 2006", "5.3.06")
] + [(date(2004, 9, 1), "1st Sept 2004"), (date(2004, 9, 1), "September 1st, 2004"),
       (date(2004, 9, 21), "twenty-first of September 2004"),
       (date(2004, 9, 21), "twenty first Sep 04")]


def test_there_are_many_date_of_birth_forms() -> None:
    assert len(DOB_FORMS) >= 30


@pytest.mark.parametrize(("born", "form"), DOB_FORMS)
def test_date_of_birth_forms_are_masked(born: date, form: str) -> None:
    masked = masked_in("She was born on FORM in Leeds.", Identity(dates_of_birth=(born,)), form)
    assert masked == "She was born on [date of birth] in Leeds."


@pytest.mark.parametrize("text", [
    "On 14/07/2005 she moved.", "On 13/08/2005 she moved.", "In 2005 she was born.",
    "She got the keys on 01/02/2024.", "She scored 13.07 seconds.", "Level 3, 2005-2006.",
])
def test_other_dates_are_left_alone(text: str) -> None:
    assert mask_text(text, Identity(dates_of_birth=(date(2005, 7, 13),))) == text


# --- addresses -----------------------------------------------------------------------------

ADDRESSES = [
    ("She lives at 14 Mill Lane now.", "She lives at [address] now."),
    ("Flat 3, 22 Oak Road is hers.", "[address] is hers."),
    ("Unit 5 Riverside Court is hers.", "[address] is hers."),
    ("She lives at 14a High St.", "She lives at [address]."),
    ("22-24 Oak Road is hers.", "[address] is hers."),
    ("7 Church Street is hers.", "[address] is hers."),
    ("3 Rose Close is hers.", "[address] is hers."),
    ("45 Acacia Ave is hers.", "[address] is hers."),
    ("1 The Green is hers.", "[address] is hers."),
    ("Apartment 4B, Quay House is hers.", "[address] is hers."),
    ("Flat 2 Rose House is hers.", "[address] is hers."),
    # parts of one address side by side are one mask
    ("12 Kings Court, 8 Park View and 19 Meadow Way.", "[address] and [address]."),
    ("5 Orchard Mews, 33 Victoria Terrace, 2 Elm Grove.", "[address]."),
    ("6 Hill Row, 10 Crescent Drive.", "[address]."),
    ("She lives at 14 mill lane.", "She lives at [address]."),
    ("She lives at 14 Mill lane.", "She lives at [address]."),
    ("She has Flat 3 now.", "She has [address] now."),
    ("She has Apt. 7 now.", "She has [address] now."),
    ("She moved into flat 3, near the park.", "She moved into [address], near the park."),
    ("Her new place is 9 Harbour Wharf.", "Her new place is [address]."),
]


@pytest.mark.parametrize(("text", "expected"), ADDRESSES)
def test_street_addresses_are_masked(text: str, expected: str) -> None:
    assert mask_text(text, NOBODY) == expected


def test_the_town_between_an_address_and_its_postcode_is_masked_with_them() -> None:
    text = "She lives at 14 Mill Lane, Leeds LS1 4AB, near the station, NE1 4ST."
    assert mask_text(text, NOBODY) == "She lives at [address], near the station, [postcode]."


def test_a_known_address_is_masked_in_its_parts() -> None:
    text = "She moved from Mill Lane to Leeds; 14, Mill Lane was home."
    assert mask_text(text, ZOE) == "She moved from [address] to [address]; [address] was home."


@pytest.mark.parametrize("text", [
    "She walked 3 miles up the hill.", "Unit 5 of her BTEC was hard.", "3 food bank shifts.",
    "A 2 hour drive away.", "She ran 5 times round the park.", "Year 11 was hard.",
    "Room 101, top 10, 1st place.", "She has 2 dogs and 4 people close to her.",
    "She found a flat 3 miles from college.",
])
def test_walks_courses_and_counts_are_not_addresses(text: str) -> None:
    assert mask_text(text, NOBODY) == text


# --- ordinary words and numbers ------------------------------------------------------------

ORDINARY = ("She got a 2:1, 9 GCSEs and a Level 3 BTEC in 2024. Her shift starts at 10:30. "
            "She saved £1,200 in Year 11, got Grade 7 three times, went 3 times a week, and "
            "worked at Smithfield Market.")


def test_ordinary_words_and_numbers_are_left_alone() -> None:
    # "Smithfield" is another word, not the surname with something added
    assert mask_text(ORDINARY, ZOE) == ORDINARY


# --- the whole narrative, positions and shape ----------------------------------------------


def test_a_narrative_with_everything() -> None:
    text = ("Zoe Anne Smith (born 13/07/2005) lives at Flat 3, 22 Oak Road, NE1 4ST. Her worker "
            "Sam Patel from the Riverside team says ring (0161) 496 0000 or write to "
            "zoe.smith@example.com. Zoe got a 2:1.")
    assert mask_text(text, ZOE) == (
        "[name] [surname] (born [date of birth]) lives at [address], [postcode]. Her worker "
        "[name] from the [name] team says ring [phone] or write to [email]. Zoe got a 2:1.")


def test_spans_are_positions_in_the_nfc_text() -> None:
    text = unicodedata.normalize("NFD", "Zoë Smíth rang ０７７００ ９００１２３.")
    nfc = unicodedata.normalize("NFC", text)
    masks = find_masks(text, Identity(surnames=("Smith",)))
    assert [(nfc[m.start:m.end], m.kind, m.mask) for m in masks] == [
        ("Smíth", "surname", "[surname]"), ("０７７００ ９００１２３", "phone", "[phone]")]
    assert all(isinstance(m, Masked) for m in masks)


def test_spans_are_sorted_and_apart() -> None:
    text = "zoe.smith@example.com Smith Smith-Jones 07700 900123 Smith"
    masks = find_masks(text, Identity(surnames=("Smith", "Jones")))
    assert [m.kind for m in masks] == ["email", "surname", "surname", "surname", "phone",
                                       "surname"]
    assert all(a.end <= b.start for a, b in zip(masks, masks[1:], strict=False))


def test_the_rest_of_the_text_is_kept_as_written() -> None:
    text = "Ｔｈｅ café — Smith’s “best” year…\n\tNew line."
    assert mask_text(text, Identity(surnames=("Smith",))) == (
        "Ｔｈｅ café — [surname]’s “best” year…\n\tNew line.")


def test_mask_narrative_is_a_thin_wrapper() -> None:
    text = "Kai Smith, 07700 900123, 14 Mill Lane."
    assert mask_narrative(text, surname="Smith", extra=["Kai"]) == mask_text(
        text, Identity(surnames=("Smith",), names=("Kai",)))
    assert mask_narrative(text) == "Kai Smith, [phone], [address]."


def test_empty_and_blank_values_mask_nothing() -> None:
    identity = Identity(surnames=("", " ", "\u200b"), names=("", "-", "O"), emails=("",),
                        phones=("",), postcodes=("",), addresses=("", ","))
    text = "O, nothing - here at all."
    assert mask_text(text, identity) == text


# --- handles, user names, titles and careless identities -----------------------------------


def test_social_media_handles_are_masked_as_names() -> None:
    text = "Follow @zoe_h2005 or @Kai.Okafor; contact me @ work at 10:30, not @10:30."
    assert mask_text(text, NOBODY) == (
        "Follow [name] or [name]; contact me @ work at 10:30, not @10:30.")


def test_a_distinctive_user_name_of_a_known_email_is_masked_alone() -> None:
    identity = Identity(emails=("Zoe.Smith2005@gmail.com", "kai@example.org"))
    text = "Her TikTok is zoe.smith2005 and Kai's is kai, kai@example.org."
    assert mask_text(text, identity) == "Her TikTok is [email] and Kai's is kai, [email]."


def test_a_title_before_a_worker_does_not_make_a_team() -> None:
    identity = Identity(names=("Dr Sam Patel",))
    assert mask_text("Dr Sam Patel, Dr. Patel and Sam met.", identity) == (
        "[name], Dr. [name] and [name] met.")


def test_an_identity_given_lists_or_single_values_still_works() -> None:
    identity = Identity(surnames=["Smith"], names="Sam Patel",  # type: ignore[arg-type]
                        dates_of_birth=date(2005, 7, 13), emails=[None, ""])  # type: ignore[arg-type]
    assert identity.surnames == ("Smith",) and identity.names == ("Sam Patel",)
    assert identity.emails == () and hash(identity)
    assert mask_text("Sam Smith, 13/07/2005.", identity) == "[name] [surname], [date of birth]."
