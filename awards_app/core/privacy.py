"""What judges may see of a nominee: a pseudonym and a narrative with obvious identifiers masked.

Judges are sponsors' staff, not social workers. They need the young person's story, not their
surname, address or phone number. Masking here catches the obvious details (postcodes, UK
phone numbers, emails, the surname and any names the caller lists); it does not replace a
person reading the narrative before it is released.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

POSTCODE = "[postcode]"
PHONE = "[phone]"
EMAIL = "[email]"
SURNAME = "[surname]"
NAME = "[name]"

# Shortest surname part or listed name that is masked: single letters are initials, not names.
MIN_NAME_LENGTH = 2

# Outward code (A9, A99, AA9, AA99, A9A, AA9A, or GIR), an optional space, inward code (9AA).
# The inward letters never include C, I, K, M, O or V.
_POSTCODE = r"""
    (?<!\w)
    (?:[A-Za-z]{1,2}[0-9][A-Za-z0-9]?|[Gg][Ii][Rr])
    [ \u00a0]?
    [0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}
    (?!\w)
"""
# A candidate UK number: +44 / 0044 (with an optional "(0)"), a bracketed area code, or a
# leading 0; then digits with single spaces or hyphens between them. _phone_or_keep checks
# the digit count, so a long reference number is not taken for a phone number.
_PHONE = r"""
    (?<![\w+])
    (?:
        (?:\+|00)44[ -]?(?:\(0\)[ -]?)?
      | \(0[0-9]{2,4}\)[ -]?
      | (?=0)
    )
    [0-9](?:[ -]?[0-9]){7,10}
    (?!\w)
"""
_EMAIL = r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"
_APOSTROPHES = "'’ʼ‘"
_SEPARATORS = "-‐‑–— \u00a0"


def pseudonym(preferred_name: str, last_name: str, *, do_not_publish: bool, number: int) -> str:
    """The name judges see: the preferred first name and the last name's initial, "Zoë H.".

    Only the first word of a preferred name is used ("Mary Jane" → "Mary"). Works in any
    script ("ليلى حداد" → "ليلى ح."); with no last name it is the first name alone. A nominee
    who asked not to be published, or who has no preferred name, is "Nominee {number}".
    """
    words = _nfc(preferred_name).split()
    if do_not_publish or not words:
        return f"Nominee {number}"
    initial = _initial(_nfc(last_name))
    return f"{words[0]} {initial}." if initial else words[0]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _initial(name: str) -> str:
    """The first letter of ``name`` with any accents that stay attached to it.

    Leading punctuation is skipped ("'t Hooft" → "t"). A virama (Indic vowel killer) is left
    off, so a conjunct does not leave a dangling half-letter.
    """
    for i, char in enumerate(name):
        if char.isalpha():
            end = i + 1
            while end < len(name) and unicodedata.combining(name[end]) not in (0, 9):
                end += 1
            return name[i:end]
    return ""


def mask_narrative(text: str, *, surname: str = "", extra: Sequence[str] = ()) -> str:
    """Mask obvious identifying details in a narrative before judges read it.

    - UK postcodes, any case, with or without the space ("NE1 4ST", "sw1a1aa") → "[postcode]"
    - UK phone numbers: mobiles and landlines, national or +44, spaced, hyphenated or with a
      bracketed area code ("07700 900123", "+44 7700 900123", "(020) 7946 0958") → "[phone]"
    - email addresses → "[email]"
    - the surname, and each part of a hyphenated or spaced surname ("Smith-Jones" also masks
      "Smith" and "Jones") → "[surname]"
    - each string in ``extra`` (a sibling's name, a school) → "[name]"

    Names match whole words only, in any case and script, ignoring which apostrophe or hyphen
    was typed; names shorter than 2 letters are ignored. Everything is found in one pass, so a
    mask is never masked again and ordinary words and numbers ("2:1", "GCSEs", "Level 3",
    "2024", "10:30", "£1,200") are left alone. The text comes back NFC-normalised.
    """
    text = _nfc(text)
    names: dict[str, tuple[str, str]] = {}  # casefolded name -> (name, mask)
    for value in (" ".join(_nfc(e).split()) for e in extra):
        if len(value) >= MIN_NAME_LENGTH:
            names[value.casefold()] = (value, NAME)
    for value in _surname_parts(_nfc(surname)):
        names[value.casefold()] = (value, SURNAME)  # a surname wins over the same extra name
    # Longer names first, so "Smith-Jones" becomes one mask rather than two.
    ordered = sorted(names.values(), key=lambda item: len(item[0]), reverse=True)
    masks = [EMAIL, PHONE, POSTCODE] + [mask for _, mask in ordered]
    alternatives = [_EMAIL, _PHONE, _POSTCODE]
    alternatives += [f"(?i:{_name_pattern(name)})" for name, _ in ordered]
    combined = re.compile(
        "|".join(f"(?P<g{i}>{pattern})" for i, pattern in enumerate(alternatives)), re.VERBOSE
    )

    def replace(match: re.Match[str]) -> str:
        index = int((match.lastgroup or "g0")[1:])
        found = match.group()
        if masks[index] == PHONE and not _is_uk_phone(found):
            return found
        if index >= 3 and not _whole_word(match):
            return found
        return masks[index]

    return combined.sub(replace, text)


def _surname_parts(surname: str) -> list[str]:
    whole = " ".join(surname.split())
    parts = [p for p in re.split(f"[{_SEPARATORS}]+", whole) if p]
    return [p for p in dict.fromkeys([whole, *parts]) if len(p) >= MIN_NAME_LENGTH]


def _name_pattern(name: str) -> str:
    """A whole-word, verbose-safe pattern for ``name``, loose about apostrophes and hyphens."""
    separator = f"[{re.escape(_SEPARATORS)}]+"
    out: list[str] = []
    for char in name:
        if char in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}]")
        elif char in _SEPARATORS or char.isspace():
            if not out or out[-1] != separator:
                out.append(separator)
        else:
            out.append(re.escape(char))  # escapes spaces and '#' too, which VERBOSE would eat
    return rf"(?<!\w){''.join(out)}(?!\w)"


def _whole_word(match: re.Match[str]) -> bool:
    """\\w ignores combining marks, so check the letters either side are not accented letters
    of a longer word (a name followed by a Devanagari vowel sign, say)."""
    text, start, end = match.string, match.start(), match.end()
    if end < len(text) and unicodedata.category(text[end]).startswith("M"):
        return False
    return not (start > 0 and unicodedata.category(text[start - 1]).startswith("M"))


def _is_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"[^0-9]", "", candidate)
    international = candidate.startswith(("+44", "0044"))
    if international:
        national = digits[4:] if candidate.startswith("0044") else digits[2:]
        if "(0)" in candidate:
            national = national[1:]
        return not national.startswith("0") and 9 <= len(national) <= 10
    return digits.startswith("0") and 10 <= len(digits) <= 11
