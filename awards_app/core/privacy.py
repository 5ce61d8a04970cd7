"""What judges may see of a nominee: a pseudonym and a narrative with identifiers masked.

Judges are sponsors' staff, not social workers. They need the young person's story, not their
surname, address or phone number. The masking itself lives in :mod:`awards_app.core.masking`
(and what may still identify someone in :mod:`awards_app.core.identifiers`); its names are
re-exported here. It does not replace a person reading the narrative before it is released.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from awards_app.core.identifiers import Flag, possible_identifiers
from awards_app.core.masking import (
    ADDRESS,
    DATE_OF_BIRTH,
    EMAIL,
    MASKS,
    MIN_NAME_LENGTH,
    NAME,
    PHONE,
    POSTCODE,
    SURNAME,
    Identity,
    Masked,
    find_masks,
    mask_text,
)

__all__ = [
    "ADDRESS", "DATE_OF_BIRTH", "EMAIL", "MASKS", "MIN_NAME_LENGTH", "NAME", "PHONE", "POSTCODE",
    "SURNAME", "Flag", "Identity", "Masked", "find_masks", "mask_narrative", "mask_text",
    "possible_identifiers", "pseudonym",
]


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
    """The narrative with the surname and the ``extra`` names masked, and any email, UK phone
    number, UK postcode and street address (:func:`awards_app.core.masking.mask_text`).

    Kept for callers that know only the surname; judges' copies should pass an
    :class:`Identity` with everything known about the nomination to :func:`mask_text`.
    """
    identity = Identity(surnames=(surname,) if surname.strip() else (), names=tuple(extra))
    return mask_text(text, identity)
