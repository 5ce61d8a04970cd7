"""The Checker collects every problem of one action; errors say where they are."""

from __future__ import annotations

from datetime import date

import pytest

from awards_app.core.enums import Answer
from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import parse_date
from awards_app.core.validation import Checker


def test_checker_collects_every_error_and_check_names_them_all() -> None:
    c = Checker()
    assert c.name("first_name", "   ") == ""
    assert c.email("email", "not-an-address") is None
    assert c.date("date_of_birth", "31/02/2010") is None
    assert c.answer("consent_photo", "perhaps") is Answer.NOT_ASKED
    assert c.integer("year", "twenty", minimum=2000) is None
    assert c.name("last_name", "Okafor") == "Okafor"  # a good field adds nothing
    assert [e.field for e in c.errors] == [
        "first_name", "email", "date_of_birth", "consent_photo", "year",
    ]
    with pytest.raises(ValidationError) as info:
        c.check()
    error = info.value
    assert error.fields == {"first_name", "email", "date_of_birth", "consent_photo", "year"}
    assert len(error.errors) == 5
    text = str(error)
    assert "First name: is empty" in text
    assert "'31/02/2010' is not a real date" in text
    assert "'twenty' is not a whole number" in text
    assert len(text.splitlines()) == 5


def test_check_passes_silently_without_errors() -> None:
    c = Checker()
    assert c.name("name", "  Amira  Haddad ") == "Amira Haddad"
    assert c.email("email", "Amira@Example.org") == "amira@example.org"
    assert c.date("dob", "01/02/2005") == date(2005, 2, 1)
    assert c.flag("flag", "Yes") is True
    assert c.integer("n", " 7 ", minimum=1, maximum=9) == 7
    c.check()
    assert c.errors == []


def test_required_and_optional_fields() -> None:
    c = Checker()
    assert c.name("team", None, required=False) == ""
    assert c.email("email", "  ") is None
    assert c.date("deadline", "", required=False) is None
    assert c.errors == []
    c.name("name", None)
    c.email("contact", None, required=True)
    c.date("when", None)
    assert {e.field: e.message for e in c.errors} == {
        "name": "is empty",
        "contact": "is empty",
        "when": "is empty; use YYYY-MM-DD or DD/MM/YYYY",
    }


def test_parse_records_the_parsers_message() -> None:
    c = Checker()
    assert c.parse("start", parse_date, "2027-02-30") is None
    assert c.parse("end", parse_date, "2027-03-01") == date(2027, 3, 1)
    assert c.errors == [FieldError("start", "'2027-02-30' is not a real date")]
    assert c.has_error("start") and not c.has_error("end")


@pytest.mark.parametrize(
    ("value", "message"),
    [(0, "must be at least 1"), (11, "must be at most 10"), (True, "'True' is not a whole number"),
     ("3.5", "'3.5' is not a whole number")],
)
def test_integer_bounds(value: object, message: str) -> None:
    c = Checker()
    c.integer("count", value, minimum=1, maximum=10)
    assert [(e.field, e.message) for e in c.errors] == [("count", message)]


def test_narrative_word_limits_and_hint() -> None:
    c = Checker()
    assert c.narrative("success", "", min_words=3, max_words=5, hint="say more") == ""
    c.narrative("obstacles", "two words", min_words=3, max_words=5, hint="say more")
    c.narrative("voice", "one two three four five six", min_words=3, max_words=5, hint="x")
    assert c.narrative("ok", " one  two three ", min_words=3, max_words=5, hint="x") == "one  two three"
    assert c.narrative("draft", "", min_words=3, max_words=5, hint="x", required=False) == ""
    assert [(e.field, e.message) for e in c.errors] == [
        ("success", "is empty — say more"),
        ("obstacles", "has 2 words; at least 3 are needed — say more"),
        ("voice", "has 6 words; the most allowed is 5"),
    ]


def test_text_length_limit() -> None:
    c = Checker()
    assert c.text("venue", "  Hall \r\n") == "Hall"
    c.text("venue", "x" * 201, max_length=200)
    assert [(e.field, e.message) for e in c.errors] == [
        ("venue", "is 201 characters long; the most allowed is 200")
    ]


def test_row_is_attached_to_every_error() -> None:
    c = Checker(row=7)
    c.name("first_name", "")
    c.email("email", "bad")
    assert [e.row for e in c.errors] == [7, 7]
    with pytest.raises(ValidationError) as info:
        c.check()
    assert str(info.value).splitlines() == [
        "Row 7, 'first_name': is empty",
        "Row 7, 'email': 'bad' is not a valid email address",
    ]


def test_field_error_str_with_and_without_row() -> None:
    assert str(FieldError("date_of_birth", "is empty")) == "Date of birth: is empty"
    assert str(FieldError("date_of_birth", "is empty", row=3)) == "Row 3, 'date_of_birth': is empty"
    assert str(FieldError("x", "bad", row=0)).startswith("Row 0, ")
    assert "Row" not in str(FieldError("x", "bad"))


def test_validation_error_single_and_source() -> None:
    error = ValidationError.single("name", "is empty")
    assert error.fields == {"name"}
    assert str(error) == "Name: is empty"
    sourced = ValidationError([FieldError("email", "is bad", 2)], source="people.csv")
    assert str(sourced) == "people.csv: Row 2, 'email': is bad"
    assert sourced.source == "people.csv"
