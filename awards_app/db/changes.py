"""Seeing changes other programs commit, so every open window shows the same event.

Every engine made by ``engine.create_db_engine`` announces its commits (``announce_commits``):

* On PostgreSQL each transaction that wrote something sends ``NOTIFY awards_changes`` with
  the engine's own token just before it commits, from SQLAlchemy's ``commit`` event on the
  engine. Every write the program makes (sessions, imports written by the driver inside a
  session, migrations, moves, restores) commits through SQLAlchemy, so none goes unsaid; a
  transaction that only read (no transaction id assigned) says nothing, and a rolled-back one
  is never delivered. PostgreSQL folds identical notifications of one transaction into one.
* On SQLite the file's ``PRAGMA data_version`` changes for a connection whenever another
  connection commits; the engine's commits are bracketed (read just before and just after
  each commit), so a window can tell its own commits from everyone else's.

``open_watcher`` gives a :class:`ChangeWatcher` for an open database: ``poll()`` never waits
(no lock, no network wait) and says whether others (or this engine) committed since the last
poll. The window polls it on a timer and, on PostgreSQL, when the listening connection's
socket has something to read. No Qt here: the window decides what to do with it.
"""

from __future__ import annotations

import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, event

from awards_app.db import encryption

#: the one channel every committed write is announced on (PostgreSQL)
CHANNEL = "awards_changes"
#: how long the PostgreSQL listener waits before connecting again after losing its
#: connection, doubling each failure up to the longest
RETRY_FIRST_S = 0.5
RETRY_LONGEST_S = 30.0

# A transaction that wrote nothing has no transaction id: it says nothing.
_NOTIFY_SQL = ("SELECT pg_notify(%s, %s) WHERE pg_current_xact_id_if_assigned() IS NOT NULL")


@dataclass(frozen=True)
class Seen:
    """What a poll saw: commits by other connections (other windows, PCs, commands), and
    commits by this program's own engine (which the window already refreshed for)."""

    others: bool = False
    own: bool = False


NOTHING = Seen()


class ChangeWatcher(Protocol):
    def poll(self) -> Seen:
        """What was committed since the last poll; never blocks."""

    def socket(self) -> int | None:
        """A socket that becomes readable when a change is announced (PostgreSQL), for the
        window to watch; None when there is none (SQLite, or not connected just now)."""

    def close(self) -> None:
        """Stop watching: the connection is closed; nothing is left running."""


# --- announcing --------------------------------------------------------------------------

_tokens: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()
_brackets: weakref.WeakKeyDictionary[Engine, _CommitBrackets] = weakref.WeakKeyDictionary()


def announce_commits(engine: Engine) -> None:
    """Make ``engine``'s commits visible to watchers (see the module's docstring)."""
    if engine.dialect.name == "postgresql":
        token = uuid.uuid4().hex
        _tokens[engine] = token

        def notify(connection: Any) -> None:
            # The DBAPI cursor directly: this runs inside SQLAlchemy's own commit
            cursor = connection.connection.dbapi_connection.cursor()
            try:
                cursor.execute(_NOTIFY_SQL, (CHANNEL, token))
            finally:
                cursor.close()

        event.listen(engine, "commit", notify)
    elif engine.dialect.name == "sqlite":
        brackets = _CommitBrackets()
        _brackets[engine] = brackets
        dialect = engine.dialect  # one per engine: wrapping it touches no other engine
        plain_commit = dialect.do_commit

        def do_commit(dbapi_connection: Any) -> None:
            brackets.before()
            try:
                plain_commit(dbapi_connection)
            finally:
                brackets.after()

        dialect.do_commit = do_commit  # type: ignore[method-assign]


def writer_token(engine: Engine) -> str:
    """The token ``engine``'s notifications carry on PostgreSQL ("" for other backends)."""
    return _tokens.get(engine, "")


class _CommitBrackets:
    """Tells the SQLite watchers of one engine when it commits (before and after)."""

    def __init__(self) -> None:
        self.watchers: weakref.WeakSet[SqliteWatcher] = weakref.WeakSet()

    def before(self) -> None:
        for watcher in list(self.watchers):
            watcher.before_own_commit()

    def after(self) -> None:
        for watcher in list(self.watchers):
            watcher.after_own_commit()


# --- watching ----------------------------------------------------------------------------


def open_watcher(engine: Engine, path: Path | None) -> ChangeWatcher | None:
    """A watcher for the database ``engine`` opened (``path``: its SQLite file), or None for
    a database nothing else can change (in memory)."""
    if engine.dialect.name == "postgresql":
        return PostgresWatcher(engine)
    if path is None:
        return None
    return SqliteWatcher(path, _brackets.get(engine))


