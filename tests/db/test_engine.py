"""Every connection is durable; damaged or foreign files are refused without being touched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from awards_app.core.errors import (
    Cancelled,
    DamagedDatabaseError,
    DatabaseBusyError,
    DatabaseError,
)
from awards_app.db import engine as engine_module
from awards_app.db.engine import BUSY_TIMEOUT_MS, open_database, resolve_url, sqlite_path
from awards_app.db.models import Setting
from tests import dbtools, pg


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_pooled_connection_has_the_pragmas(db_path: Path) -> None:
    database = open_database(db_path)
    try:
        connections = [database.engine.connect() for _ in range(4)]  # four distinct connections
        seen = set()
        for conn in connections:
            seen.add(id(conn.connection.dbapi_connection))
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert len(seen) == 4
        for conn in connections:
            conn.close()
    finally:
        database.close()
    assert BUSY_TIMEOUT_MS >= 5000


def test_writes_begin_immediate(db_path: Path) -> None:
    """A write transaction holds the write lock from its first statement."""
    database = open_database(db_path)
    try:
        with database.write_engine.connect() as conn:
            conn.begin()
            conn.execute(text("SELECT 1"))  # a read only, yet the lock must be held already
            other = sqlite3.connect(db_path, timeout=0.1)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
            conn.rollback()
    finally:
        database.close()


def test_reads_do_not_wait_for_a_writer(db, event_id: int) -> None:
    from awards_app.services import events

    with db.session() as writer:
        events.update_event(writer, event_id, venue="Hall")
        writer.flush()  # the write lock is held until the block ends
        with db.read_session() as reader:
            assert events.get_event(reader, event_id).venue == ""  # sees the last commit


def test_foreign_keys_are_enforced(db) -> None:
    with pytest.raises(Exception, match="(?i)FOREIGN KEY"):
        with db.write_engine.begin() as conn:
            conn.execute(text("INSERT INTO category (event_id, name, description, display_order, "
                              "winners_count, runners_up_count, highly_commended_count, active, "
                              "created_at, updated_at) VALUES (999, 'x', '', 1, 1, 1, 0, TRUE, "
                              "'2026-01-01', '2026-01-01')"))


@pytest.mark.sqlite_only
def test_damaged_file_is_refused_and_not_written(db_path: Path, event_id: int, db) -> None:
    db.close()
    data = bytearray(db_path.read_bytes())
    # Wreck pages after the header: the file still opens, but the check fails.
    for offset in range(4096 + 100, min(len(data), 4096 * 3), 7):
        data[offset] = 0x5A
    db_path.write_bytes(bytes(data))
    for side in (db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        side.unlink(missing_ok=True)
    before = _digest(db_path)
    with pytest.raises(DamagedDatabaseError, match="damaged|not a readable"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_junk_file_is_refused_and_not_written(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(b"These are my meeting notes, not a database.\n" * 200)
    before = _digest(junk)
    with pytest.raises(DamagedDatabaseError):
        open_database(junk)
    assert _digest(junk) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(other)
    with pytest.raises(DatabaseError, match="not an Awards App database"):
        open_database(other)
    assert _digest(other) == before


def test_missing_file_with_create_false(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database"):
        open_database(tmp_path / "absent.sqlite3", create=False)
    assert not (tmp_path / "absent.sqlite3").exists()


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWARDS_DB", raising=False)
    assert resolve_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("AWARDS_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")
    monkeypatch.delenv("AWARDS_DB")
    assert resolve_url(None).endswith("awards-app/awards.sqlite3")
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("postgresql://u@h/db") is None
    assert sqlite_path(f"sqlite:///{tmp_path}/x.db") == tmp_path / "x.db"


def test_session_rolls_back_on_error(db, event_id: int) -> None:
    from awards_app.services import events

    with pytest.raises(RuntimeError):
        with db.session() as session:
            events.update_event(session, event_id, venue="Town Hall")
            raise RuntimeError("boom")
    with db.session() as session:
        assert events.get_event(session, event_id).venue == ""


def test_sqrt_is_provided_where_sqlite_was_built_without_math_functions() -> None:
    """Results need sqrt (z-scores); Python's SQLite on some systems lacks math functions."""
    import sqlite3

    from awards_app.db import engine

    class NoMathCursor:
        def __init__(self, real: sqlite3.Cursor) -> None:
            self.real = real

        def execute(self, sql: str) -> None:
            if "sqrt" in sql:
                raise sqlite3.OperationalError("no such function: sqrt")
            self.real.execute(sql)

        def close(self) -> None:
            self.real.close()

    class Connection:
        def __init__(self) -> None:
            self.real = sqlite3.connect(":memory:")
            self.isolation_level: str | None = ""
            self.functions: list[str] = []

        def cursor(self) -> NoMathCursor:
            return NoMathCursor(self.real.cursor())

        def create_function(self, name: str, n: int, fn: object, **kw: object) -> None:
            self.functions.append(name)
            self.real.create_function(name, n, fn, **kw)  # type: ignore[arg-type]

    connection = Connection()
    engine._on_connect(connection, None)
    assert connection.functions == ["sqrt"]
    assert connection.real.execute("SELECT sqrt(6.25), sqrt(NULL)").fetchone() == (2.5, None)


