"""Certificate rules: whose name is printed and how, which design, who a print run includes.

Plain functions on plain values, so the rules can be read and tested on their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from awards_app.core.enums import Answer
from awards_app.core.scoring import Placement
from awards_app.core.text import name_key

WINNER, PLACED, ACHIEVEMENT = "winner", "placed", "achievement"
DESIGNS: Final = (WINNER, PLACED, ACHIEVEMENT)
KINDS: Final = ("winners", "placed", "all")
_KIND_PLACEMENTS: Final = {
    "winners": frozenset({Placement.WINNER}),
    "placed": frozenset({Placement.WINNER, Placement.RUNNER_UP, Placement.HIGHLY_COMMENDED}),
    "all": frozenset(Placement),
}
PLACEMENT_ORDER: Final = {p.value: i for i, p in enumerate(Placement)}
MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")
OVERRIDE_MAX_LENGTH: Final = 200


# Letters that Unicode does not decompose into a base letter plus accents.
_FOLD = str.maketrans({
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
    "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i",
})


def certificate_name(preferred: str, last: str, consent_certificate_name: Answer,
                     override: str, *, first: str = "") -> str:
    """The name printed on a certificate.

    A coordinator's override wins; otherwise the preferred name with the surname only when
    the young person said yes to their name on a certificate, and the preferred name alone
    when they said no or were never asked. Without that yes, no word matching the surname
    (:func:`without_surname`) is ever printed, whoever typed it: a preferred name or override
    typed with the surname in it loses that word, and a name with nothing else left falls
    back to the next (override, preferred, ``first``); "" when none is left.
    """
    chosen = " ".join(override.split())
    if consent_certificate_name is Answer.YES:
        if chosen:
            return chosen
        first_part = " ".join(preferred.split())
        return f"{first_part} {' '.join(last.split())}" if last.strip() else first_part
    for candidate in (chosen, preferred, first):
        kept = without_surname(candidate, last)
        if kept:
            return kept
    return ""


# A surname part this long is also found inside longer words ("MrSmith", "smith2005"); a
# shorter one ("Li", "Ng") only as a word or a piece of one ("Mei-Li"), so "Lily" stays.
_CONTAINED_MIN = 4
_PIECES = re.compile(r"[^\w]+|_+")


def _letters(text: str) -> str:
    """Only the letters and digits of ``name_key(text)``, accents removed: "Zqxz\u200béta",
    "ZQXZETA" and "Zqxzеta" (Cyrillic е) all give "zqxzeta"."""
    decomposed = unicodedata.normalize("NFKD", name_key(text.translate(_FOLD)).translate(_FOLD))
    return "".join(ch for ch in decomposed if ch.isalnum())


def _surname_keys(surname: str) -> set[str]:
    parts = [surname, *_PIECES.split(name_key(surname))]
    return {key for key in map(_letters, parts) if len(key) >= 2}


def without_surname(name: str, surname: str) -> str:
    """``name`` (spacing tidied) without every word that matches the surname or a part of it
    after normalising case, accents, invisible characters and look-alike letters: a word
    that is a part ("Smith", "smíth", "Smi\u200bth"), has one as a piece ("zoe_smith",
    "Mei-Li") or holds a part of four or more letters ("MrSmith", "smith2005"; also across
    words, "Zqx Zeta"). Used wherever the consent rule keeps the surname off."""
    words = name.split()
    targets = _surname_keys(surname)
    if not words or not targets:
        return " ".join(words)
    keys = [_letters(word) for word in words]
    drop = {i for i, word in enumerate(words)
            if keys[i] in targets or any(_letters(piece) in targets
                                         for piece in _PIECES.split(name_key(word)))}
    joined, starts = "".join(keys), []
    position = 0
    for key in keys:
        starts.append(position)
        position += len(key)
    for target in (t for t in targets if len(t) >= _CONTAINED_MIN):
        found = joined.find(target)
        while found >= 0:
            end = found + len(target)
            drop.update(i for i, start in enumerate(starts)
                        if start < end and start + len(keys[i]) > found)
            found = joined.find(target, found + 1)
    return " ".join(word for i, word in enumerate(words) if i not in drop)


#: the warning under a preferred name that holds the surname (nomination and nominee editors)
SURNAME_IN_PREFERRED: Final = ("⚠ This includes their surname: type only what they like to be "
                               "called. Certificates add the surname only with their yes.")


def contains_surname(name: str, surname: str) -> bool:
    """Whether ``name`` has a word :func:`without_surname` would leave out (for warnings)."""
    return without_surname(name, surname) != " ".join(name.split())


def first_name_and_initial(name: str) -> str:
    """"Mei Chen" → "Mei C."; "Mary Ann Smith" → "Mary S."; "Ben" → "Ben": what a
    verification shows of a young person who asked not to be published."""
    words = name.split()
    if len(words) <= 1:
        return " ".join(words)
    initial = next((ch for ch in words[-1] if ch.isalpha()), "")
    return f"{words[0]} {initial.upper()}." if initial else words[0]


def verified_name(printed: str, surname: str, consent_certificate_name: Answer, *,
                  do_not_publish: bool) -> str:
    """The name a verification answer shows: the name as printed, never the surname without
    consent (a certificate printed before the rule caught it keeps the paper's name, the
    answer does not), and only a first name and initial for someone not to be published."""
    name = (" ".join(printed.split()) if consent_certificate_name is Answer.YES
            else without_surname(printed, surname))
    return first_name_and_initial(name) if do_not_publish else name


def name_rule(consent_certificate_name: Answer, override: str, reason: str) -> str:
    """Why the name reads as it does, for the coordinator: "full name", "first name only" or
    "override: <reason>"."""
    if override.strip():
        return f"override: {' '.join(reason.split())}"
    return "full name" if consent_certificate_name is Answer.YES else "first name only"


def design_for(placement: str | Placement) -> str:
    """winner → "winner"; runner-up and highly commended → "placed"; nominee → "achievement"."""
    place = Placement(placement)
    if place is Placement.WINNER:
        return WINNER
    if place is Placement.NOMINEE:
        return ACHIEVEMENT
    return PLACED


def title_for(placement: str | Placement) -> str:
    """The heading that says which award: "Winner", "Runner-up", "Highly commended" or
    "Certificate of achievement"."""
    place = Placement(placement)
    return "Certificate of achievement" if place is Placement.NOMINEE else place.label


def award_label(placement: str | Placement, category: str) -> str:
    """"Winner — Education Star"; a nominee's is "Certificate of achievement — …"."""
    return f"{title_for(placement)} — {category}"