class SqliteWatcher:
    """``PRAGMA data_version`` on one long-lived connection that never writes and never
    waits: its busy timeout is 0, and a busy answer means "look again next time".

    Own commits: the engine's commits hold SQLite's write lock until they commit, so a
    version read just before a commit that differs from the last one seen means others
    committed before it; the version read just after it is the commit's own. (A commit by
    someone else in the instant between the commit and that read would be counted as our own;
    the window refreshes after its own saves anyway, and reads after that instant.)"""

    def __init__(self, path: Path, brackets: _CommitBrackets | None) -> None:
        self._conn = encryption.connect(path, timeout=0, isolation_level=None,
                                        check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout=0")
        self._lock = threading.Lock()
        self._others = self._own = False
        self._closed = False
        self._version = self._read()
        self._brackets = brackets
        if brackets is not None:
            brackets.watchers.add(self)

    def _read(self) -> int | None:
        try:
            row = self._conn.execute("PRAGMA data_version").fetchone()
        except encryption.errors("Error"):  # busy, or the file went: look again next time
            return None
        return None if row is None else int(row[0])

    def before_own_commit(self) -> None:
        with self._lock:
            if self._closed:
                return
            version = self._read()
            if version is None or version != self._version:
                self._others = True  # someone else committed before us (or we cannot tell)
                if version is not None:
                    self._version = version

    def after_own_commit(self) -> None:
        with self._lock:
            if self._closed:
                return
            version = self._read()
            if version is not None and version != self._version:
                self._own = True
                self._version = version

    def poll(self) -> Seen:
        with self._lock:
            if self._closed:
                return NOTHING
            version = self._read()
            if version is not None and version != self._version:
                if self._version is not None:
                    self._others = True
                self._version = version
            seen = Seen(others=self._others, own=self._own)
            self._others = self._own = False
            return seen

    def socket(self) -> int | None:
        return None

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._conn.close()
        if self._brackets is not None:
            self._brackets.watchers.discard(self)


class PostgresWatcher:
    """A dedicated connection, in autocommit, that LISTENs on ``CHANNEL``. ``poll`` reads
    what has already arrived on its socket without waiting (libpq's consume_input and
    notifies) and never connects. When the server drops the connection, ``reconnect_due``
    says when to try again (after RETRY_FIRST_S, then longer waits) and ``reconnect``, which
    waits for the network, is run off the UI thread; the first poll after that says others
    may have changed something meanwhile (what was announced while nobody listened is
    gone)."""

    def __init__(self, engine: Engine, *, connect: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._token = writer_token(engine)
        self._clock = clock
        self._lock = threading.Lock()  # the connection is set by reconnect's thread
        self._conn: Any = None
        self._delay = RETRY_FIRST_S
        self._retry_at = 0.0
        self._closed = False
        self._connecting = False
        self._missed = False
        if connect:
            self.reconnect()
            self._missed = False  # the first connection missed nothing

    @property
    def connected(self) -> bool:
        return self._conn is not None

    def reconnect_due(self) -> bool:
        """Not listening, and the wait after the last failure is over."""
        return (self._conn is None and not self._closed and not self._connecting
                and self._clock() >= self._retry_at)

    def reconnect(self) -> bool:
        """Open the listening connection (this waits for the server: off the UI thread)."""
        with self._lock:
            if self._closed or self._conn is not None or self._connecting:
                return self._conn is not None
            self._connecting = True
        conn: Any = None
        try:
            # The engine's own way of connecting (its login and password), taken out of the
            # pool: this connection is ours alone and closes with the watcher.
            raw = self._engine.raw_connection()
            conn = raw.driver_connection
            raw.detach()
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception:  # the server is away (any driver error): try again later, quietly
            _close_quietly(conn)
            conn = None
        with self._lock:
            self._connecting = False
            if conn is None or self._closed:
                _close_quietly(conn)
                self._retry_at = self._clock() + self._delay
                self._delay = min(self._delay * 2, RETRY_LONGEST_S)
                return False
            self._conn = conn
            self._missed = True  # what was announced while nobody listened is gone
            self._delay = RETRY_FIRST_S
            return True

    def _drop(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
            self._retry_at = self._clock() + self._delay
            self._delay = min(self._delay * 2, RETRY_LONGEST_S)
        _close_quietly(conn)

    def poll(self) -> Seen:
        import psycopg  # a PostgreSQL database only: most never load it

        with self._lock:
            conn = self._conn
            others, self._missed = self._missed, False
        if conn is None:
            return Seen(others=others)
        own = False
        pgconn = conn.pgconn
        try:
            pgconn.consume_input()
            while (notice := pgconn.notifies()) is not None:
                if self._token and notice.extra.decode() == self._token:
                    own = True
                else:
                    others = True
        except psycopg.Error:
            self._drop()  # the server closed it: connect again later
            return Seen(others=others, own=own)
        if pgconn.status != psycopg.pq.ConnStatus.OK:
            self._drop()
        return Seen(others=others, own=own)

    def socket(self) -> int | None:
        conn = self._conn
        if conn is None:
            return None
        try:
            return int(conn.pgconn.socket)
        except Exception:  # closed under us: no socket until it is opened again
            return None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            conn, self._conn = self._conn, None
        _close_quietly(conn)


def _close_quietly(conn: Any) -> None:
    if conn is None:
        return
    try:
        conn.close()
    except Exception:  # a broken connection may fail to close: it is gone anyway
        pass
