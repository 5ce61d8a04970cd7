"""A restore of a shared PostgreSQL database (``server_backup.restore_server``) against the
other programs that write to it: it waits for a save already under way, and its safety backup
holds what that save committed; a restore whose copy fails leaves the server exactly as it
was; while it holds the write lock other writers are refused as busy, and once it is done a
program that had the database open before it is refused its next write."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from awards_app.core.errors import Cancelled, DatabaseBusyError, DatabaseRestoredError
from awards_app.db import copying, server_backup
from awards_app.db.copying import CopyCheckFailed
from awards_app.db.engine import GENERATION_KEY, WRITE_LOCK_KEY, Database, open_database
from awards_app.db.models import Setting
from awards_app.services import demo
from tests import dbtools, pg
from tests.db.test_copying import digests

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                "server (AWARDS_TEST_PG)")

#: how long any wait for another thread may take before the test fails (never reached when
#: all is well: every wait ends on an event)
WAIT_S = 10.0


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh shared database holding the demo event; backups go under ``tmp_path``."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with pg.fresh_database() as url:
        database = open_database(url)
        try:
            with database.session() as session:
                demo.create_demo_event(session, stage="judging")
        finally:
            database.close()
        yield url


@pytest.fixture
def opened(server: str) -> Iterator[Callable[[], Database]]:
    """Open the server database as one more program would; each is closed afterwards."""
    made: list[Database] = []

    def open_one() -> Database:
        made.append(open_database(server))
        return made[-1]

    yield open_one
    for database in made:
        database.close()


class Background:
    """``fn()`` on another thread, its result or exception kept for the test."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self.thread.start()

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            self.result = fn()
        except BaseException as exc:  # handed to the test
            self.error = exc

    def join(self) -> Any:
        self.thread.join(WAIT_S * 2)
        assert not self.thread.is_alive(), "the background task did not finish"
        if self.error is not None:
            raise self.error
        return self.result


def _setting(where: str | Path, key: str) -> str | None:
    found = dbtools.tuples(where, "SELECT value FROM app_setting WHERE key = :key", key=key)
    return None if not found else str(found[0][0])


def _waiting_for_write_lock(url: str) -> int:
    """How many sessions of the database at ``url`` are waiting for the write lock."""
    return int(dbtools.tuples(
        url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND classid::bigint = :high AND objid::bigint = :low AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())",
        high=WRITE_LOCK_KEY >> 32, low=WRITE_LOCK_KEY & 0xFFFFFFFF)[0][0])


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll the server for ``condition`` (a state another thread reaches inside PostgreSQL,
    where no event of ours can tell it)."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)


