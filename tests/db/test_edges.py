"""Issue 11, items 1–4: nothing lost at the edges of the database file — moved or deleted
while in use, emptied, restored during a write, a commit that fails."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from awards_app.core.errors import (
    DatabaseError,
    DatabaseGoneError,
    DatabaseRestoredError,
    EmptyDatabaseError,
)
from awards_app.db import backup, engine as engine_module
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Nomination, Setting
from awards_app.db.restore import restore_database
from awards_app.services import demo
from tests.conftest import CliResult


def _with_demo(path: Path) -> Database:
    database = open_database(path)
    with database.session() as s:
        demo.create_demo_event(s)
    return database


def _nominations(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM nomination").fetchone()[0])
    finally:
        conn.close()


def _marker(path: Path) -> str | None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM app_setting WHERE key = 'marker'").fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


# --- 1. moved or deleted while in use ------------------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "moved", "replaced"])
def test_a_write_after_the_file_went_is_refused_and_says_where_it_was(
        tmp_path: Path, how: str) -> None:
    path = tmp_path / "awards.sqlite3"
    database = open_database(path)
    if how == "deleted":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif how == "moved":
        path.rename(tmp_path / "elsewhere.sqlite3")
    else:  # another file copied over it, as a sync tool or Explorer does
        other = tmp_path / "other.sqlite3"
        open_database(other).close()
        os.replace(other, path)
    with pytest.raises(DatabaseGoneError) as gone, database.session() as s:
        s.add(Setting(key="marker", value="lost?"))
    assert str(path) in str(gone.value)
    assert "nothing more was saved" in str(gone.value)
    with pytest.raises(DatabaseGoneError):
        database.check_still_ours()
    database.close()


@pytest.mark.sqlite_only
def test_the_cli_never_reports_success_into_a_vanished_file(
        cli: Callable[..., CliResult], db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_demo(db_path).close()
    ref = "N-0005"
    original = Database.session

    def delete_then_write(self: Database, **kwargs: object):  # type: ignore[no-untyped-def]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        return original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Database, "session", delete_then_write)
    result = cli("withdraw", ref, "--reason", "moving away")
    assert result.code == 1
    assert "Withdrew" not in result.out and result.out == ""
    assert "moved, deleted or replaced" in result.err and str(db_path) in result.err


# --- 2. an emptied file ----------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_an_empty_file_is_never_initialised_silently(
        cli: Callable[..., CliResult], db_path: Path) -> None:
    db_path.write_bytes(b"")
    with pytest.raises(EmptyDatabaseError):
        open_database(db_path)
    for command in (["status"], ["init"], ["backup"], ["list", "nominations"]):
        result = cli(*command)
        assert result.code == 1, command
        assert "is empty" in result.err and "Traceback" not in result.err
        assert db_path.stat().st_size == 0, command  # nothing was written into it
    check = cli("check")
    assert check.code == 1 and "is empty (0 bytes)" in check.err
    created = cli("init", "--new-database")  # only when asked
    assert created.code == 0 and db_path.stat().st_size > 0
    assert cli("check").code == 0


def test_a_sqlite_file_without_tables_is_not_taken_for_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "bare.sqlite3"
    sqlite3.connect(path).execute("PRAGMA user_version=0").connection.close()
    sqlite3.connect(path).execute("VACUUM").connection.close()
    if path.stat().st_size == 0:  # SQLite wrote nothing: write its header by hand
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t(x)")
        conn.execute("DROP TABLE t")
        conn.close()
    assert path.stat().st_size > 0
    with pytest.raises(EmptyDatabaseError):
        open_database(path)
    open_database(path, new_database=True).close()


def _backups(db_path: Path, count: int, start: datetime, step: timedelta) -> list[Path]:
    folder = backup.backups_dir(db_path)
    made = []
    for i in range(count):
        target = folder / f"{backup.BACKUP_PREFIX}{i:04d}{backup.BACKUP_SUFFIX}"
        backup.copy_database(db_path, target)
        stamp = (start + step * i).timestamp()
        os.utime(target, (stamp, stamp))
        made.append(target)
    return made


def test_rotation_never_deletes_the_only_copies_of_lost_data(db_path: Path) -> None:
    _with_demo(db_path).close()
    made = _backups(db_path, 14, datetime(2026, 11, 1), timedelta(hours=1))
    # The database loses its data (a bad sync replaces it with a fresh one).
    db_path.unlink()
    open_database(db_path).close()
    rotation = backup.rotate_backups(db_path)
    assert rotation.removed == [] and "much less than its newest backup" in \
        rotation.kept_all_because
    assert all(p.exists() for p in made)
    db_path.write_bytes(b"")
    assert backup.rotate_backups(db_path).kept_all_because == "the database is empty"
    assert all(p.exists() for p in made)
    assert all(_nominations(p) == 54 for p in made)


def test_rotation_keeps_a_spread_over_time_and_clears_partial_copies(db_path: Path) -> None:
    open_database(db_path).close()
    newest = datetime(2026, 12, 6, 12, 0)
    made = _backups(db_path, 400, newest - timedelta(days=399), timedelta(days=1))
    folder = backup.backups_dir(db_path)
    for i in range(3):
        (folder / f"{backup.BACKUP_PREFIX}x{i}{backup.BACKUP_SUFFIX}.partial").write_bytes(b"x")
    rotation = backup.rotate_backups(db_path)
    kept = [p for p in made if p.exists()]
    assert rotation.partial == 3 and not list(folder.glob("*.partial"))
    assert made[-10:] == kept[-10:]  # the newest ten
    ages = sorted((newest - datetime.fromtimestamp(p.stat().st_mtime)).days for p in kept)
    assert ages[-1] >= 330  # about a year back is still there
    assert ages[-1] < 31 * backup.MONTHLY
    for week in range(backup.WEEKLY):  # at least one in each of the last eight weeks
        assert any(week * 7 <= age < week * 7 + 7 for age in ages), week
    assert len(kept) <= 10 + backup.WEEKLY + backup.MONTHLY
    assert len(rotation.removed) == 400 - len(kept)


# --- 3. a restore during a write -------------------------------------------------------------


def test_a_restore_waits_for_a_write_and_the_safety_copy_holds_it(db_path: Path,
                                                                   tmp_path: Path) -> None:
    _with_demo(db_path).close()
    old = tmp_path / "old.sqlite3"
    backup.backup_database(db_path, to=old)
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an import's final write, under way
    writer.execute("INSERT INTO app_setting (key, value) VALUES ('marker', 'committed')")
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(restore_database(db_path, old)))
    thread.start()
    time.sleep(1.0)
    assert thread.is_alive()  # the restore waits for the write lock…
    writer.execute("COMMIT")  # …and the write commits
    writer.close()
    thread.join(30)
    restored = outcome[0]
    assert restored.safety is not None  # type: ignore[attr-defined]
    assert _marker(restored.safety) == "committed"  # type: ignore[attr-defined]
    assert _marker(db_path) is None  # the restored database is the backup's
    assert _nominations(db_path) == 54


@pytest.mark.sqlite_only
def test_programs_that_have_it_open_notice_a_restore(db_path: Path, tmp_path: Path,
                                                     cli: Callable[..., CliResult]) -> None:
    database = _with_demo(db_path)
    old = tmp_path / "old.sqlite3"
    backup.backup_database(db_path, to=old)
    with database.session() as s:
        s.add(Setting(key="marker", value="after the backup"))
    result = cli("restore", str(old))
    assert result.code == 0 and "with everything saved up to" in result.out
    with pytest.raises(DatabaseRestoredError) as noticed, database.session() as s:
        s.add(Setting(key="marker", value="written over a restore?"))
    assert "restored from a backup" in str(noticed.value)
    assert _marker(db_path) is None
    with pytest.raises(DatabaseRestoredError):
        database.check_still_ours()
    database.close()
    again = open_database(db_path)  # opened afresh, it is simply the restored database
    with again.read_session() as s:
        assert s.scalar(select(func.count(Nomination.id))) == 54
    again.close()


# --- 4. a commit that fails -------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_full_disk_prints_no_success_and_says_so_plainly(
        cli: Callable[..., CliResult], db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.factories import write_nominations_csv

    database = _with_demo(db_path)
    with database.read_session() as s:
        pages = s.connection().exec_driver_sql("PRAGMA page_count").scalar()
    database.close()
    csv_path = write_nominations_csv(tmp_path / "n.csv", 2000, seed=5)
    monkeypatch.setattr(engine_module, "SQLITE_PRAGMAS", (
        *engine_module.SQLITE_PRAGMAS, f"PRAGMA max_page_count={int(pages) + 5}"))
    result = cli("event", "use", "Bench")  # may not exist; any output is fine
    result = cli("import", "nominations", str(csv_path))
    assert result.code != 0
    assert "Imported" not in result.out
    assert "full" in result.err and "nothing was" in result.err.lower()
    for leak in ("OperationalError", "sqlite3", "INSERT", "Traceback"):
        assert leak not in result.err
    assert _nominations(db_path) == 54


def test_a_disk_error_while_opening_is_not_called_damage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "awards.sqlite3"
    open_database(path).close()
    real_connect = sqlite3.connect

    class Failing:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def execute(self, *_args: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        def close(self) -> None:
            self.conn.close()

    monkeypatch.setattr(engine_module.sqlite3, "connect",
                        lambda *a, **k: Failing(real_connect(*a, **k)))
    with pytest.raises(DatabaseError) as refused:
        engine_module.preflight_sqlite(path)
    assert type(refused.value) is DatabaseError  # not DamagedDatabaseError
    assert "no space left" in str(refused.value) and "damaged" not in str(refused.value)


# --- 5. a look-alike file --------------------------------------------------------------------


def _look_alike(path: Path) -> Path:
    """Our table names and migration head, not our columns."""
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE nominee RENAME COLUMN last_name TO surname")
    conn.commit()
    conn.close()
    return path


def test_a_look_alike_file_is_refused_with_the_differences_named(tmp_path: Path) -> None:
    path = _look_alike(tmp_path / "lookalike.sqlite3")
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as refused:
        open_database(path)
    message = str(refused.value)
    assert "nominee.last_name is missing" in message
    assert "nominee.surname is not one of this program's columns" in message
    assert path.read_bytes() == before  # not written to


def test_restore_refuses_a_look_alike_and_keeps_the_database(db_path: Path,
                                                            tmp_path: Path) -> None:
    _with_demo(db_path).close()
    fake = _look_alike(tmp_path / "fake-backup.sqlite3")
    with pytest.raises(DatabaseError) as refused:
        restore_database(db_path, fake)
    assert "nominee.last_name is missing" in str(refused.value)
    assert _nominations(db_path) == 54
    open_database(db_path).close()  # still opens as it was


# --- 5. damage that is seen is acted on --------------------------------------------------


def _damage_an_index(path: Path) -> None:
    """The index's declared order no longer matches what is stored in it: SQLite's quick
    check does not look at indexes; its integrity check reports rows missing from it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_nominee_match ON nominee "
                 "(first_name, last_name, date_of_birth)' WHERE name = 'ix_nominee_match'")
    conn.commit()
    conn.close()
    assert backup.integrity_errors(path)


