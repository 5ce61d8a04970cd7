"""Restoring a backup into a database that other windows and commands may have open.

A restore must never lose committed work, even while an import is running. So it:

1. checks the backup and brings a private copy of it up to this version's schema (no lock);
2. takes the database's write lock (``BEGIN IMMEDIATE``: any writer's final write finishes
   first, and no other write can start);
3. copies the database as it is now, with everything committed up to that moment, to a
   checked safety backup (a second, read-only connection: readers never need the lock);
4. replaces every table's rows with the backup's in the same transaction, gives the
   database a new *generation*, and commits.

Every committed write is then either in the safety backup (it committed before step 2) or in
the restored database (it committed after step 4). The file itself stays the same file (it
is written through SQLite, not swapped), so programs that have it open stay consistent; the
new generation tells them a restore happened: their next write is refused
(``DatabaseRestoredError``) and the window reloads.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from awards_app.core.errors import DatabaseError
from awards_app.db import backup, encryption
from awards_app.db.engine import BUSY_TIMEOUT_MS, GENERATION_KEY, open_database

#: how long a restore waits for another task's write to finish before giving up
RESTORE_LOCK_WAIT_S = 60.0


@dataclass(frozen=True)
class Restored:
    """What a restore did: the safety backup holds the database as it was, with every write
    committed up to ``locked_at`` (None when there was no database before)."""

    safety: Path | None
    locked_at: datetime


def restore_database(db_path: Path, source: Path) -> Restored:
    """Replace the contents of the database at ``db_path`` with the backup ``source``,
    keeping a checked safety backup of what was there; see the module's description."""
    backup.validate_backup_file(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise DatabaseError("That file is the database itself; choose a backup to restore.")
    if not db_path.exists() or db_path.stat().st_size == 0:
        # Nothing to keep and nobody can have it open: the backup becomes the database.
        db_path.unlink(missing_ok=True)
        backup.copy_database(source, db_path)
        open_database(db_path).close()  # brings an older backup up to date, checked
        return Restored(safety=None, locked_at=datetime.now())
    folder = backup.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=folder) as tmp:
        staged = Path(tmp) / "restore.sqlite3"
        backup.copy_database(source, staged)
        wanted = encryption.passphrase_of(db_path)
        if encryption.passphrase_of(staged) != wanted:
            # a plain backup into an encrypted database, or the other way round: the staged
            # copy takes the database's encryption, so the restored data is stored that way
            matched = Path(tmp) / "restore-matched.sqlite3"
            encryption.export_copy(staged, matched, passphrase=wanted)
            staged = matched
        open_database(staged).close()  # the backup, brought up to this version's schema
        if backup.integrity_errors(db_path) or backup.damage_marked(db_path):
            restored = _replace_damaged(db_path, staged)
        else:
            restored = _replace_contents(db_path, staged)
    backup.clear_damage_mark(db_path)
    return restored


def _replace_damaged(db_path: Path, staged: Path) -> Restored:
    """A damaged database is open read-only everywhere (nobody can be writing to it): its
    files are kept as they are, byte for byte, beside the backups, and the checked copy of
    the backup takes its place (the programs that have it open see the file change)."""
    locked_at = datetime.now()
    kept = backup.backups_dir(db_path) / (
        f"{backup.BACKUP_PREFIX}{locked_at:%Y%m%d-%H%M%S}-damaged{backup.BACKUP_SUFFIX}")
    for suffix in ("", "-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            shutil.copy2(side, Path(f"{kept}{suffix}"))
    for suffix in ("-wal", "-shm"):  # they belong to the damaged file, not the restored one
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
    return Restored(safety=kept, locked_at=locked_at)


def _replace_contents(db_path: Path, staged: Path) -> Restored:
    conn = encryption.connect(db_path, isolation_level=None, timeout=RESTORE_LOCK_WAIT_S)
    try:
        conn.execute(f"PRAGMA busy_timeout={int(RESTORE_LOCK_WAIT_S * 1000)}")
        if encryption.is_encrypted(db_path):  # the staged copy has the database's passphrase
            conn.execute("ATTACH DATABASE ? AS restored KEY "
                         + encryption.attach_key(staged, encryption.passphrase_of(db_path)),
                         (str(staged),))
        else:
            conn.execute("ATTACH DATABASE ? AS restored", (str(staged),))
        try:
            conn.execute("BEGIN IMMEDIATE")
        except encryption.errors("OperationalError") as exc:
            raise DatabaseError(
                f"{db_path} stayed busy with another task for {RESTORE_LOCK_WAIT_S:.0f} s, so "
                "nothing was restored. Try again when it has finished.") from exc
        locked_at = datetime.now()
        try:
            # Rotation (a full check of the database and its newest backup) waits until the
            # lock is released: it need not hold up every other writer.
            safety = backup.backup_database(db_path, reason="before-restore", rotate=False)
            _copy_tables(conn)
            conn.execute("INSERT OR REPLACE INTO main.app_setting (key, value) VALUES (?, ?)",
                         (GENERATION_KEY, uuid.uuid4().hex))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("DETACH DATABASE restored")
    finally:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.close()
    problems = backup.integrity_errors(db_path)
    if problems:  # not expected: SQLite wrote it; said rather than hidden
        raise DatabaseError(f"{db_path} failed its check after the restore ({problems[0]}); "
                            f"the database as it was is kept at {safety}.")
    backup.rotate_backups(db_path)
    return Restored(safety=safety, locked_at=locked_at)


def _copy_tables(conn: Any) -> None:
    """Every table's rows replaced by the restored copy's, in this transaction (foreign
    keys are checked at the commit, when both sides are whole)."""
    conn.execute("PRAGMA defer_foreign_keys=ON")
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM restored.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    mine = {row[0] for row in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    missing = [t for t in tables if t not in mine]
    if missing:
        raise DatabaseError("The backup has tables this database lacks "
                            f"({', '.join(missing)}); nothing was restored.")
    for table in mine - set(tables) - {"sqlite_sequence"}:
        conn.execute(f'DELETE FROM main."{table}"')
    for table in tables:
        columns = ", ".join(f'"{row[1]}"' for row in conn.execute(
            f'PRAGMA restored.table_info("{table}")'))
        conn.execute(f'DELETE FROM main."{table}"')
        conn.execute(f'INSERT INTO main."{table}" ({columns}) '
                     f'SELECT {columns} FROM restored."{table}"')
    if "sqlite_sequence" in mine:
        conn.execute("DELETE FROM main.sqlite_sequence")
        has_sequence = conn.execute(
            "SELECT 1 FROM restored.sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
        if has_sequence:
            conn.execute("INSERT INTO main.sqlite_sequence SELECT * FROM restored.sqlite_sequence")
