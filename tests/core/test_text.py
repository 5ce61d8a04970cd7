"""Unit and property tests for ``awards_app.core.text``: what people type, made tidy."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from awards_app.core.enums import Answer
from awards_app.core.text import (
    NAME_MAX_LENGTH,
    age_on,
    format_ref,
    normalise_name,
    parse_answer,
    parse_date,
    parse_email,
    parse_name,
    parse_ref,
    rounded,
    word_count,
)

FEW = settings(max_examples=150, deadline=None)
SOME = settings(max_examples=300, deadline=None)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- normalise_name ------------------------------------------------------------------------

# Letters and marks from the scripts of the people we nominate, plus name punctuation.
NAME_CHARS = st.characters(
    categories=("Lu", "Ll", "Lt", "Lo", "Mn", "Nd"),
    include_characters="'’-",
    exclude_characters="\u0345",  # iota subscript: NFC reorders it with other marks
)
NAME_WORD = st.text(NAME_CHARS, min_size=1, max_size=12)
CLEAN_NAME = st.lists(NAME_WORD, min_size=1, max_size=4).map(" ".join)


@FEW
@given(st.text())
def test_normalise_name_is_idempotent(value: str) -> None:
    once = normalise_name(value)
    assert normalise_name(once) == once


@FEW
@given(st.text())
def test_normalise_name_output_is_nfc(value: str) -> None:
    assert unicodedata.is_normalized("NFC", normalise_name(value))


@FEW
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_normalise_name_has_no_stray_whitespace(value: str) -> None:
    out = normalise_name(value)
    assert out == out.strip()
    assert "  " not in out
    assert all(ch == " " for ch in out if ch.isspace())
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)


@FEW
@given(st.text())
def test_normalise_name_nfd_and_nfc_input_agree(value: str) -> None:
    assert normalise_name(nfd(value)) == normalise_name(nfc(value))


@FEW
@given(CLEAN_NAME)
def test_normalise_name_keeps_any_tidy_name_unchanged(value: str) -> None:
    tidy = nfc(value)
    assume(tidy == tidy.strip() and "  " not in tidy)
    assert normalise_name(tidy) == tidy


@FEW
@given(CLEAN_NAME, st.text(" \t\n\u00a0\u2003", min_size=1, max_size=3),
       st.text(" \t\n\u00a0\u2003", max_size=3))
def test_normalise_name_collapses_padding_around_words(value: str, gap: str, pad: str) -> None:
    tidy = nfc(value)
    assume(tidy == tidy.strip() and "  " not in tidy)
    messy = pad + tidy.replace(" ", gap) + pad
    assert normalise_name(messy) == tidy


@pytest.mark.parametrize(
    "name",
    [
        "محمد الأحمد",  # Arabic
        "Ζωή Παπαδοπούλου",  # Greek with tonos
        "Алёна Иванова-Петрова",  # Cyrillic with ё and a hyphen
        "Siobhán O'Brien",  # acute accent, ASCII apostrophe
        "D’Arcy Nguyễn",  # typographic apostrophe, stacked Vietnamese diacritics
        "Jean-Luc Ñúñez-Çelik",
        "Zoë Brontë",
    ],
)
def test_normalise_name_preserves_scripts_diacritics_and_punctuation(name: str) -> None:
    assert normalise_name(name) == name
    assert normalise_name(nfd(name)) == name
    assert normalise_name(f"  {name}\t ") == name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Zoe\u0308  ", "Zoë"),
        ("Mary \t\n  Jane", "Mary Jane"),
        ("Ann\x00Marie", "Ann Marie"),
        ("\u00a0Kai\u2003Lee\u00a0", "Kai Lee"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_name_examples(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


# --- parse_name ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   ", "\t\n", "\x00\x01"])
def test_parse_name_rejects_empty(value: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_name(value)


def test_parse_name_rejects_too_long_and_accepts_the_limit() -> None:
    assert parse_name("a" * NAME_MAX_LENGTH) == "a" * NAME_MAX_LENGTH
    with pytest.raises(ValueError, match=f"{NAME_MAX_LENGTH + 1} characters.*{NAME_MAX_LENGTH}"):
        parse_name("a" * (NAME_MAX_LENGTH + 1))
    # Length counts the normalised name: padding does not make a name too long.
    assert parse_name("  " + "b" * NAME_MAX_LENGTH + "  ") == "b" * NAME_MAX_LENGTH
    with pytest.raises(ValueError):
        parse_name("x" * 11, max_length=10)


@pytest.mark.parametrize("value", ["1234", "---", "' '", "42 - 7", "٣٤", "½", "²³", "_"])
def test_parse_name_rejects_names_without_letters(value: str) -> None:
    with pytest.raises(ValueError, match="no letters"):
        parse_name(value)


def test_parse_name_returns_the_normalised_name() -> None:
    assert parse_name("  Zoe\u0308   Smith ") == "Zoë Smith"
    assert parse_name("محمد") == "محمد"


@FEW
@given(st.text(max_size=120))
def test_parse_name_either_returns_normalised_name_with_a_letter_or_raises(value: str) -> None:
    try:
        name = parse_name(value)
    except ValueError as exc:
        assert str(exc)
        normal = normalise_name(value)
        assert not normal or len(normal) > NAME_MAX_LENGTH or not any(c.isalpha() for c in normal)
    else:
        assert name == normalise_name(value)
        assert 0 < len(name) <= NAME_MAX_LENGTH
        assert any(c.isalpha() for c in name)


# --- parse_date ----------------------------------------------------------------------------

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@SOME
@given(DATES)
def test_parse_date_round_trips_iso(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.year}-{day.month}-{day.day}") == day
    assert parse_date(f"  {day.isoformat()} ") == day


@SOME
@given(DATES)
def test_parse_date_round_trips_uk_padded_and_unpadded(day: date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day.day}/{day.month:02d}/{day.year}") == day


def test_parse_date_accepts_date_and_datetime_objects() -> None:
    assert parse_date(date(2027, 3, 19)) == date(2027, 3, 19)
    assert parse_date(datetime(2027, 3, 19, 23, 59)) == date(2027, 3, 19)
    assert type(parse_date(datetime(2027, 3, 19, 23, 59))) is date


def test_parse_date_reads_uk_order_not_us_order() -> None:
    assert parse_date("02/03/2027") == date(2027, 3, 2)
    assert parse_date("29/02/2028") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2027", "not a real date"),
        ("29/02/2027", "not a real date"),
        ("2027-02-30", "not a real date"),
        ("2027-13-01", "not a real date"),
        ("01/13/2027", "not a real date"),
        ("00/01/2027", "not a real date"),
        ("19/03/27", "YYYY-MM-DD or DD/MM/YYYY"),
        ("27-03-19", "YYYY-MM-DD or DD/MM/YYYY"),
        ("next Tuesday", "YYYY-MM-DD or DD/MM/YYYY"),
        ("19 March 2027", "YYYY-MM-DD or DD/MM/YYYY"),
        ("2027/03/19", "YYYY-MM-DD or DD/MM/YYYY"),
        ("19.03.2027", "YYYY-MM-DD or DD/MM/YYYY"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_parse_date_rejects_with_a_message(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_date(value)
    if value.strip():
        assert value.strip() in str(info.value)


@FEW
@given(st.text(st.characters(categories=("L", "P", "Zs")), min_size=1, max_size=20))
def test_parse_date_rejects_free_text(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


# --- parse_answer --------------------------------------------------------------------------

SPELLINGS = {
    "yes": Answer.YES, "y": Answer.YES, "true": Answer.YES, "1": Answer.YES,
    "no": Answer.NO, "n": Answer.NO, "false": Answer.NO, "0": Answer.NO,
}
# Everything the parser documents as meaning something (including its synonyms).
KNOWN = {*SPELLINGS, "t", "f", "", "not asked", "not_asked", "notasked", "unknown", "n/a", "na"}
PADDING = st.text(" \t\n\u00a0", max_size=3)


@st.composite
def any_case(draw: st.DrawFn, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if f else c for c, f in zip(word, flips, strict=True))


@FEW
@given(st.sampled_from(sorted(SPELLINGS)).flatmap(lambda w: st.tuples(st.just(w), any_case(w))),
       PADDING, PADDING)
def test_parse_answer_every_spelling_in_any_case_with_spaces(
    pair: tuple[str, str], before: str, after: str
) -> None:
    word, cased = pair
    assert parse_answer(before + cased + after) is SPELLINGS[word]


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_parse_answer_blank_means_not_asked(value: str | None) -> None:
    assert parse_answer(value) is Answer.NOT_ASKED


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, Answer.YES), (False, Answer.NO), (1, Answer.YES), (0, Answer.NO),
     (Answer.NO, Answer.NO), (Answer.NOT_ASKED, Answer.NOT_ASKED)],
)
def test_parse_answer_non_text_values(value: object, expected: Answer) -> None:
    assert parse_answer(value) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["maybe", "yess", "nope", "2", "-1", "ja", "yes please", 2, -1])
def test_parse_answer_rejects_other_values(value: object) -> None:
    with pytest.raises(ValueError, match="not yes or no"):
        parse_answer(value)  # type: ignore[arg-type]


@FEW
@given(st.text(max_size=12))
def test_parse_answer_rejects_anything_else(value: str) -> None:
    assume(value.strip().casefold() not in KNOWN)
    with pytest.raises(ValueError):
        parse_answer(value)


# --- parse_email ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Alice@Example.ORG", "alice@example.org"),
        ("  bob.smith+awards@Mail.Co.UK \n", "bob.smith+awards@mail.co.uk"),
        ("o'connor@council.gov.ie", "o'connor@council.gov.ie"),
        ("A_B-C@sub-domain.example.com", "a_b-c@sub-domain.example.com"),
        ("x@a1.io", "x@a1.io"),
    ],
)
def test_parse_email_accepts_and_lower_cases(raw: str, expected: str) -> None:
    assert parse_email(raw) == expected


@pytest.mark.parametrize(
    "value",
    [
        "alice",
        "alice@",
        "@example.org",
        "alice@example",
        "alice@@example.org",
        "al ice@example.org",
        "alice@exa_mple.org",
        "alice..b@example.org",
        "alice@example..org",
        "alice@-example.org",
        "alice@example-.org",
        "alice@example.c",
        "alice@example.org.",
        "alice@example.123",
        "zoë@example.org",
        "alice@example.org, bob@example.org",
        "a" * 250 + "@example.org",
    ],
)
def test_parse_email_rejects_invalid(value: str) -> None:
    with pytest.raises(ValueError, match="not a valid email"):
        parse_email(value)


@pytest.mark.parametrize("value", ["", "   "])
def test_parse_email_rejects_empty(value: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_email(value)


@pytest.mark.parametrize("value", [".alice@example.org", "alice.@example.org"])
def test_parse_email_rejects_local_part_starting_or_ending_with_a_dot(value: str) -> None:
    # RFC 5321 dot-atoms cannot begin or end with '.'; such addresses bounce.
    with pytest.raises(ValueError, match="not a valid email"):
        parse_email(value)


LOCAL = st.from_regex(r"\A[A-Za-z0-9_+-]{1,10}(\.[A-Za-z0-9_+-]{1,10}){0,2}\Z")
LABEL = st.from_regex(r"\A[A-Za-z0-9]([A-Za-z0-9-]{0,8}[A-Za-z0-9])?\Z")
TLD = st.from_regex(r"\A[A-Za-z]{2,6}\Z")


@FEW
@given(LOCAL, st.lists(LABEL, min_size=1, max_size=3), TLD)
def test_parse_email_property_valid_addresses_come_back_lower_cased(
    local: str, labels: list[str], tld: str
) -> None:
    address = f"{local}@{'.'.join(labels)}.{tld}"
    assert parse_email(address) == address.lower()
    assert parse_email(f" {address.upper()} ") == address.lower()
    assert parse_email(parse_email(address)) == address.lower()


# --- age_on --------------------------------------------------------------------------------


def _birthday(dob: date, year: int) -> date:
    """Their birthday in ``year``; a 29 February birthday falls on 1 March in other years."""
    try:
        return dob.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def reference_age(dob: date, day: date) -> int:
    age = 0
    while dob.year + age + 1 <= day.year and _birthday(dob, dob.year + age + 1) <= day:
        age += 1
    return age


@SOME
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=0, max_value=120 * 366))
def test_age_on_matches_reference(dob: date, days_later: int) -> None:
    day = dob + timedelta(days=days_later)
    assume(day.year <= 2200)
    assert age_on(dob, day) == reference_age(dob, day)


@pytest.mark.parametrize(
    ("dob", "day", "age"),
    [
        (date(2011, 3, 19), date(2027, 3, 19), 16),  # 16th birthday on the ceremony
        (date(2011, 3, 20), date(2027, 3, 19), 15),  # the day before
        (date(2001, 3, 20), date(2027, 3, 19), 25),  # last day of being 25
        (date(2001, 3, 19), date(2027, 3, 19), 26),
        (date(2027, 3, 19), date(2027, 3, 19), 0),
        (date(2000, 12, 31), date(2001, 1, 1), 0),
        (date(2000, 1, 1), date(2000, 12, 31), 0),
    ],
)
def test_age_on_birthday_edges(dob: date, day: date, age: int) -> None:
    assert age_on(dob, day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2026, 2, 28), 17),
        (date(2026, 3, 1), 18),  # no 29 February in 2026: the birthday counts from 1 March
        (date(2028, 2, 28), 19),
        (date(2028, 2, 29), 20),
        (date(2028, 3, 1), 20),
    ],
)
def test_age_on_29_february_births(day: date, age: int) -> None:
    assert age_on(date(2008, 2, 29), day) == age


# --- refs and words ------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "ref"), [(1, "N-0001"), (42, "N-0042"), (9999, "N-9999"),
                                             (12345, "N-12345")])
def test_format_ref(number: int, ref: str) -> None:
    assert format_ref(number) == ref


@FEW
@given(st.integers(min_value=1, max_value=10**7))
def test_ref_round_trip(number: int) -> None:
    ref = format_ref(number)
    assert parse_ref(ref) == number
    assert parse_ref(ref.lower()) == number
    assert parse_ref(f"  n-{number} ") == number
    assert parse_ref(f"N{number}") == number


@pytest.mark.parametrize("value", ["", "N-", "X-0001", "N-abc", "1", "N-1-2", "NN-1"])
def test_parse_ref_rejects(value: str) -> None:
    with pytest.raises(ValueError, match="not a nomination reference"):
        parse_ref(value)


@pytest.mark.parametrize(
    ("text", "count"),
    [("", 0), ("   ", 0), ("one", 1), ("  one  two\nthree\tfour ", 4),
     ("Zoë's well-earned award", 3), ("a\u00a0b", 2)],
)
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count


@FEW
@given(st.lists(st.text(st.characters(categories=("L", "N", "P")), min_size=1, max_size=8),
                max_size=40),
       st.text(" \t\n", min_size=1, max_size=3))
def test_word_count_counts_words_whatever_the_gaps(words: list[str], gap: str) -> None:
    assert word_count(gap.join(words)) == len(words)
    assert word_count(gap + gap.join(words) + gap) == len(words)


@pytest.mark.parametrize("value", ["２０２７-０３-１９", "١٩/٠٣/٢٠٢٧"])
def test_parse_date_accepts_only_ascii_digits(value: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date(value)


@pytest.mark.parametrize(("value", "shown"), [(-1e-17, "+0.0000"), (-0.0, "+0.0000"),
                                              (1e-17, "+0.0000"), (-0.00004, "+0.0000"),
                                              (-0.00005, "-0.0001"), (2.31481, "+2.3148")])
def test_a_rounded_zero_is_never_negative(value: float, shown: str) -> None:
    assert f"{rounded(value, 4):+.4f}" == shown
