"""Opening a database safely: durable pragmas on every connection, checks before use,
migrations after a verified backup.
"""

from __future__ import annotations

import getpass
import logging
import math
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, NoSuchTableError
from sqlalchemy.exc import DBAPIError as SQLAlchemyDBAPIError
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import QueuePool

from awards_app.core.errors import (
    AwardsError,
    Cancelled,
    DamagedDatabaseError,
    DatabaseBusyError,
    DatabaseError,
    DatabaseGoneError,
    DatabaseRestoredError,
    DatabaseUpgradedError,
    EmptyDatabaseError,
    SignInError,
    StaleEditError,
)
from awards_app.db import backup, encryption, logins, migrate
from awards_app.db import changes
from awards_app.paths import default_database_path, make_private

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
#: a window's save waits this long for the write lock per attempt, then says it is waiting
WRITE_ATTEMPT_MS = 250
#: ... and gives up (nothing saved, the typing kept) after this long
WRITE_PATIENCE_S = 120.0
#: a window's own look at the database (on the UI thread) waits at most this long for a
#: lock, then says the database is busy and reads again later: a file's readers never meet
#: one, but a server's readers wait for an upgrade's table locks (ALTER TABLE)
READ_ATTEMPT_MS = 1000
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=FULL",
    "PRAGMA journal_mode=WAL",
)


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value, else ``AWARDS_DB``, else the default file; a bare path means SQLite."""
    value = os.fspath(db) if db is not None else os.environ.get("AWARDS_DB") or ""
    if not value:
        return f"sqlite:///{default_database_path()}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another backend or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # We issue BEGIN ourselves (IMMEDIATE), so pysqlite must not start transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
    _add_sqrt(dbapi_connection)


def _on_connect_read_only(dbapi_connection: Any, record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _add_sqrt(dbapi_connection)


def _add_sqrt(dbapi_connection: Any) -> None:
    """SQLite's math functions are a build option; results need sqrt (z-scores)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT sqrt(4.0)")
        has_sqrt = True
    except encryption.errors("OperationalError"):
        has_sqrt = False
    finally:
        cursor.close()
    if not has_sqrt:
        dbapi_connection.create_function("sqrt", 1, _sqrt, deterministic=True)


def _sqrt(value: float | None) -> float | None:
    return None if value is None or value < 0 else math.sqrt(value)


def _on_begin(connection: Any) -> None:
    # Writers take the lock at BEGIN (IMMEDIATE), so two transactions never deadlock while
    # upgrading from reading to writing; readers stay DEFERRED and never wait for a writer.
    # A writer may ask to wait less than usual for the lock (a window retries visibly).
    # The connection's usual wait comes back when it returns to the pool (_on_checkin).
    options = connection.get_execution_options()
    if "lock_wait_ms" in options:
        if "usual_busy_ms" not in connection.info:
            connection.info["usual_busy_ms"] = connection.exec_driver_sql(
                "PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(options['lock_wait_ms'])}")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("write_lock") else "BEGIN")


def _on_checkin(dbapi_connection: Any, record: Any) -> None:
    usual = record.info.pop("usual_busy_ms", None) if record is not None else None
    if usual is not None and dbapi_connection is not None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={int(usual)}")


#: the key of the PostgreSQL advisory lock every writing transaction holds (see
#: _on_begin_postgresql): "AWARDS" in ASCII, so it is recognisable in pg_locks
WRITE_LOCK_KEY = 0x415741524453
#: the ``write_lock`` of a unit of work that only saves judges' scores (Database.session's
#: ``scores_only``): on PostgreSQL it shares the write lock with other such units
SCORES_ONLY = "scores"
#: the first key of the advisory lock that keeps one judge's saves one at a time when
#: judges save side by side ("JUDG" in ASCII; the second key is the judge's id)
JUDGE_LOCK_CLASS = 0x4A554447


def _on_begin_postgresql(connection: Any) -> None:
    """PostgreSQL's counterpart of SQLite's BEGIN IMMEDIATE: a writing transaction first
    takes one transaction-level advisory lock, so writers run one at a time as they do on
    SQLite (a nomination number or certificate code is read and taken under it; decisions
    read what the previous writer committed). Readers take no lock and never wait. The wait
    for the lock is bounded like SQLite's busy timeout; running out of patience is
    "lock_not_available", which plain_database_error turns into DatabaseBusyError."""
    options = connection.get_execution_options()
    mode = options.get("write_lock")
    if not mode:
        if "lock_wait_ms" in options:  # a brief read (Database.read_session)
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(options['lock_wait_ms'])}")
        return
    wait = int(options.get("lock_wait_ms", BUSY_TIMEOUT_MS))
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait}")
    # Judges' score saves share the lock with each other (see shares_write_lock); every
    # other writer has it alone, after the saves under way, and before any that ask later.
    take = "pg_advisory_xact_lock_shared" if mode == SCORES_ONLY else "pg_advisory_xact_lock"
    connection.exec_driver_sql(f"SELECT {take}({WRITE_LOCK_KEY})")
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")


