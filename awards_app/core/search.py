"""Search that finds what people type: case, accents and other diacritics, ligatures and
invisible characters ignored, everywhere the program searches (every list's search box and
the command line's name look-ups).

One folding for all of it: :func:`awards_app.core.folding.fold` (the masking engine's, so
"zoe" finds "Zoë", "lukasz" "Łukasz", "soren" "Søren", "aesa" "Æsa", "strasse" "Straße",
"fiona" "ﬁona", full-width letters their plain ones, and Arabic, Cyrillic or Greek text
itself), with apostrophes and hyphens left out as well, so "obrien" finds "O'Brien" and
"N0042" finds "N-0042".

Speed comes from folding each row once, when the rows are set (:func:`search_keys`), and
the query once per keystroke (:func:`search_words`); each row is then one plain substring
test per word (``benchmarks/search_bench.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from awards_app.core.folding import fold
from awards_app.core.text import name_key

T = TypeVar("T")

#: left out of search keys: "O'Brien" is found as "obrien", "N-0042" as "n0042"
_JOINERS = ("'", "-")


def _plain(text: str) -> bool:
    """Whether ``fold(text)`` is simply ``text.lower()`` (printable ASCII without a backtick,
    which folds to an apostrophe): most rows, folded ten times faster this way."""
    return text.isascii() and text.isprintable() and "`" not in text


def _drop_joiners(folded: str) -> str:
    for joiner in _JOINERS:
        if joiner in folded:
            folded = folded.replace(joiner, "")
    return folded


def search_key(text: str) -> str:
    """The folded copy of ``text`` that searches look in (for comparing, never showing)."""
    return _drop_joiners(text.lower() if _plain(text) else fold(text))


def search_keys(texts: Iterable[str]) -> list[str]:
    """:func:`search_key` of many texts, e.g. every row of a list: the words of texts with
    accents are folded once each (names repeat), so 50,000 rows take a few tenths of a
    second. Spacing may differ from :func:`search_key`'s; what is found does not."""
    cache: dict[str, str] = {}
    cached = cache.get

    def word_key(word: str) -> str:
        key = cache[word] = search_key(word)
        return key

    return [
        _drop_joiners(text.lower()) if _plain(text)
        else " ".join([cached(w) or word_key(w) for w in text.split()])
        for text in texts
    ]


def search_words(query: str) -> list[str]:
    """The folded words of what someone typed in a search box; a row matches when its key
    holds every one of them (in any order)."""
    return search_key(query).split()


def matches(key: str, words: Sequence[str]) -> bool:
    """Whether a row's :func:`search_key` holds every word of :func:`search_words`."""
    return all(word in key for word in words)


def loose_name_key(name: str) -> str:
    """A name compared ignoring case, accents, ligatures, apostrophes, hyphens and spacing:
    "zoe obrien" and "Zoë O’Brien" have the same loose key."""
    return " ".join(search_words(name))


def named(candidates: Iterable[T], typed: str, name: Callable[[T], str]) -> list[T]:
    """The candidates whose name is ``typed``: those matching it exactly (as
    :func:`awards_app.core.text.name_key` compares: case, spacing, composition, look-alike
    letters), else those matching it when accents and the rest are ignored too (so
    "Lukasz Nowak" finds the judge "Łukasz Nowak"). More than one: the caller asks which."""
    listed = list(candidates)
    key = name_key(typed)
    exact = [c for c in listed if name_key(name(c)) == key]
    if exact:
        return exact
    loose = loose_name_key(typed)
    return [c for c in listed if loose and loose_name_key(name(c)) == loose]
