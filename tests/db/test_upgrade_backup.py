"""Before this version upgrades a shared PostgreSQL database's tables, it writes a checked
backup of the database as it is, with the older version's tables, into the creator's private
backups folder; ``awards restore`` brings that backup back (upgraded on the way). If the
backup cannot be made, nothing is upgraded."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from awards_app.core.errors import DatabaseError
from awards_app.db import backup, migrate
from awards_app.db.engine import open_database
from awards_app.db.upgrade_backup import server_backups_dir
from awards_app.services import demo
from tests import dbtools, pg
from tests.db.test_copying import digests

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                "server (AWARDS_TEST_PG)")

OLDER = "0010"


def _downgrade(url: str, revision: str) -> None:
    from alembic import command

    engine = create_engine(url)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()


def _revision(url: str) -> str | None:
    """The schema revision the server's database is at."""
    engine = create_engine(url)
    try:
        return migrate.current_revision(engine)
    finally:
        engine.dispose()


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def _server_counts(url: str) -> dict[str, int]:
    from sqlalchemy import inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()
                    for n in inspect(conn).get_table_names()}
    finally:
        engine.dispose()


@pytest.fixture
def older(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A shared database holding the demo event after its results, as version 0010 left
    it (this version's tables, taken back to 0010 by the migrations' own downgrades)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with pg.fresh_database() as url:
        database = open_database(url)
        with database.session() as session:
            demo.create_demo_event(session, stage="results")
        database.close()
        _downgrade(url, OLDER)
        yield url


def test_an_upgrade_backs_up_the_older_tables_first_and_the_backup_restores(
        older: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _server_counts(older)
    assert before["nomination"] > 0 and "good_news" not in before

    open_database(older).close()  # upgrades, after the backup
    [made] = backup.backups_in(server_backups_dir(older))
    assert made.name.endswith("-before-upgrade.sqlite3")
    assert made.stat().st_mode & 0o777 == 0o600
    assert not list(made.parent.glob("*.partial*"))
    assert backup.integrity_errors(made) == []
    assert backup.validate_backup_file(made) == OLDER
    assert _counts(made) == {**before, "alembic_version": 1}  # the 0010 tables, every row
    upgraded = digests(older)

    from awards_app.cli.main import main

    capsys.readouterr()
    assert main(["--db", older, "restore", str(made)]) == 0, capsys.readouterr().err
    assert digests(older) == {**upgraded, "app_setting": digests(older)["app_setting"]}
    assert backup.validate_backup_file(made) == OLDER  # the backup itself is never changed


def test_no_backup_no_upgrade(older: str, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    with pytest.raises(DatabaseError) as refused:
        open_database(older)
    said = str(refused.value)
    assert "was not upgraded" in said and "Nothing was changed" in said
    assert "Traceback" not in said and "Error" not in said.split("(")[0]
    assert _revision(older) == OLDER


@pytest.mark.parametrize("alteration", [
    "DROP TABLE audit_entry",
    "ALTER TABLE nomination DROP COLUMN obstacles",
    "ALTER TABLE nominee RENAME COLUMN first_name TO given_name",
    "CREATE TABLE good_news (id integer)",  # as if from a later version, by hand
])
def test_tables_changed_by_hand_are_not_upgraded_and_said_in_words(
        older: str, alteration: str) -> None:
    """Someone changed the older tables by hand (or another program did): the upgrade (or
    its backup) meets tables that are not as that version left them. It is refused in
    words naming what was not found, never as a failure to connect or with SQL; nothing
    on the server changes."""
    dbtools.execute(older, alteration)
    before = _server_counts(older)
    with pytest.raises(DatabaseError) as refused:
        open_database(older)
    said = str(refused.value)
    assert said.startswith("The database awards_t_")
    assert "was not upgraded: its tables are not as Awards App left them at schema 0010" in said
    assert "Nothing was changed" in said
    assert "connect" not in said  # the server answered: it is not a connection problem
    for leak in ("Traceback", "Error", "SELECT", "ALTER", "INSERT", "psycopg"):
        assert leak not in said
    assert _server_counts(older) == before
    assert _revision(older) == OLDER


def _schema(url: str) -> dict[str, str]:
    """Every table's columns, indexes, keys and constraints, as the server describes them
    (types as their names)."""
    import json

    from sqlalchemy import inspect

    engine = create_engine(url)
    try:
        found = inspect(engine)
        return {table: json.dumps([
            found.get_columns(table), found.get_indexes(table),
            found.get_pk_constraint(table), found.get_foreign_keys(table),
            found.get_unique_constraints(table), found.get_check_constraints(table)],
            default=str, sort_keys=True)
            for table in sorted(found.get_table_names())}
    finally:
        engine.dispose()


def test_an_upgrade_that_fails_half_way_leaves_the_server_exactly_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL changes tables in a transaction: an upgrade step that fails after it added
    a column and rewrote every row leaves every table, column, index and row as it was, and
    the schema version too."""
    from tests.db.test_migrations import _with_extra_migration

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with pg.fresh_database() as url:
        database = open_database(url)
        with database.session() as session:
            demo.create_demo_event(session)
        database.close()
        schema, rows, head = _schema(url), digests(url), migrate.HEAD_REVISION
        _with_extra_migration(tmp_path, monkeypatch, fail=True)  # adds nominee.initials, fails
        with pytest.raises(DatabaseError) as refused:
            open_database(url)
        assert "in this version's own upgrade step" in str(refused.value)
        assert "nothing was changed" in str(refused.value)
        [made] = backup.backups_in(server_backups_dir(url))  # made first, and kept
        assert made.name.endswith("-before-upgrade.sqlite3")
        monkeypatch.undo()  # this version again, to read what the server holds
        assert _schema(url) == schema  # no initials column, nothing half-made
        assert digests(url) == rows
        assert _revision(url) == head
