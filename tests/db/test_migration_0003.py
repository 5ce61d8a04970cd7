"""Migration 0003 (certificates) on a 0002 database holding judged, confirmed results."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from awards_app.db import backup, migrate
from awards_app.db.engine import create_db_engine, open_database
from tests.db.test_migrations import as_of_0006, table_dump

NOW = "2026-11-01 10:00:00"


def make_0002_database(path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.run_upgrade(engine, "0002")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(f"""
        INSERT INTO event (id, name, year, ceremony_date, venue, min_age, max_age, min_words,
            max_words, status, next_ref, tie_breaks, normalised_results, created_at, updated_at)
            VALUES (1, 'Old Awards', 2026, '2026-03-14', '', 16, 25, 25, 2000, 'judging', 3,
                    'obstacles,median,casting', 0, '{NOW}', '{NOW}');
        INSERT INTO category (id, event_id, name, description, display_order, winners_count,
            runners_up_count, highly_commended_count, active, results_confirmed_at,
            created_at, updated_at)
            VALUES (1, 1, 'Education Star', '', 1, 1, 1, 0, 1, '{NOW}', '{NOW}', '{NOW}');
        INSERT INTO criterion (id, category_id, name, guidance, weight, scale_min, scale_max,
            display_order) VALUES (1, 1, 'Obstacles overcome', '', 2, 1, 10, 1);
        INSERT INTO sponsor (id, event_id, name, contact_name, contact_phone, notes, active,
            created_at, updated_at) VALUES (1, 1, 'Acme', '', '', '', 1, '{NOW}', '{NOW}');
        INSERT INTO sponsorship (id, sponsor_id, category_id) VALUES (1, 1, 1);
        INSERT INTO judge (id, sponsor_id, name, active, failed_pins, created_at, updated_at)
            VALUES (1, 1, 'Jo Judge', 1, 0, '{NOW}', '{NOW}');
        INSERT INTO nominee (id, first_name, last_name, preferred_name, date_of_birth,
            out_of_area, consent_certificate_name, consent_public, consent_photo,
            do_not_publish, created_at, updated_at)
            VALUES (1, 'Ada', 'Ng', 'Ada', '2006-01-01', 0, 'yes', 'no', 'not_asked', 0,
                    '{NOW}', '{NOW}'),
                   (2, 'Bo', 'Lee', 'Bo', '2006-02-02', 0, 'no', 'no', 'not_asked', 0,
                    '{NOW}', '{NOW}');
        INSERT INTO nomination (id, event_id, number, category_id, nominee_id, success,
            obstacles, nominee_voice, nominee_aware, status, age_override_reason,
            withdrawn_reason, citation, judge_success, judge_obstacles, judge_voice,
            created_at, updated_at)
            VALUES (1, 1, 1, 1, 1, 'did well', 'kept going', '', 'yes', 'accepted', '', '',
                    'For Ada.', '', '', '', '{NOW}', '{NOW}'),
                   (2, 1, 2, 1, 2, 'did well', 'kept going', '', 'yes', 'accepted', '', '',
                    'For Bo.', '', '', '', '{NOW}', '{NOW}');
        INSERT INTO score (id, judge_id, nomination_id, criterion_id, value, updated_at)
            VALUES (1, 1, 1, 1, 9, '{NOW}'), (2, 1, 2, 1, 5, '{NOW}');
        INSERT INTO judge_total (judge_id, nomination_id, total, obstacles, criteria_scored)
            VALUES (1, 1, 8.9, 8.9, 1), (1, 2, 4.4, 4.4, 1);
        INSERT INTO submission (id, judge_id, category_id, submitted_at) VALUES (1, 1, 1, '{NOW}');
        INSERT INTO placement (id, category_id, nomination_id, placement, rank, score,
            confirmed_at) VALUES (1, 1, 1, 'winner', 1, 8.9, '{NOW}'),
                                 (2, 1, 2, 'runner_up', 2, 4.4, '{NOW}');
    """)
    conn.commit()
    conn.close()


def test_0002_database_with_results_upgrades_to_certificates(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_0002_database(path)
    before = table_dump(path)

    database = open_database(path)
    try:
        after = as_of_0006(table_dump(path))  # 0007's columns are checked there
        assert after["alembic_version"] == [(migrate.HEAD_REVISION,)]
        for table, rows in before.items():
            if table in ("alembic_version", "nomination", "criterion"):
                continue
            assert after[table] == rows, table  # every row of every old table is untouched
        # criterion gained its role in 0005 (test_migration_0005 checks it)
        assert [row[:-1] for row in after["criterion"]] == before["criterion"]
        # nomination gained two empty columns at the end; everything else is as it was
        assert [row[:-2] for row in after["nomination"]] == before["nomination"]
        assert [row[-2:] for row in after["nomination"]] == [("", ""), ("", "")]
        for table in ("certificate", "certificate_log", "certificate_settings"):
            assert after[table] == []

        # the upgraded database works: certificates for the old confirmed results
        from awards_app.services import certificates

        with database.session() as s:
            rows = certificates.recipients(s, 1)
            assert [(r.ref, r.name_on_certificate, r.title) for r in rows] == [
                ("N-0001", "Ada Ng", "Winner"), ("N-0002", "Bo", "Runner-up")]
            issued = certificates.issue(s, 1, [r.nomination_id for r in rows])
        assert [c.ceremony_date for c in issued] == ["14 March 2026"] * 2
        assert [c.sponsor_name for c in issued] == ["Acme"] * 2
        with database.read_session() as s:
            assert certificates.verify(s, issued[1].code).message.startswith(
                "Genuine: Bo, Runner-up — Education Star, Old Awards 2026, issued ")
    finally:
        database.close()
    assert any("before-upgrade" in p.name for p in backup.list_backups(path))


def test_deleting_an_event_removes_its_certificates(tmp_path: Path) -> None:
    """The foreign keys cascade as the models say (event → certificate → log)."""
    path = tmp_path / "old.sqlite3"
    make_0002_database(path)
    database = open_database(path)
    try:
        from awards_app.services import certificates

        with database.session() as s:
            (issued,) = certificates.issue(s, 1, [1])
            certificates.correct(s, issued.code, reason="typo")
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("SELECT count(*) FROM certificate_log").fetchone() == (3,)
        conn.execute("DELETE FROM event WHERE id = 1")
        conn.commit()
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("certificate", "certificate_log", "nomination")]
        conn.close()
        assert counts == [0, 0, 0]
    finally:
        database.close()
