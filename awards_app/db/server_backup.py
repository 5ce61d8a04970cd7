"""Backups and restores of a shared PostgreSQL database, made by the program itself.

A backup is a complete, checked copy of the server's database as a SQLite file (see
:mod:`awards_app.db.moving`): the program can restore it to the server, or open it on any PC.
Without ``--to`` it goes into a private per-user folder, one sub-folder per server database.

A restore keeps the guarantees of :mod:`awards_app.db.restore`: it takes the write lock (any
writer's final write finishes first and no other write can start), writes a checked safety
backup of the server's data as it is then, replaces every table's rows with the backup's in
that same transaction, and gives the database a new generation, so every window and command
that has it open is refused its next write (``DatabaseRestoredError``) and reloads.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from awards_app.core.errors import DatabaseError
from awards_app.db import backup
from awards_app.db.copying import (
    CopyReport,
    Progress,
    clear_tables,
    copy_database,
    refresh_statistics,
)
from awards_app.db.engine import GENERATION_KEY, Database, open_database
from awards_app.db.moving import copy_into, reading, reading_database
from awards_app.db.upgrade_backup import new_backup_path, private_folder, server_backups_dir


@dataclass(frozen=True)
class ServerBackup:
    path: Path
    report: CopyReport
    rotation: backup.Rotation | None = None  # when made in the backups folder


def backup_server(database: Database, *, to: Path | None = None, reason: str = "manual",
                  progress: Progress | None = None,
                  cancelled: Callable[[], bool] = lambda: False,
                  rotate: bool = True) -> ServerBackup:
    """Write the open server database to a new SQLite file (``to``, or a new file in
    :func:`server_backups_dir`, whose backups are then rotated unless ``rotate`` is False),
    checked: rows and checksums per table, then SQLite's integrity check, before it takes
    its name (until then it is ``NAME.partial``)."""
    if to is not None and to.exists():
        raise DatabaseError(f"{to} already exists; choose a new file name.")
    target = to if to is not None else new_backup_path(database.url, reason)
    report = copy_into(reading_database(database), str(target), progress=progress,
                       cancelled=cancelled)
    rotation = rotate_server_backups(database) if to is None and rotate else None
    return ServerBackup(target, report, rotation)


#: a ``.partial`` in the backups folder untouched for this long (seconds) was left by an
#: interrupted backup; a younger one may be another window's backup under way
STALE_PARTIAL = 3600


def rotate_server_backups(database: Database) -> backup.Rotation:
    """Rotate this user's backups of the server database as a file's are rotated (see
    :func:`backup.rotate_backups`): every one is kept while the database holds much less
    than the newest. Interrupted backups' ``.partial`` files are removed once stale."""
    folder = server_backups_dir(database.url)
    partial = 0
    now = time.time()
    for leftover in folder.glob(f"*{backup.BACKUP_SUFFIX}.partial"):
        try:
            if leftover.is_file() and now - leftover.stat().st_mtime > STALE_PARTIAL:
                backup.remove_file(leftover)
                partial += 1
        except OSError:
            continue  # gone meanwhile, or not ours to remove: the next rotation tries again
    return backup.rotate(backup.backups_in(folder),
                         lambda newest: backup.shrunk(_records(database), newest),
                         partial=partial)


def _records(database: Database) -> int:
    """How many records of the kinds people care about the server database holds."""
    with database.read_session() as session:
        return sum(int(session.scalar(text(f'SELECT count(*) FROM "{table}"')) or 0)
                   for table in backup.CONTENT_TABLES)


@dataclass(frozen=True)
class ServerRestored:
    """What a restore did: the safety backup holds the database as it was, with every write
    committed up to ``locked_at``."""

    safety: Path
    locked_at: datetime
    report: CopyReport


def restore_server(database: Database, source: Path, *, progress: Progress | None = None,
                   cancelled: Callable[[], bool] = lambda: False) -> ServerRestored:
    """Replace every row of the open server database with those of the backup file
    ``source``, keeping a checked safety backup of what was there; see the module's
    description. Nothing changes unless the whole restore succeeds. ``database`` itself
    carries on with the restored data (it learns the new generation it wrote); every other
    program that has the database open is refused its next write."""
    backup.validate_backup_file(source)
    folder = private_folder(server_backups_dir(database.url))
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=folder) as tmp:
        staged = Path(tmp) / "restore.sqlite3"
        backup.copy_database(source, staged)  # a private copy, brought up to this version:
        open_database(staged).close()  # the backup itself is never changed
        generation = uuid.uuid4().hex
        with database.session() as session:
            conn = session.connection()  # the write lock is held from here to the commit
            locked_at = datetime.now()
            safety = backup_server(database, reason="before-restore", cancelled=cancelled,
                                   rotate=False)
            with reading(str(staged)) as restored:
                clear_tables(conn)
                report = copy_database(restored, conn, progress=progress, cancelled=cancelled)
            conn.execute(text("DELETE FROM app_setting WHERE key = :key"),
                         {"key": GENERATION_KEY})
            conn.execute(text("INSERT INTO app_setting (key, value) VALUES (:key, :value)"),
                         {"key": GENERATION_KEY, "value": generation})
        database.generation = generation
        refresh_statistics(database.engine)
    rotate_server_backups(database)  # keeps them all if the backup held much less
    return ServerRestored(safety.path, locked_at, report)
