"""Copying every table of one Awards database into another, on SQLite or PostgreSQL, and
checking the copy: what ``awards move-to``, and backups and restores on a server, are built on.

The target's schema is made by Alembic (the program's own open), so this copies rows only,
never ``alembic_version``. Tables go in dependency order (the models' ``sorted_tables``), each
read through SQLAlchemy Core in primary-key order, a batch at a time (memory stays bounded
whatever the size), and written with its ids as they are; a column that refers to its own
table (a certificate's replacement) is filled in once every row is there. On PostgreSQL the
sequences then continue past the highest id copied.

The copy is then checked inside the same transaction, before anything is committed: per
table, the number of rows and a checksum made the same way on both sides from the values
SQLAlchemy returns, normalised so SQLite and PostgreSQL give the same digest. A difference
raises :class:`CopyCheckFailed` and the caller's transaction rolls back, so the target is
left as empty as it was. The seals of ``db/seals.py`` cover values and natural keys, which
are copied exactly, so they hold in the copy.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    bindparam,
    func,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from awards_app.core.errors import Cancelled, DatabaseError
from awards_app.db.models import Base

#: rows read and written per batch: bounded memory (a batch of nominations is a few MB)
BATCH_ROWS = 2_000

Progress = Callable[[int, int], None]


def one_moment(engine: Engine) -> Engine:
    """``engine`` for reading a whole database as it is at one moment: on a server a
    read-only REPEATABLE READ transaction (SQLite's read transactions are that already)."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(isolation_level="REPEATABLE READ",
                                    postgresql_readonly=True)


def tables() -> list[Table]:
    """Every table of this version's models, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


@dataclass(frozen=True)
class TableCheck:
    """One table's copy: the rows and checksum read from the source, and whether the
    target's count and checksum, made the same way, matched them."""

    name: str
    rows: int
    checksum: str
    matched: bool


@dataclass(frozen=True)
class CopyReport:
    tables: tuple[TableCheck, ...]
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def matched(self) -> bool:
        return all(t.matched for t in self.tables)


class CopyCheckFailed(DatabaseError):
    """The copy's rows or checksums differ from the source's (nothing was committed)."""

    def __init__(self, report: CopyReport) -> None:
        wrong = ", ".join(t.name for t in report.tables if not t.matched)
        super().__init__(f"The copy did not match the original (table(s) {wrong}), so it "
                         "was not kept; nothing was changed.")
        self.report = report


# --- the same digest on both backends ----------------------------------------------------------


def canonical(value: Any) -> str:
    """A value as SQLAlchemy returned it, as text that is the same whichever backend it
    came from: tagged by kind, so the text "1" and the number 1 never digest alike, and text
    written with repr, so no value's text can imitate the separator between values."""
    kind = type(value)
    if kind is str:
        return "s" + repr(value)
    if kind is int:
        return f"i{value:d}"
    if value is None:
        return "N"
    if kind is bool:
        return "b1" if value else "b0"
    if kind is float:
        return "f" + repr(value)
    if kind is datetime:
        return "T" + str(value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds"))
    if kind is date:
        return "D" + str(value.isoformat())
    return _canonical_other(value)


def _canonical_other(value: Any) -> str:
    """:func:`canonical` for the rarer kinds (and subclasses of the common ones)."""
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, int):
        return f"i{int(value):d}"
    if isinstance(value, (float, Decimal)):
        return "f" + repr(float(value))
    if isinstance(value, datetime):
        return "T" + value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return "D" + value.isoformat()
    if isinstance(value, time):
        return "t" + value.isoformat(timespec="microseconds")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "x" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, str):
        return "s" + repr(str(value))
    raise TypeError(f"cannot compare a {type(value).__name__}")


class _Digest:
    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.rows = 0

    def add(self, row: Any) -> None:
        line = "\x1f".join(map(canonical, row)) + "\n"
        self._hash.update(line.encode("utf-8", "surrogatepass"))
        self.rows += 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _ordered(conn: Connection, table: Table) -> Any:
    """``SELECT *`` in primary-key order; text keys in code-point order on both backends
    (PostgreSQL's "C" collation is SQLite's BINARY for UTF-8)."""
    keys: list[Any] = []
    for column in table.primary_key.columns:
        if conn.dialect.name == "postgresql" and isinstance(column.type, String):
            keys.append(column.collate("C"))
        else:
            keys.append(column)
    return select(table).order_by(*keys)


def _batches(conn: Connection, table: Table) -> Iterator[list[Any]]:
    # on the statement: Connection.execution_options would stream every later statement too
    result = conn.execute(_ordered(conn, table).execution_options(yield_per=BATCH_ROWS))
    for batch in result.partitions():
        yield list(batch)


