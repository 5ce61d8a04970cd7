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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from awards_app.core import mask_patterns as p
from awards_app.core.text import LOOKALIKES

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

#: Shortest name part that is masked: single letters are initials, not names.
MIN_NAME_LENGTH = 2


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
    folded = _Folded(unicodedata.normalize("NFC", text))
    if not folded.shadow:
        return []
    rules = _rules(identity)
    found: list[tuple[int, int, str]] = []
    for pattern, kind, accept in rules.searches:
        found += _search(folded, pattern, kind, accept)
    if rules.names is not None:
        found += _search_names(folded, rules.names, rules.name_kinds)
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


# --- folding -------------------------------------------------------------------------------

_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)
#: accents and vowel points dropped for comparing; other marks (a Devanagari vowel sign) stay
_ACCENTS = re.compile("[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670\u1ab0-\u1aff"
                      "\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]")
_ASCII_TABLE = str.maketrans({**{chr(i): " " for i in range(32) if i != 10}, "\x7f": " ",
                              **{chr(i): chr(i + 32) for i in range(65, 91)}, "`": "'"})
_FOLDED: dict[str, str] = {}


def fold_char(char: str) -> str:
    """What one character becomes in the folded copy (often itself; "" for invisible ones)."""
    folded = _FOLDED.get(char)
    if folded is None:
        folded = _FOLDED[char] = _fold_char(char)
    return folded


def _fold_char(char: str) -> str:
    if char == "\n":
        return char
    if char.isspace():
        return " "
    if unicodedata.category(char) in ("Cf", "Cc", "Cs", "Co"):
        return ""
    # case-folded before look-alikes are mapped, so "ИВАНОВА" and "иванова" fold alike
    # (the capital В imitates B, the small в does not: see _CAPITAL_LOOKALIKES)
    text = unicodedata.normalize("NFKC", char).casefold().translate(_LOOKALIKE_TABLE)
    text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).translate(_LOOKALIKE_TABLE)
    out = []
    for c in text:
        if c.isspace():
            out.append("\n" if c == "\n" else " ")
        elif unicodedata.category(c) == "Nd":
            out.append(str(unicodedata.digit(c)))
        elif unicodedata.category(c) not in ("Cf", "Cc"):
            out.append(c)
    return "".join(out)


def _capital_lookalikes() -> dict[str, str]:
    """Latin letter -> the folded forms of capitals that imitate it though their small letter
    does not (Cyrillic В, Н, Т; Greek Η, Κ…), so "SMIТH" written with a Cyrillic Т matches."""
    extra: dict[str, str] = {}
    for capital, latin in LOOKALIKES.items():
        target = latin.casefold()
        small = fold_char(capital)
        if len(target) == 1 and target.isascii() and target.isalpha() and small != target \
                and len(small) == 1 and not small.isascii():
            extra[target] = extra.get(target, "") + small
    return extra


_CAPITAL_LOOKALIKES = _capital_lookalikes()


def _letter_pattern(folded: str) -> str:
    out = []
    for char in folded:
        others = _CAPITAL_LOOKALIKES.get(char)
        out.append(f"[{char}{others}]" if others else re.escape(char))
    return "".join(out)


def fold(text: str) -> str:
    """The folded copy of ``text`` that masking searches (for comparing, never for showing)."""
    return _Folded(unicodedata.normalize("NFC", text)).shadow


