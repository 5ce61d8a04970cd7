"""Where a SQLite file and a shared PostgreSQL database differ in what the services need,
small named helpers decide, so that the services never read a database's name themselves
(CONTRIBUTING.md: "one code path")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, String, Text, cast, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session


def on_server(bind: Connection | Session) -> bool:
    """Is ``bind`` on a shared PostgreSQL database (rather than a SQLite file)? For what
    only a server has (logins) or does fastest its own way (COPY for many rows)."""
    connection = bind.connection() if isinstance(bind, Session) else bind
    return connection.dialect.name == "postgresql"


def listed_rows(session: Session, columns: Sequence[Any], *, where: Sequence[Any],
                order_by: Sequence[Any]) -> list[str]:
    """For each of ``columns``, its values in the rows ``where`` selects, as one text joined
    by commas in the order ``order_by`` gives (text in code-point order), made by the
    database itself so that no row is fetched. Equal lists mean equal rows, and both
    databases give the same text for the same rows (so a digest of it survives a move).

    SQLite's ``group_concat`` keeps the order of the subquery it reads (which can scan a
    covering index). PostgreSQL sorts once, numbering the rows in a window, and each list
    follows the numbers (input already in order: 0.14 s for 50,000 rows, where five lists
    each sorting for itself took 0.5 s and fetching the rows 0.3 s)."""
    if not on_server(session):
        inner = select(*columns).where(*where).order_by(*order_by).subquery()
        row = session.execute(select(*(func.group_concat(c, ",") for c in inner.c))).one()
        return [value or "" for value in row]
    order = [cast(c, Text).collate("C") if isinstance(c.type, String) else c
             for c in order_by]
    numbered = select(*columns, func.row_number().over(order_by=order).label("at")).where(
        *where).subquery()
    *values, at = numbered.c
    row = session.execute(select(*(
        func.string_agg(cast(c, Text), aggregate_order_by(literal(","), at))
        for c in values))).one()
    return [value or "" for value in row]
