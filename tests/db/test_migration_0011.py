"""Migration 0011 (good news, ceremony seats, pronunciation, presenter, press wording) on a
0010 database with data: the new columns start empty, the new tables start empty, nothing
else changes — and the upgraded database can store a story and a seat at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from awards_app.core.enums import Answer
from awards_app.db import migrate
from awards_app.db.engine import create_db_engine, open_database
from awards_app.db.models import CeremonySeat, GoodNews, Nomination, Nominee
from tests.db.test_migration_0010 import make_0009_database
from tests.db.test_migrations import GREW_IN_0011, as_of_0010, table_dump, upgrade_then_downgrade


def make_0010_database(path: Path) -> None:
    make_0009_database(path)
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0010")
    engine.dispose()


def test_0010_database_gets_empty_columns_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0010_database(path)
    before = table_dump(path)
    assert len(before["nomination"]) == 2
    assert "good_news" not in before and "ceremony_seat" not in before

    database = open_database(path)
    try:
        after = table_dump(path)
        assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
        assert as_of_0010(after) == {**before, "alembic_version": after["alembic_version"]}
        for table in GREW_IN_0011:
            assert after[table] and {row[-1] for row in after[table]} == {""}, table
        assert after["good_news"] == [] and after["ceremony_seat"] == []

        with database.session() as s:
            nomination = s.scalars(select(Nomination).order_by(Nomination.id)).first()
            assert nomination is not None
            s.add(GoodNews(story_date=date(2026, 5, 1), nominee_id=nomination.nominee_id,
                           worker_id=nomination.worker_id, team="North", story="Passed",
                           young_person_knows=Answer.YES, nomination_id=nomination.id))
            s.add(CeremonySeat(event_id=nomination.event_id, nominee_id=nomination.nominee_id,
                               seat="Table 4"))
            nominee = s.get(Nominee, nomination.nominee_id)
            assert nominee is not None
            nominee.pronunciation = "SHIV-awn"
        with database.read_session() as s:
            story = s.scalars(select(GoodNews)).one()
            assert (story.team, story.young_person_knows, story.version) == (
                "North", Answer.YES, 1)
            assert s.scalars(select(CeremonySeat.seat)).all() == ["Table 4"]
            assert "SHIV-awn" in s.scalars(select(Nominee.pronunciation)).all()
    finally:
        database.close()


def test_downgrade_to_0010_drops_the_tables_and_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0010_database(path)
    before = table_dump(path)
    upgrade_then_downgrade(path, "0010")
    assert table_dump(path) == before
