"""What may still identify someone after masking (issue 12, item 2): the hints the judge-copy
review shows the coordinator."""

from __future__ import annotations

import pytest

from awards_app.core.masking import Identity, mask_text
from awards_app.core.privacy import Flag, possible_identifiers


def flagged(text: str, identity: Identity | None = None) -> list[tuple[str, str]]:
    return [(text[f.start:f.end], f.kind) for f in possible_identifiers(text, identity)]


def test_capitalised_names_and_places_are_flagged() -> None:
    text = "She moved to Leeds with her sister Kayla Jones and Mr Okafor, near Whitby."
    assert flagged(text) == [("Leeds", "place"), ("Kayla Jones", "capitalised name"),
                             ("Okafor", "capitalised name"), ("Whitby", "place")]


@pytest.mark.parametrize("preposition", ["in", "at", "from", "near", "to"])
def test_a_capitalised_word_after_a_place_preposition_is_a_place(preposition: str) -> None:
    text = f"She grew up {preposition} Sunny Hill Academy."
    assert flagged(text) == [("Sunny Hill Academy", "place")]
    flag = possible_identifiers(text)[0]
    assert f"'{preposition}'" in flag.reason and "place" in flag.reason


def test_the_first_word_of_a_sentence_is_not_flagged() -> None:
    text = "Kayla helped. “Bobby,” she said.\n• Sam came too! Jo? Yes."
    assert flagged(text) == []


def test_common_capitalised_words_are_not_flagged() -> None:
    text = ("In July she passed GCSE English and Maths on Monday. Then I think I'm ready, "
            "she said: her A-level, a BTEC and Year 11 at Christmas went well with the NHS.")
    assert flagged(text) == []


def test_the_masks_themselves_are_not_flagged() -> None:
    text = ("Then [surname] met [name] at [address], [postcode], on [date of birth]. Ring "
            "[phone] or [email].")
    assert flagged(text) == []


def test_dates_of_any_form_are_flagged() -> None:
    text = ("She moved on 3 March 2019, again on 12/05/2019, on July 4th, on 2019-06-01 and "
            "in Sept 2020.")
    assert [kind for _, kind in flagged(text)] == ["date"] * 5
    assert [value for value, _ in flagged(text)] == ["3 March 2019", "12/05/2019", "July 4th",
                                                     "2019-06-01", "Sept 2020"]


def test_long_numbers_are_flagged_but_not_years_money_times_or_grades() -> None:
    text = ("Ref 12345678, call 0161 496, code 4821 and born 1989. She got a 2:1 at 10:30 in "
            "2024, saved £1,200 and walked 1,200,000 steps; 3.5 out of 5; Level 3.")
    assert flagged(text) == [("12345678", "number"), ("0161 496", "number"),
                             ("4821", "number"), ("1989", "number")]


def test_full_width_digits_are_numbers_too() -> None:
    text = "She rang ０１６１ ４９６ from the office."
    assert flagged(text) == [("０１６１ ４９６", "number")]


def test_near_misspellings_of_masked_names_are_flagged_with_an_identity() -> None:
    identity = Identity(surnames=("Smith",), names=("Kayla Jones",))
    text = "Then Smtih, smiht, Kalya and Jnoes came; Smit and Jone too, and Kyle."
    masked = mask_text(text, identity)
    flags = possible_identifiers(masked, identity)
    assert [masked[f.start:f.end] for f in flags if "misspelling" in f.reason] == [
        "Smtih", "smiht", "Kalya", "Jnoes", "Smit", "Jone"]
    # Kyle is two letters from Kayla: an ordinary capitalised name; without an identity the
    # lower-case "smiht" is not flagged at all
    assert [(masked[f.start:f.end], f.kind) for f in flags if "misspelling" not in f.reason] == [
        ("Kyle", "capitalised name")]
    assert flagged(masked) == [("Smtih", "capitalised name"), ("Kalya", "capitalised name"),
                               ("Jnoes", "capitalised name"), ("Smit", "capitalised name"),
                               ("Jone", "capitalised name"), ("Kyle", "capitalised name")]


def test_flags_are_sorted_apart_and_in_plain_words() -> None:
    text = "Then Kayla rang 0161 496 on 3 March 2019 from Leeds."
    flags = possible_identifiers(text)
    assert all(isinstance(f, Flag) for f in flags)
    assert all(a.end <= b.start for a, b in zip(flags, flags[1:], strict=False))
    assert all(f.reason and "Error" not in f.reason and f.reason[0].islower() for f in flags)


def test_a_masked_narrative_flags_only_what_masking_left() -> None:
    identity = Identity(surnames=("Smith",), names=("Sam Patel",))
    text = ("Zoe Smith lives in Leeds. Her worker Sam Patel says her brother Tyler Smith rang "
            "from Hull on 4 May 2020.")
    masked = mask_text(text, identity)
    assert masked == ("Zoe [surname] lives in Leeds. Her worker [name] says her brother Tyler "
                      "[surname] rang from Hull on 4 May 2020.")
    assert flagged(masked, identity) == [("Leeds", "place"), ("Tyler", "capitalised name"),
                                         ("Hull", "place"), ("4 May 2020", "date")]


def test_the_name_judges_may_read_is_not_flagged() -> None:
    identity = Identity(surnames=("Smith",), shown=("Lia",))
    text = "Then Lia moved, and her friend Keisha helped Lia."
    assert flagged(text, identity) == [("Keisha", "capitalised name")]
    assert flagged(text) == [("Lia", "capitalised name"), ("Keisha", "capitalised name"),
                             ("Lia", "capitalised name")]
