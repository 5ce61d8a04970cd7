"""Words and times as people read them; text from people kept in its place (``isolate``)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime


def local_time(value: datetime) -> datetime:
    """Times are stored in UTC; people read them in their own time zone."""
    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """'1 row', '2 rows', '1,204 rows'."""
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"


# --- text from people and files, shown among the program's own words --------------------
FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
#: bidi classes that can reorder text around them: right-to-left letters and digits, and the
#: explicit embeddings, overrides and isolates (LRE RLE LRO RLO PDF LRI RLI FSI PDI)
_REORDERING = frozenset(("R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI",
                         "FSI", "PDI"))


def needs_isolation(text: str) -> bool:
    """Whether ``text`` holds anything that could reorder the text around it."""
    return not text.isascii() and any(
        unicodedata.bidirectional(ch) in _REORDERING for ch in text)


def isolate(text: str) -> str:
    """``text`` (a name, a file's words) wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
    ISOLATE when it holds right-to-left letters or bidi controls, so it takes its own
    direction and cannot reorder what follows it in a label, a title or a table row (a
    right-to-left override in a surname reversed the rest of its row). A stray POP DIRECTIONAL
    ISOLATE inside is dropped and unclosed isolates are closed, so the wrapper's own pair
    always matches. Left-to-right text comes back unchanged."""
    if not needs_isolation(text):
        return text
    kept: list[str] = []
    depth = 0
    for ch in text:
        if ch in _ISOLATE_OPENERS:
            depth += 1
        elif ch == PDI:
            if depth == 0:
                continue  # would close the wrapper early
            depth -= 1
        kept.append(ch)
    return f"{FSI}{''.join(kept)}{PDI * depth}{PDI}"
