"""Comparing a SQLite file's structure with what this version of the program expects: its
tables, their columns (name, NOT NULL, primary key), foreign keys and indexes, read from the
models. A file that has our table names but not our structure (a look-alike, a hand-edited
copy, another program's file) is refused with the differences named, before anything
writes to it."""

from __future__ import annotations

import sqlite3

from sqlalchemy import Index, Table

from awards_app.db.models import Base

#: tables the program keeps that the models do not describe
INTERNAL_TABLES = {"alembic_version", "sqlite_sequence", "sqlite_stat1"}
MAX_DIFFERENCES = 20


def schema_differences(conn: sqlite3.Connection) -> list[str]:
    """What differs between the database behind ``conn`` (at this version's migration head)
    and the models, in plain words; an empty list means they match."""
    found: list[str] = []
    tables = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    expected = Base.metadata.tables
    for name in sorted(set(expected) - tables):
        found.append(f"table {name} is missing")
    for name in sorted(tables - set(expected) - INTERNAL_TABLES):
        found.append(f"table {name} is not one of this program's")
    for name in sorted(set(expected) & tables):
        found.extend(_table_differences(conn, expected[name]))
    return found[:MAX_DIFFERENCES] + (
        [f"… and {len(found) - MAX_DIFFERENCES} more"] if len(found) > MAX_DIFFERENCES else [])


def _table_differences(conn: sqlite3.Connection, table: Table) -> list[str]:
    found: list[str] = []
    name = table.name
    # table_info: (cid, name, type, notnull, default, pk)
    columns = {row[1]: row for row in conn.execute(f'PRAGMA table_info("{name}")')}
    for column in table.columns:
        row = columns.get(column.name)
        if row is None:
            found.append(f"{name}.{column.name} is missing")
            continue
        if bool(row[5]) != column.primary_key:
            found.append(f"{name}.{column.name} should {'' if column.primary_key else 'not '}"
                         "be the primary key")
        elif not column.primary_key and bool(row[3]) == column.nullable:
            found.append(f"{name}.{column.name} should "
                         f"{'allow' if column.nullable else 'not allow'} empty (NULL) values")
    for extra in sorted(set(columns) - {c.name for c in table.columns}):
        found.append(f"{name}.{extra} is not one of this program's columns")
    # foreign_key_list: (id, seq, table, from, to, …)
    keys = {(row[3], row[2]) for row in conn.execute(f'PRAGMA foreign_key_list("{name}")')}
    wanted = {(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys}
    for source, target in sorted(wanted - keys):
        found.append(f"{name}.{source} should refer to {target}")
    for source, target in sorted(keys - wanted):
        found.append(f"{name}.{source} refers to {target}, which this program does not expect")
    indexes = {row[1] for row in conn.execute(f'PRAGMA index_list("{name}")')
               if not str(row[1]).startswith("sqlite_autoindex")}
    named = {index.name for index in table.indexes if isinstance(index, Index) and index.name}
    for index in sorted(named - indexes):
        found.append(f"index {index} on {name} is missing")
    return found
