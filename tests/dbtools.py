"""Reading a test database straight, past the program (no listeners, no checks), on SQLite
or PostgreSQL alike: what a test compares before and after an operation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite3

from sqlalchemy import Connection, create_engine, make_url, text
from sqlalchemy.pool import NullPool

from awards_app.db.engine import resolve_url
from awards_app.db.models import Base


@contextmanager
def connect(where: str | Path) -> Iterator[Connection]:
    """A plain connection to the database at ``where`` (a file path or a database URL)."""
    engine = create_engine(resolve_url(where), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def snapshot(where: str | Path, tables: Iterable[str] | None = None
             ) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of ``tables`` (every table of the models by default), in primary-key order."""
    names = list(tables) if tables is not None else [t.name for t in Base.metadata.sorted_tables]
    with connect(where) as conn:
        out = {}
        for name in names:
            keys = ", ".join(c.name for c in Base.metadata.tables[name].primary_key.columns)
            out[name] = [tuple(r) for r in conn.execute(
                text(f'SELECT * FROM "{name}" ORDER BY {keys}'))]
        return out


def _as_sqlite_gives(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def rows(where: str | Path, sql: str, **params: Any) -> list[dict[str, Any]]:
    """The rows a query returns, as dicts; dates and times as the text SQLite stores them,
    so one expectation serves both backends."""
    with connect(where) as conn:
        return [{k: _as_sqlite_gives(v) for k, v in r._mapping.items()}
                for r in conn.execute(text(sql), params)]


def tuples(where: str | Path, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows a query returns, as tuples (dates and times as in :func:`rows`)."""
    with connect(where) as conn:
        return [tuple(_as_sqlite_gives(v) for v in r) for r in conn.execute(text(sql), params)]


def execute(where: str | Path, sql: str, **params: Any) -> None:
    """Change the database behind the program's back (a hand edit, another tool)."""
    engine = create_engine(resolve_url(where), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


@contextmanager
def write_lock_held(where: str | Path) -> Iterator[None]:
    """Another program holds the write lock (a writing transaction in progress) meanwhile."""
    from awards_app.db.engine import open_database

    other = open_database(where)
    try:
        with other.session() as session:
            session.connection()  # the write lock is taken at the start of the transaction
            yield
            session.rollback()
    finally:
        other.close()


class LockHolder:
    """Another task (an import, another window) in the middle of writing: it holds the
    program's write lock until :meth:`commit`, :meth:`rollback` or :meth:`close`."""

    def __init__(self, where: str | Path) -> None:
        from awards_app.db import engine as engine_module

        url = make_url(resolve_url(where))
        if url.get_backend_name() == "sqlite":
            self.conn: Any = sqlite3.connect(url.database or "", isolation_level=None,
                                             check_same_thread=False)
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            self.conn = psycopg.connect(url.set(drivername="postgresql").render_as_string(
                hide_password=False))
            self.conn.execute(f"SELECT pg_advisory_xact_lock({engine_module.WRITE_LOCK_KEY})")

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


def count(where: str | Path, table: str) -> int:
    with connect(where) as conn:
        return int(conn.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one())