def count_rows(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def checksum(conn: Connection, table: Table, *, step: Callable[[int], None] = lambda n: None
             ) -> tuple[int, str]:
    """The number of rows of ``table`` and their checksum, read through ``conn``."""
    digest = _Digest()
    for batch in _batches(conn, table):
        for row in batch:
            digest.add(row)
        step(len(batch))
    return digest.rows, digest.hexdigest()


# --- copying -----------------------------------------------------------------------------------


def _self_references(table: Table) -> list[Column[Any]]:
    return [fk.parent for fk in table.foreign_keys if fk.column.table is table]


def copy_database(source: Connection, target: Connection, *,
                  progress: Progress | None = None,
                  cancelled: Callable[[], bool] = lambda: False,
                  only: Sequence[Table] | None = None) -> CopyReport:
    """Copy every row of ``source`` into ``target`` (whose tables must be empty), reset the
    sequences, and check the copy. Both connections are inside the caller's transactions:
    the source's a read (one moment of it), the target's the write that commits the copy
    only if this returns. Raises ``Cancelled`` when asked to stop (checked every batch) and
    :class:`CopyCheckFailed` when the copy differs. ``only``: these tables (parents first)
    instead of this version's, for a database an older version made."""
    started = datetime.now()
    every = list(only) if only is not None else tables()
    counts = {t.name: count_rows(source, t) for t in every}
    total = 2 * sum(counts.values())  # every row copied, then read back to check
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        if cancelled():
            raise Cancelled("Stopped: nothing was copied.")
        done += rows
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    sources: dict[str, tuple[int, str]] = {}
    for table in every:
        sources[table.name] = _copy_table(source, target, table, step)
    reset_sequences(target)
    checks = []
    for table in every:
        rows, digest = sources[table.name]
        got = checksum(target, table, step=step)
        checks.append(TableCheck(table.name, rows, digest, got == (rows, digest)))
    report = CopyReport(tuple(checks), (datetime.now() - started).total_seconds())
    if not report.matched:
        raise CopyCheckFailed(report)
    return report


def _copy_table(source: Connection, target: Connection, table: Table,
                step: Callable[[int], None]) -> tuple[int, str]:
    """Copy one table batch by batch; return its source row count and checksum."""
    later = _self_references(table)
    pending: list[dict[str, Any]] = []  # self-references, set once every row is in
    key = list(table.primary_key.columns)
    digest = _Digest()
    for batch in _batches(source, table):
        values = []
        for row in batch:
            digest.add(row)
            record = dict(row._mapping)
            for column in later:
                if record[column.name] is not None:
                    pending.append({**{f"k_{c.name}": record[c.name] for c in key},
                                    "v": record[column.name], "column": column.name})
                    record[column.name] = None
            values.append(record)
        _insert(target, table, values)
        step(len(batch))
    for column in later:
        updates = [p for p in pending if p["column"] == column.name]
        if updates:
            where = [c == bindparam(f"k_{c.name}") for c in key]
            target.execute(table.update().where(*where).values({column.name: bindparam("v")}),
                           [{k: v for k, v in u.items() if k != "column"} for u in updates])
    return digest.rows, digest.hexdigest()


def _insert(target: Connection, table: Table, values: list[dict[str, Any]]) -> None:
    """Write a batch of rows: on PostgreSQL with COPY (:func:`copy_in`, each value as
    SQLAlchemy would bind it: an enum as its text), several times faster than one INSERT a
    row; on SQLite, in-process, with executemany."""
    if target.dialect.name != "postgresql":
        target.execute(table.insert(), values)
        return
    columns = list(table.columns)
    binders = [c.type.bind_processor(target.dialect) for c in columns]
    copy_in(target, table.name, [c.name for c in columns], (
        [value if bind is None or value is None else bind(value)
         for value, bind in zip((record[c.name] for c in columns), binders, strict=True)]
        for record in values))


def copy_in(target: Connection, table: str, names: Sequence[str],
            rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL's ``COPY table (names) FROM STDIN`` of ``rows`` already in the database's
    own form (bound as SQLAlchemy binds them), in the connection's transaction: for many
    rows, several times faster than INSERTs (a server's counterpart of SQLite's many-row
    INSERT). Ids come from the table's sequence in the rows' order.

    The statement is told to the engine's listeners as every other statement is, and a
    driver error comes out as SQLAlchemy's, with no row in it, so callers treat it as they
    treat a failed INSERT (busy, full, refused: plain words; a bug: logged without data)."""
    columns = ", ".join(f'"{name}"' for name in names)
    statement = f'COPY "{table}" ({columns}) FROM STDIN'
    driver_error = target.dialect.loaded_dbapi.Error
    cursor = target.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        target.dispatch.before_cursor_execute(target, cursor, statement, (), None, False)
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except driver_error as exc:
        raise DBAPIError.instance(statement, None, exc, driver_error, hide_parameters=True,
                                  dialect=target.dialect) from exc
    finally:
        cursor.close()


def reset_sequences(conn: Connection) -> None:
    """On PostgreSQL, let every table's id sequence continue past its highest id (rows
    copied with their ids leave the sequences where they were); SQLite needs nothing."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table.name, "c": key[0].name}).scalar()
        if sequence is None:
            continue
        conn.execute(text(
            f'SELECT setval(CAST(:s AS regclass), COALESCE((SELECT MAX("{key[0].name}") '
            f'FROM "{table.name}"), 0) + 1, false)'), {"s": sequence})


def refresh_statistics(engine: Engine) -> None:
    """On PostgreSQL, gather the planner's statistics of every table after a copy: until
    autovacuum gets to them, a database filled in one transaction has none, and the results
    queries would be planned as if the tables were empty. (A login that does not own the
    tables is skipped with a notice, not an error.) SQLite needs nothing."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in tables():
            conn.exec_driver_sql(f'ANALYZE "{table.name}"')


def clear_tables(conn: Connection) -> None:
    """Delete every row of every table of the models, children first (a restore's start,
    inside its write transaction)."""
    for table in reversed(tables()):
        conn.execute(table.delete())


def rows_held(conn: Connection) -> dict[str, int]:
    """The tables of the models that hold rows, with their counts."""
    return {t.name: n for t in tables() if (n := count_rows(conn, t))}