def _without_generation(found: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    return {name: digest for name, digest in found.items() if name != "app_setting"}


# --- 1. a restore waits for a save under way --------------------------------------------------


def test_a_restore_waits_for_a_save_under_way_and_its_safety_backup_holds_it(
        server: str, opened: Callable[[], Database], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    restorer = opened()
    old = tmp_path / "old.sqlite3"
    server_backup.backup_server(restorer, to=old)

    # another window's save, under way: its row inserted, its transaction not yet committed
    saver = opened()
    inserted, commit_now = threading.Event(), threading.Event()

    def save() -> None:
        with saver.session() as session:
            session.add(Setting(key="marker", value="saved during the restore"))
            session.flush()
            inserted.set()
            assert commit_now.wait(WAIT_S), "the test never let the save commit"

    committed_at: list[datetime] = []
    cleared_after_commit: list[bool] = []
    real_clear = server_backup.clear_tables

    def clear_tables(conn: Connection) -> None:
        cleared_after_commit.append(bool(committed_at))
        real_clear(conn)

    monkeypatch.setattr(server_backup, "clear_tables", clear_tables)
    saving = Background(save)
    restoring: Background | None = None
    try:
        assert inserted.wait(WAIT_S)
        restoring = Background(lambda: server_backup.restore_server(restorer, old))
        _wait_until(lambda: _waiting_for_write_lock(server) == 1,
                    "the restore waits for the write lock")
        assert restoring.thread.is_alive()
        assert cleared_after_commit == []  # no row replaced while the save is under way
        assert _setting(server, "marker") is None  # (not committed yet)
        committed_at.append(datetime.now())
    finally:
        commit_now.set()  # the save commits (and a failing test cannot hang)
        saving.join()
        restored = restoring.join() if restoring is not None else None
    assert restored is not None
    assert cleared_after_commit == [True]  # the rows were replaced once, after the commit
    assert restored.locked_at >= committed_at[0]
    assert restored.safety.is_file() and "before-restore" in restored.safety.name
    assert _setting(restored.safety, "marker") == "saved during the restore"
    assert _setting(server, "marker") is None  # the server now holds the backup's rows
    assert _without_generation(digests(server)) == _without_generation(digests(old))
    assert _setting(server, GENERATION_KEY) == restorer.generation
    with pytest.raises(DatabaseRestoredError):  # the saver had it open before the restore
        saver.check_still_ours()


# --- 2. a restore whose copy fails changes nothing ---------------------------------------------


def _checksums_differ(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    """The check of the copy into the server reads a different checksum for nominations."""
    real = copying.checksum

    def checksum(conn: Connection, table: Any, **kwargs: Any) -> tuple[int, str]:
        rows, digest = real(conn, table, **kwargs)
        if conn.dialect.name == "postgresql" and table.name == "nomination":
            return rows, "0" * len(digest)
        return rows, digest

    monkeypatch.setattr(copying, "checksum", checksum)
    return CopyCheckFailed


class Interrupted(Exception):
    """The copy stopped part-way (a bug, a lost disk: anything that raises)."""


def _copy_raises_part_way(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    """The copy into the server raises after some tables' rows have been written."""
    real = copying._insert
    written: list[str] = []

    def insert(target: Connection, table: Any, values: list[dict[str, Any]]) -> None:
        real(target, table, values)
        if target.dialect.name == "postgresql":
            written.append(table.name)
            if len(written) == 3:
                raise Interrupted(f"stopped after {written}")

    monkeypatch.setattr(copying, "_insert", insert)
    return Interrupted


def _cancelled_part_way(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    """The person stops the restore once its copy into the server is under way."""
    real = server_backup.clear_tables

    def clear_tables(conn: Connection) -> None:
        real(conn)
        cleared.set()

    cleared = threading.Event()
    monkeypatch.setattr(server_backup, "clear_tables", clear_tables)
    real_copy = server_backup.copy_database
    steps: list[int] = []

    def copy_database(source: Connection, target: Connection, **kwargs: Any) -> Any:
        def cancelled() -> bool:
            steps.append(1)
            return cleared.is_set() and len(steps) > 3

        return real_copy(source, target, **{**kwargs, "cancelled": cancelled})

    monkeypatch.setattr(server_backup, "copy_database", copy_database)
    return Cancelled


@pytest.mark.parametrize("failure", [_checksums_differ, _copy_raises_part_way,
                                     _cancelled_part_way],
                         ids=["checksum-differs", "raises-part-way", "cancelled-part-way"])
def test_a_restore_whose_copy_fails_leaves_the_server_exactly_as_it_was(
        server: str, opened: Callable[[], Database], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        failure: Callable[[pytest.MonkeyPatch], type[BaseException]]) -> None:
    restorer = opened()
    old = tmp_path / "old.sqlite3"
    server_backup.backup_server(restorer, to=old)
    with restorer.session() as session:  # the server now differs from the backup
        session.add(Setting(key="marker", value="after the backup"))
        session.execute(text("DELETE FROM audit_entry"))
    other = opened()
    before = digests(server)
    generation = _setting(server, GENERATION_KEY)
    assert _without_generation(before) != _without_generation(digests(old))

    with monkeypatch.context() as patched:
        expected = failure(patched)
        with pytest.raises(expected):
            server_backup.restore_server(restorer, old)

    assert digests(server) == before  # every row of every table as it was
    assert _setting(server, GENERATION_KEY) == generation
    assert _setting(server, "marker") == "after the backup"
    assert restorer.generation == generation
    # neither the program that tried the restore nor another one is told it was restored
    other.check_still_ours()
    with other.session() as session:
        session.add(Setting(key="other", value="still writes"))
    with restorer.session() as session:
        session.add(Setting(key="restorer", value="still writes"))
    assert _setting(server, "other") == "still writes"
    assert _setting(server, "restorer") == "still writes"


# --- 3. writers while a restore holds the lock, and after it ------------------------------------


def test_a_write_during_a_restore_is_refused_as_busy_and_after_it_as_restored(
        server: str, opened: Callable[[], Database], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    restorer = opened()
    old = tmp_path / "old.sqlite3"
    server_backup.backup_server(restorer, to=old)
    other = opened()  # another window, open before the restore

    holding, release = threading.Event(), threading.Event()
    real_clear = server_backup.clear_tables

    def clear_tables(conn: Connection) -> None:
        holding.set()  # the write lock is held (the safety backup is made)
        assert release.wait(WAIT_S), "the test never let the restore carry on"
        real_clear(conn)

    monkeypatch.setattr(server_backup, "clear_tables", clear_tables)
    tried: list[str] = []

    def write(session: Session) -> None:
        tried.append("written")
        session.add(Setting(key="marker", value="written by the other window"))

    restoring = Background(lambda: server_backup.restore_server(restorer, old))
    try:
        assert holding.wait(WAIT_S)
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError):
            other.write_patiently(write, patience=0.5)
        assert time.monotonic() - started >= 0.5  # it waited as long as it was told to
        assert tried == []  # its work never ran: the lock comes first
        assert restoring.thread.is_alive()
    finally:
        release.set()
        restored = restoring.join()
    assert _setting(server, "marker") is None
    assert _setting(server, GENERATION_KEY) == restorer.generation

    with pytest.raises(DatabaseRestoredError):
        other.write_patiently(write, patience=0.5)
    assert tried == []
    assert _setting(server, "marker") is None
    with pytest.raises(DatabaseRestoredError):
        with other.session() as session:
            session.add(Setting(key="marker", value="written over a restore?"))
    assert _setting(server, "marker") is None
    # the program that restored carries on with the restored data
    restorer.write_patiently(lambda session: session.add(Setting(key="after", value="ok")),
                             patience=0.5)
    assert _setting(server, "after") == "ok"
    assert _setting(restored.safety, "marker") is None
