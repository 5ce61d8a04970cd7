"""Migration 0005 (criterion roles) on a 0004 database: the criterion each category called
"Obstacles overcome" gets the obstacles role; everything else stays as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from awards_app.db import migrate
from awards_app.db.engine import create_db_engine, open_database
from awards_app.services import judging
from awards_app.services.catalogue import categories
from awards_app.services.judging import results
from tests.db.test_migration_0003 import NOW, make_0002_database
from tests.db.test_migrations import as_of_0006, table_dump


def make_0004_database(path: Path) -> None:
    """The 0002 database of test_migration_0003 (Education Star, confirmed, one criterion
    "Obstacles overcome"), at 0004, plus categories whose criteria are spelt otherwise."""
    make_0002_database(path)
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0004")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.executescript(f"""
        INSERT INTO category (id, event_id, name, description, display_order, winners_count,
            runners_up_count, highly_commended_count, active, created_at, updated_at)
            VALUES (2, 1, 'Sports Hero', '', 2, 1, 1, 0, 1, '{NOW}', '{NOW}'),
                   (3, 1, 'Life Changer', '', 3, 1, 1, 0, 1, '{NOW}', '{NOW}');
        INSERT INTO criterion (id, category_id, name, guidance, weight, scale_min, scale_max,
            display_order) VALUES
            (2, 2, 'Achievement', '', 1, 1, 10, 1),
            (3, 2, ' OBSTACLES overcome ', '', 2, 1, 10, 2),
            (4, 2, 'obstacles overcome', '', 1, 1, 10, 3),
            (5, 3, 'What they overcame', '', 2, 1, 10, 1);
    """)
    conn.commit()
    conn.close()


def test_0004_database_gets_criterion_roles(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0004_database(path)
    before = table_dump(path)

    database = open_database(path)
    try:
        after = as_of_0006(table_dump(path))  # 0007's columns are checked there
        assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
        for table, rows in before.items():
            if table not in ("alembic_version", "criterion"):
                assert after[table] == rows, table
        # criterion gained role at the end; the first matching name per category has it
        assert [row[:-1] for row in after["criterion"]] == before["criterion"]
        assert [(row[0], row[-1]) for row in after["criterion"]] == [
            (1, "obstacles"), (2, None), (3, "obstacles"), (4, None), (5, None)]

        # Renaming afterwards keeps the role; the stored judge totals keep obstacles points.
        with database.session() as s:
            categories.update_criterion(s, 5, role="obstacles")
            judging.refresh_totals(s, event_id=1)
            rows = {r.name: r.role for r in categories.criterion_rows(s, 3)}
            (education,) = results.category_results(s, 1, category_id=1)
        assert rows == {"What they overcame": "obstacles"}
        assert [r.ref for r in education.ranking] == ["N-0001", "N-0002"]
        conn = sqlite3.connect(path)
        assert conn.execute("SELECT judge_id, nomination_id, obstacles FROM judge_total "
                            "ORDER BY nomination_id").fetchall() == [
            (1, 1, 8.88888888888889), (1, 2, 4.444444444444445)]
        conn.close()
    finally:
        database.close()
