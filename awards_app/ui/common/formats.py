"""Words and times as people read them; text from people kept in its place (``isolate``)."""

from __future__ import annotations

from datetime import UTC, datetime

from awards_app.core.text import FSI, PDI, isolate, needs_isolation  # re-exported: the rule lives in core


def local_time(value: datetime) -> datetime:
    """Times are stored in UTC; people read them in their own time zone."""
    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """'1 row', '2 rows', '1,204 rows'."""
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"


__all__ = ["FSI", "PDI", "isolate", "local_time", "needs_isolation", "plural"]
