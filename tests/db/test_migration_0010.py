"""Migration 0010 (import mappings, a row's source id) on a 0009 database with data: every
nomination gets an empty source id, the mappings table starts empty, nothing else changes —
and the upgraded database can save a mapping and recognise a source id at once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from awards_app.db import migrate
from awards_app.db.engine import create_db_engine, open_database
from awards_app.db.models import Nomination
from awards_app.services.transfer import saved_mappings
from awards_app.services.transfer.mapping import ColumnMapping
from tests.db.test_migration_0009 import make_0008_database
from tests.db.test_migrations import upgrade_then_downgrade, as_of_0009, table_dump


def make_0009_database(path: Path) -> None:
    make_0008_database(path)
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0009")
    engine.dispose()


def test_0009_database_gets_empty_source_ids_and_no_mappings(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0009_database(path)
    before = table_dump(path)
    assert len(before["nomination"]) == 2
    assert "import_mapping" not in before

    database = open_database(path)
    try:
        after = table_dump(path)
        assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
        assert as_of_0009(after) == {**before, "alembic_version": after["alembic_version"]}
        assert [row[-1] for row in after["nomination"]] == ["", ""]
        assert after["import_mapping"] == []

        mapping = ColumnMapping("nominations", {"ID": "source_id", "Name": "nominator_name"},
                                ignore_unmapped=True)
        with database.session() as s:
            saved_mappings.save_mapping(s, "Council form", mapping, headers=["ID", "Name"])
            s.execute(Nomination.__table__.update().where(Nomination.id == 1)
                      .values(source_id="17"))
        with database.read_session() as s:
            found = saved_mappings.mapping_for_headers(s, "nominations", ["id", " NAME "])
            assert found is not None and found.name == "Council form"
            assert found.columns == {"ID": "source_id", "Name": "nominator_name"}
            assert s.scalars(select(Nomination.source_id).order_by(Nomination.id)).all() == [
                "17", ""]
    finally:
        database.close()


def test_downgrade_to_0009_drops_the_table_and_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0009_database(path)
    before = table_dump(path)
    upgrade_then_downgrade(path, "0009")
    assert table_dump(path) == before