class _Folded:
    """The text, its folded copy (``shadow``) and where each folded character came from."""

    __slots__ = ("text", "shadow", "index", "pieces")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pieces: list[str] | None = None
        self.index: list[int] | None = None
        if text.isascii():
            self.shadow = text.translate(_ASCII_TABLE)
            return
        pieces = [fold_char(char) for char in text]
        self.shadow = "".join(pieces)
        if any(len(piece) != 1 for piece in pieces):
            self.pieces = pieces
            self.index = [i for i, piece in enumerate(pieces) for _ in piece]

    def origin(self, position: int) -> int:
        """The text position the folded character at ``position`` came from."""
        return position if self.index is None else self.index[position]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span a folded span came from, with any accents after its last letter."""
        if self.index is None or self.pieces is None:
            return start, end
        first, last = self.index[start], self.index[end - 1] + 1
        while (last < len(self.text) and self.pieces[last] == ""
               and unicodedata.category(self.text[last]).startswith("M")):
            last += 1
        return first, last

    def camel(self, position: int) -> bool:
        """Whether a word boundary is written as a capital after a small letter ("MrSmith")."""
        if position <= 0 or position >= len(self.shadow):
            return False
        before, here = self.origin(position - 1), self.origin(position)
        return self.text[before].islower() and self.text[here].isupper()


# --- names ---------------------------------------------------------------------------------

#: name particles that are not masked on their own ("van der Berg": "Berg" is)
PARTICLES = frozenset("van von der den de da di du del della dos das la le lo bin ibn bint al "
                      "el ben ap st saint mc mac".split())
#: words that make a listed name a team, school or service rather than a person: its own
#: distinctive words are masked ("Riverside Leaving Care Team" also masks "Riverside"), the
#: generic ones are not, so "care" and "team" stay readable
GENERIC_WORDS = frozenset(
    "team teams care leaving leavers service services children childrens young people person "
    "school college academy primary secondary high university uni centre center house home "
    "homes project support north south east west central city council county borough "
    "district the of and for at in on with group unit trust foundation hub office social work "
    "worker workers family families sixth form community youth after looked pathway personal "
    "advisor adviser local authority church catholic ce rc infant junior grammar free new old "
    "upper lower great little mr mrs ms miss dr mx nhs hospital ward club sports".split())
_NAME_SPLIT = re.compile(r"[ '\-.]+")
_NAME_JOIN = r"[ '\-.]{0,3}"
_HANDLE_TAIL = re.compile(r"_?[0-9]+")


def _token_pattern(original: str) -> str:
    """One word of a name; "McDonald"/"MacKenzie" also as "Mc Donald", "Mac Kenzie", "M'Donald"."""
    folded = "".join(fold_char(c) for c in original)
    prefix = re.match(r"(?:mc|mac)(?=\w{3})", folded)
    if prefix and (folded.startswith("mc") or original[3:4].isupper()):
        stem = folded[prefix.end():]
        return rf"(?:mc|mac|m'){_NAME_JOIN}{_letter_pattern(stem)}"
    return _letter_pattern(folded)


def _words(value: str) -> list[str]:
    return [w for w in _NAME_SPLIT.split(unicodedata.normalize("NFC", value).strip()) if w]


def _name_pattern(words: list[str]) -> str:
    return _NAME_JOIN.join(_token_pattern(w) for w in words)


def _key(word: str) -> str:
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", word))


def _is_part(word: str, shown: frozenset[str]) -> bool:
    key = _key(word)
    return len(key) >= MIN_NAME_LENGTH and key not in PARTICLES and key not in shown


def _name_variants(value: str, *, surname: bool, shown: frozenset[str]) -> list[list[str]]:
    """The word lists to mask for one listed name: the whole name and its parts."""
    words = _words(value)
    if not words or len(_key("".join(words))) < MIN_NAME_LENGTH:
        return []
    variants = [words]
    keys = [_key(w) for w in words]
    if not surname and any(k in GENERIC_WORDS and k not in PARTICLES for k in keys):
        # a team or school: each beginning that ends in a distinctive word
        for end in range(1, len(words)):
            if keys[end - 1] not in GENERIC_WORDS and _is_part(words[end - 1], shown):
                variants.append(words[:end])
        return variants
    variants += [[w] for w in words if _is_part(w, shown)]
    for word in words:  # "McDonald" is also "Donald"
        prefix = re.match(r"(?:mc|mac)(?=\w{3})", _key(word))
        if prefix and (_key(word).startswith("mc") or word[3:4].isupper()):
            stem = word[prefix.end():]
            if _is_part(stem, shown) and len(stem) >= 3:
                variants.append([stem])
    return variants


def _letter(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char).startswith("M")


def _search_names(folded: _Folded, pattern: re.Pattern[str],
                  kinds: dict[str, str]) -> list[tuple[int, int, str]]:
    """Listed names as whole words: not inside another word unless written as a capital after
    a small letter ("MrSmith"); a capitalised plural ("the Smiths") and digits or an
    underscore and digits after it ("smith2005", "smith_05") are masked with it."""
    shadow, found = folded.shadow, []
    pos = 0
    while match := pattern.search(shadow, pos):
        start, end = match.span()
        pos = start + 1
        if start > 0 and _letter(shadow[start - 1]) and not folded.camel(start):
            continue
        if end < len(shadow) and _letter(shadow[end]) and not folded.camel(end):
            plural = next((s for s in ("es", "s") if shadow.startswith(s, end)), "")
            after = end + len(plural)
            if not (plural and folded.text[folded.origin(start)].isupper()
                    and (after >= len(shadow) or not _letter(shadow[after])
                         or folded.camel(after))):
                continue
            end = after
        if tail := _HANDLE_TAIL.match(shadow, end):
            end = tail.end()
        found.append((start, end, kinds[match.lastgroup or ""]))
        pos = end
    return found


# --- the other details ---------------------------------------------------------------------

Accept = Callable[[_Folded, re.Match[str]], "tuple[int, int] | None"]


def _whole(folded: _Folded, match: re.Match[str]) -> tuple[int, int] | None:
    return match.span()


def _phone(folded: _Folded, match: re.Match[str]) -> tuple[int, int] | None:
    return match.span() if p.is_uk_phone(match.group()) else None


def _address(folded: _Folded, match: re.Match[str]) -> tuple[int, int] | None:
    """A street's name must be capitalised ("14 Mill Lane"), or one or two words that are not
    a walk's ("14 mill lane" is an address, "3 miles up the hill" is not)."""
    words = [w for w in p.WORD.finditer(match.group()) if w.group() not in p.ADDRESS_KEYWORDS]
    name = words[:-1]
    capitalised = all(folded.text[folded.origin(match.start() + w.start())].isupper()
                      for w in name)
    if capitalised or (len(name) <= 2 and not any(w.group() in p.NOT_STREET_NAMES
                                                  for w in name)):
        return match.span()
    flat = p.FLAT_LINE.match(folded.shadow, match.start())  # "Flat 3, 3 miles away"
    return flat.span() if flat else None


