"""What may still identify someone in a masked narrative: hints for the coordinator's review.

Masking (:mod:`awards_app.core.masking`) removes what the program knows and what has a
recognisable shape. A person still reads the judges' copy; these flags point them at what a
rule cannot decide: capitalised words that may be names (a sibling, a foster carer, a
school), places after "in", "at", "from", "near" or "to", dates, and long numbers.

Not flagged, on purpose: the first word of a sentence (too often an ordinary word; the
preferred name judges see is usually there), a small list of common capitalised words
(I, months, weekdays, subjects and qualifications, Mr/Mrs, Year/Level/Grade…), words in
scripts without capitals, years 1990–2040 and sums of money or counts with thousands
separators ("£1,200", "1,200,000"), and the masks themselves ("[surname]").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from awards_app.core import mask_patterns as p
from awards_app.core.folding import Folded, fold
from awards_app.core.masking import MASKS, Identity


@dataclass(frozen=True)
class Flag:
    """A span of the (masked, NFC) text that may still identify someone."""

    start: int
    end: int
    kind: str  # "capitalised name", "place", "date", "number"
    reason: str  # plain words for the coordinator


COMMON_CAPITALISED = frozenset(
    """i i'm i've i'd i'll mr mrs ms miss mx dr sir mum dad nan gran grandad god ok okay tv
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    gcse gcses a-level a-levels as-level as-levels btec btecs nvq nvqs ucas hnd hnc degree
    level levels year years grade grades key stage english maths math mathematics science
    sciences biology chemistry physics history geography art arts music drama pe re ict
    computing business law psychology sociology french spanish german media dance health
    social care sport sports uk gb eu nhs cv dbs covid covid-19 lgbt lgbtq lgbtq+ pip esa
    camhs dwp ehcp send sen yot lac gp a&e ofsted hmrc
    christmas easter eid ramadan diwali hanukkah new black british asian african caribbean
    muslim christian jewish hindu sikh award awards nominee nominator judge judges the a an
    she he they her his their it we you our my this that these those when after before but
    and so then because while although if since""".split()
)
PLACE_WORDS = frozenset(("in", "at", "from", "near", "to", "into", "outside", "around",
                         "towards", "around", "across", "via", "within"))

_MASK = re.compile("|".join(re.escape(m) for m in MASKS.values()))
_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?")
_SENTENCE_END = frozenset(".!?:…\n•*")
_OPENERS = frozenset("\"'“‘«([{-–— \t")
_NUMBER = re.compile(r"(?<![\w.,])[0-9](?:[ \-.]?[0-9])+(?![\w]|[.,][0-9])")
_CURRENCY = frozenset("£$€¥₹")


def possible_identifiers(text: str, identity: Identity | None = None) -> list[Flag]:
    """What in ``text`` (already masked) a person should look at before judges read it,
    sorted by position; runs of capitalised words are one flag ("Sunny Hill Academy").

    With an ``identity``, a word spelled like one of its names with one letter wrong,
    missing, extra or swapped ("Smtih") is flagged too, whatever its case.
    """
    text = unicodedata.normalize("NFC", text)
    masked = [m.span() for m in _MASK.finditer(text)]
    folded = Folded(text)
    flags = _dates(folded) + _numbers(folded) + _words(text, identity)
    flags = [f for f in flags if not any(s < f.end and f.start < e for s, e in masked)]
    out: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (f.start, -f.end)):
        if out and flag.start < out[-1].end:
            continue
        out.append(flag)
    return out


def _dates(folded: Folded) -> list[Flag]:
    return [Flag(*folded.span(*m.span()), "date",
                 "a date — check it is not a birthday or another date that identifies someone")
            for m in p.ANY_DATE.finditer(folded.shadow)]


def _numbers(folded: Folded) -> list[Flag]:
    flags = []
    for m in _NUMBER.finditer(folded.shadow):
        digits = re.sub(r"[^0-9]", "", m.group())
        if len(digits) < 4 or (len(m.group()) == 4 and 1990 <= int(digits) <= 2040):
            continue
        start, end = folded.span(*m.span())
        if start > 0 and folded.text[start - 1] in _CURRENCY:
            continue
        flags.append(Flag(start, end, "number",
                          "a long number — it may be a phone, reference or account number"))
    return flags


def _sentence_start(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _previous_word(text: str, position: int) -> str:
    m = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, position - 30):position])
    return m.group(1).casefold() if m else ""


def _words(text: str, identity: Identity | None) -> list[Flag]:
    near = _near_miss_keys(identity)
    shown = frozenset(fold(w) for name in (identity.shown if identity else ())
                      for w in name.split())
    lengths = {len(n) + d for n in near for d in (-1, 0, 1)}
    flags: list[Flag] = []
    run: list[tuple[int, int, bool]] = []  # capitalised words in a row: start, end, place

    def close() -> None:
        if run:
            place = run[0][2]
            flags.append(Flag(
                run[0][0], run[-1][1], "place" if place else "capitalised name",
                f"a capitalised word after '{_previous_word(text, run[0][0])}' that may be a "
                "place" if place else "a capitalised word that may be a name"))
            run.clear()

    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if len(word) in lengths and _near_miss(fold(word), near):
            close()
            flags.append(Flag(start, end, "capitalised name",
                              "spelled almost like a name that is masked — perhaps a misspelling"))
            continue
        if not word[0].isupper() or (shown and fold(word) in shown):
            close()  # the name the pseudonym shows is no news to a judge
            continue
        key = word.casefold().replace("’", "'")
        capitalised = key not in COMMON_CAPITALISED and not (word.isupper() and len(word) <= 4)
        if not capitalised or _sentence_start(text, start):
            close()
            continue
        if run and text[run[-1][1]:start] in (" ", "-"):
            run.append((start, end, run[0][2]))
            continue
        close()
        run.append((start, end, _previous_word(text, start) in PLACE_WORDS))
    close()
    return flags


def _near_miss_keys(identity: Identity | None) -> frozenset[str]:
    if identity is None:
        return frozenset()
    words = [w for value in (*identity.surnames, *identity.names)
             for w in re.split(r"[\s'’\-]+", value) if w]
    return frozenset(k for w in words if len(k := fold(w)) >= 4)


def _near_miss(word: str, names: frozenset[str]) -> bool:
    return len(word) >= 4 and any(
        abs(len(word) - len(n)) <= 1 and (word[0] == n[0] or word[-1] == n[-1])
        and _one_edit(word, n) for n in names)


def _one_edit(word: str, name: str) -> bool:
    """One letter changed, added, removed, or two neighbours swapped — but not equal."""
    if word == name or abs(len(word) - len(name)) > 1:
        return False
    if len(word) == len(name):
        diffs = [i for i in range(len(word)) if word[i] != name[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and word[diffs[0]] == name[diffs[1]]
                                   and word[diffs[1]] == name[diffs[0]])
    short, long_ = (word, name) if len(word) < len(name) else (name, word)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]
