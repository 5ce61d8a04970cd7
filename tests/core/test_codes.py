"""Certificate codes: random, checkable, and readable however a person or scanner types them."""

from __future__ import annotations

import secrets
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards_app.core import codes
from awards_app.core.codes import (
    CHECK_SYMBOLS,
    SAMPLE_CODE,
    SYMBOLS,
    check_symbol,
    format_code,
    is_valid,
    new_code,
    normalise_code,
    verification_text,
)

data_parts = st.text(alphabet=SYMBOLS, min_size=12, max_size=12)
valid_codes = data_parts.map(lambda d: d + check_symbol(d))


def test_alphabets() -> None:
    assert len(SYMBOLS) == 32 and not set("ILOU") & set(SYMBOLS)
    assert CHECK_SYMBOLS == SYMBOLS + "*~$=U"
    assert is_valid(SAMPLE_CODE)


def test_known_values() -> None:
    # 0 → check 0; value 1 → check 1; 37 = "15" in base 32 → check 0 (37 mod 37)
    assert check_symbol("000000000000") == "0"
    assert check_symbol("000000000001") == "1"
    assert check_symbol("000000000015") == "0"
    assert check_symbol("000000000014") == "U"  # 36
    assert format_code("7KQM3XTR9VWZH") == "7KQM-3XTR-9VWZ-H"


def test_new_codes_have_sixty_random_bits_and_a_typable_check(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = secrets.randbits

    def spy(bits: int) -> int:
        asked.append(bits)
        return real(bits)

    monkeypatch.setattr(codes.secrets, "randbits", spy)
    made = [new_code() for _ in range(4000)]
    assert set(asked) == {60}
    assert all(len(c) == 13 and is_valid(c) and c[-1] in SYMBOLS for c in made)
    assert len(set(made)) == len(made)
    for position in range(12):  # every position uses the whole alphabet: 5 bits each
        assert set(c[position] for c in made) == set(SYMBOLS), position
    top_bit = sum(SYMBOLS.index(c[0]) >= 16 for c in made)
    assert 1700 < top_bit < 2300  # the 60th bit is as random as the rest


def test_check_symbols_that_scanners_mistype_are_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # value 9 → check "9" is fine; value 36 → "U" is redrawn; value 32 → "*" is redrawn
    values = iter([36, 32, 9])
    monkeypatch.setattr(codes.secrets, "randbits", lambda bits: next(values))
    assert new_code() == "000000000009" + "9"


@given(valid_codes)
def test_round_trip_through_the_shown_form(code: str) -> None:
    shown = format_code(code)
    assert len(shown) == 16 and shown.count("-") == 3
    assert normalise_code(shown) == code
    assert normalise_code(shown.lower()) == code
    assert normalise_code(shown.replace("-", "")) == code
    assert normalise_code(f"  {shown[:9]} {shown[9:]}  ") == code


@given(valid_codes)
def test_confusable_letters_are_read_as_digits(code: str) -> None:
    typed = code.replace("0", "O").replace("1", "l")
    assert normalise_code(typed) == code
    assert normalise_code(code.replace("1", "I").lower()) == code


@given(valid_codes, st.sampled_from(["https://example.org/verify/{code}",
                                     "https://awards.example/v?code={code}&lang=en",
                                     "HTTPS://EXAMPLE.ORG/CHECK/{code}.html", "{code}",
                                     "Care Leavers Awards certificate {code}"]))
def test_a_scanner_typing_the_whole_verification_text_is_understood(code: str, template: str) -> None:
    text = verification_text(template, code)
    assert format_code(code) in text
    assert normalise_code(text) == code


@given(valid_codes, st.data())
def test_every_single_wrong_symbol_is_detected(code: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, 12))
    alphabet = CHECK_SYMBOLS if position == 12 else SYMBOLS
    wrong = data.draw(st.sampled_from([s for s in alphabet if s != code[position]]))
    changed = code[:position] + wrong + code[position + 1:]
    assert normalise_code(changed) is None
    assert normalise_code(format_code(changed)) is None


def test_every_single_substitution_of_one_code_exhaustively() -> None:
    for position in range(13):
        alphabet = CHECK_SYMBOLS if position == 12 else SYMBOLS
        for wrong in alphabet:
            if wrong != SAMPLE_CODE[position]:
                changed = SAMPLE_CODE[:position] + wrong + SAMPLE_CODE[position + 1:]
                assert normalise_code(changed) is None, changed


@given(valid_codes, st.integers(0, 11))
def test_every_swap_of_neighbours_is_detected(code: str, position: int) -> None:
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
    if swapped != code:
        assert normalise_code(swapped) is None


@pytest.mark.parametrize("text", ["", "   ", "7KQM-3XTR-9VWZ", "7KQM-3XTR-9VWZ-HH", "hello",
                                  "7KQM-3XTR-9VWZ-U", "7KQU-3XTR-9VWZ-H", "https://example.org/"])
def test_malformed_input_gives_none(text: str) -> None:
    assert normalise_code(text) is None


def test_every_check_symbol_is_accepted_when_verifying() -> None:
    seen: Counter[str] = Counter()
    for value in range(200):
        data = f"{value:012d}"  # digits only: valid data symbols
        code = data + check_symbol(data)
        seen[code[-1]] += 1
        assert normalise_code(code) == code
        assert normalise_code(format_code(code).lower()) == code
    assert {"*", "~", "$", "=", "U"} <= set(seen)


def test_verification_text() -> None:
    assert verification_text("", SAMPLE_CODE) == "7KQM-3XTR-9VWZ-H"
    assert verification_text("{code}", SAMPLE_CODE) == "7KQM-3XTR-9VWZ-H"
    assert (verification_text("https://example.org/verify/{code}", SAMPLE_CODE)
            == "https://example.org/verify/7KQM-3XTR-9VWZ-H")