def test_a_busy_database_is_refused_in_plain_words(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that cannot get the lock says so in words: no driver text, no SQL, no class
    name, and nothing stored (the original error is chained for the log)."""

    monkeypatch.setattr(engine_module, "SQLITE_PRAGMAS", tuple(
        p if "busy_timeout" not in p else "PRAGMA busy_timeout=50"
        for p in engine_module.SQLITE_PRAGMAS))
    path = tmp_path / "busy.sqlite3"
    database = open_database(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another task is writing
    try:
        with pytest.raises(DatabaseBusyError) as refused, database.session() as s:
            s.add(Setting(key="marker", value="Zqxmarker"))
        message = str(refused.value)
        assert message.startswith("The database is busy with another task")
        for leak in ("OperationalError", "BEGIN", "sqlite3", "sqlalche.me", "Zqxmarker"):
            assert leak not in message
        assert refused.value.__cause__ is not None  # kept for the log
    finally:
        holder.rollback()
        holder.close()
    with database.read_session() as s:
        assert s.get(Setting, "marker") is None
    database.close()


def test_driver_parameters_never_reach_error_text(tmp_path: Path) -> None:
    database = open_database(tmp_path / "p.sqlite3")
    with pytest.raises(IntegrityError) as failed, database.session() as s:
        s.execute(text("INSERT INTO app_setting (key, value) VALUES (:k, :v)"),
                  {"k": "x", "v": "Zqxmarker secret"})
        s.execute(text("INSERT INTO app_setting (key, value) VALUES (:k, :v)"),
                  {"k": "x", "v": "Zqxmarker secret"})
    assert "Zqxmarker" not in str(failed.value)
    database.close()


# --- a window's save: retried while another task holds the lock ------------------------------


def _holding_the_write_lock(db_url: str) -> dbtools.LockHolder:
    return dbtools.LockHolder(db_url)  # another task (an import, another window) is writing


def test_a_patient_write_waits_for_the_other_task_and_then_saves(db, db_url: str) -> None:
    """Each attempt waits a quarter of a second for the lock, then says it is waiting and
    tries again; when the other task commits, the save goes through exactly once."""
    holder = _holding_the_write_lock(db_url)
    waits: list[float] = []
    calls: list[int] = []

    def waiting(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            holder.commit()  # the other task finishes

    def work(s) -> str:  # type: ignore[no-untyped-def]
        calls.append(1)
        s.add(Setting(key="marker", value="saved"))
        return "done"

    try:
        assert db.write_patiently(work, waiting=waiting) == "done"
    finally:
        holder.close()
    assert len(waits) == 3 and waits == sorted(waits) and waits[0] > 0
    assert len(calls) == 1  # an attempt that met the lock never ran the work
    with db.read_session() as s:
        assert s.get(Setting, "marker").value == "saved"


def test_a_patient_write_gives_up_in_plain_words_and_writes_nothing(db, db_url: str) -> None:
    holder = _holding_the_write_lock(db_url)
    try:
        with pytest.raises(DatabaseBusyError):
            db.write_patiently(lambda s: s.add(Setting(key="marker", value="x")), patience=0.6)
        stop = iter([False, True])
        with pytest.raises(Cancelled) as stopped:
            db.write_patiently(lambda s: s.add(Setting(key="marker", value="x")),
                               cancelled=lambda: next(stop))
        assert "stopped waiting" in str(stopped.value)
        assert "still here" in str(stopped.value)  # what was typed is kept
    finally:
        holder.rollback()
        holder.close()
    with db.read_session() as s:
        assert s.get(Setting, "marker") is None


@pytest.mark.sqlite_only
def test_only_a_brief_session_shortens_the_wait_for_the_lock(db) -> None:
    with db.session(brief=True) as s:
        assert s.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == \
            engine_module.WRITE_ATTEMPT_MS
    with db.session() as s:  # the same pooled connection: back to the usual wait
        assert s.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    with db.read_session() as s:
        assert s.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def test_a_newer_version_upgrading_the_open_database_stops_this_ones_writes(
        db, db_url: str, event_id: int) -> None:
    """Another PC opens the database with a newer version of Awards App, which upgrades it:
    this version's program, still open, may not write into tables it does not know. Every
    write (scores saved side by side too) and the watch say so; nothing is written."""
    from awards_app.core.errors import DatabaseUpgradedError

    db.check_still_ours()
    dbtools.execute(db_url, "UPDATE alembic_version SET version_num = :newer",
                    newer="9999_a_newer_version")
    for scores_only in (False, True):
        with pytest.raises(DatabaseUpgradedError) as refused, \
                db.session(scores_only=scores_only) as session:
            session.add(Setting(key="typed after the upgrade", value="x"))
        assert "upgraded to a newer version of Awards App" in str(refused.value)
        assert "Install the newer version" in str(refused.value)
    with pytest.raises(DatabaseUpgradedError):
        db.check_still_ours(brief=True)
    with db.read_session() as session:  # reading still works: what is shown stays shown
        assert session.get(Setting, "typed after the upgrade") is None
    dbtools.execute(db_url, "UPDATE alembic_version SET version_num = :head",
                    head=db.revision)
    with db.session() as session:  # the same version again (a downgrade): writes go on
        session.add(Setting(key="typed after the downgrade", value="x"))


@pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test server "
                    "(AWARDS_TEST_PG)")
def test_a_server_restart_or_a_lost_connection_is_met_in_plain_words() -> None:
    """The server drops every connection (a restart overnight, a network blip) while the
    program sits open: the next read and write simply work (a dropped connection is never
    handed out). While the server refuses new connections, each is refused in plain words,
    never the driver's text or SQL; once it is back, saving works again."""
    with pg.fresh_database() as url:
        database = open_database(url)
        name = url.rsplit("/", 1)[1].split("?")[0]
        try:
            for _ in range(3):  # fill the pool
                with database.session() as session:
                    session.add(Setting(key=f"before {_}", value="x"))
            assert _drop_connections(url, name) >= 1
            with database.read_session(brief=True) as session:
                assert session.get(Setting, "before 0") is not None
            database.write_patiently(lambda s: s.add(Setting(key="after", value="x")))

            _on_the_server(url, name, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            try:
                _drop_connections(url, name)
                for attempt in ("read", "write"):
                    with pytest.raises(DatabaseError) as refused:
                        if attempt == "read":
                            with database.read_session(brief=True) as session:
                                session.get(Setting, "after")
                        else:
                            database.write_patiently(
                                lambda s: s.add(Setting(key="lost", value="x")))
                    said = str(refused.value)
                    assert said == engine_module.CONNECTION_LOST, attempt
            finally:
                _on_the_server(url, name, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            database.write_patiently(lambda s: s.add(Setting(key="back", value="x")))
            with database.read_session() as session:
                assert session.get(Setting, "lost") is None
                assert session.get(Setting, "back") is not None
        finally:
            database.close()


def _drop_connections(url: str, name: str) -> int:
    """Every connection to database ``name`` is dropped by the server: how many there were."""
    return int(_on_the_server(url, name, "SELECT count(pg_terminate_backend(pid)) FROM "
                              "pg_stat_activity WHERE datname = :db", db=name) or 0)


def _on_the_server(url: str, name: str, sql: str, **params: object) -> object:
    """Run ``sql`` from the server's own ``postgres`` database (as IT would)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    admin = create_engine(url.replace(f"/{name}?", "/postgres?"), poolclass=NullPool)
    try:
        with admin.begin() as conn:
            result = conn.execute(text(sql), params)
            return result.scalar() if result.returns_rows else None
    finally:
        admin.dispose()


@pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test server "
                    "(AWARDS_TEST_PG)")
@pytest.mark.parametrize("refusal", ["statement timeout", "read-only", "lock timeout"])
def test_a_servers_refusals_are_told_by_their_codes_in_plain_words(refusal: str) -> None:
    """IT's statement_timeout, a server made read-only for maintenance and the write lock's
    wait running out are said in plain words, whatever language the server writes its own
    messages in (told by SQLSTATE codes); nothing is written."""
    from sqlalchemy.exc import DBAPIError

    from sqlalchemy import create_engine

    with pg.fresh_database() as url:
        database = open_database(url)
        holder = create_engine(url).connect()  # another program, holding the table
        holder.execute(text("LOCK TABLE audit_entry IN ACCESS EXCLUSIVE MODE"))
        if refusal != "lock timeout":
            holder.rollback()
        try:
            with pytest.raises(DatabaseError) as refused, database.session() as session:
                if refusal == "statement timeout":
                    session.execute(text("SET LOCAL statement_timeout = 1"))
                    session.execute(text("SELECT pg_sleep(0.2)"))
                elif refusal == "read-only":
                    session.execute(text("SET TRANSACTION READ ONLY"))
                else:
                    session.execute(text("SET LOCAL lock_timeout = 1"))
                    session.execute(text("SELECT count(*) FROM audit_entry"))
                session.add(Setting(key="refused", value="x"))
                session.flush()
            said, cause = str(refused.value), refused.value.__cause__
            assert isinstance(cause, DBAPIError)
            cause.orig.args = ("des mots dans une autre langue",)  # type: ignore[union-attr]
            again = engine_module.plain_database_error(cause)  # told by the code alone
            assert again is not None and str(again) == said
            if refusal == "read-only":
                assert "read-only just now" in said and "nothing was saved" in said
            else:
                assert isinstance(refused.value, DatabaseBusyError)
        finally:
            holder.rollback()
            holder.close()
            holder.engine.dispose()
            database.close()
        assert dbtools.tuples(url, "SELECT key FROM app_setting WHERE key = 'refused'") == []
