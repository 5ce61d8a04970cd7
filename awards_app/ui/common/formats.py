"""Words and times as people read them."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time(value: datetime) -> datetime:
    """Times are stored in UTC; people read them in their own time zone."""
    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """'1 row', '2 rows', '1,204 rows'."""
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"
