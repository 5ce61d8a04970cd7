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

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("nominee") as batch:
        batch.add_column(sa.Column("initials", sa.String(10), nullable=False, server_default=""))
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
    body = EXTRA_MIGRATION.replace("    FAIL_HERE\n", "    raise RuntimeError('simulated failure')\n"
                                   if fail else "")
    (scripts / "versions" / "0002_test.py").write_text(body)

    def config() -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(migrate, "alembic_config", config)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0002")


@pytest.fixture
def populated(tmp_path: Path) -> Path:
    """A database at revision 0001 holding the whole demo event."""
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
    _with_extra_migration(tmp_path, monkeypatch, fail=False)
    database = open_database(populated)
    database.close()

    after = table_dump(populated)
    assert after["alembic_version"] == [("0002",)]
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
    assert saved["alembic_version"] == [("0001",)]
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
