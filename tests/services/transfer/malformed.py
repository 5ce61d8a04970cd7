"""Helpers for the malformed-file corpus (test_malformed_corpus.py): a valid exported event
JSON and a valid score CSV to damage, every table's rows to compare before and after, and
the checks every refusal must pass."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from awards_app.core.errors import AwardsError, ValidationError
from awards_app.db.models import Base

#: A mutation changes the document in place (the file is then written as JSON, NaN and
#: Infinity as those literals), or returns the file's bytes itself.
Mutation = Callable[[dict[str, Any]], bytes | None]
#: What a person must never see: the window's message for an unexpected error, a traceback,
#: an exception's class name, SQL.
GENERIC = re.compile(
    r"something went wrong|traceback|\b[A-Z][a-zA-Z]*(Error|Exception)\b|\bline \d+, in\b|"
    r"\bSELECT\b|\bINSERT\b|sqlalchemy|sqlite3|\[SQL", re.IGNORECASE)


def snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read straight from the SQLite file."""
    conn = sqlite3.connect(db_path)
    try:
        return {t.name: conn.execute(f"SELECT * FROM {t.name}").fetchall()
                for t in Base.metadata.sorted_tables}
    finally:
        conn.close()


def dumped(document: Any) -> bytes:
    """JSON as the exporter writes it (``allow_nan``: NaN and Infinity become literals)."""
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def raw(document: dict[str, Any], old: str, new: str) -> bytes:
    """The document's JSON with the first ``old`` replaced by ``new``."""
    text = dumped(document).decode("utf-8")
    assert old in text, f"test bug: {old!r} is not in the file"
    return text.replace(old, new, 1).encode("utf-8", "surrogatepass")


def write_mutated(base: dict[str, Any], mutation: Mutation, path: Path) -> Path:
    document = json.loads(json.dumps(base))
    data = mutation(document)
    path.write_bytes(dumped(document) if data is None else data)
    return path


def check_refusal(exc: AwardsError, where: str) -> str:
    """The refusal is a plain-words ValidationError naming ``where`` (a path in the file, a
    column, or "file"), with no generic, technical or unbounded text; returns its message."""
    assert isinstance(exc, ValidationError), f"{type(exc).__name__}: {exc}"
    message = str(exc)
    assert message.strip()
    assert not GENERIC.search(message), message
    assert len(message) < 20_000, f"message of {len(message):,} characters"
    fields = [e.field for e in exc.errors]
    assert any(f == where or f.startswith((f"{where}.", f"{where}[")) for f in fields), (
        f"expected a problem at {where!r}, got {fields}: {message}")
    assert all(e.message.strip() for e in exc.errors)
    return message


def csv_bytes(header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
