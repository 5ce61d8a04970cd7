"""Telling a mistyped code from something that is not a code (issue 12, item 6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards_app.core.codes import SYMBOLS, format_code, has_wrong_check, new_code


@given(st.data())
def test_one_wrong_symbol_is_a_typing_mistake(data: st.DataObject) -> None:
    code = new_code()
    where = data.draw(st.integers(0, len(code) - 1))
    other = data.draw(st.sampled_from([s for s in SYMBOLS if s != code[where]]))
    typed = code[:where] + other + code[where + 1:]
    shown = data.draw(st.sampled_from([typed, format_code(typed), typed.lower(),
                                       f"https://example.org/verify/{format_code(typed)}"]))
    assert has_wrong_check(shown)
    assert not has_wrong_check(code) and not has_wrong_check(format_code(code).lower())


@pytest.mark.parametrize("text", ["", "hello", "7KQM-3XTR-9VWZ", "7KQM-3XTR-9VWZ-HH",
                                  "N-0012", "https://example.org/"])
def test_other_text_is_not_a_typing_mistake(text: str) -> None:
    assert not has_wrong_check(text)
