"""The ceremony's public naming rule, and the consent rules each ceremony output states.

Different from the certificate's rule (core.certificates): a certificate is handed to the
young person, so it follows their answer about their name *on the certificate*; everything
said or printed at and about the ceremony is public, so it follows their answer about being
*named publicly*, and "do not publish" hides their name altogether. "Not asked" counts as no.

Plain functions on plain values, so the rules can be read and tested on their own.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from awards_app.core.certificates import without_surname
from awards_app.core.enums import Answer
from awards_app.core.masking import Identity, find_masks

#: what is read and printed for a young person who asked for nothing to be published
NOT_PUBLISHED_NAME: Final = "a young person from our Leaving Care service"
#: what replaces their name inside a citation, for the same young people
NOT_PUBLISHED_IN_TEXT: Final = "this young person"


class NameForm(StrEnum):
    """Which form of a young person's name the ceremony uses."""

    FULL = "full"  # preferred first name and surname
    FIRST = "first"  # preferred first name only
    NOT_PUBLISHED = "not_published"  # NOT_PUBLISHED_NAME

    @property
    def label(self) -> str:
        return {"full": "Full name", "first": "First name only",
                "not_published": "Not named"}[self.value]


# Each output says at its top which rule it applied, in these words.
NAMING_RULE: Final = (
    "Names as consented: the full name only for young people who agreed to be named publicly "
    "and did not ask for nothing to be published; otherwise their preferred first name; "
    f"\u201c{NOT_PUBLISHED_NAME}\u201d for those who asked for nothing to be published. "
    "Where nobody asked them, the answer counts as no.")
PHOTO_RULE: Final = (
    "Photographs: only the young people listed here said yes to photographs (and did not ask "
    "for nothing to be published). Please photograph nobody else, and no presentation marked "
    "\u201cno photographs\u201d. Where nobody asked them, the answer counts as no.")
PRESS_RULE: Final = (
    "Press: only winners who agreed to be named publicly and did not ask for nothing to be "
    "published, and only with wording the Leaving Care team has approved. Where nobody asked "
    "them, the answer counts as no.")
SPONSOR_RULE: Final = (
    "For public use: names as the young people consented (the full name only with their yes "
    "to being named publicly; otherwise their first name, or "
    f"\u201c{NOT_PUBLISHED_NAME}\u201d), and only the press wording the Leaving Care team has "
    "approved. Please use only photographs the team gives you.")


def name_form(consent_public: Answer, *, do_not_publish: bool) -> NameForm:
    """Full name only with a yes to being named publicly and no "do not publish"."""
    if do_not_publish:
        return NameForm.NOT_PUBLISHED
    return NameForm.FULL if consent_public is Answer.YES else NameForm.FIRST


def _first_name(preferred: str, first: str, last: str) -> str:
    """The preferred name (or the first name when it is empty) with no word of the surname."""
    return without_surname(preferred, last) or without_surname(first, last)


def ceremony_name(preferred: str, first: str, last: str, consent_public: Answer, *,
                  do_not_publish: bool) -> str:
    """The name read out and printed at the ceremony, as the young person consented.

    Full name: the preferred name and the surname. First name only: the preferred name
    without any word matching the surname (:func:`without_surname`), or the first name when
    nothing is left. Do not publish, or no name left at all: :data:`NOT_PUBLISHED_NAME`."""
    form = name_form(consent_public, do_not_publish=do_not_publish)
    if form is NameForm.NOT_PUBLISHED:
        return NOT_PUBLISHED_NAME
    given = _first_name(preferred, first, last)
    if form is NameForm.FULL:
        surname = " ".join(last.split())
        return " ".join(p for p in (given, surname) if p) or NOT_PUBLISHED_NAME
    return given or NOT_PUBLISHED_NAME


def ceremony_pronunciation(pronunciation: str, last: str, consent_public: Answer, *,
                           do_not_publish: bool) -> str:
    """How to say the name that is read: none for someone not named; without any word of
    the written surname for someone named by their first name only."""
    form = name_form(consent_public, do_not_publish=do_not_publish)
    if form is NameForm.NOT_PUBLISHED:
        return ""
    tidy = " ".join(pronunciation.split())
    return tidy if form is NameForm.FULL else without_surname(tidy, last)


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.;:!?)])")
_SENTENCE_START = re.compile(r"(^\s*|[.!?]\s+)t(?=his young person)")


def ceremony_text(text: str, preferred: str, first: str, last: str, consent_public: Answer,
                  *, do_not_publish: bool) -> tuple[str, bool]:
    """A citation (or any text read out) with what the young person did not agree to taken
    out: the surname without a yes to being named publicly; every name of theirs (surname,
    first and preferred names) for someone not to be published, their names becoming "this
    young person". Returns the text and whether anything was taken out (so the coordinator
    can check the wording still reads well)."""
    form = name_form(consent_public, do_not_publish=do_not_publish)
    if form is NameForm.FULL or not text.strip():
        return text.strip(), False
    names = (first, preferred) if form is NameForm.NOT_PUBLISHED else ()
    identity = Identity(surnames=tuple(p for p in (last,) if p.strip()),
                        names=tuple(n for n in names if n.strip()))
    masks = find_masks(text, identity)
    if not masks:
        return text.strip(), False
    out: list[str] = []
    position = 0
    for mask in sorted(masks, key=lambda m: m.start):
        if mask.start < position:
            continue
        out.append(text[position:mask.start])
        out.append(NOT_PUBLISHED_IN_TEXT if form is NameForm.NOT_PUBLISHED
                   and mask.kind == "name" else "")
        position = mask.end
    out.append(text[position:])
    joined = "".join(out)
    if form is NameForm.NOT_PUBLISHED:
        # "this young person this young person" when both names stood together
        doubled = f"{NOT_PUBLISHED_IN_TEXT} {NOT_PUBLISHED_IN_TEXT}"
        while doubled in joined:
            joined = joined.replace(doubled, NOT_PUBLISHED_IN_TEXT)
        joined = _SENTENCE_START.sub(lambda m: m.group(1) + "T", joined)
    lines = [_SPACE_BEFORE.sub(r"\1", _SPACES.sub(" ", line)).strip()
             for line in joined.splitlines()]
    return "\n".join(lines).strip(), True


def may_photograph(consent_photo: Answer, *, do_not_publish: bool) -> bool:
    """A yes to photographs, and no "do not publish"."""
    return consent_photo is Answer.YES and not do_not_publish


def may_go_to_press(consent_public: Answer, *, do_not_publish: bool) -> bool:
    """A yes to being named publicly, and no "do not publish" (press wording still needs
    approving before anything is released)."""
    return name_form(consent_public, do_not_publish=do_not_publish) is NameForm.FULL