#: how long connecting to a shared database server may take before it is called unreachable
CONNECT_TIMEOUT_S = 10


def create_db_engine(url: str, *, read_only: bool = False,
                     password: str | None = None) -> Engine:
    """An engine for ``url``; ``read_only`` (SQLite files only) opens every connection in
    SQLite's read-only mode, so nothing, not even a pragma, can write to the file.

    ``password`` (a PostgreSQL login's) goes to the driver with each connection and nowhere
    else: never into the URL, so never into a message, a title or the log. Without it the
    driver looks where PostgreSQL's own tools do (PGPASSWORD, the .pgpass file)."""
    file = sqlite_path(url)
    if file is not None and encryption.will_be_encrypted(file):
        return _encrypted_engine(file, read_only=read_only)
    path = file if read_only else None
    if path is not None:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        # hide_parameters: bound values (names, dates of birth) never appear in error text
        engine = create_engine("sqlite://", hide_parameters=True, creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False))
        event.listen(engine, "connect", _on_connect_read_only)
        event.listen(engine, "begin", _on_begin)
        return engine
    connect_args: dict[str, Any] = {}
    if make_url(url).get_backend_name() == "postgresql":
        # the server names the program in its list of sessions (pg_stat_activity)
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "Awards App"}
        if password:
            connect_args["password"] = password
    # hide_parameters: bound values (names, dates of birth) never appear in error text or logs
    # pool_pre_ping (a server): a connection the server dropped while it sat in the pool
    # (a restart overnight, a network blip) is replaced before use, never handed out to fail
    engine = create_engine(url, hide_parameters=True, connect_args=connect_args,
                           pool_pre_ping=bool(connect_args))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        event.listen(engine, "checkin", _on_checkin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _on_begin_postgresql)
    changes.announce_commits(engine)  # other windows see what this one commits
    return engine


def _encrypted_engine(path: Path, *, read_only: bool) -> Engine:
    """An engine on an encrypted SQLite file: SQLAlchemy's SQLite dialect over the sqlcipher3
    driver (so its errors are recognised), every connection keyed by encryption.connect. The
    passphrase is in no URL: the engine's URL names only the file."""
    import sqlcipher3.dbapi2 as dbapi  # an encrypted database only: most never load it

    def creator() -> Any:
        return encryption.connect(path, read_only=read_only, check_same_thread=False)

    engine = create_engine(f"sqlite:///{path}", module=dbapi, creator=creator,
                           poolclass=QueuePool, hide_parameters=True)
    event.listen(engine, "connect", _on_connect_read_only if read_only else _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "checkin", _on_checkin)
    if not read_only:
        changes.announce_commits(engine)  # other windows see what this one commits
    return engine


#: the check run on every file opened: SQLite's full integrity_check (every page, row and
#: index) for files up to FULL_CHECK_MAX_BYTES, its quick_check (no indexes) above that.
#: Measured (benchmarks/open_check_bench.py, 2 cores): demo event (0.4 MB) 0.010 s full,
#: 0.001 s quick; 50,000 nominations and 450,000 scores (105 MB) 4.3 s full, 1.0 s quick. A
#: large database gets its full check in the window's background and from `awards check`
#: and every backup; damage found there is remembered (backup.mark_damaged).
FULL_CHECK_MAX_BYTES = 20_000_000


def preflight_sqlite(path: Path, *, new_database: bool = False) -> str | None:
    """Check a SQLite file read-only before anything writes to it (see
    :func:`inspect_sqlite`); a file with damage is refused with ``DamagedDatabaseError``."""
    revision, damage = inspect_sqlite(path, new_database=new_database)
    if damage:
        raise DamagedDatabaseError(_damage_words(path, damage))
    return revision


def _damage_words(path: Path, damage: list[str]) -> str:
    return (f"{path} is damaged ({'; '.join(damage[:3])}). It has not been changed. Restore "
            "the newest sound backup (File ▸ Restore, or 'awards restore FILE').")


