"""Where a SQLite file and a shared PostgreSQL database differ in what the services need,
small named helpers decide, so that the services never read a database's name themselves
(CONTRIBUTING.md: "one code path")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Text, cast, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session


def on_server(bind: Connection | Session) -> bool:
    """Is ``bind`` on a shared PostgreSQL database (rather than a SQLite file)? For what
    only a server has (logins) or does fastest its own way (COPY for many rows)."""
    connection = bind.connection() if isinstance(bind, Session) else bind
    return connection.dialect.name == "postgresql"


def listed_rows(session: Session, columns: Sequence[Any], *, where: Sequence[Any],
                order_by: Sequence[Any]) -> list[str]:
    """The rows ``where`` selects (``columns`` of each; the first is their key), as text the
    database makes itself, so that no row is fetched: on one database, equal texts mean
    equal rows (the layout differs between the two, so compare texts made on one).

    SQLite: one comma-separated list per column, in ``order_by``'s order (``group_concat``
    keeps the order of the subquery it reads, which can scan a covering index). PostgreSQL:
    one list of rows, each its columns joined by ':' (a null as ``\\N``), in key order (its
    ordered aggregate sorts, and sorting by one number is cheapest: 50 ms for 50,000 rows
    where five lists in ``order_by``'s order took 500 ms)."""
    if not on_server(session):
        inner = select(*columns).where(*where).order_by(*order_by).subquery()
        row = session.execute(select(*(func.group_concat(c, ",") for c in inner.c))).one()
        return [value or "" for value in row]
    each = func.concat_ws(":", *(func.coalesce(cast(c, Text), "\\N") for c in columns))
    listed = session.scalar(select(func.string_agg(
        each, aggregate_order_by(literal(","), columns[0]))).where(*where))
    return [listed or ""]