def _search(folded: _Folded, pattern: re.Pattern[str], kind: str,
            accept: Accept) -> list[tuple[int, int, str]]:
    shadow, found, pos = folded.shadow, [], 0
    while match := pattern.search(shadow, pos):
        span = accept(folded, match)
        if span is None:
            pos = match.start() + 1
            continue
        found.append((span[0], span[1], kind))
        pos = max(span[1], match.start() + 1)
    return found


@dataclass(frozen=True)
class _Rules:
    searches: tuple[tuple[re.Pattern[str], str, Accept], ...]
    names: re.Pattern[str] | None
    name_kinds: dict[str, str]


_GENERAL: tuple[tuple[re.Pattern[str], str, Accept], ...] = (
    (p.EMAIL, "email", _whole), (p.PHONE, "phone", _phone), (p.POSTCODE, "postcode", _whole),
    (p.ADDRESS, "address", _address),
)
_ADDRESS_PARTS = re.compile(r"[,;\n]+")
_COUNTRIES = frozenset(("uk", "united kingdom", "gb", "great britain", "england", "scotland",
                        "wales", "northern ireland", "ireland", "britain"))


def _phone_variants(phone: str) -> set[str]:
    digits = "".join(c for c in fold(phone) if c.isdigit())
    intl = fold(phone).lstrip().startswith(("+", "00"))
    if digits.startswith("00"):
        digits = digits[2:]
    variants = {digits}
    if intl and digits.startswith("44"):
        national = digits[2:].removeprefix("0")
        variants |= {"0" + national, "44" + national, "440" + national}
    elif digits.startswith("0"):
        variants |= {"44" + digits[1:], "440" + digits[1:]}
    return {v for v in variants if len(v) >= 6}


