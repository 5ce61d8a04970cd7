"""Names are matched after normalisation: a zero-width space, a bidi control or a Cyrillic
or Greek look-alike letter cannot make a second young person, nor a second nomination of the
same person in a category; and the name stored keeps the person's own spelling."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awards_app.core.text import LOOKALIKES, name_key, normalise_name

FEW = settings(max_examples=150, deadline=None)

#: the same name as a person would see it, written in ways that must match
SAME = [
    ("Smith", "Smi\u200bth"),  # zero-width space
    ("Smith", "\u200eSmith\u200f"),  # left-to-right and right-to-left marks
    ("Smith", "\u202eSmith\u202c"),  # a right-to-left override and its pop
    ("Smith", "\u2066Smith\u2069"),  # an isolate
    ("Smith", "Sm\u00adith"),  # soft hyphen
    ("Smith", "\ufeffSmith"),  # byte order mark
    ("Smith", "Smіth"),  # Cyrillic і
    ("Smith", "Ѕmith"),  # Cyrillic Ѕ
    ("Amara", "Аmаrа"),  # Cyrillic а
    ("Osei", "Οsei"),  # Greek Ο
    ("Kowalski", "Κowalski"),  # Greek Κ
    ("Popescu", "Рорescu"),  # Cyrillic Р and о
    ("Tiago", "TIAGO"),
    ("Zoë", "Zoe\u0308"),  # decomposed
    ("Zoë", "ZOË"),
    ("O'Connor", "O’Connor"),  # typographic apostrophe
    ("Smith-Jones", "Smith\u2010Jones"),  # Unicode hyphen
    ("Smith", "Ｓｍｉｔｈ"),  # full-width letters (NFKC)
    ("Łucja Wiśniewska", "łucja  wiśniewska"),
    ("محمد", "\u200fمحمد\u200e"),
]
#: names that are different and must stay different
DIFFERENT = [
    ("Zoë", "Zoe"),
    ("Łucja", "Lucja"),
    ("Seán", "Sean"),
    ("محمد", "محمود"),
    ("Анна", "Алла"),  # two real Cyrillic names
    ("Олег", "Ольга"),
    ("Nowak", "Novak"),
]


@pytest.mark.parametrize(("name", "lookalike"), SAME)
def test_lookalikes_share_a_key(name: str, lookalike: str) -> None:
    assert name_key(name) == name_key(lookalike)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize("name", ["Łucja Wiśniewska", "Zoë", "محمد", "Nguyễn", "Seán O'Connor",
                                  "Олег", "Ana-María"])
def test_real_spellings_are_kept(name: str) -> None:
    assert normalise_name(name) == name
    assert normalise_name(f"\u200b{name}\u202c") == name


@pytest.mark.parametrize("control", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
                                     "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                     "\u2066", "\u2067", "\u2068", "\u2069", "\u2060",
                                     "\ufeff", "\u061c", "\x00", "\x07", "\x1b"])
def test_controls_are_stripped_from_names(control: str) -> None:
    cleaned = normalise_name(f"Sm{control}ith")
    assert control not in cleaned
    assert cleaned.replace(" ", "") == "Smith"


def test_the_lookalike_table_maps_letters_to_latin() -> None:
    """Every entry is a Cyrillic or Greek letter, or punctuation, drawn like its target."""
    for source, target in LOOKALIKES.items():
        kind = unicodedata.name(source)
        assert kind.startswith(("CYRILLIC", "GREEK", "HYPHEN", "NON-BREAKING", "FIGURE",
                                "EN DASH", "EM DASH", "MINUS", "LEFT SINGLE", "RIGHT SINGLE",
                                "MODIFIER LETTER", "PRIME", "GRAVE", "ACUTE")), kind
        assert target.isascii() or unicodedata.normalize("NFD", target)[0].isascii()


NAME_CHARS = st.characters(categories=("Lu", "Ll", "Lo", "Mn", "Cf", "Zs"),
                           include_characters="'’-")


@FEW
@given(st.text(NAME_CHARS, max_size=30))
def test_a_name_and_its_key_are_stable(value: str) -> None:
    cleaned = normalise_name(value)
    assert normalise_name(cleaned) == cleaned
    assert name_key(cleaned) == name_key(value)
    assert name_key(name_key(value)) == name_key(value)
    assert not any(unicodedata.category(ch) == "Cf" for ch in cleaned)


@FEW
@given(st.text(NAME_CHARS, max_size=30), st.sampled_from(["\u200b", "\u200f", "\u2066", "\ufeff"]),
       st.integers(min_value=0, max_value=30))
def test_an_invisible_character_anywhere_changes_no_key(value: str, invisible: str,
                                                        at: int) -> None:
    at = min(at, len(value))
    assert name_key(value[:at] + invisible + value[at:]) == name_key(value)
