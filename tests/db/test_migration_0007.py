"""Migration 0007 (record versions) on a 0006 database with data: every editable record
starts at version 1, older audit entries have no actor, nothing else changes — and the
upgraded records can be edited with the stale-copy check straight away."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from awards_app.core.enums import Answer
from awards_app.core.errors import StaleEditError
from awards_app.db import migrate
from awards_app.db.engine import create_db_engine, open_database
from awards_app.services import nominations, people
from tests.db.test_migration_0003 import NOW, make_0002_database
from tests.db.test_migrations import VERSIONED, as_of_0006, as_of_0007, table_dump


def make_0006_database(path: Path) -> None:
    """The judged, confirmed 0002 database of test_migration_0003, at 0006, with a worker,
    certificate settings and audit entries."""
    make_0002_database(path)
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0006")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.executescript(f"""
        INSERT INTO worker (id, name, email, team, active, created_at, updated_at)
            VALUES (1, 'Wes Worker', 'wes@council.example', 'North', 1, '{NOW}', '{NOW}');
        UPDATE nomination SET worker_id = 1 WHERE id = 1;
        INSERT INTO certificate_settings (event_id, page_size, border_style, accent_colour,
            verify_template, signature1_name, signature1_role, signature2_name,
            signature2_role, updated_at)
            VALUES (1, 'A4', 'ribbon', '#1F5C99', '{{code}}', 'Jo Chair', 'Chair', '', '',
                    '{NOW}');
        INSERT INTO audit_entry (id, at, action, entity, entity_id, event_id, summary)
            VALUES (1, '{NOW}', 'create', 'nominee', 1, NULL, ''),
                   (2, '{NOW}', 'update', 'nominee', 1, NULL, 'consent_public');
    """)
    conn.commit()
    conn.close()


def test_0006_database_gets_versions_and_actors(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0006_database(path)
    before = table_dump(path)

    database = open_database(path)
    try:
        after = table_dump(path)
        assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
        assert as_of_0006(after) == {**before, "alembic_version": after["alembic_version"]}
        at_0007 = as_of_0007(after)  # 0008's seals are checked there
        for table in VERSIONED:
            assert after[table], table  # the data set has rows in every versioned table
            assert {row[-1] for row in at_0007[table]} == {1}, table
        assert [row[-1] for row in after["audit_entry"]] == ["", ""]

        # Editing works at once: a save from the version the editor loaded succeeds and
        # bumps it; a save from that (now stale) copy is refused, naming the field.
        with database.read_session() as s:
            form = nominations.nomination_form(s, 1, 1)
        assert (form.version, form.nominee_version) == (1, 1)
        with database.session() as s:
            nominee = people.update_nominee(
                s, 1, consent_certificate_name=Answer.NO, expected_version=1,
                original=form.nominee)
            assert nominee.version == 2
        with pytest.raises(StaleEditError) as refused, database.session() as s:
            people.update_nominee(s, 1, first_name="Adah", expected_version=1,
                                  original=form.nominee)
        assert refused.value.fields == ("consent to be named on the certificate",)
        conn = sqlite3.connect(path)
        assert conn.execute("SELECT first_name, consent_certificate_name, version FROM nominee "
                            "WHERE id = 1").fetchone() == ("Ada", "no", 2)
        conn.close()
    finally:
        database.close()
