"""What judges see: pseudonyms in any script, and narratives with obvious identifiers masked."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from awards_app.core.folding import fold
from awards_app.core.mask_patterns import EVERYDAY_WORD_NAMES
from awards_app.core.privacy import mask_narrative, pseudonym

FEW = settings(max_examples=150, deadline=None)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- pseudonym -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "last", "expected"),
    [
        ("Zoë", "Harris", "Zoë H."),
        ("Mary Jane", "Smith", "Mary S."),  # first word of the preferred name only
        ("  Kai  ", "  okafor ", "Kai o."),  # spacing trimmed; the initial keeps its case
        ("Amira", "", "Amira"),  # no last name: first name alone
        ("Amira", "   ", "Amira"),
        ("ليلى", "حداد", "ليلى ح."),  # Arabic
        ("Анна", "Иванова", "Анна И."),  # Cyrillic
        ("Νίκος", "Παπαδόπουλος", "Νίκος Π."),  # Greek
        ("小明", "王", "小明 王."),  # Chinese
        ("Thảo", "Nguyễn", "Thảo N."),  # Vietnamese
        ("Siobhán", nfd("Ó Súilleabháin"), "Siobhán Ó."),  # decomposed accent stays on
        ("प्रिया", "क्षत्रिय", "प्रिया क."),  # Devanagari: no dangling virama
        ("Sean", "O'Connor", "Sean O."),
        ("Mary-Jane", "Smith-Jones", "Mary-Jane S."),
        ("Wim", "'t Hooft", "Wim t."),  # leading apostrophe skipped
    ],
)
def test_pseudonym_is_first_name_and_initial(preferred: str, last: str, expected: str) -> None:
    assert pseudonym(preferred, last, do_not_publish=False, number=4) == expected


def test_pseudonym_output_is_nfc() -> None:
    assert pseudonym(nfd("Zoë"), "Harris", do_not_publish=False, number=1) == "Zoë H."


@pytest.mark.parametrize(("preferred", "last"), [("Zoë", "Harris"), ("ليلى", "حداد"), ("", "")])
def test_do_not_publish_hides_the_name_entirely(preferred: str, last: str) -> None:
    assert pseudonym(preferred, last, do_not_publish=True, number=17) == "Nominee 17"


def test_no_preferred_name_falls_back_to_the_number() -> None:
    assert pseudonym("   ", "Harris", do_not_publish=False, number=3) == "Nominee 3"


# --- mask_narrative: what is masked ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # postcodes, any case, with or without the space
        ("NE1 4ST", "[postcode]"),
        ("sw1a1aa", "[postcode]"),
        ("SW1A 1AA", "[postcode]"),
        ("M1 1AE", "[postcode]"),
        ("B33 8TH", "[postcode]"),
        ("CR2 6XH", "[postcode]"),
        ("DN55 1PT", "[postcode]"),
        ("EC1A 1BB", "[postcode]"),
        ("ec1a1bb", "[postcode]"),
        ("ne1 4st", "[postcode]"),
        ("GIR 0AA", "[postcode]"),
        # issue 12: the street address is masked too, not only the postcode
        ("She moved to 12 Hope Street, NE1 4ST, last year.",
         "She moved to [address], [postcode], last year."),
        ("(B33 8TH)", "([postcode])"),
        # phone numbers
        ("07700 900123", "[phone]"),
        ("07700900123", "[phone]"),
        ("07700-900-123", "[phone]"),
        ("+44 7700 900123", "[phone]"),
        ("+447700900123", "[phone]"),
        ("+44 (0)7700 900123", "[phone]"),
        ("0044 7700 900123", "[phone]"),
        ("0191 498 0123", "[phone]"),
        ("(020) 7946 0958", "[phone]"),
        ("020 7946 0958", "[phone]"),
        ("+44 20 7946 0958", "[phone]"),
        ("01632 960123", "[phone]"),
        ("0800 123 456", "[phone]"),
        ("Ring her on 07700 900123.", "Ring her on [phone]."),
        ("call 0191 498 0123 or 07700 900123", "call [phone] or [phone]"),
        # emails
        ("zoe.h@example.org", "[email]"),
        ("Zoe_H+awards@mail.example.co.uk", "[email]"),
        ("(email: kai.okafor@example.com).", "(email: [email])."),
        ("o'connor@example.ie", "[email]"),
    ],
)
def test_contact_details_are_masked(text: str, expected: str) -> None:
    assert mask_narrative(text) == expected


@pytest.mark.parametrize(
    ("surname", "text", "expected"),
    [
        ("Harris", "Zoë Harris won.", "Zoë [surname] won."),
        ("Harris", "HARRIS and harris", "[surname] and [surname]"),
        ("Harris", "Harris's flat", "[surname]'s flat"),
        ("O'Connor", "Sean O’Connor spoke", "Sean [surname] spoke"),  # curly apostrophe
        ("O'Connor", "o'connor", "[surname]"),
        ("Smith-Jones", "Ava Smith-Jones", "Ava [surname]"),
        ("Smith-Jones", "Mr Smith and Mrs Jones", "Mr [surname] and Mrs [surname]"),
        ("Smith-Jones", "Ava Smith Jones", "Ava [surname]"),
        ("Smith-Jones", "Ava Smith–Jones", "Ava [surname]"),  # en dash
        ("Nguyễn", "Thảo Nguyễn", "Thảo [surname]"),
        ("Nguyễn", "THẢO NGUYỄN", "THẢO [surname]"),
        ("Nguyễn", nfd("Thảo Nguyễn"), "Thảo [surname]"),  # decomposed text, composed name
        (nfd("Nguyễn"), "Thảo Nguyễn", "Thảo [surname]"),
        ("حداد", "ليلى حداد فازت", "ليلى [surname] فازت"),
        ("Иванова", "Анна ИВАНОВА", "Анна [surname]"),
        ("Παπαδόπουλος", "ΠΑΠΑΔΌΠΟΥΛΟΣ", "[surname]"),  # final sigma
        ("Lê", "Minh Lê", "Minh [surname]"),  # two letters is enough
        ("Ng", "Ng, Ng.", "[surname], [surname]."),
    ],
)
def test_surnames_are_masked(surname: str, text: str, expected: str) -> None:
    assert mask_narrative(text, surname=surname) == expected


def test_extra_names_are_masked_as_whole_words() -> None:
    text = "Kai's sister Ama goes to St Mary's School with Kaiser."
    extra = ["Kai", "Ama", "St Mary's School", " "]
    assert mask_narrative(text, extra=extra) == "[name]'s sister [name] goes to [name] with Kaiser."


def test_everything_together() -> None:
    text = ("Zoë Smith-Jones (zoe@example.org, 07700 900123) lives at NE1 4ST with Kai. "
            "She got a 2:1 in 2024, aged 19, and saved £1,200.")
    assert mask_narrative(text, surname="Smith-Jones", extra=["Kai"]) == (
        "Zoë [surname] ([email], [phone]) lives at [postcode] with [name]. "
        "She got a 2:1 in 2024, aged 19, and saved £1,200."
    )


def test_masks_are_not_masked_again() -> None:
    # One pass: a name that happens to be the word inside a mask leaves the mask alone.
    text = "Her phone 07700 900123, her email zoe@example.org."
    assert mask_narrative(text, surname="Email", extra=["phone"]) == (
        "Her [name] [phone], her [surname] [email]."
    )


def test_a_surname_wins_over_the_same_extra_name() -> None:
    assert mask_narrative("Harris", surname="Harris", extra=["harris"]) == "[surname]"


# --- mask_narrative: what is left alone -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "She got a 2:1 in History.",
        "She passed 9 GCSEs and an A-level.",
        "A Level 3 diploma in Health and Social Care.",
        "In 2024 she started university.",
        "Aged 19, she moved out.",
        "Her shift starts at 10:30.",
        "She saved £1,200 for a deposit.",
        "She raised £12,500 in 2023–2024.",
        "Year 11 was hard; Year 13 was better.",
        "COVID-19 closed the college.",
        "Room 101, top 10, 1st place, 2nd time.",
        "She drove up the M1 to Leeds and the A1 to Newcastle.",
        "NE1 is where she grew up.",  # an outward code alone is a district, not an address
        "On 01/02/2024 she got the keys.",
        "Childline: 0800 1111.",  # a helpline, not her number
        "Reference 12345678901.",
        "She scored 3.5 out of 5.",
        "1,200,000 steps in 2024.",
        "Contact me @ work.",
        "She is 5 ft 4 and runs 5k.",
        "B2B sales, MP3 player, H2O.",
    ],
)
def test_ordinary_words_and_numbers_are_left_alone(text: str) -> None:
    assert mask_narrative(text, surname="Harris", extra=["Kai"]) == text


@pytest.mark.parametrize(
    ("surname", "text"),
    [
        ("Harris", "Harrison went to Harrisburg."),
        ("Smith", "A blacksmith from Smithfield."),
        ("Smith-Jones", "Jonesy and Smithy."),
        ("Hope", "Hopeful, hopes, hopelessly."),
        ("Nguyễn", "Nguyễnson"),
        ("राम", "रामा"),  # a vowel sign makes it a different word
        ("O", "O, what a year."),  # one letter is not masked
        ("", "Nothing to mask."),
    ],
)
def test_surnames_match_whole_words_only(surname: str, text: str) -> None:
    assert mask_narrative(text, surname=surname) == text


# --- properties ----------------------------------------------------------------------------

MASK_WORDS = {"postcode", "phone", "email", "surname", "name"}
LETTERS = st.characters(categories=("Lu", "Ll", "Lo"), exclude_characters="ſıİK")
WORD = st.text(LETTERS, min_size=2, max_size=8)


@FEW
@given(WORD, st.lists(st.one_of(WORD, st.sampled_from(["2:1", "£1,200", "2024", ",", "."])),
                      max_size=10), st.data())
def test_no_whole_word_surname_survives(surname: str, words: list[str], data: st.DataObject) -> None:
    assume(surname.casefold() not in MASK_WORDS)
    # a surname that is an everyday word ("Field") is masked only with a capital
    assume(fold(surname) not in EVERYDAY_WORD_NAMES)
    surname = unicodedata.normalize("NFC", surname)
    case = data.draw(st.sampled_from([str.upper, str.lower, str.title, lambda s: s]))
    assume(len(case(surname)) == len(surname))  # "ŉ".upper() is "ʼN": not one letter's case
    position = data.draw(st.integers(0, len(words)))
    text = " ".join([*words[:position], case(surname), *words[position:]])
    masked = mask_narrative(text, surname=surname)
    assert "[surname]" in masked
    pattern = re.compile(rf"(?<!\w){re.escape(surname)}(?!\w)", re.IGNORECASE)
    assert not pattern.search(masked)


@FEW
@given(st.text(st.characters(exclude_categories=("Nd",), exclude_characters="@＠﹫")))
def test_text_without_digits_or_at_signs_is_unchanged_without_names(text: str) -> None:
    # digits of any script count (full-width, Arabic-Indic), as do full-width at signs
    assert mask_narrative(text) == unicodedata.normalize("NFC", text)
