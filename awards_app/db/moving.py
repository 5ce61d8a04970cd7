"""Moving a whole Awards database to another place: a SQLite file to a shared PostgreSQL
database (``awards move-to``), or a server's database to a SQLite file (the reverse move, and
the server's backups). The source is only read; the target must be empty, is given its schema
by the program's normal open, and receives every row in one write transaction that commits
only once the copy has been checked (see :mod:`awards_app.db.copying`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError

from awards_app.core.errors import DamagedDatabaseError, DatabaseError
from awards_app.db import backup, encryption, migrate
from awards_app.db.copying import (
    CopyReport,
    Progress,
    copy_database,
    one_moment,
    refresh_statistics,
    rows_held,
    tables,
)
from awards_app.db.engine import (
    Database,
    connection_error,
    create_db_engine,
    inspect_sqlite,
    open_database,
    resolve_url,
    server_words,
    sqlite_path,
)
from awards_app.db.models import Base

#: tables a database of this program holds that the models do not describe
INTERNAL_TABLES = {"alembic_version", "sqlite_sequence", "sqlite_stat1"}


def display(url: str) -> str:
    """A database's name for people: a file's path, or "database NAME on SERVER" (never a
    password)."""
    url = resolve_url(url)
    path = sqlite_path(url)
    return str(path) if path is not None else server_words(url)[1]


def subject(url: str) -> str:
    """:func:`display` at the start of a sentence ("The database NAME on SERVER")."""
    said = display(url)
    return said if sqlite_path(resolve_url(url)) is not None else f"The {said}"


def command_line_address(url: str) -> str:
    """What to give ``awards --db`` for this database: a file's path, or a server's address
    without any password."""
    url = resolve_url(url)
    path = sqlite_path(url)
    return (str(path) if path is not None  # (URL.set ignores a None: it keeps a password)
            else make_url(url)._replace(password=None).render_as_string(hide_password=False))


# --- reading the source, never writing to it ----------------------------------------------------


def _engine(url: str, *, read_only: bool, password: str | None = None) -> Engine:
    try:
        return create_db_engine(url, read_only=read_only, password=password)
    except (ImportError, NoSuchModuleError) as exc:
        raise DatabaseError(f"{subject(url)} cannot be used: this computer lacks the "
                            "database driver it needs.") from exc


def _connect(engine: Engine, url: str, password: str | None) -> Connection:
    try:
        return engine.connect()
    except DBAPIError as exc:
        raise connection_error(exc, url, password_given=bool(password)) from exc


@contextmanager
def reading(url: str, *, password: str | None = None) -> Iterator[Connection]:
    """One read of the whole database at ``url``, as it is at one moment. Nothing is
    written to it, not even a SQLite setting (a file is opened read-only), so its bytes stay
    as they were. A database that would need an upgrade first is refused. ``password``: a
    server login's (else PostgreSQL's usual places)."""
    url = resolve_url(url)
    path = sqlite_path(url)
    if path is not None:
        if not path.is_file():
            raise DatabaseError(f"There is no database at {path}.")
        revision, damage = inspect_sqlite(path)
        if damage:
            raise DamagedDatabaseError(
                f"{path} failed its check ({'; '.join(damage[:2])}), so it was not copied. "
                "Restore the newest sound backup first.")
        _refuse_old(url, revision)
    engine = _engine(url, read_only=path is not None, password=password)
    try:
        with _read(engine, url, password) as conn:
            yield conn
    finally:
        engine.dispose()


@contextmanager
def reading_database(database: Database) -> Iterator[Connection]:
    """:func:`reading` of a database this program has open (a server's through its own
    engine: the login it signed in with)."""
    if database.path is not None:
        with reading(database.url) as conn:
            yield conn
    else:
        with _read(database.engine, database.url, None) as conn:
            yield conn


@contextmanager
def _read(engine: Engine, url: str, password: str | None) -> Iterator[Connection]:
    with _connect(one_moment(engine), url, password) as conn, conn.begin():
        differences = schema_differences(conn)
        if engine.dialect.name != "sqlite":
            _refuse_old(url, conn.execute(text("SELECT version_num FROM alembic_version"))
                        .scalar() if "alembic_version" in inspect(conn).get_table_names()
                        else None)
        if differences:
            raise DatabaseError(
                f"{subject(url)} does not have the structure this version expects ("
                + "; ".join(differences[:5]) + "), so it was not copied.")
        yield conn


def _refuse_old(url: str, revision: str | None) -> None:
    if revision == migrate.HEAD_REVISION:
        return
    if revision is None:
        raise DatabaseError(f"{subject(url)} is not an Awards App database, so there is "
                            "nothing to copy from it.")
    if revision not in migrate.known_revisions():
        raise DatabaseError(f"{subject(url)} was made by a newer version of Awards App; "
                            "install that version to copy it.")
    raise DatabaseError(
        f"{subject(url)} was made by an older version of Awards App. It was not copied and "
        "has not been changed. Open it once with this version first (for example "
        f"'awards --db \"{command_line_address(url)}\" check'; it is upgraded after a checked "
        "backup), then copy it.")


def schema_differences(conn: Connection) -> list[str]:
    """What differs between the database behind ``conn`` and this version's models (tables,
    columns, primary keys, empty values allowed, foreign keys, named indexes), in plain
    words; empty when they match. The same on SQLite and PostgreSQL."""
    found: list[str] = []
    look = inspect(conn)
    have = set(look.get_table_names())
    expected = Base.metadata.tables
    found += [f"table {name} is missing" for name in sorted(set(expected) - have)]
    found += [f"table {name} is not one of this program's"
              for name in sorted(have - set(expected) - INTERNAL_TABLES)]
    for name in sorted(set(expected) & have):
        table = expected[name]
        columns = {c["name"]: c for c in look.get_columns(name)}
        keys = set(look.get_pk_constraint(name).get("constrained_columns") or [])
        for column in table.columns:
            got = columns.get(column.name)
            if got is None:
                found.append(f"{name}.{column.name} is missing")
            elif (column.name in keys) != column.primary_key:
                found.append(f"{name}.{column.name} should {'' if column.primary_key else 'not '}"
                             "be the primary key")
            elif not column.primary_key and bool(got["nullable"]) != column.nullable:
                found.append(f"{name}.{column.name} should "
                             f"{'allow' if column.nullable else 'not allow'} empty values")
        found += [f"{name}.{extra} is not one of this program's columns"
                  for extra in sorted(set(columns) - {c.name for c in table.columns})]
        refs = {(col, fk["referred_table"]) for fk in look.get_foreign_keys(name)
                for col in fk["constrained_columns"]}
        wanted = {(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys}
        found += [f"{name}.{col} should refer to {to}" for col, to in sorted(wanted - refs)]
        indexes = {ix["name"] for ix in look.get_indexes(name)}
        found += [f"index {ix.name} on {name} is missing" for ix in table.indexes
                  if ix.name and ix.name not in indexes]
    return found


# --- the target ---------------------------------------------------------------------------------


def target_contents(url: str, *, password: str | None = None) -> str:
    """What the database at ``url`` already holds that a move must not overwrite, in plain
    words ("" when it is empty: no file, no tables, or an Awards database with no rows)."""
    path = sqlite_path(url)
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        return ""
    if path is not None and encryption.is_encrypted(path):
        return "it is an encrypted database file"
    if path is not None:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return "it is a file, but not a database (give a new file's name)"
    engine = _engine(url, read_only=path is not None, password=password)
    try:
        with _connect(engine, url, password) as conn:
            names = set(inspect(conn).get_table_names()) - {"sqlite_sequence", "sqlite_stat1"}
            if not names:
                return ""
            ours = {t.name for t in tables()}
            foreign = sorted(names - ours - INTERNAL_TABLES)
            if foreign or "alembic_version" not in names:
                listed = ", ".join((foreign or sorted(names))[:8])
                return f"it holds tables of another program or an unfinished copy ({listed})"
            if not ours <= names:
                return "it holds part of an Awards database (some tables are missing)"
            held = rows_held(conn)
            if held:
                shown = ", ".join(f"{n:,} {name}" for name, n in list(held.items())[:6])
                return f"it already holds data ({shown})"
            return ""
    finally:
        engine.dispose()


def move_database(source: str, target: str, *, source_password: str | None = None,
                  target_password: str | None = None, progress: Progress | None = None,
                  cancelled: Callable[[], bool] = lambda: False) -> CopyReport:
    """Copy the whole database ``source`` into the empty database ``target`` (URLs or
    SQLite paths) and check the copy; see :func:`copy_into`. The passwords are server
    logins' (else PostgreSQL's usual places: PGPASSWORD, .pgpass)."""
    source_url = resolve_url(source)
    if display(source_url) == display(target):
        raise DatabaseError("The database to copy to is the one being copied; choose "
                            "another.")
    return copy_into(reading(source_url, password=source_password), target,
                     target_password=target_password, progress=progress, cancelled=cancelled)


def move_open_database(database: Database, target: str, *,
                       target_password: str | None = None, progress: Progress | None = None,
                       cancelled: Callable[[], bool] = lambda: False) -> CopyReport:
    """:func:`move_database` from a database this program has open (the window's)."""
    if display(database.url) == display(target):
        raise DatabaseError("The database to copy to is the one open; choose another.")
    return copy_into(reading_database(database), target, target_password=target_password,
                     progress=progress, cancelled=cancelled)


def copy_into(source: AbstractContextManager[Connection], target: str, *,
              target_password: str | None = None, progress: Progress | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> CopyReport:
    """Copy what the ``source`` read (see :func:`reading`) gives into the empty database
    ``target``, checked; see the module's description. A new SQLite file is built under a
    ``.partial`` name and takes its own name only once checked (counts, checksums and
    SQLite's integrity check); a failed or cancelled copy leaves the target as empty as it
    was."""
    target_url = resolve_url(target)
    contents = target_contents(target_url, password=target_password)
    if contents:
        raise DatabaseError(f"{subject(target_url)} is not empty: {contents}. Nothing was "
                            "copied or changed. Choose a new, empty database.")
    path = sqlite_path(target_url)
    fresh = path is not None and not (path.exists() and path.stat().st_size > 0)
    build = backup.partial_path(path) if path is not None and fresh else None
    with source as src:
        if build is not None:
            backup.remove_file(build)  # an earlier, stopped copy's: never built upon
        try:
            database = (open_database(build, new_database=True) if build is not None
                        else open_database(target_url, password=target_password))
        except DatabaseError:
            if build is not None:
                backup.remove_file(build)
            raise
        try:
            with database.session() as session:
                report = copy_database(src, session.connection(), progress=progress,
                                       cancelled=cancelled)
        except BaseException:
            database.close()
            if build is not None:
                backup.remove_file(build)
            raise
        try:
            refresh_statistics(database.engine)
        finally:
            database.close()
    if build is not None and path is not None:
        backup.finish_copy(build, path)
    return report