def _address_patterns(address: str) -> list[str]:
    tokens_of = re.compile(r"[^\W_]+")
    parts = [fold(part) for part in _ADDRESS_PARTS.split(address)]
    lists = [tokens_of.findall(fold(address))]
    for part in parts:
        tokens = tokens_of.findall(part)
        if not tokens or " ".join(tokens) in _COUNTRIES:
            continue
        lists.append(tokens)
        if len(tokens) > 1 and tokens[0][0].isdigit():
            lists.append(tokens[1:])  # the street without the house number
    patterns = []
    for tokens in lists:
        if tokens and (len(tokens) > 1 or len(tokens[0]) >= 3) and " ".join(
                tokens) not in GENERIC_WORDS:
            joined = r"[\W_]{1,3}".join(re.escape(t) for t in tokens)
            patterns.append(rf"(?<![\w]){joined}(?![\w])")
    return patterns


def _alternation(patterns: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted(set(patterns), key=len, reverse=True)
    return re.compile("|".join(f"(?:{u})" for u in unique)) if unique else None


@lru_cache(maxsize=512)
def _rules(identity: Identity) -> _Rules:
    searches = list(_GENERAL)
    known: list[tuple[re.Pattern[str] | None, str]] = [
        (_alternation(p.date_of_birth_pattern(d) for d in identity.dates_of_birth),
         "date of birth"),
        (_alternation(p.email_pattern(fold(e).strip()) for e in identity.emails
                      if "@" in e), "email"),
        (_alternation(p.digits_pattern(v) for ph in identity.phones
                      for v in _phone_variants(ph)), "phone"),
        (_alternation(r"(?<![\w])" + r"[ \-.]{0,3}".join(re.escape(c) for c in key)
                      + r"(?![\w])" for pc in identity.postcodes
                      if len(key := fold(pc).replace(" ", "")) >= 4), "postcode"),
        (_alternation(pat for a in identity.addresses for pat in _address_patterns(a)),
         "address"),
    ]
    searches += [(pattern, kind, _whole) for pattern, kind in known if pattern is not None]
    shown = frozenset(_key(w) for name in identity.shown for w in _words(name))
    wanted: dict[str, str] = {}  # pattern -> kind; a surname wins over the same name
    for value in identity.names:
        for words in _name_variants(value, surname=False, shown=shown):
            wanted.setdefault(_name_pattern(words), "name")
    for value in identity.surnames:
        for words in _name_variants(value, surname=True, shown=shown):
            wanted[_name_pattern(words)] = "surname"
    ordered = sorted(wanted, key=len, reverse=True)  # "Smith-Jones" before "Smith"
    kinds = {f"g{i}": wanted[pat] for i, pat in enumerate(ordered)}
    names = (re.compile("|".join(f"(?P<g{i}>{pat})" for i, pat in enumerate(ordered)))
             if ordered else None)
    return _Rules(tuple(searches), names, kinds)


_ADDRESS_GAP = re.compile(r"[ ,]*")


def _resolve(folded: _Folded, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join overlapping finds (the first, longest one names the kind) and neighbouring address
    parts; return text spans."""
    merged: list[list[int | str]] = []
    for start, end, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if merged:
            last = merged[-1]
            last_end = int(last[1])
            touching = (kind == last[2] == "address" and start >= last_end
                        and _ADDRESS_GAP.fullmatch(folded.shadow, last_end, start))
            if start < last_end or touching:
                last[1] = max(last_end, end)
                continue
        merged.append([start, end, kind])
    return [(*folded.span(int(s), int(e)), str(k)) for s, e, k in merged]
