"""Migration 0008 (seals) on a 0007 database with data: every score, young person, judge,
certificate and confirmed placement is sealed as it stands, nothing else changes, the upgraded
database checks clean — and a value changed by hand afterwards is reported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from awards_app.db import migrate
from awards_app.db.engine import create_db_engine, open_database
from awards_app.services.judging.seals import verify_seals
from tests.db.test_migration_0003 import NOW
from tests.db.test_migration_0007 import make_0006_database
from tests.db.test_migrations import (SEALED, as_of_0007, as_of_0010, table_dump,
                                     upgrade_then_downgrade)


def make_0007_database(path: Path) -> None:
    """The judged, confirmed database of test_migration_0007 at 0007, with a judge's PIN hash
    and an issued, printed certificate."""
    make_0006_database(path)
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0007")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.executescript(f"""
        UPDATE judge SET pin_hash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA' WHERE id = 1;
        INSERT INTO certificate (id, event_id, nomination_id, code, design, placement,
            recipient_name, category_name, event_name, event_year, ceremony_date,
            sponsor_name, citation, verification_text, qr_mask, issued_at, last_printed_at,
            print_count, revoked_at, revoked_reason, replaced_by_id)
            VALUES (1, 1, 1, '7KQM3XTR9VWDH', 'classic', 'winner', 'Ada Ng', 'Education Star',
                    'Old Awards', 2026, '2026-03-14', 'Acme', 'For Ada.', '7KQM3XTR9VWDH', 3,
                    '{NOW}', '{NOW}', 1, NULL, '', NULL);
    """)
    conn.commit()
    conn.close()


def test_0007_database_is_sealed_at_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0007_database(path)
    before = table_dump(path)

    database = open_database(path)
    try:
        after = table_dump(path)
        assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
        assert as_of_0007(after) == {**before, "alembic_version": after["alembic_version"]}
        for table in SEALED:
            assert after[table], table  # the data set has rows in every sealed table
            assert all(isinstance(row[-1], str) and len(row[-1]) >= 32  # the seal, last then
                       for row in as_of_0010(after)[table]), table
        with database.read_session() as s:
            assert verify_seals(s) == []
            assert verify_seals(s, 1) == []

        conn = sqlite3.connect(path)
        conn.execute("UPDATE nominee SET consent_public = 'yes' WHERE id = 2")
        conn.execute("UPDATE score SET value = 10 WHERE id = 2")
        conn.commit()
        conn.close()
        with database.read_session() as s:
            problems = verify_seals(s, 1)
        assert len(problems) == 3, problems
        assert any(p.startswith("N-0002's young person") for p in problems)
        assert any("Jo Judge's score for N-0002" in p for p in problems)
        assert any("behind N-0002's confirmed place in Education Star" in p for p in problems)
        assert not any("Bo" in p or "Lee" in p for p in problems)  # no young person's name
    finally:
        database.close()


def test_downgrade_to_0007_drops_the_seals(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0007_database(path)
    before = table_dump(path)
    upgrade_then_downgrade(path, "0007")
    assert table_dump(path) == before
