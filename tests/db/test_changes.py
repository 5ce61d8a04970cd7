"""Changes other programs commit are seen (db/changes.py), on SQLite and PostgreSQL: by
another Database or another process; one's own commits told apart; nothing when nothing
changed; the PostgreSQL listener back after the server dropped it; nothing left open."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from awards_app.db import changes
from awards_app.db.changes import ChangeWatcher, Seen
from awards_app.db.engine import Database, open_database
from tests import dbtools


@pytest.fixture
def watched(db: Database) -> Iterator[ChangeWatcher]:
    watcher = changes.open_watcher(db.engine, db.path)
    assert watcher is not None
    yield watcher
    watcher.close()


@pytest.fixture
def other(db_url: str, db: Database) -> Iterator[Database]:
    """A second program's view of the same database."""
    database = open_database(db_url)
    yield database
    database.close()


def put(database: Database, key: str, value: str = "1") -> None:
    with database.session() as session:
        session.execute(text("INSERT INTO app_setting (key, value) VALUES (:k, :v)"),
                        {"k": key, "v": value})


def seen_within(watcher: ChangeWatcher, seconds: float = 5.0) -> Seen:
    """Poll until something is seen (notifications travel), or NOTHING after ``seconds``."""
    others = own = False
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen = watcher.poll()
        others, own = others or seen.others, own or seen.own
        if others or own:
            time.sleep(0.2)  # anything else on its way arrives too
            seen = watcher.poll()
            return Seen(others=others or seen.others, own=own or seen.own)
        time.sleep(0.02)
    return changes.NOTHING


def test_a_write_by_another_database_is_seen(db: Database, other: Database,
                                             watched: ChangeWatcher) -> None:
    assert watched.poll() == changes.NOTHING
    put(other, "test.other")
    assert seen_within(watched) == Seen(others=True, own=False)
    assert watched.poll() == changes.NOTHING  # said once


def test_a_write_by_another_process_is_seen(db_url: str, db: Database,
                                            watched: ChangeWatcher) -> None:
    code = ("import sys; from sqlalchemy import text; "
            "from awards_app.db.engine import open_database; d = open_database(sys.argv[1]);\n"
            "with d.session() as s: s.execute(text(\"INSERT INTO app_setting VALUES "
            "('test.process', '1')\"))\n"
            "d.close()")
    subprocess.run([sys.executable, "-c", code, db_url], check=True, timeout=60)
    assert seen_within(watched).others


def test_own_writes_are_told_apart(db: Database, other: Database,
                                   watched: ChangeWatcher) -> None:
    put(db, "test.own")
    assert seen_within(watched) == Seen(others=False, own=True)
    put(db, "test.own2")
    put(other, "test.theirs")
    put(db, "test.own3")
    assert seen_within(watched) == Seen(others=True, own=True)


def test_nothing_is_seen_when_nothing_changed(db: Database, other: Database,
                                              watched: ChangeWatcher) -> None:
    with other.read_session() as session:
        session.execute(text("SELECT count(*) FROM app_setting")).scalar()
    with other.session() as session:  # a writing session that wrote nothing
        session.execute(text("SELECT count(*) FROM app_setting")).scalar()
    with pytest.raises(RuntimeError), other.session() as session:  # rolled back
        session.execute(text("INSERT INTO app_setting VALUES ('test.undone', '1')"))
        raise RuntimeError("changed my mind")
    assert seen_within(watched, seconds=1.5) == changes.NOTHING


def test_a_commit_seen_by_a_watcher_of_another_database_is_not_ours(
        db: Database, other: Database, watched: ChangeWatcher) -> None:
    """The second program's own watcher calls the first's write someone else's."""
    theirs = changes.open_watcher(other.engine, other.path)
    assert theirs is not None
    try:
        put(db, "test.first")
        assert seen_within(theirs) == Seen(others=True, own=False)
        assert seen_within(watched) == Seen(others=False, own=True)
    finally:
        theirs.close()


def test_the_listener_comes_back_after_the_server_drops_it(
        backend: str, db: Database, other: Database) -> None:
    if backend != "postgresql":
        pytest.skip("a PostgreSQL server's connection")
    watcher = changes.open_watcher(db.engine, db.path)
    assert isinstance(watcher, changes.PostgresWatcher)
    try:
        pid = watcher._conn.info.backend_pid
        with dbtools.connect(other.url) as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            watcher.poll()
            if watcher.reconnect_due():
                watcher.reconnect()
            if watcher.connected and watcher._conn.info.backend_pid != pid:
                break
            time.sleep(0.05)
        assert watcher.connected
        assert watcher._conn.info.backend_pid != pid
        assert watcher.poll().others  # something may have changed while it was away
        put(other, "test.after")
        assert seen_within(watcher).others
    finally:
        watcher.close()


def test_closing_leaves_nothing_open(db: Database, db_url: str, other: Database) -> None:
    watcher = changes.open_watcher(db.engine, db.path)
    assert watcher is not None
    if isinstance(watcher, changes.PostgresWatcher):
        pid = watcher._conn.info.backend_pid
        watcher.close()
        with dbtools.connect(other.url) as conn:
            deadline = time.monotonic() + 5
            while conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"),
                               {"p": pid}).scalar() and time.monotonic() < deadline:
                time.sleep(0.05)
                conn.rollback()
            assert not conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"),
                                    {"p": pid}).scalar()
    else:
        assert isinstance(watcher, changes.SqliteWatcher)
        connection = watcher._conn
        watcher.close()
        with pytest.raises(Exception, match="closed"):
            connection.execute("SELECT 1")
    put(other, "test.after-close")
    assert watcher.poll() == changes.NOTHING
    assert watcher.socket() is None


@pytest.mark.sqlite_only
def test_an_encrypted_file_is_watched_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from awards_app.db import encryption

    path = tmp_path / "encrypted.sqlite3"
    encryption.remember_passphrase(path, "correct horse battery")
    try:
        first, second = open_database(path), open_database(path)
        assert encryption.is_encrypted(path)
        watcher = changes.open_watcher(first.engine, first.path)
        assert watcher is not None
        try:
            put(second, "test.theirs")
            assert seen_within(watcher) == Seen(others=True, own=False)
            put(first, "test.mine")
            assert seen_within(watcher) == Seen(others=False, own=True)
        finally:
            watcher.close()
            first.close()
            second.close()
    finally:
        encryption.forget_all()
