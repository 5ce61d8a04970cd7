"""The private folder of this user's backups of a shared PostgreSQL database, and the backup
made there before this version upgrades the database's tables.

A database file is copied whole before an upgrade (``backup.backup_database``). A server's
database is written out instead as a SQLite file with the tables as the older version made
them: the file is made by this program's own migrations up to the database's revision, then
every row is copied from one moment of the server and checked table by table (counts and
checksums) and by SQLite, as every backup is (:mod:`awards_app.db.copying`). Restoring it
(``awards restore``) brings a private copy up to this version first.

(This module sits below ``engine``, which calls it while opening a database.)
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import NoSuchTableError

from awards_app.core.errors import DatabaseError
from awards_app.db import backup, migrate
from awards_app.db.copying import copy_database, one_moment
from awards_app.paths import data_dir, make_private


def server_backups_dir(url: str) -> Path:
    """The private folder of this user's backups of the server database at ``url``."""
    parsed = make_url(url)
    where = "-".join(str(part) for part in (
        parsed.host or parsed.query.get("host") or "local", parsed.port or "",
        parsed.database or "") if part)
    return data_dir() / "server-backups" / (re.sub(r"[^A-Za-z0-9._-]+", "_", where) or "server")


def private_folder(folder: Path) -> Path:
    """``folder`` made if need be, readable by its owner only (and its parent)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"The backups folder {folder} cannot be used ({exc.strerror}); "
                            "nothing was backed up. Back up with 'awards backup --to FILE'."
                            ) from exc
    for part in (folder, folder.parent):
        make_private(part)
    return folder


def new_backup_path(url: str, reason: str) -> Path:
    """A new file's name in the backups folder of the server database at ``url``, named as
    the backups of a file are (``awards-STAMP-REASON.sqlite3``), never one that exists."""
    return backup._unique_backup_path(private_folder(server_backups_dir(url)), reason)


def backup_before_upgrade(engine: Engine, url: str, revision: str) -> Path:
    """A checked backup, in the backups folder, of the server database that ``engine`` is
    signed in to, as it is at ``revision`` before an upgrade (see the module). Raises
    ``DatabaseError`` or ``OSError`` if it cannot be made; nothing is left behind then."""
    target = new_backup_path(url, "before-upgrade")
    build = backup.partial_path(target)
    backup.remove_file(build)
    file = create_engine(f"sqlite:///{build}")
    try:
        migrate.run_upgrade(file, revision)
        with one_moment(engine).connect() as source, source.begin(), file.begin() as copy:
            made = MetaData()
            made.reflect(copy)  # the tables as that version made them
            names = [t.name for t in made.sorted_tables if t.name != "alembic_version"]
            missing = sorted(set(names) - set(inspect(source).get_table_names()))
            if missing:  # dropped by hand: said as the upgrade itself would say it
                raise NoSuchTableError(missing[0])
            held = MetaData()
            held.reflect(source, only=names)  # read with the server's own column types
            copy_database(source, copy, only=[held.tables[name] for name in names])
    except BaseException:
        file.dispose()
        backup.remove_file(build)
        raise
    file.dispose()
    backup.finish_copy(build, target)
    return target
