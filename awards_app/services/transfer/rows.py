"""Writing many rows in one short write: rows converted to the database's own form while
preparing, outside any transaction (:func:`database_rows`), and written by the driver alone
inside the write lock (:func:`write_rows`); small tables go through :func:`insert_rows`.

References a plan cannot know until it writes (the ids of rows it creates, numbers it
allocates) are stored as *places* and resolved at write time by a :class:`Places`; columns
whose value is only known at write time (``created_at``) are *late* columns, given then."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any, Protocol

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from awards_app.db.dialect import on_server
from awards_app.db.copying import copy_in
from awards_app.db.models import Base

#: Core tables: bulk inserts through them skip the ORM's per-row bookkeeping
TABLES = Base.metadata.tables


class Places(Protocol):
    """Resolves the references a plan holds as places: for a column holding them, the
    sequence place → stored value; None for any other column."""

    def places(self, column: str) -> Sequence[Any] | None: ...


@dataclass(frozen=True)
class ColumnPlaces:
    """:class:`Places` from a plain mapping of column → (place → value)."""

    by_column: Mapping[str, Sequence[Any]]

    def places(self, column: str) -> Sequence[Any] | None:
        return self.by_column.get(column)


@dataclass(frozen=True)
class TableRows:
    """Rows for one table already in the database's own form: converted by SQLAlchemy's
    column types, and the INSERT compiled, while preparing — so that writing them, inside
    the write lock, is the driver's work only (for 10,000 nominations that halves it).
    References to the plan's records are places until :func:`write_rows` resolves them."""

    table: str
    dialect: str
    sql: str  # one row's INSERT
    names: tuple[str, ...]  # its parameters, in order
    positional: bool
    values: tuple[tuple[Any, ...], ...]
    # Many rows' INSERT (``per_statement`` rows in one VALUES list) where the database takes
    # it: SQLite sets up a table's CHECK constraints once per statement, which for one row at
    # a time is most of the cost of writing it.
    batch_sql: str = ""
    per_statement: int = 1
    #: columns whose value is given when writing (:func:`write_rows`'s ``late``)
    late: tuple[str, ...] = ()

    def part(self, start: int, stop: int) -> TableRows:
        return replace(self, values=self.values[start:stop])


