"""Alembic at open: models match migrations; upgrades are backed up, and undone on failure."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from awards_app.core.errors import DatabaseError
from awards_app.db import backup, migrate
from awards_app.db.engine import open_database
from awards_app.db.models import Base
from awards_app.services import demo

EXTRA_MIGRATION = '''
"""test-only: add a column and fill it from existing rows"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "HEAD"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("nominee", sa.Column("initials", sa.String(10), nullable=False, server_default=""))
    op.execute("UPDATE nominee SET initials = substr(first_name, 1, 1) || substr(last_name, 1, 1)")
    FAIL_HERE


def downgrade():
    pass
'''


def table_dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY 1').fetchall() for n in names}
    finally:
        conn.close()


def upgrade_then_downgrade(path: Path, revision: str) -> None:
    """Open (so upgrade to the newest revision) the database at ``path``, then downgrade it
    to ``revision``; a migration's downgrade test compares ``table_dump`` before and after."""
    from alembic import command

    from awards_app.db.engine import create_db_engine, open_database

    open_database(path).close()
    engine = create_db_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()


#: the tables whose rows gained ``version`` in 0007 (audit_entry gained ``actor``)
VERSIONED = ("nomination", "nominee", "worker", "category", "criterion", "sponsor", "judge",
             "event", "certificate_settings")


#: the tables whose rows gained ``seal`` in 0008
SEALED = ("score", "nominee", "judge", "certificate", "placement")


#: how many columns 0009 appended to nomination (who reviewed its judge copy, when, digest)
REVIEW_COLUMNS = 3


#: the tables 0011 appended one column to (pronunciation, presenter, press wording)
GREW_IN_0011 = ("nominee", "category", "nomination")


def as_of_0010(dump: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    """A dump of a database at head as it would have been at 0010: without the column 0011
    appended to nominee, category and nomination, nor its good_news and ceremony_seat."""
    return {table: [row[:-1] for row in rows] if table in GREW_IN_0011 else rows
            for table, rows in dump.items() if table not in ("good_news", "ceremony_seat")}


def as_of_0009(dump: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    """A dump of a database at head as it would have been at 0009: without the source id
    0010 appended at the end of nomination, nor its import_mapping table (nor 0011's)."""
    return {table: [row[:-1] for row in rows] if table == "nomination" else rows
            for table, rows in as_of_0010(dump).items() if table != "import_mapping"}


def as_of_0008(dump: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    """A dump of a database at head as it would have been at 0008: without the judge copy
    review columns 0009 appended at the end of nomination (nor 0010's additions)."""
    return {table: [row[:-REVIEW_COLUMNS] for row in rows] if table == "nomination" else rows
            for table, rows in as_of_0009(dump).items()}


def as_of_0007(dump: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    """A dump of a database at head as it would have been at 0007: without the seals 0008
    appended at the end of the sealed tables (nor 0009's review columns)."""
    return {table: [row[:-1] for row in rows] if table in SEALED else rows
            for table, rows in as_of_0008(dump).items()}


def as_of_0006(dump: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    """A dump of a database at head as it would have been at 0006: without the columns 0007
    appended at the end of the editable tables and of audit_entry (nor 0008's seals)."""
    return {table: [row[:-1] for row in rows] if table in (*VERSIONED, "audit_entry") else rows
            for table, rows in as_of_0007(dump).items()}


def test_head_constant_matches_the_scripts() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == migrate.HEAD_REVISION


def test_models_and_migrations_agree(db) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def _with_extra_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, fail: bool) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    failure = "    raise RuntimeError('simulated failure')\n" if fail else ""
    body = EXTRA_MIGRATION.replace("    FAIL_HERE\n", failure).replace("HEAD", migrate.HEAD_REVISION)
    (scripts / "versions" / "9999_test.py").write_text(body)

    def config() -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(migrate, "alembic_config", config)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9999")
    # The test-only migration adds a column the models lack, which opening would refuse.
    from awards_app.db import engine
    monkeypatch.setattr(engine, "_refuse_foreign_structure", lambda _path: None)


@pytest.fixture
def populated(tmp_path: Path) -> Path:
    """A database at the newest revision holding the whole demo event."""
    path = tmp_path / "data" / "awards.sqlite3"
    database = open_database(path)
    with database.session() as session:
        demo.create_demo_event(session)
    database.close()
    return path


def test_upgrade_of_a_populated_database_backs_up_first(
    populated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_dump(populated)
    head = migrate.HEAD_REVISION
    _with_extra_migration(tmp_path, monkeypatch, fail=False)
    database = open_database(populated)
    database.close()

    after = table_dump(populated)
    assert after["alembic_version"] == [("9999",)]
    assert len(after["nomination"]) == len(before["nomination"]) == 54
    assert after["nomination"] == before["nomination"]
    conn = sqlite3.connect(populated)
    initials = dict(conn.execute("SELECT first_name || last_name, initials FROM nominee"))
    conn.close()
    assert initials and all(len(v) == 2 for v in initials.values())

    backups = backup.list_backups(populated)
    assert len(backups) == 1 and "before-upgrade" in backups[0].name
    assert backup.integrity_errors(backups[0]) == []
    saved = table_dump(backups[0])
    assert saved["alembic_version"] == [(head,)]
    assert saved["nomination"] == before["nomination"]


def test_failed_upgrade_restores_the_backup(
    populated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_dump(populated)
    _with_extra_migration(tmp_path, monkeypatch, fail=True)
    with pytest.raises(DatabaseError, match="put back"):
        open_database(populated)
    assert table_dump(populated) == before
    assert backup.integrity_errors(populated) == []


def test_a_failing_upgrade_step_is_said_without_its_details(
    populated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_extra_migration(tmp_path, monkeypatch, fail=True)
    with pytest.raises(DatabaseError) as refused:
        open_database(populated)
    said = str(refused.value)
    assert "in this version's own upgrade step" in said and "put back as it was" in said
    assert "simulated failure" not in said and "RuntimeError" not in said


def test_a_file_whose_tables_were_changed_by_hand_is_put_back_and_said_in_words(
    populated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upgrade meets a table someone changed with another tool: the file is put back
    from its backup, and the words name what was missing, never the SQL that failed."""
    conn = sqlite3.connect(populated)
    conn.execute("ALTER TABLE nominee RENAME COLUMN first_name TO given_name")
    conn.commit()
    conn.close()
    before, head = table_dump(populated), migrate.HEAD_REVISION
    _with_extra_migration(tmp_path, monkeypatch, fail=False)
    with pytest.raises(DatabaseError) as refused:
        open_database(populated)
    said = str(refused.value)
    assert said.startswith(f"{populated} was not upgraded: its tables are not as Awards App "
                           f"left them at schema {head} (no such column: "
                           "first_name)")
    assert "It was put back as it was from" in said
    for leak in ("UPDATE", "substr", "Error", "Traceback"):
        assert leak not in said
    assert table_dump(populated) == before


def test_database_from_a_newer_version_is_refused(populated: Path) -> None:
    conn = sqlite3.connect(populated)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()
    before = table_dump(populated)
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(populated)
    assert table_dump(populated) == before
    assert backup.list_backups(populated) == []


def test_up_to_date_database_opens_without_a_backup(populated: Path) -> None:
    open_database(populated).close()
    assert backup.list_backups(populated) == []


def test_0001_database_with_data_upgrades_to_judging(tmp_path: Path) -> None:
    """A real upgrade: rows written by the first schema survive 0002 with sensible defaults."""
    from awards_app.db.engine import create_db_engine

    path = tmp_path / "old.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0001")
    engine.dispose()
    conn = sqlite3.connect(path)
    now = "2026-11-01 10:00:00"
    conn.executescript(f"""
        INSERT INTO event (id, name, year, venue, min_age, max_age, min_words, max_words,
            status, next_ref, created_at, updated_at)
            VALUES (1, 'Old Awards', 2026, '', 16, 25, 25, 2000, 'judging', 2, '{now}', '{now}');
        INSERT INTO category (id, event_id, name, description, display_order, winners_count,
            runners_up_count, highly_commended_count, active, created_at, updated_at)
            VALUES (1, 1, 'Education Star', '', 1, 1, 1, 0, 1, '{now}', '{now}');
        INSERT INTO criterion (id, category_id, name, guidance, weight, scale_min, scale_max,
            display_order) VALUES (1, 1, 'Obstacles overcome', '', 2, 1, 10, 1);
        INSERT INTO sponsor (id, event_id, name, contact_name, contact_phone, notes, active,
            created_at, updated_at) VALUES (1, 1, 'Acme', '', '', '', 1, '{now}', '{now}');
        INSERT INTO judge (id, sponsor_id, name, active, created_at, updated_at)
            VALUES (1, 1, 'Jo Judge', 1, '{now}', '{now}');
        INSERT INTO nominee (id, first_name, last_name, preferred_name, date_of_birth,
            out_of_area, consent_certificate_name, consent_public, consent_photo,
            do_not_publish, created_at, updated_at)
            VALUES (1, 'Ada', 'Ng', 'Ada', '2006-01-01', 0, 'yes', 'no', 'not_asked', 0,
                    '{now}', '{now}');
        INSERT INTO nomination (id, event_id, number, category_id, nominee_id, success,
            obstacles, nominee_voice, nominee_aware, status, age_override_reason,
            withdrawn_reason, citation, created_at, updated_at)
            VALUES (1, 1, 1, 1, 1, 'did well', 'kept going', '', 'yes', 'accepted', '', '', '',
                    '{now}', '{now}');
    """)
    conn.commit()
    conn.close()
    before = table_dump(path)

    open_database(path).close()

    after = table_dump(path)
    assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
    for table in ("category", "criterion", "judge", "nominee", "nomination", "event"):
        assert len(after[table]) == len(before[table]) == 1, table
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT tie_breaks, normalised_results FROM event").fetchone() == (
        "obstacles,median,casting", 0)
    assert conn.execute("SELECT failed_pins, pin_hash FROM judge").fetchone() == (0, None)
    assert conn.execute("SELECT judge_success, obstacles FROM nomination").fetchone() == (
        "", "kept going")
    assert conn.execute("SELECT name FROM criterion").fetchone() == ("Obstacles overcome",)
    conn.close()
    assert any("before-upgrade" in p.name for p in backup.list_backups(path))
