"""Migration 0009 (judge copy review) on a 0008 database with data: every nomination starts
unreviewed, nothing else changes — and the upgraded nominations can be reviewed at once, a
review lapsing when what judges read changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from awards_app.db import migrate
from awards_app.db.engine import create_db_engine, open_database
from awards_app.services import judging
from tests.db.test_migration_0008 import make_0007_database
from tests.db.test_migrations import upgrade_then_downgrade, REVIEW_COLUMNS, as_of_0008, as_of_0009, table_dump


def make_0008_database(path: Path) -> None:
    """The judged, sealed database of test_migration_0008 at 0008, with a worker and a
    coordinator's edited judge copy on N-0001."""
    make_0007_database(path)
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0008")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE nomination SET judge_success = 'Ada Ng passed every exam.' "
                 "WHERE id = 1")
    conn.commit()
    conn.close()


def test_0008_database_gets_unreviewed_judge_copies(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0008_database(path)
    before = table_dump(path)
    assert len(before["nomination"]) == 2

    database = open_database(path)
    try:
        after = table_dump(path)
        assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
        assert as_of_0008(after) == {**before, "alembic_version": after["alembic_version"]}
        assert [row[-REVIEW_COLUMNS:] for row in as_of_0009(after)["nomination"]] == [
            ("", None, None)] * 2

        with database.read_session() as s:
            assert judging.unreviewed_copies(s, 1) == ["N-0001", "N-0002"]
            detail = judging.copy_detail(s, 1)
        assert detail.status == judging.NOT_REVIEWED
        # the old edited copy is masked for judges too: the surname goes
        assert "Ng" not in detail.narratives[0].masked

        with database.session() as s:
            judging.mark_reviewed(s, 1, digest=detail.digest)
        with database.read_session() as s:
            assert judging.unreviewed_copies(s, 1) == ["N-0002"]
        conn = sqlite3.connect(path)
        conn.execute("UPDATE nomination SET obstacles = 'kept going, always' WHERE id = 1")
        conn.commit()
        conn.close()
        with database.read_session() as s:
            assert judging.copy_detail(s, 1).status == judging.CHANGED
            assert judging.unreviewed_copies(s, 1) == ["N-0001", "N-0002"]
    finally:
        database.close()


def test_downgrade_to_0008_drops_the_review_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0008_database(path)
    before = table_dump(path)
    upgrade_then_downgrade(path, "0008")
    assert table_dump(path) == before
