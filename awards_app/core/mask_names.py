"""Finding the names a nomination lists in a folded narrative (see :mod:`masking`).

Each listed name is masked whole and, for a person, word by word (not particles such as "van"
or a name judges may read); a team or school whole and by its distinctive beginning. Words
are matched whole, in any case, however they are spaced, hyphenated or apostrophised ("O'Brien",
"OBrien", "O Brien"), with Mc/Mac forms ("McDonald", "MacDonald", "Donald") and, in a text
that has them, look-alike capitals from other alphabets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from awards_app.core import mask_patterns as p
from awards_app.core.folding import Folded, fold, letters_pattern

#: Shortest name part that is masked: single letters are initials, not names.
MIN_NAME_LENGTH = 2


@dataclass(frozen=True)
class NameRules:
    """The compiled patterns for one nomination's names."""

    ascii: re.Pattern[str] | None  # for a folded text of ASCII only
    any: re.Pattern[str] | None  # also with look-alike capitals
    kinds: tuple[tuple[re.Pattern[str], str], ...]  # which kind a found name is, surnames first


def name_rules(names: tuple[str, ...], surnames: tuple[str, ...],
               shown: tuple[str, ...]) -> NameRules:
    """The patterns for these listed names and surnames; ``shown`` are never masked as a part."""
    shown_keys = frozenset(_key(w) for name in shown for w in _words(name))
    # folded words -> (the words as written, kind); a surname wins over the same name
    wanted: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
    for value in names:
        for words in _name_variants(value, surname=False, shown=shown_keys):
            wanted.setdefault(tuple(_key(w) for w in words), (tuple(words), "name"))
    for value in surnames:
        for words in _name_variants(value, surname=True, shown=shown_keys):
            wanted[tuple(_key(w) for w in words)] = (tuple(words), "surname")
    variants = dict(wanted.values())
    return NameRules(_names_pattern(variants, lookalikes=False),
                     _names_pattern(variants, lookalikes=True), _name_kinds(variants))


def search_names(folded: Folded, rules: NameRules) -> list[tuple[int, int, str]]:
    """Where the listed names are in the folded text: (start, end, kind) in folded positions."""
    pattern = rules.ascii if folded.shadow.isascii() else rules.any
    return [] if pattern is None else _search_names(folded, pattern, rules.kinds)


_NAME_SPLIT = re.compile("[\\s'’ʼ‘`´.\\-\u2010-\u2015\u2212]+")
_NAME_JOIN = r"[ '\-.]{0,3}"
_HANDLE_TAIL = re.compile(r"_?[0-9]+")
_MC = re.compile(r"(?:mc|mac)(?=\w{3})")


def _key(word: str) -> str:
    return fold(word).strip()


def _mc_stem(word: str) -> str:
    """"Donald" for "McDonald" or "MacDonald" (not for "Mackay": a Mac- needs a capital)."""
    prefix = _MC.match(_key(word))
    if prefix and (prefix.group() == "mc" or word[3:4].isupper()):
        return word[prefix.end():]
    return ""


def _token_patterns(word: str, *, lookalikes: bool) -> list[str]:
    """One word of a name; "McDonald" also as "Mc Donald", "MacDonald", "M'Donald"."""
    if stem := _mc_stem(word):
        letters = letters_pattern(_key(stem), lookalikes=lookalikes)
        return [f"{prefix}{_NAME_JOIN}{letters}" for prefix in ("mc", "mac", "m'")]
    return [letters_pattern(_key(word), lookalikes=lookalikes)]


def _name_patterns(words: list[str], *, lookalikes: bool) -> list[str]:
    """Alternatives for a name, each starting with a letter (the regex engine then skips
    quickly to the places a name can start)."""
    rest = "".join(_NAME_JOIN + "(?:" + "|".join(_token_patterns(w, lookalikes=lookalikes)) + ")"
                   for w in words[1:])
    patterns = [first + rest for first in _token_patterns(words[0], lookalikes=lookalikes)]
    key = _key(words[0])
    if len(words) == 1 and len(key) >= 4 and len(set(key)) >= 3:  # "S M I T H", "s.m.i.t.h"
        patterns.append("[ .]".join(letters_pattern(c, lookalikes=lookalikes) for c in key))
    return patterns


