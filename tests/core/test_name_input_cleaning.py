"""Issue 12, item 7: control characters, bidi controls and invisible characters are removed
from names on input (``Checker.name``, used by the window's editors, the command line,
imports and event files)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards_app.core.errors import ValidationError
from awards_app.core.validation import Checker, clean_name
from awards_app.services import people

BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                  0x200E, 0x200F, 0x061C)]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
C0_C1 = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
BLANK_LOOKING = ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"]


def name(value: str) -> str:
    c = Checker()
    cleaned = c.name("last_name", value)
    c.check()
    return cleaned


@pytest.mark.parametrize("control", BIDI_CONTROLS + ZERO_WIDTH + BLANK_LOOKING)
def test_invisible_and_bidi_characters_are_removed(control: str) -> None:
    assert name(f"Sm{control}ith") == "Smith"


@pytest.mark.parametrize("control", C0_C1)
def test_control_characters_become_at_most_one_space(control: str) -> None:
    cleaned = name(f"Mei{control}Chen")
    assert cleaned in ("MeiChen", "Mei Chen")
    assert all(unicodedata.category(ch) != "Cc" for ch in cleaned)


def test_a_right_to_left_override_cannot_survive_in_any_field_kind() -> None:
    c = Checker()
    data = {"first_name": "\u202eMei", "last_name": "Sm\u202eith\u202c",
            "preferred_name": "\u2067Mimi\u2069", "date_of_birth": "2007-02-14"}
    cleaned = people.clean_nominee(c, data)
    worker = people.clean_worker(c, {"name": "Ann\u200b Lee", "email": None,
                                     "team": "\u202aNorth\u202c team"})
    c.check()
    assert (cleaned["first_name"], cleaned["last_name"], cleaned["preferred_name"]) == (
        "Mei", "Smith", "Mimi")
    assert (worker["name"], worker["team"]) == ("Ann Lee", "North team")


def test_a_name_of_only_invisible_characters_is_empty() -> None:
    with pytest.raises(ValidationError, match="is empty"):
        name("\u3164\u200b\u202e ")


def test_the_person_s_own_spelling_is_kept() -> None:
    for kept in ("Zoë O'Brien-Ṅgozi", "مريم", "Nguyễn Thị", "Łucja", "José María"):
        assert name(kept) == unicodedata.normalize("NFC", kept)


@given(st.text(min_size=1, max_size=40))
def test_no_cleaned_name_holds_a_control_or_format_character(value: str) -> None:
    cleaned = clean_name(value)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in cleaned)
    assert not any(ch in cleaned for ch in BLANK_LOOKING)
    assert cleaned == cleaned.strip() and "  " not in cleaned