def database_rows(dialect: Dialect, table: str, rows: Sequence[Mapping[str, Any]], *,
                  late: Sequence[str] = ()) -> TableRows:
    """``rows`` (all with the same columns) of ``table`` as :class:`TableRows` for
    ``dialect``; a column left out gets its scalar default, as an INSERT would give it, and
    the ``late`` columns (not in the rows) get the value :func:`write_rows` is given."""
    if not rows:
        return TableRows(table=table, dialect=dialect.name, sql="", names=(),
                         positional=True, values=(), late=tuple(late))
    target = TABLES[table]
    given = list(rows[0])
    compiled = insert(target).compile(dialect=dialect, column_keys=[*given, *late])
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.params)
    # Per parameter: the row's value (or the column's default), and the type's conversion.
    steps: list[tuple[str, bool, Any, Callable[[Any], Any] | None]] = []
    for name in names:
        column = target.c[name]
        default = None
        if name in late:
            steps.append((name, False, None, None))  # filled in when written
            continue
        if name not in given:
            if column.default is None or not column.default.is_scalar:
                raise ValueError(f"{table}.{name} needs a value")
            default = getattr(column.default, "arg", None)
        steps.append((name, name in given, default,
                      column.type.dialect_impl(dialect).bind_processor(dialect)))

    def converted(row: Mapping[str, Any]) -> tuple[Any, ...]:
        cells = []
        for name, in_row, default, convert in steps:
            value = row[name] if in_row else default
            cells.append(value if convert is None or value is None else convert(value))
        return tuple(cells)

    values = tuple(converted(row) for row in rows)
    sql = str(compiled)
    head, _values, one = sql.rpartition(" VALUES ")
    per_statement, batch_sql = 1, ""
    if (dialect.supports_multivalues_insert and compiled.positional
            and one == f"({', '.join(['?'] * len(names))})"):
        # As many rows as SQLAlchemy's own many-row INSERTs put in one statement.
        per_statement = max(1, min(dialect.insertmanyvalues_page_size,
                                   dialect.insertmanyvalues_max_parameters // len(names)))
        batch_sql = f"{head} VALUES {', '.join([one] * per_statement)}"
    return TableRows(table=table, dialect=dialect.name, sql=sql, names=names,
                     positional=bool(compiled.positional), values=values,
                     batch_sql=batch_sql, per_statement=per_statement, late=tuple(late))


def write_rows(session: Session, rows: TableRows, ids: Places | None = None, *,
               only: Sequence[int] | None = None, read_ids: bool = False,
               late: Mapping[str, Any] | None = None) -> list[int]:
    """Insert ``rows`` (``only`` those at these places), their references resolved with
    ``ids`` and their late columns given by ``late``, by the driver alone; with
    ``read_ids``, their new ids in order (see :func:`insert_rows`). For the database the
    rows were prepared for."""
    values: Sequence[tuple[Any, ...]] = (
        rows.values if only is None else [rows.values[i] for i in only])
    if not values:
        return []
    bind = session.get_bind()
    if bind.dialect.name != rows.dialect:
        raise ValueError(f"rows prepared for {rows.dialect}, stored in {bind.dialect.name}")
    target = TABLES[rows.table]
    references = [] if ids is None else [
        (i, places) for i, name in enumerate(rows.names)
        if (places := ids.places(name)) is not None]
    fixed = []
    for name in rows.late:
        if late is None or name not in late:
            raise ValueError(f"{rows.table}.{name} is given when writing")
        convert = target.c[name].type.dialect_impl(bind.dialect).bind_processor(bind.dialect)
        value = late[name]
        fixed.append((rows.names.index(name),
                      value if convert is None or value is None else convert(value)))
    if references or fixed:
        resolved = []
        for row in values:
            cells = list(row)
            for i, places in references:
                if cells[i] is not None:
                    cells[i] = places[cells[i]]
            for i, value in fixed:
                cells[i] = value
            resolved.append(tuple(cells))
        values = resolved
    last = (session.scalar(select(func.max(target.c.id))) or 0) if read_ids else 0
    connection = session.connection()
    if on_server(connection):  # a server takes many rows fastest by COPY
        copy_in(connection, rows.table, rows.names, values)
        return _read_ids(session, rows.table, last, len(values)) if read_ids else []
    per = rows.per_statement
    many = len(values) - len(values) % per if per > 1 else 0
    if many:
        connection.exec_driver_sql(rows.batch_sql, [
            tuple(chain.from_iterable(values[start:start + per]))
            for start in range(0, many, per)])
    if many < len(values):
        rest = values[many:]
        params: Any = (list(rest) if rows.positional
                       else [dict(zip(rows.names, row, strict=True)) for row in rest])
        connection.exec_driver_sql(rows.sql, params)
    return _read_ids(session, rows.table, last, len(values)) if read_ids else []


def _read_ids(session: Session, table: str, last: int, inserted: int) -> list[int]:
    """The ids of the rows just inserted, in order: every id above ``last`` (the highest
    before), since the write lock keeps other writers out."""
    target = TABLES[table]
    found = list(session.scalars(select(target.c.id).where(target.c.id > last)
                                 .order_by(target.c.id)))
    if len(found) != inserted:
        raise RuntimeError(f"{table}: {inserted} rows inserted, {len(found)} read back")
    return found


def insert_rows(session: Session, table: str, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert ``rows`` (all with the same columns) into ``table`` in one statement and return
    their new ids, in order. Only inside the write transaction, which holds SQLite's write
    lock: every id above the highest one before is then one of these rows, given in order."""
    if not rows:
        return []
    target = TABLES[table]
    last = session.scalar(select(func.max(target.c.id))) or 0
    session.execute(insert(target), list(rows))
    ids = list(session.scalars(select(target.c.id).where(target.c.id > last)
                               .order_by(target.c.id)))
    if len(ids) != len(rows):
        raise RuntimeError(f"{table}: {len(rows)} rows inserted, {len(ids)} read back")
    return ids