def _words(value: str) -> list[str]:
    return [w for w in _NAME_SPLIT.split(unicodedata.normalize("NFC", value).strip())
            if _key(w)]


def _is_part(word: str, shown: frozenset[str]) -> bool:
    key = _key(word)
    return len(key) >= MIN_NAME_LENGTH and key not in p.PARTICLES and key not in shown


def _name_variants(value: str, *, surname: bool, shown: frozenset[str]) -> list[list[str]]:
    """The word lists to mask for one listed name: the whole name and its parts."""
    words = _words(value)
    if not words or len(_key("".join(words))) < MIN_NAME_LENGTH:
        return []
    variants = [words]
    if len(words) > 1 and _key(words[0]) in p.TITLES:  # "Dr Sam Patel": Sam Patel's parts
        words = words[1:]
        variants.append(words)
    keys = [_key(w) for w in words]
    if not surname and all(k in p.GENERIC_WORDS or k in p.PARTICLES for k in keys):
        return []  # "Leaving Care Team" tells a judge nothing, and the phrase is everywhere
    if not surname and any(k in p.GENERIC_WORDS and k not in p.PARTICLES for k in keys):
        # a team or school: each beginning that ends in a distinctive word
        for end in range(1, len(words)):
            if keys[end - 1] not in p.GENERIC_WORDS and _is_part(words[end - 1], shown):
                variants.append(words[:end])
        return variants
    if len(words) > 1:
        variants += [[w] for w in words if _is_part(w, shown)]
        # "O'Neill" and "Neill-Baptiste" of "O'Neill-Baptiste": each run of its words
        variants += [words[i:j] for i in range(len(words)) for j in range(i + 2, len(words) + 1)
                     if j - i < len(words)
                     and not all(_key(w) in p.PARTICLES for w in words[i:j])]
    variants += [[stem] for w in words
                 if len(stem := _mc_stem(w)) >= 3 and _is_part(stem, shown)]  # "Donald"
    return variants


def _letter(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char).startswith("M")


def _capitalised(folded: Folded, start: int, end: int) -> bool:
    first, last = folded.span(start, end)
    return any(c.isupper() for c in folded.text[first:last])


def _search_names(folded: Folded, pattern: re.Pattern[str],
                  kinds: tuple[tuple[re.Pattern[str], str], ...]) -> list[tuple[int, int, str]]:
    """Listed names as whole words: not inside another word unless written as a capital after
    a small letter ("MrSmith"); a capitalised plural ("the Smiths") and digits or an
    underscore and digits after it ("smith2005", "smith_05") are masked with it. A name that
    is an everyday word ("Will", "Young") is masked only when written with a capital."""
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
        matched = match.group()
        if (all(w in p.EVERYDAY_WORD_NAMES for w in _NAME_SPLIT.split(matched) if w)
                and not _capitalised(folded, start, end)):
            continue  # "she will", "young people"
        if tail := _HANDLE_TAIL.match(shadow, end):
            end = tail.end()
        kind = next((k for rx, k in kinds if rx.fullmatch(matched)), "name")
        found.append((start, end, kind))
        pos = end
    return found


def _names_pattern(variants: dict[tuple[str, ...], str], *,
                   lookalikes: bool) -> re.Pattern[str] | None:
    patterns = [pat for words in variants
                for pat in _name_patterns(list(words), lookalikes=lookalikes)]
    return p.alternation(patterns)  # longer first: "Smith-Jones" before "Smith"


def _name_kinds(variants: dict[tuple[str, ...], str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    ordered = sorted(variants.items(), key=lambda item: item[1] != "surname")
    return tuple((re.compile("|".join(_name_patterns(list(words), lookalikes=True))), kind)
                 for words, kind in ordered)
