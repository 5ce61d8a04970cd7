"""The longest write-lock hold on a database, measured with SQLAlchemy events (for benchmarks).

``database.session()`` issues ``BEGIN IMMEDIATE`` on SQLite and ``SELECT
pg_advisory_xact_lock(WRITE_LOCK_KEY)`` on PostgreSQL (db/engine.py), so the write lock is
held from that statement until the transaction ends. :class:`WriteLockTimer` starts a clock
when that statement has returned (the lock is taken) and stops it when that
connection goes back to the pool, which is after its COMMIT or ROLLBACK has finished (the
connection events ``commit``/``rollback`` fire just *before* the statement, so they would
leave out the COMMIT's own fsync). Read sessions (SQLite's ``BEGIN DEFERRED``; on PostgreSQL
no advisory lock) take no write lock and are not counted.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event

from awards_app.db.engine import WRITE_LOCK_KEY, Database

#: the statements after which a writer holds the write lock, per backend
LOCK_STATEMENTS = ("BEGIN IMMEDIATE", f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


class WriteLockTimer:
    """Every write transaction's lock hold, in seconds, on one open database."""

    def __init__(self, database: Database) -> None:
        self.holds: list[float] = []
        self._started: dict[int, float] = {}
        self._database = database
        # The clock starts once the lock statement has returned, i.e. the lock is held (a "begin"
        # listener of ours would run before the engine's own, which issues that statement).
        event.listen(database.engine, "after_cursor_execute", self._on_execute)
        event.listen(database.engine.pool, "checkin", self._on_checkin)

    def _on_execute(self, connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(LOCK_STATEMENTS):
            self._started[id(connection.connection.dbapi_connection)] = time.perf_counter()

    def _on_checkin(self, dbapi_connection: Any, _record: Any) -> None:
        started = self._started.pop(id(dbapi_connection), None)
        if started is not None:
            self.holds.append(time.perf_counter() - started)

    @property
    def longest(self) -> float:
        return max(self.holds, default=0.0)

    def reset(self) -> None:
        self.holds.clear()
        self._started.clear()

    def close(self) -> None:
        event.remove(self._database.engine, "after_cursor_execute", self._on_execute)
        event.remove(self._database.engine.pool, "checkin", self._on_checkin)
