"""Collects every field problem of one action so a person sees them all at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from awards_app.core import text as t
from awards_app.core.enums import Answer
from awards_app.core.errors import FieldError, ValidationError

T = TypeVar("T")

#: characters that draw nothing yet count as letters or marks, so a "name" of them would pass
#: the letter check and look blank (Hangul and half-width fillers, the combining grapheme
#: joiner, Khmer inherent vowels); ``text.normalise_name`` already removes controls, bidi
#: embeddings, overrides and isolates, and zero-width characters (Unicode Cc and Cf)
_BLANK_LOOKING = str.maketrans(dict.fromkeys(
    ("\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0")))


def clean_name(value: str) -> str:
    """A name as stored: ``text.normalise_name`` (NFC, controls, bidi controls and
    zero-width characters removed, spaces collapsed) and no blank-looking letters. Names
    from the window, the command line, imports and event files all pass here (through
    ``Checker.name``), so none carries a character that could reorder or hide text."""
    name = t.normalise_name(value)
    if not name.isascii():
        name = " ".join(name.translate(_BLANK_LOOKING).split())
    return name


#: the words for a new nomination without its nominator (the window and imports alike)
NOMINATOR_NEEDED = ("is missing — say who nominated them: their worker, or another adult who "
                    "knows them (in the window, add someone new on the Workers page first). "
                    "A new nomination needs someone to thank and to ask")


class Checker:
    """Run parsers field by field, remembering failures instead of stopping at the first.

    ``row`` tags every error with the file row it came from (imports).
    """

    def __init__(self, *, row: int | None = None) -> None:
        self.row = row
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message, self.row))

    def has_error(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def parse(self, field: str, parser: Callable[[object], T], value: object) -> T | None:
        try:
            return parser(value)
        except ValueError as exc:
            self.add(field, str(exc))
            return None

    def name(self, field: str, value: str | None, *, required: bool = True) -> str:
        name = clean_name(value) if value else ""
        if not name:
            if required:
                self.add(field, "is empty")
            return ""
        try:
            return t.check_name(name)
        except ValueError as exc:
            self.add(field, str(exc))
            return ""

    def email(self, field: str, value: str | None, *, required: bool = False) -> str | None:
        if value is None or not value.strip():
            if required:
                self.add(field, "is empty")
            return None
        try:
            return t.parse_email(value)
        except ValueError as exc:
            self.add(field, str(exc))
            return None

    def date(
        self, field: str, value: str | date | datetime | None, *, required: bool = True
    ) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, "is empty; use YYYY-MM-DD or DD/MM/YYYY")
            return None
        try:
            return t.parse_date(value)
        except ValueError as exc:
            self.add(field, str(exc))
            return None

    def answer(self, field: str, value: str | bool | int | Answer | None) -> Answer:
        try:
            return t.parse_answer(value)
        except ValueError as exc:
            self.add(field, str(exc))
            return Answer.NOT_ASKED

    def flag(self, field: str, value: str | bool | int | None) -> bool:
        return self.answer(field, value) is Answer.YES

    def text(
        self,
        field: str,
        value: str | None,
        *,
        max_length: int = 2000,
    ) -> str:
        cleaned = t.normalise_text(value or "")
        if len(cleaned) > max_length:
            self.add(field, f"is {len(cleaned):,} characters long; the most allowed is {max_length:,}")
        return cleaned

    def narrative(
        self,
        field: str,
        value: str | None,
        *,
        min_words: int,
        max_words: int,
        hint: str,
        required: bool = True,
    ) -> str:
        """Prose with a word range; an unrequired (draft) narrative may be empty."""
        cleaned = t.normalise_text(value or "")
        words = t.word_count(cleaned)
        if words == 0:
            if required:
                self.add(field, f"is empty — {hint}")
        elif words < min_words:
            self.add(field, f"has {words} words; at least {min_words} are needed — {hint}")
        elif words > max_words:
            self.add(field, f"has {words:,} words; the most allowed is {max_words:,}")
        return cleaned

    def nominator(self, field: str, *, given: bool, stored_without: bool = False) -> None:
        """One rule for who nominated, in the window and in every import (``NOMINATOR_RULE``):
        a new nomination needs its nominator; one already stored without a nominator may
        stay so when it is corrected. A nominator who has since left stays on their
        nominations (their record is kept, withdrawn), so nothing here asks for a current
        worker."""
        if not given and not stored_without:
            self.add(field, NOMINATOR_NEEDED)

    def integer(
        self, field: str, value: object, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        try:
            if isinstance(value, bool):
                raise ValueError
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            self.add(field, f"'{value}' is not a whole number")
            return None
        if minimum is not None and number < minimum:
            self.add(field, f"must be at least {minimum}")
        elif maximum is not None and number > maximum:
            self.add(field, f"must be at most {maximum}")
        return number

    def check(self) -> None:
        """Raise one ``ValidationError`` holding every problem found, if any."""
        if self.errors:
            raise ValidationError(self.errors)
