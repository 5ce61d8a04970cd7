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


def certificate_name(preferred: str, last: str, consent_certificate_name: Answer,
                     override: str) -> str:
    """The name printed on a certificate.

    A coordinator's override wins; otherwise the preferred name with the surname only when
    the young person said yes to their name on a certificate, and the preferred name alone
    when they said no or were never asked.
    """
    chosen = " ".join(override.split())
    if chosen:
        return chosen
    first = " ".join(preferred.split())
    if consent_certificate_name is Answer.YES and last.strip():
        return f"{first} {' '.join(last.split())}"
    return first


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


# Letters that Unicode does not decompose into a base letter plus accents.
_FOLD = str.maketrans({
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
    "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i",
})
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