@pytest.mark.sqlite_only
def test_a_damaged_database_opens_read_only_and_is_never_written(
        db_path: Path, cli: Callable[..., CliResult]) -> None:
    _with_demo(db_path).close()
    backup.backup_database(db_path)  # a sound backup to go back to
    _damage_an_index(db_path)
    for side in ("-wal", "-shm"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    before = db_path.read_bytes()
    database = open_database(db_path)
    assert database.damage and "ix_nominee_match" in " ".join(database.damage)
    with database.read_session() as s:  # reading still works
        assert s.scalar(select(func.count(Nomination.id))) == 54
    with pytest.raises(DatabaseError) as refused, database.session() as s:
        s.add(Setting(key="marker", value="x"))
    assert "read-only" in str(refused.value) and "Restore" in str(refused.value)
    database.close()
    for command in (["withdraw", "N-0001", "--reason", "moving"], ["event", "use", "x"]):
        result = cli(*command)
        assert result.code == 1 and "damaged" in result.err, command
    assert db_path.read_bytes() == before  # never written to
    check = cli("check")
    assert check.code == 1 and "ix_nominee_match" in check.err

    newest = backup.newest_sound_backup(db_path)
    assert newest is not None
    restored = restore_database(db_path, newest)
    assert restored.safety is not None and restored.safety.read_bytes() == before
    sound = open_database(db_path)
    assert sound.damage == []
    with sound.session() as s:
        s.add(Setting(key="marker", value="saved again"))
    sound.close()
    assert cli("check").code == 0


@pytest.mark.sqlite_only
def test_damage_found_by_a_full_check_is_acted_on_by_every_later_open(
        db_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch) -> None:
    """A large database gets only the quick check at open (which skips indexes): damage a
    full check found earlier must still make it read-only."""
    _with_demo(db_path).close()
    _damage_an_index(db_path)
    monkeypatch.setattr(engine_module, "FULL_CHECK_MAX_BYTES", 0)  # as for a large file
    quick = open_database(db_path)
    assert quick.damage == []  # the quick check alone does not see it…
    quick.close()
    assert cli("check").code == 1  # …the full check does, and notes it
    result = cli("withdraw", "N-0001", "--reason", "moving")
    assert result.code == 1 and "damaged" in result.err and "read-only" in result.err
    assert open_database(db_path).damage


# --- 6. leftovers of a killed backup ----------------------------------------------------------

KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
from awards_app.db import backup

real = backup.copy_database

def dies_half_way(source, target):
    backup.partial_path(target).write_bytes(Path(source).read_bytes()[:4096])
    os.kill(os.getpid(), signal.SIGKILL)

backup.copy_database = dies_half_way
to = Path(sys.argv[2]) if len(sys.argv) > 2 else None
backup.backup_database(Path(sys.argv[1]), to=to)
"""


@pytest.mark.parametrize("where", ["backups folder", "beside a chosen file"])
def test_a_killed_backup_leaves_nothing_after_the_next_one(db_path: Path, tmp_path: Path,
                                                           where: str) -> None:
    import subprocess
    import sys

    _with_demo(db_path).close()
    chosen = tmp_path / "elsewhere" / "my-copy.sqlite3"
    chosen.parent.mkdir()
    args = [sys.executable, "-c", KILLED_BACKUP, str(db_path)]
    if where == "beside a chosen file":
        args.append(str(chosen))
    killed = subprocess.run(args, cwd=Path(__file__).resolve().parents[2], check=False)
    assert killed.returncode == -9
    leftovers = [*backup.backups_dir(db_path).glob("*.partial"), *chosen.parent.glob("*.partial")]
    assert len(leftovers) == 1  # the killed copy, holding personal data
    backup.backup_database(db_path)  # the next backup of this database
    assert all(not p.exists() for p in leftovers)
    assert not [*backup.backups_dir(db_path).glob("*.partial"), *chosen.parent.glob("*.partial")]