def parse_kind(kind: str) -> str:
    """``winners``, ``placed`` or ``all``; raises ValueError with the choices otherwise."""
    cleaned = kind.strip().lower()
    if cleaned not in _KIND_PLACEMENTS:
        raise ValueError(f"'{kind}' is not one of {', '.join(KINDS)}")
    return cleaned


def in_kind(placement: str | Placement, kind: str) -> bool:
    """Whether a print run of ``kind`` includes this placement: winners = winners only,
    placed = winners, runners-up and highly commended, all = everyone."""
    return Placement(placement) in _KIND_PLACEMENTS[parse_kind(kind)]


def format_long_date(day: date | None) -> str:
    """``14 March 2027`` (no leading zero, English month whatever the machine's locale)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def and_list(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


_NOT_SAFE = re.compile(r"[^a-z0-9]+")
FILE_STEM_MAX: Final = 80


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Zoë O'Connor" → "zoe-o-connor". Letters with
    no ASCII form (Arabic, Greek, Cyrillic…) drop out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = "".join(ch for ch in decomposed if ch.isascii())
    return _NOT_SAFE.sub("-", ascii_text.lower()).strip("-")


def certificate_file_names(items: Iterable[tuple[str, str, str]]) -> list[str]:
    """Safe, unique PDF file names for (ref, category, recipient) triples, in order.

    ``("N-0012", "Education Star", "Amira H.")`` → ``N0012-education-star-amira-h.pdf``:
    only ``A-Z a-z 0-9 - _``, at most 80 characters before ``.pdf``, and a ``-2``, ``-3``…
    suffix should two ever come out the same.
    """
    names: list[str] = []
    seen: set[str] = set()
    for ref, category, recipient in items:
        ref_part = re.sub(r"[^A-Za-z0-9]", "", ref) or "certificate"
        stem = "-".join(p for p in (ref_part, slug(category), slug(recipient)) if p)
        stem = stem[:FILE_STEM_MAX].rstrip("-")
        name, n = stem, 1
        while name.casefold() in seen:
            n += 1
            name = f"{stem}-{n}"
        seen.add(name.casefold())
        names.append(f"{name}.pdf")
    return names
