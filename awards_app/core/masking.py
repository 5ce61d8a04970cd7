"""Masking a narrative before judges read it, with everything known about the nomination.

Judges are sponsors' staff, not social workers: they read a young person's story, never
their surname, legal name, date of birth, address, contacts, worker or team. Masking finds
each of those in a *folded* copy of the text (NFKC, case-folded, accents, zero-width and
bidi characters removed, look-alike letters mapped to Latin, any script's digits made ASCII,
every space " ", every dash "-") and replaces the matching span of the original text, so
"Smíth", "S\u200bmith", "Smіth" (a Cyrillic і), "(0161) 496 0000" with non-breaking
spaces and "１３/０７/２００５" are masked while the rest of the text is kept as written.

It catches what a rule can catch. It does not replace a person reading the judges' copy:
:func:`awards_app.core.identifiers.possible_identifiers` points at what may still identify
someone, and the coordinator reviews every copy before judging starts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache

from awards_app.core import mask_patterns as p
from awards_app.core.folding import Folded, fold
from awards_app.core.mask_names import MIN_NAME_LENGTH as MIN_NAME_LENGTH
from awards_app.core.mask_names import NameRules, name_rules, search_names

SURNAME = "[surname]"
NAME = "[name]"
DATE_OF_BIRTH = "[date of birth]"
EMAIL = "[email]"
PHONE = "[phone]"
POSTCODE = "[postcode]"
ADDRESS = "[address]"
#: the mask written for each kind of detail
MASKS = {"surname": SURNAME, "name": NAME, "date of birth": DATE_OF_BIRTH, "email": EMAIL,
         "phone": PHONE, "postcode": POSTCODE, "address": ADDRESS}


@dataclass(frozen=True)
class Identity:
    """Everything the program knows about one nomination that judges must not read."""

    surnames: tuple[str, ...] = ()  # masked as "[surname]" (each part of double-barrelled too)
    names: tuple[str, ...] = ()  # legal first name, other names, worker, team, school: "[name]"
    dates_of_birth: tuple[date, ...] = ()  # "[date of birth]" in every common written form
    emails: tuple[str, ...] = ()  # known emails (any email-looking text is masked anyway)
    phones: tuple[str, ...] = ()  # known phones (any UK-phone-looking text is masked anyway)
    postcodes: tuple[str, ...] = ()  # known postcodes (any UK postcode is masked anyway)
    addresses: tuple[str, ...] = ()  # known address lines: "[address]"
    #: names judges may read (the preferred name the pseudonym shows): never masked as a
    #: *part* of another name ("Mary Jane" legal, "Mary" preferred: "Jane" is masked, "Mary"
    #: is not), though a whole listed name or surname is always masked
    shown: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Lists, sets or single strings given by mistake become tuples (the identity is a
        # cache key), and blanks and Nones are dropped.
        for field in fields(self):
            value = getattr(self, field.name)
            values = (value,) if isinstance(value, str | date) else tuple(value or ())
            object.__setattr__(self, field.name, tuple(
                v for v in values if v is not None and (not isinstance(v, str) or v.strip())))


@dataclass(frozen=True)
class Masked:
    """One span of the NFC-normalised text that judges must not read."""

    start: int
    end: int
    kind: str  # "surname", "name", "date of birth", "email", "phone", "postcode", "address"
    mask: str  # the replacement, e.g. "[surname]"


def find_masks(text: str, identity: Identity) -> list[Masked]:
    """Every span of ``unicodedata.normalize("NFC", text)`` to mask, sorted and apart.

    Overlapping finds are joined into one span of the kind found first (an email holding the
    surname is one "[email]"), and address parts separated only by commas or spaces ("Flat 3,
    22 Oak Road") into one "[address]".
    """
    folded = Folded(unicodedata.normalize("NFC", text))
    if not folded.shadow:
        return []
    rules = _rules(identity)
    found = _emails(folded)
    for pattern, kind, accept in rules.searches:
        found += _search(folded, pattern, kind, accept)
    found += search_names(folded, rules.names)
    return [Masked(start, end, kind, MASKS[kind]) for start, end, kind in _resolve(folded, found)]


def mask_text(text: str, identity: Identity) -> str:
    """The NFC text with every :func:`find_masks` span replaced by its mask."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    done = 0
    for masked in find_masks(text, identity):
        out += [text[done:masked.start], masked.mask]
        done = masked.end
    out.append(text[done:])
    return "".join(out)


# --- how the details are found -----------------------------------------------------------


class _AtStarts:
    """A pattern tried only where a match can begin (a digit, a word's first letters): far
    fewer places than every character of a narrative, which the regex engine would try."""

    def __init__(self, pattern: re.Pattern[str], starts: tuple[re.Pattern[str], ...]) -> None:
        self.pattern, self.starts = pattern, starts

    def matches(self, string: str) -> Iterator[re.Match[str]]:
        """Each match at each place one can begin, in order (they may overlap)."""
        places = sorted({m.start() for starts in self.starts for m in starts.finditer(string)})
        for place in places:
            if match := self.pattern.match(string, place):
                yield match


_Searcher = re.Pattern[str] | _AtStarts
_DIGIT_RUNS = re.compile(r"[0-9]+")
Accept = Callable[[Folded, re.Match[str]], "tuple[int, int] | None"]


def _boundary(before: Callable[[str], bool]) -> Accept:
    """Accept a match unless the character before it is one ``before`` refuses."""
    def accept(folded: Folded, match: re.Match[str]) -> tuple[int, int] | None:
        start = match.start()
        return None if start > 0 and before(folded.shadow[start - 1]) else match.span()
    return accept


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


_after_word = _boundary(_word_char)
_after_digit = _boundary(str.isdigit)
_after_email_char = _boundary(lambda c: _word_char(c) or c in ".-")


def _whole(folded: Folded, match: re.Match[str]) -> tuple[int, int] | None:
    return match.span()


def _phone(folded: Folded, match: re.Match[str]) -> tuple[int, int] | None:
    """A UK number. If the match ran on into a number after it ("07700 900123 3 times",
    "01632 96000 7 times"), the longest shorter match that is one and does not end in a
    lone digit (unless every group is one digit: "0 7 7 0 0 …")."""
    shadow, start = folded.shadow, match.start()
    ends = [match.end()] + [i + 1 for i in range(match.end() - 2, start, -1)
                            if shadow[i].isdigit() and not shadow[i + 1].isdigit()]
    fallback = None
    for end in ends:
        candidate = p.PHONE.match(shadow, start, end)
        if not candidate or candidate.end() != end or not p.is_uk_phone(candidate.group()):
            continue
        groups = _DIGIT_RUNS.findall(candidate.group())
        if len(groups[-1]) > 1 or max(map(len, groups)) == 1:
            return start, end
        fallback = fallback or (start, end)
    return fallback


def _address(folded: Folded, match: re.Match[str]) -> tuple[int, int] | None:
    """A house number or flat/unit line, a street's name and a street word (a building word
    after a flat or unit: "Unit 5 Riverside Court"). Capitalised ("14 Mill Lane", "3 Food
    Bank"; "14 Mill lane" too, as "lane" is a word only streets have), or one or two words
    that are not a walk's before such a word: "14 mill lane" is an address; "3 miles up the
    hill", "3 food bank" and "3 GCSEs bank" are not."""
    streets = p.STREETS | p.BUILDINGS if match.group("unit") else p.STREETS
    if not any(_street_word(w) in streets for w in match.group("words").split()[1:]):
        return None  # "2024 at college", "3 times a week": most numbers in a narrative
    words = list(p.WORD.finditer(folded.shadow, match.start("words"), match.end("words")))
    for k in range(len(words) - 1, 0, -1):  # the longest street first
        street = _street_word(words[k].group())
        if street not in streets:
            continue
        name = words[:k]
        capital = [folded.text[folded.origin(w.start())].isupper() for w in words[:k + 1]]
        plain = street in p.PLAIN_STREET_WORDS
        if (all(capital[:-1]) and (capital[-1] or plain)) or (
                len(name) <= 2 and plain
                and not any(w.group() in p.NOT_STREET_NAMES for w in name)):
            return match.start(), words[k].start() + len(street)
    return None


def _street_word(word: str) -> str:
    """"lane" of "lane" or "lane's"; "" for a word that only begins like one."""
    base, _, rest = word.partition("'")
    return base if base.isalpha() and (not rest or rest == "s") else ""


def _flat(folded: Folded, match: re.Match[str]) -> tuple[int, int] | None:
    return match.span() if _flat_line(folded, *match.span()) else None


_NEXT_WORD = re.compile(r"[ ,]*([^\W\d_]+)")


def _flat_line(folded: Folded, start: int, end: int) -> bool:
    """"Flat 3" is an address line when written with a capital, or when the word after it
    is not a walk's ("a flat 3 miles away" is not one)."""
    if folded.text[folded.origin(start)].isupper():
        return True
    after = _NEXT_WORD.match(folded.shadow, end)
    return not (after and after.group(1) in p.NOT_STREET_NAMES)


def _dates_of_birth(days: tuple[date, ...]) -> _AtStarts | None:
    pattern = p.alternation(p.date_of_birth_pattern(d) for d in days)
    if pattern is None:
        return None
    months = {p.MONTHS[d.month - 1][:3] for d in days} | {
        p.ORDINAL_WORDS[d.day - 1][:4] for d in days}  # "thirteenth of July"
    return _AtStarts(pattern, (_DIGIT_RUNS, re.compile("|".join(sorted(months)))))


def _search(folded: Folded, pattern: _Searcher, kind: str,
            accept: Accept) -> list[tuple[int, int, str]]:
    shadow, found, pos = folded.shadow, [], 0
    if isinstance(pattern, _AtStarts):
        for at in pattern.matches(shadow):
            if at.start() >= pos and (span := accept(folded, at)):
                found.append((span[0], span[1], kind))
                pos = max(span[1], at.start() + 1)
        return found
    while match := pattern.search(shadow, pos):
        span = accept(folded, match)
        if span is None:
            pos = match.start() + 1
            continue
        found.append((span[0], span[1], kind))
        pos = max(span[1], match.start() + 1)
    return found


def _emails(folded: Folded) -> list[tuple[int, int, str]]:
    """Email addresses, looked for only where there is an "@" or an "at"."""
    shadow, found, done = folded.shadow, [], 0
    for site in p.EMAIL_SITES.finditer(shadow):
        after = shadow[site.end():site.end() + 64]
        if "." not in after and "dot" not in after:
            continue  # "at college": no domain follows
        start = site.start()
        while start > done and (shadow[start - 1] in p.LOCAL_CHARS
                                or shadow[start - 1].isalnum()):
            start -= 1
        if start < site.start() and (match := p.EMAIL.match(shadow, start)):
            # "zoe dot smith at example dot com": the words joined by "dot" before it too
            while before := _DOT_WORD_BEFORE.search(shadow, max(done, start - 40), start):
                start = before.start()
            found.append((start, match.end(), "email"))
            done = match.end()
    return found


_DOT_WORD_BEFORE = re.compile(r"(?<![\w.\-])[\w\-]+[ ]+dot[ ]+$")


@dataclass(frozen=True)
class _Rules:
    searches: tuple[tuple[_Searcher, str, Accept], ...]
    names: NameRules


_GENERAL: tuple[tuple[_Searcher, str, Accept], ...] = (
    (_AtStarts(p.PHONE, (re.compile(r"[+0(]"),)), "phone", _phone),
    (_AtStarts(p.INTERNATIONAL_PHONE, (re.compile(r"\+"),)), "phone", _whole),
    (p.POSTCODE, "postcode", _whole),
    (_AtStarts(p.ADDRESS, (_DIGIT_RUNS, p.ADDRESS_STARTS)), "address", _address),
    (_AtStarts(p.FLAT_LINE, (p.FLAT_STARTS,)), "address", _flat),
    (_AtStarts(p.HANDLE, (re.compile("@"),)), "name", _whole),
)
_ADDRESS_PARTS = re.compile(r"[,;\n]+")
_ADDRESS_TOKENS = re.compile(r"[^\W_]+")
_COUNTRIES = frozenset(("uk", "united kingdom", "gb", "great britain", "england", "scotland",
                        "wales", "northern ireland", "ireland", "britain"))


def _phone_variants(phone: str) -> set[str]:
    """The digits of a known number as written nationally and internationally."""
    written = fold(phone).strip()
    digits = "".join(c for c in written if c.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    variants = {digits}
    if written.startswith(("+", "00")) and digits.startswith("44"):
        national = digits[2:].removeprefix("0")
        variants |= {"0" + national, "44" + national, "440" + national}
    elif digits.startswith("0"):
        variants |= {"44" + digits[1:], "440" + digits[1:]}
    return {v for v in variants if len(v) >= 6}


def _address_patterns(address: str) -> list[str]:
    """A known address line, each of its comma-separated parts (a town too) and its street
    without the house number."""
    lists = [_ADDRESS_TOKENS.findall(fold(address))]
    for part in _ADDRESS_PARTS.split(address):
        tokens = _ADDRESS_TOKENS.findall(fold(part))
        if not tokens or " ".join(tokens) in _COUNTRIES:
            continue
        lists.append(tokens)
        if len(tokens) > 1 and tokens[0][0].isdigit():
            lists.append(tokens[1:])  # the street without the house number
    return [r"[\W_]{1,3}".join(re.escape(t) for t in tokens) + r"(?![\w])"
            for tokens in lists
            if tokens and (len(tokens) > 1 or len(tokens[0]) >= 3)
            and " ".join(tokens) not in p.GENERIC_WORDS]


@lru_cache(maxsize=512)
def _rules(identity: Identity) -> _Rules:
    known: list[tuple[_Searcher | None, str, Accept]] = [
        (_dates_of_birth(identity.dates_of_birth), "date of birth",
         _boundary(lambda c: c.isalnum())),
        (p.alternation(p.email_pattern(fold(e).strip()) for e in identity.emails if "@" in e),
         "email", _after_email_char),
        (p.alternation(p.digits_pattern(v) for ph in identity.phones
                      for v in _phone_variants(ph)), "phone", _after_digit),
        (p.alternation(r"[ \-.]{0,3}".join(re.escape(c) for c in key) + r"(?![\w])"
                      for pc in identity.postcodes
                      if len(key := fold(pc).replace(" ", "")) >= 4), "postcode", _after_word),
        (p.alternation(pat for a in identity.addresses for pat in _address_patterns(a)),
         "address", _after_word),
    ]
    searches = _GENERAL + tuple((rx, kind, accept) for rx, kind, accept in known
                                if rx is not None)
    return _Rules(searches, name_rules(identity.names, identity.surnames, identity.shown))


_ADDRESS_GAP = re.compile(r"[ ,]*")


def _resolve(folded: Folded, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join overlapping finds (the first, longest one names the kind) and neighbouring address
    parts; return text spans."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if merged:
            last_start, last_end, last_kind = merged[-1]
            touching = (kind == last_kind == "address" and start >= last_end
                        and _ADDRESS_GAP.fullmatch(folded.shadow, last_end, start))
            if start < last_end or touching:
                merged[-1] = (last_start, max(last_end, end), last_kind)
                continue
        merged.append((start, end, kind))
    return [(*folded.span(start, end), kind) for start, end, kind in _with_towns(folded, merged)]


_TOWN_GAP = re.compile(r"[ ,]+(?:[^\W\d_][\w'\-]*[ ,]+){1,3}")


def _with_towns(folded: Folded,
                found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"14 Mill Lane, Leeds LS1 4AB": the town between an address and its postcode is masked
    with them, as one "[address]", when its words are capitalised."""
    out: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if out and kind == "postcode" and out[-1][2] == "address":
            gap = _TOWN_GAP.fullmatch(folded.shadow, out[-1][1], start)
            if gap and all(folded.text[folded.origin(w.start())].isupper()
                           for w in p.WORD.finditer(folded.shadow, gap.start(), gap.end())):
                out[-1] = (out[-1][0], end, "address")
                continue
        out.append((start, end, kind))
    return out
