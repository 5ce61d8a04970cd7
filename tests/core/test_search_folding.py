"""Search keys: case, accents and other diacritics, ligatures, full-width letters and
invisible characters ignored; other scripts still find themselves."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards_app.core.folding import fold
from awards_app.core.search import (
    loose_name_key,
    matches,
    named,
    search_key,
    search_keys,
    search_words,
)


def found(query: str, text: str) -> bool:
    return matches(search_key(text), search_words(query))


@pytest.mark.parametrize(("query", "text"), [
    ("zoe", "Zoë Hart"),
    ("ZOE", "zoë hart"),
    ("Lukasz", "Łukasz Nowak"),
    ("lukasz", "ŁUKASZ NOWAK"),
    ("soren", "Søren Berg"),
    ("aesa", "Æsa Jónsdóttir"),
    ("jonsdottir", "Æsa Jónsdóttir"),
    ("oeuvre", "Œuvre Trust"),
    ("strasse", "Straße Foundation"),
    ("yilmaz", "Şevval Yılmaz"),
    ("sevval", "Şevval Yılmaz"),
    ("dorde", "Đorđe Petrović"),
    ("petrovic", "Đorđe Petrović"),
    ("thora", "Þóra Sigurðardóttir"),
    ("fiona", "ﬁona Grey"),
    ("amir", "ＡＭＩＲ"),
    ("nguyen van", "Nguyễn Văn An"),
    ("zoe", "Zo\u200be Hart"),  # a zero-width space inside the name
    ("zoe", "Zoe\u0308 Hart"),  # the diaeresis written as a combining mark
    ("obrien", "Siobhán O'Brien"),
    ("o'brien", "Siobhán O’Brien"),
    ("N-0042", "N-0042 Zoë"),
    ("n0042", "N-0042 Zoë"),
    ("hart zoe", "Zoë Hart"),  # words in any order
    ("ليلى", "ليلى حسن"),
    ("ليلى", "لَيْلَى حسن"),  # written with vowel points
    ("иванова", "ИВАНОВА Мария"),
    ("σοφια", "Σοφία Παπαδοπούλου"),
    ("παπαδοπουλου", "ΠΑΠΑΔΟΠΟΎΛΟΥ"),
])
def test_what_people_type_finds_the_name(query: str, text: str) -> None:
    assert found(query, text)


@pytest.mark.parametrize(("query", "text"), [
    ("zoey", "Zoë Hart"),
    ("lukasz", "Lucja Nowak"),
    ("ليلى", "Layla Hassan"),
    ("иванова", "Ivanova"),  # another script is another spelling, not an accent
    ("hart zoe x", "Zoë Hart"),
])
def test_other_names_are_not_found(query: str, text: str) -> None:
    assert not found(query, text)


def test_an_empty_search_finds_everything() -> None:
    assert search_words("   ") == []
    assert matches(search_key("Zoë"), search_words(""))


def test_many_rows_give_the_same_matches_as_one_at_a_time() -> None:
    texts = ["N-0001 Zoë Hart Education Star", "Łukasz  Nowak\u00a0Team", "plain ascii row",
             "ليلى حسن", "", "Zo\u200be", "tab\there"]
    for many, one in zip(search_keys(texts), map(search_key, texts), strict=True):
        assert many.split() == one.split()


def test_the_masking_fold_is_unchanged() -> None:
    # the masking engine depends on fold(): search leaves it as it was
    assert fold("O'Brien N-0042") == "o'brien n-0042"
    assert search_key("O'Brien N-0042") == "obrien n0042"


@dataclass(frozen=True)
class Person:
    name: str


def test_named_prefers_the_name_as_written_then_ignores_accents() -> None:
    zoe, zoe_plain, lukasz = Person("Zoë Hart"), Person("Zoe Hart"), Person("Łukasz Nowak")
    assert named([zoe, zoe_plain, lukasz], "zoë hart", lambda p: p.name) == [zoe]
    assert named([zoe, zoe_plain, lukasz], "Zoe Hart", lambda p: p.name) == [zoe_plain]
    assert named([zoe, zoe_plain, lukasz], "ZOE  HÀRT", lambda p: p.name) == [zoe, zoe_plain]
    assert named([zoe, lukasz], "lukasz nowak", lambda p: p.name) == [lukasz]
    assert named([zoe, lukasz], "lukasz", lambda p: p.name) == []  # whole names only
    assert named([zoe, lukasz], "", lambda p: p.name) == []


# --- properties ----------------------------------------------------------------------------

#: letters as people write them, with accents and strokes, and the plain spelling people type
SPELLINGS = {"ë": "e", "é": "e", "è": "e", "ê": "e", "á": "a", "à": "a", "ä": "a", "å": "a",
             "ã": "a", "ç": "c", "ć": "c", "č": "c", "ñ": "n", "ń": "n", "ó": "o", "ö": "o",
             "ô": "o", "ø": "o", "ő": "o", "ú": "u", "ü": "u", "ű": "u", "í": "i", "ï": "i",
             "ı": "i", "ł": "l", "ś": "s", "š": "s", "ş": "s", "ž": "z", "ź": "z", "ż": "z",
             "đ": "d", "ð": "d", "ý": "y", "ÿ": "y", "ğ": "g", "ř": "r", "ť": "t", "ß": "ss",
             "æ": "ae", "œ": "oe", "þ": "th"}
plain_letters = st.sampled_from("abcdefghijklmnopqrstuvwxyz")
written_letters = st.sampled_from(sorted(SPELLINGS))


@st.composite
def accented_names(draw: st.DrawFn) -> tuple[str, str]:
    """A name with accents as written (any case) and its plain-ASCII spelling."""
    parts = draw(st.lists(st.one_of(plain_letters, written_letters), min_size=2, max_size=14))
    written = "".join(parts)
    plain = "".join(SPELLINGS.get(c, c) for c in parts)
    if draw(st.booleans()):
        written = written.title()
    if draw(st.booleans()):
        written = unicodedata.normalize("NFD", written)
    return written, plain


@given(st.text(max_size=40))
def test_folding_is_idempotent(text: str) -> None:
    once = search_key(text)
    assert search_key(once) == once
    assert fold(fold(text)) == fold(text)


@given(accented_names())
def test_a_name_with_accents_is_found_by_its_plain_spelling(name: tuple[str, str]) -> None:
    written, plain = name
    assert found(plain, f"N-0001 {written} Education Star")
    assert loose_name_key(written) == loose_name_key(plain)


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Lo", "Nd"]), min_size=1,
               max_size=20),
       st.sampled_from([str.upper, str.lower, str.title, str.casefold]))
def test_search_ignores_case(text: str, change_case: object) -> None:
    assert callable(change_case)
    assert found(change_case(text), text)
    assert found(text, change_case(text))


@given(st.text(max_size=30), st.text(max_size=30))
def test_a_row_finds_every_part_of_itself(before: str, after: str) -> None:
    part = "Zoë Łukasz"
    assert found(part, f"{before} {part} {after}")