def inspect_sqlite(path: Path, *, new_database: bool = False) -> tuple[str | None, list[str]]:
    """Check a SQLite file read-only before anything writes to it.

    Returns the Alembic revision stored in it (None for a new file) and the damage SQLite's
    check reports (empty when sound). Raises ``EmptyDatabaseError`` for an existing empty
    file (unless ``new_database``), ``DamagedDatabaseError`` when the file cannot even be
    read as a database, and ``DatabaseError`` when it is a database of some other program
    or cannot be read at all (a disk error is not called damage).
    """
    if not path.exists() or (new_database and path.stat().st_size == 0):
        return None, []
    if path.stat().st_size == 0:
        raise EmptyDatabaseError(
            f"{path} is empty (0 bytes) — a copy or sync that failed leaves a file like "
            "this. Nothing was changed. Restore the newest backup ('awards restore FILE', or "
            "File ▸ Restore in the window), or to start afresh in this file, run 'awards init "
            "--new-database'.")
    try:
        conn = encryption.connect(path, read_only=True)
    except encryption.errors("Error") as exc:
        raise DatabaseError(f"Cannot open {path}: {_sqlite_words(exc)}") from exc
    try:
        check = ("integrity_check" if path.stat().st_size <= FULL_CHECK_MAX_BYTES
                 else "quick_check")
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {check}").fetchall()]
        damage = ([] if rows == ["ok"] else rows) or backup.damage_marked(path)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables and new_database:
            return None, damage
        if not tables:
            raise EmptyDatabaseError(
                f"{path} is an empty database (no tables). Nothing was changed. Restore the "
                "newest backup, or to start afresh in this file, run 'awards init "
                "--new-database'.")
        if "alembic_version" not in tables:
            raise DatabaseError(f"{path} is not an Awards App database; it has not been changed.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return (str(row[0]) if row else None), damage
    except encryption.errors("OperationalError") as exc:
        # I/O errors, a full disk, a locked or vanished file: not damage to the database
        raise DatabaseError(f"{path} could not be read: {_sqlite_words(exc)}. It has not "
                            "been changed.") from exc
    except encryption.errors("DatabaseError") as exc:
        raise DamagedDatabaseError(
            f"{path} is not a readable database ({exc}). It has not been changed."
        ) from exc
    finally:
        conn.close()


def _refuse_foreign_structure(path: Path) -> None:
    """Refuse a file whose tables, columns, keys or indexes are not this version's (a
    look-alike with our table names, a hand-edited copy), naming the differences."""
    from awards_app.db.schema_check import schema_differences  # after the upgrade: the models are this version's

    conn = encryption.connect(path, read_only=True)
    try:
        differences = schema_differences(conn)
    finally:
        conn.close()
    if differences:
        raise DatabaseError(
            f"{path} does not have the structure this version of Awards App expects, so it "
            "was not used: " + "; ".join(differences) + ". If it is a copy of your database, "
            "restore a backup made by the program instead.")


#: the app_setting row a restore changes, so every program that has the database open can
#: tell its data was replaced
GENERATION_KEY = "database_generation"


def _read_moment(session: Session) -> tuple[str | None, str | None]:
    """(the generation, the schema revision) in one round trip: what every write checks."""
    row = session.execute(text(
        "SELECT (SELECT value FROM app_setting WHERE key = :key), "
        "(SELECT max(version_num) FROM alembic_version)"), {"key": GENERATION_KEY}).one()
    return (None if row[0] is None else str(row[0]), None if row[1] is None else str(row[1]))


def _file_identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def _sqlite_words(exc: Exception) -> str:
    """SQLite's complaint in a person's words where we know it."""
    text = str(exc).lower()
    if "disk i/o error" in text or "full" in text:
        return "the disk reported an error or has no space left (the file itself may be sound)"
    if "unable to open" in text:
        return "the file or its folder cannot be opened (moved, or no permission?)"
    if "locked" in text or "busy" in text:
        return "another program is using it"
    return str(exc)


@dataclass
class Database:
    """An open, checked, up-to-date database and the way to get sessions on it."""

    url: str
    engine: Engine
    path: Path | None
    #: the file opened (device, inode) and the database's generation (changed by a restore)
    #: once :meth:`watch` has been called: writes check both
    identity: tuple[int, int] | None = field(default=None, init=False)
    #: what SQLite's check found when it was opened: a damaged database is read-only
    damage: list[str] = field(default_factory=list, init=False)
    generation: str | None = field(default=None, init=False)
    #: the schema revision opened (this version's): another PC's newer version may upgrade
    #: the database while it is open, and this one must then stop writing to it
    revision: str | None = field(default=None, init=False)
    watching: bool = field(default=False, init=False)
    write_engine: Engine = field(init=False, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)
    _brief_writer: sessionmaker[Session] = field(init=False, repr=False)
    _scores_writer: sessionmaker[Session] = field(init=False, repr=False)
    _brief_scores_writer: sessionmaker[Session] = field(init=False, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)
    _brief_reader: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.wait_for_writers(None)
        self._brief_writer = sessionmaker(
            self.engine.execution_options(write_lock=True, lock_wait_ms=WRITE_ATTEMPT_MS),
            expire_on_commit=False)
        self._brief_scores_writer = sessionmaker(
            self.engine.execution_options(write_lock=SCORES_ONLY, lock_wait_ms=WRITE_ATTEMPT_MS),
            expire_on_commit=False)
        # A read session sees one moment of the database, as a SQLite reader does (its first
        # read fixes the snapshot); PostgreSQL's default would see each statement's own.
        reads = (self.engine.execution_options(isolation_level="REPEATABLE READ")
                 if self.engine.dialect.name == "postgresql" else self.engine)
        self._reader = sessionmaker(reads, expire_on_commit=False)
        self._brief_reader = sessionmaker(reads.execution_options(lock_wait_ms=READ_ATTEMPT_MS),
                                          expire_on_commit=False)

    def wait_for_writers(self, ms: int | None) -> None:
        """How long a write waits for another writer's lock before it is refused as busy:
        ``ms``, or the usual BUSY_TIMEOUT_MS for None."""
        options: dict[str, Any] = {"write_lock": True}
        if ms is not None:
            options["lock_wait_ms"] = ms
        self.write_engine = self.engine.execution_options(**options)
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._scores_writer = sessionmaker(
            self.engine.execution_options(**{**options, "write_lock": SCORES_ONLY}),
            expire_on_commit=False)

    @contextmanager
    def session(self, *, brief: bool = False, scores_only: bool = False) -> Iterator[Session]:
        """One unit of work that may write: BEGIN IMMEDIATE, committed when the block ends,
        rolled back if it raises. Database failures come out as plain-words DatabaseErrors
        (the original is chained for the log), never as driver text. A ``brief`` session
        waits at most ``WRITE_ATTEMPT_MS`` for another writer (for ``write_patiently``).

        ``scores_only``: the unit of work does nothing but save judges' scores
        (services.judging.save_scores). On PostgreSQL such units share the write lock, so
        judges on many laptops save side by side (see :func:`shares_write_lock`); on SQLite
        it changes nothing."""
        if self.damage:
            raise DamagedDatabaseError(
                f"{self.display_name} is damaged ({'; '.join(self.damage[:2])}), so it was "
                "opened read-only and nothing can be saved. Restore the newest sound backup "
                "(File ▸ Restore, or 'awards restore FILE').")
        makers = ((self._brief_scores_writer, self._scores_writer) if scores_only
                  else (self._brief_writer, self._writer))
        with (makers[0] if brief else makers[1])() as session:
            try:
                if self.watching:
                    self._check_generation(session)
                yield session
                if self.watching:
                    self._check_file()  # nothing is committed into a file that has gone
                session.commit()
            except BaseException as exc:
                session.rollback()
                plain = plain_database_error(exc)
                if plain is not None:
                    raise plain from exc
                raise

    @contextmanager
    def read_session(self, *, brief: bool = False) -> Iterator[Session]:
        """A read-only look (lists, status): never waits for a writer; never commits.

        Only a change to the tables themselves holds readers: on a server, another PC
        upgrading the database (a file's readers never wait). A ``brief`` look, a window's own
        on its UI thread, waits at most ``READ_ATTEMPT_MS`` for that, then raises
        ``DatabaseBusyError`` saying the database could not be read just now."""
        with (self._brief_reader if brief else self._reader)() as session:
            try:
                yield session
            except BaseException as exc:
                plain = plain_database_error(exc)
                if isinstance(plain, DatabaseBusyError):
                    raise DatabaseBusyError(reading=True) from exc
                if plain is not None:
                    raise plain from exc
                raise
            finally:
                session.rollback()

    def write_patiently(
        self,
        fn: Callable[[Session], T],
        *,
        patience: float = WRITE_PATIENCE_S,
        waiting: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        scores_only: bool = False,
    ) -> T:
        """Run ``fn`` as one unit of work, retrying while another task holds the write lock.

        Each attempt waits briefly for the lock; between attempts ``waiting(seconds waited)``
        is told, so a window can say another task is saving. Gives up with
        ``DatabaseBusyError`` after ``patience`` seconds and with ``Cancelled`` when asked;
        either way nothing was written (an attempt that met a busy lock did no work).
        ``scores_only``: see :meth:`session`.
        """
        started = time.monotonic()
        while True:
            try:
                with self.session(brief=True, scores_only=scores_only) as session:
                    session.connection()  # BEGIN IMMEDIATE: the lock first, then the work
                    return fn(session)
            except DatabaseBusyError:
                waited = time.monotonic() - started
                if waited >= patience:
                    raise
                if cancelled():
                    raise Cancelled("Not saved: you stopped waiting for the other task. "
                                    "What you typed is still here; save again when it "
                                    "has finished.") from None
                if waiting is not None:
                    waiting(waited)

    # --- the file is still the one opened ------------------------------------------------

    def watch(self, *, brief: bool = False) -> None:
        """Remember the file, the generation and the schema revision opened; from now on
        every write checks that the path still leads to this file, that no restore has
        happened since, and that no newer version has upgraded the database since (``brief``
        as in :meth:`read_session`)."""
        if self.path is not None:
            self.identity = _file_identity(self.path)
        with self.read_session(brief=brief) as session:
            self.generation, self.revision = _read_moment(session)
        self.watching = True

    def check_still_ours(self, *, brief: bool = False) -> None:
        """Raise ``DatabaseGoneError``/``DatabaseRestoredError``/``DatabaseUpgradedError`` if
        the file opened was moved, deleted or replaced, or restored from a backup, or upgraded
        by a newer version, since :meth:`watch` (a quick read; ``brief`` as in
        :meth:`read_session`)."""
        if not self.watching:
            return
        self._check_file()
        with self.read_session(brief=brief) as session:
            self._check_generation(session)

    def _check_file(self) -> None:
        if self.path is None or self.identity is None:
            return
        try:
            now = _file_identity(self.path)
        except OSError:
            now = None
        if now != self.identity:
            raise DatabaseGoneError(
                f"The database file {self.path} was moved, deleted or replaced while the "
                "program was using it, so nothing more was saved. Put it back, open it "
                "where it is now (File ▸ Open database), or restore the newest backup.")

    def _check_generation(self, session: Session) -> None:
        generation, revision = _read_moment(session)
        if revision != self.revision:
            raise DatabaseUpgradedError(
                f"{self.subject} was upgraded to a newer version of Awards App (by "
                "another PC or window) while this one had it open, so nothing more can be "
                "saved with this version. Install the newer version, then open it again.")
        if generation != self.generation:
            raise DatabaseRestoredError(
                f"{self.subject} was restored from a backup by another window or "
                "command while this one had it open, so nothing was saved. Open it again to "
                "see the restored data.")

    @property
    def subject(self) -> str:
        """The database at the start of a sentence: its file, or "The database NAME on
        SERVER"."""
        return str(self.path) if self.path else f"The {server_words(self.url)[1]}"

    @property
    def display_name(self) -> str:
        """The file's path, or "database NAME on SERVER" for a shared database (its URL
        means little to a person, and could carry a password)."""
        return str(self.path) if self.path else server_words(self.url)[1]

    def close(self) -> None:
        self.engine.dispose()


#: driver messages (SQLite's, lower-cased) and what a person is told instead
_PLAIN = (
    (("database is locked", "database is busy", "database table is locked"), None),
    (("unable to open database file", "disk i/o error", "readonly database",
      "attempt to write a readonly"),
     "The database file could not be written (moved, deleted, on a disconnected drive or "
     "read-only?); nothing was saved."),
    (("database or disk is full",),
     "The disk is full, so nothing was saved. Free some space and try again."),
    (("malformed", "not a database"),
     "The database file is damaged; nothing was saved. Restore a backup "
     "(File ▸ Restore…, or 'awards restore')."),
)


def plain_database_error(exc: BaseException) -> AwardsError | None:
    """The plain-words error for a failure of the database itself (busy, gone, full,
    damaged), or None for anything else (bugs stay bugs, and are logged as such).

    A versioned record whose UPDATE matched no row was changed by another window between
    the editing service's check and the write: a StaleEditError that knows no more."""
    if isinstance(exc, StaleDataError):
        return StaleEditError()
    if not isinstance(exc, (SQLAlchemyDBAPIError, *encryption.errors("Error"))):
        return None
    # A server's refusals are told by their SQLSTATE code, which does not depend on the
    # language the server writes its messages in; SQLite's by its (English) words.
    state = str(getattr(getattr(exc, "orig", None), "sqlstate", None) or "")
    if state in _SERVER_STATES:
        message = _SERVER_STATES[state]
        return DatabaseBusyError() if message is None else DatabaseError(message)
    text = str(getattr(exc, "orig", exc)).lower()
    for needles, message in _PLAIN:
        if any(n in text for n in needles):
            return DatabaseBusyError() if message is None else DatabaseError(message)
    if _server_failure(exc) and (getattr(exc, "connection_invalidated", False)
                                 or state.startswith("08") or state.startswith("57P")
                                 or any(n in text for n in _CONNECTION_LOST)):
        return DatabaseError(CONNECTION_LOST)
    return None


NO_LONGER_ALLOWED = (
    "Your login may no longer use this shared database (a coordinator took it off the team, "
    "or changed what it may do), so this was not done; nothing was changed. If that is a "
    "mistake, ask your coordinator to add you again ('awards users add', or the Users page).")


#: a server's SQLSTATE codes and what a person is told (None: busy, see DatabaseBusyError)
_SERVER_STATES: dict[str, str | None] = {
    "55P03": None,  # lock_not_available: the write lock's wait ran out
    "57014": None,  # query_canceled: a statement_timeout the server's IT set
    "42501": NO_LONGER_ALLOWED,  # insufficient_privilege: taken off the team while signed in
    "53100": "The shared database's server has run out of disk space, so nothing was saved. "
             "Tell IT; what you typed is still on screen.",
    "25006": "The shared database is read-only just now (its server may be being looked "
             "after by IT), so nothing was saved. Try again later.",
}

#: a server connection that failed while in use, or could not be made again
_CONNECTION_LOST = ("terminating connection", "server closed the connection",
                    "connection failed", "connection refused", "connection is closed",
                    "connection timed out", "timeout expired", "consuming input failed",
                    "sending query failed", "network is unreachable", "no route to host",
                    "not currently accepting connections", "the database system is")
CONNECTION_LOST = (
    "The connection to the shared database was lost (its server restarted, or the network "
    "dropped), so this was not done; nothing was changed. Try again in a moment. If it keeps "
    "happening, check that this computer is on the council's network, and ask IT whether "
    "the server is running.")


def _server_failure(exc: BaseException) -> bool:
    """Is ``exc`` a PostgreSQL server's operational failure (a lost connection, a restart,
    a lock timeout), rather than a file's or a bug's?"""
    return (isinstance(exc, SQLAlchemyOperationalError)
            and type(exc.orig).__module__.partition(".")[0] == "psycopg")


def shares_write_lock(session: Session) -> bool:
    """Is ``session`` a scores-only unit of work on PostgreSQL, holding the write lock side by
    side with others like it? Then it may only save scores: it must take its judge's lock
    (:func:`lock_judge`) and leave the stored rankings to be refreshed later, since other
    judges' saves run at the same moment. Every other writer waits for such units to end,
    and they for it, so the decisions a save checks (submitted, confirmed, withdrawn) cannot
    change under it. On SQLite every writer has the lock alone: always False."""
    connection = session.connection()
    return (connection.dialect.name == "postgresql"
            and connection.get_execution_options().get("write_lock") == SCORES_ONLY)


def lock_judge(session: Session, judge_id: int) -> None:
    """One judge's saves one at a time (the same judge signed in on two laptops), when
    judges save side by side (:func:`shares_write_lock`); otherwise the write lock already
    does this. Held until the transaction ends."""
    if shares_write_lock(session):
        session.execute(text("SELECT pg_advisory_xact_lock(CAST(:kind AS integer), "
                             "CAST(:judge AS integer))"),
                        {"kind": JUDGE_LOCK_CLASS, "judge": judge_id})


def actor_name(session: Session) -> str:
    """Who is making changes through ``session``, for the audit trail and for naming who
    changed a record under an open editor: on PostgreSQL the database login (each person
    signs in as themselves), on SQLite the operating-system user ("" when it cannot be
    told)."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return _os_user()
    if "login" not in connection.info:
        connection.info["login"] = str(connection.exec_driver_sql("SELECT current_user").scalar())
    return str(connection.info["login"])


@lru_cache(maxsize=1)
def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return ""


def open_database(db: str | os.PathLike[str] | None = None, *, create: bool = True,
                  new_database: bool = False, password: str | None = None) -> Database:
    """Open (creating a missing file if ``create``) and upgrade the database named by
    ``db``/``AWARDS_DB``. An existing file that is empty is refused unless ``new_database``
    (the person asked to start a new database in it). The database is then watched: every
    write checks the file and the generation are still the ones opened. ``password`` signs
    in to a shared PostgreSQL database (see :func:`create_db_engine`); a refused sign-in is
    a ``SignInError``, any other failure to connect a DatabaseError in plain words."""
    url = resolve_url(db)
    path = sqlite_path(url)
    revision: str | None = None
    damage: list[str] = []
    if path is not None:
        if not path.exists() and not create:
            raise DatabaseError(f"There is no database at {path}. Create one with 'awards init'.")
        revision, damage = inspect_sqlite(path, new_database=new_database)
        for own in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), path.parent / "backups"):
            if own.exists() and not damage:
                make_private(own)  # an earlier version's 0644 database, say
        if damage and revision != migrate.HEAD_REVISION:
            raise DamagedDatabaseError(_damage_words(path, damage))  # cannot be upgraded
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_db_engine(url, read_only=bool(damage), password=password)
    except (ImportError, NoSuchModuleError, ArgumentError) as exc:
        raise DatabaseError(_unsupported_words(url)) from exc
    database = Database(url=url, engine=engine, path=path)
    database.damage = damage
    try:
        if not damage:
            try:
                upgrade_if_needed(database, revision if path is not None else migrate.UNKNOWN)
                logins.settle_team(database.engine)  # a shared database's team role
            except SQLAlchemyDBAPIError as exc:
                if path is not None:
                    raise
                raise connection_error(exc, url, password_given=bool(password)) from exc
        if path is not None:
            _refuse_foreign_structure(path)
        database.watch()
    except BaseException:
        engine.dispose()
        raise
    return database


def server_words(url: str) -> tuple[str, str]:
    """(login, "database NAME on SERVER") for a server URL, as a person would say them: a
    Unix socket folder is "this computer"; never the password."""
    parsed = make_url(url)
    host = parsed.host or str(parsed.query.get("host") or "")
    if not host or host.startswith("/"):
        host = "this computer"
    elif parsed.port:
        host = f"{host}:{parsed.port}"
    login = parsed.username or _os_user() or "?"
    return login, f"database {parsed.database or '?'} on {host}"


#: what the PostgreSQL client library says (lower-cased: any of the alternatives, each a set
#: of words that must all appear) and what a person is told instead
_CONNECT_WORDS: tuple[tuple[tuple[tuple[str, ...], ...], str], ...] = (
    ((("role", "does not exist"),),
     "There is no login {login} for the {where}. Ask your coordinator to add you "
     "('awards users add {login}', or the Users page)."),
    ((("database", "does not exist"),),
     "There is no {where}. Check its name, or ask whoever runs the server to create it."),
    ((("permission denied for database",), ("not permitted to log in",)),
     "The login {login} may not use the {where}. Ask your coordinator to add you "
     "('awards users add {login}', or the Users page)."),
    ((("no pg_hba.conf entry",),),
     "The server of the {where} does not accept sign-ins from this computer. Ask whoever "
     "runs the server (often the council's IT) to allow it."),
    ((("timeout expired",), ("connection refused",), ("could not translate host name",),
      ("no such file or directory",), ("network is unreachable",), ("no route to host",),
      ("server closed the connection",)),
     "Could not reach the {where}. Check the server's name and port, that it is running, "
     "and that this computer is on the council's network."),
)


def connection_error(exc: BaseException, url: str, *, password_given: bool) -> DatabaseError:
    """A failure to connect to a server, in a person's words: ``SignInError`` when the
    password was missing or refused, else a DatabaseError naming the login and the database
    (never the driver's text, which can carry internal addresses and SQL)."""
    said = str(getattr(exc, "orig", exc)).lower()
    login, where = server_words(url)
    if "no password supplied" in said or "password authentication failed" in said:
        refused = password_given or "password authentication failed" in said
        words = (f"The password for {login} was not accepted by the {where}." if refused else
                 f"The {where} needs the password of {login}.")
        return SignInError(words, login=login, server=where, refused=refused)
    for alternatives, template in _CONNECT_WORDS:
        if any(all(n in said for n in words_) for words_ in alternatives):
            return DatabaseError(template.format(login=login, where=where))
    return DatabaseError(f"Could not connect to the {where} as {login}. Check the address, "
                         "that the server is running and that you may sign in to it.")


def _unsupported_words(url: str) -> str:
    backend = make_url(url).get_backend_name() if "://" in url else ""
    if backend == "postgresql":
        return ("To use a shared PostgreSQL database, give it as "
                "postgresql+psycopg://USER@HOST:PORT/NAME and install the psycopg package "
                "(pip install \"psycopg[binary]\"). A database file on this computer needs "
                "nothing: give its path.")
    return (f"Awards App keeps its data in a SQLite file (give its path) or a shared "
            f"PostgreSQL database; '{make_url(url).render_as_string()}' is neither.")


def upgrade_if_needed(database: Database, revision: str | None | migrate.Unknown) -> None:
    """Bring the schema to the newest revision, after a checked backup that is put back if
    the upgrade fails."""
    if revision == migrate.HEAD_REVISION:
        return
    if isinstance(revision, migrate.Unknown):  # a server: the login may not read or upgrade
        logins.check_access(database.engine, migrate.HEAD_REVISION)
        revision = migrate.current_revision(database.engine)
        if revision == migrate.HEAD_REVISION:
            return
    if revision is not None and revision not in migrate.known_revisions():
        raise DatabaseError(
            f"{database.subject} was made by a newer version of Awards App "
            f"(schema {revision}); install the newer version to open it."
        )
    backup_file: Path | None = None
    if revision is not None and database.path is not None:
        backup_file = backup.backup_database(database.path, reason="before-upgrade")
    elif revision is not None:  # a server: the data as it is, in its own tables, first
        from awards_app.db.upgrade_backup import backup_before_upgrade  # only to upgrade

        try:
            backup_before_upgrade(database.engine, database.url, revision)
        except (DatabaseError, OSError) as exc:  # (a bug is left to be reported as one)
            why = ((exc.strerror or "the disk could not be used")
                   if isinstance(exc, OSError) else str(exc))
            raise DatabaseError(
                f"{database.subject} was not upgraded, because its backup before the "
                f"upgrade could not be made ({why}). Nothing was changed; use the version "
                "you used before until this is solved.") from exc
        except (SQLAlchemyDBAPIError, NoSuchTableError) as exc:  # tables not as they were left
            refused = _upgrade_refused(database, revision, exc, kept=None)
            if refused is None:
                raise
            raise refused from exc
    try:
        migrate.run_upgrade(database.write_engine)
    except Exception as exc:
        database.engine.dispose()
        if backup_file is not None and database.path is not None:
            backup.copy_database(backup_file, database.path)
        if isinstance(exc, (SQLAlchemyDBAPIError, NoSuchTableError)):
            refused = _upgrade_refused(database, revision, exc, kept=backup_file)
            if refused is None:
                raise
            raise refused from exc
        # this version's own upgrade failed: a bug, whose details go to the log for IT
        logging.getLogger(__name__).error("The upgrade failed", exc_info=exc)
        back = (f"it was put back as it was from {backup_file}" if backup_file is not None
                else "nothing was changed")
        raise DatabaseError(
            f"Upgrading {database.display_name} failed, in this version's own upgrade step; "
            f"{back}. Use the version you used before, and send the log to IT.") from exc


#: a database's own words when its tables are not as a version left them: names only, never
#: values or SQL (SQLite's and PostgreSQL's)
_ALTERED = re.compile(
    r'no such (?:table|column): [\w."]+|duplicate column name: [\w."]+'
    r'|table [\w."]+ has no column named [\w."]+'
    r'|table [\w."]+ already exists'
    r'|(?:column|relation|table|index) "[\w.]+"(?: of relation "[\w.]+")? '
    r'(?:does not exist|already exists)', re.IGNORECASE)


def _upgrade_refused(database: Database, revision: str | None, exc: BaseException,
                     kept: Path | None) -> AwardsError | None:
    """Why an upgrade, or the backup before it, failed, in words: busy, full or gone as
    anywhere else; else the tables were not as the older version left them (changed by
    hand, or by another program). None for another failure of the server itself: ``exc``
    goes on as it is (opening says it: connection_error)."""
    plain = plain_database_error(exc)
    if plain is not None:
        return plain
    if _server_failure(exc):
        return None  # the server's own failure (a backup's SQLite file is not the server)
    found = (f"no such table: {exc}" if isinstance(exc, NoSuchTableError)
             else (m.group(0) if (m := _ALTERED.search(str(getattr(exc, "orig", exc)))) else ""))
    schema = f" at schema {revision}" if revision else ""
    back = (f"It was put back as it was from {kept}." if kept is not None else
            "Nothing was changed.")
    return DatabaseError(
        f"{database.subject} was not upgraded: its tables are not as Awards App "
        f"left them{schema}{f' ({found})' if found else ''}; they may have been changed by "
        f"hand or with another program. {back} Use the version you used before, and ask "
        "IT to put the tables back as they were, or restore a backup.")
