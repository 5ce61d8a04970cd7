"""Copying a whole database between SQLite and PostgreSQL (db/copying.py, db/moving.py):
the demo event there and back with the same per-table checksums, the source untouched, a
non-empty target refused, a stopped or failed copy leaving the target empty, sequences that
continue, seals and certificate codes that still hold on the server."""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, UTC
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from awards_app.core.errors import Cancelled, DatabaseError
from awards_app.db import copying
from awards_app.db.engine import open_database
from awards_app.db.moving import move_database, reading
from awards_app.services import demo
from awards_app.services.certificates import data as certificate_data
from awards_app.services.certificates import records, runs
from awards_app.services.judging import seals
from tests import dbtools, pg

needs_server = pytest.mark.skipif(not pg.server_url(), reason="needs a PostgreSQL test server "
                                                              "(AWARDS_TEST_PG)")


# --- one digest for the values either backend returns ------------------------------------------


class Colour(enum.Enum):
    RED = "red"


@pytest.mark.parametrize(("sqlite_gives", "postgresql_gives"), [
    (datetime(2027, 3, 19, 9, 30), datetime(2027, 3, 19, 9, 30, tzinfo=UTC)),
    (date(2027, 3, 19), date(2027, 3, 19)),
    (0.1 + 0.2, Decimal(0.1 + 0.2)),
    (b"\x89PNG", memoryview(b"\x89PNG")),
    (Colour.RED, "red"),
    (True, True),
    (None, None),
])
def test_values_digest_alike_from_either_backend(sqlite_gives: object,
                                                 postgresql_gives: object) -> None:
    assert copying.canonical(sqlite_gives) == copying.canonical(postgresql_gives)


@pytest.mark.parametrize(("one", "other"), [
    (1, "1"), (True, 1), (1, 1.0), ("2027-03-19", date(2027, 3, 19)), (None, ""),
    (datetime(2027, 3, 19, 9, 30), datetime(2027, 3, 19, 9, 30, 0, 1)), (b"a", b"b"),
])
def test_different_values_digest_differently(one: object, other: object) -> None:
    assert copying.canonical(one) != copying.canonical(other)


# --- helpers -----------------------------------------------------------------------------------


def demo_file(path: Path, stage: str = "results") -> Path:
    """The demo event in a SQLite file; at "results", with certificates issued and one
    corrected (so a certificate points at its replacement)."""
    database = open_database(path)
    try:
        with database.session() as session:
            event_id = demo.create_demo_event(session, stage=stage).id
        if stage == "results":
            with database.session() as session:
                wanted = [r.nomination_id for r in
                          certificate_data.placement_rows(session, event_id)][:4]
                issued = runs.issue(session, event_id, wanted)
            with database.session() as session:
                records.correct(session, issued[0].code, reason="Name spelt wrongly")
    finally:
        database.close()
    return path


def digests(where: str | Path) -> dict[str, tuple[int, str]]:
    with reading(str(where)) as conn:
        return {t.name: copying.checksum(conn, t) for t in copying.tables()}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def bare_database() -> Iterator[str]:
    """A PostgreSQL database with no tables at all (as a council's IT hands it over)."""
    name = f"awards_bare_{uuid.uuid4().hex[:12]}"
    with pg._admin().connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg._url(name)
    finally:
        with pg._admin().connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- the moves ---------------------------------------------------------------------------------


@needs_server
def test_demo_there_and_back_keeps_every_table_and_leaves_the_file_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(copying, "BATCH_ROWS", 7)  # many batches per table
    source = demo_file(tmp_path / "demo.sqlite3")
    # every byte value in a logo; text with a backslash, tab, newline, separator and emoji
    dbtools.execute(source, "UPDATE sponsor SET logo = :logo WHERE id = (SELECT MIN(id) "
                            "FROM sponsor)", logo=bytes(range(256)) * 3)
    dbtools.execute(source, "UPDATE nomination SET success = :text WHERE id = (SELECT MIN(id) "
                            "FROM nomination)", text="a\\b\tc\nd\x1fe \u00e9 \U0001f389 'q' \"q\"")
    before, original = sha(source), digests(source)
    assert original["certificate"][0] == 5 and original["score"][0] > 0
    with bare_database() as url:
        there = move_database(str(source), url)
        back = move_database(url, str(tmp_path / "back.sqlite3"))
        on_server = digests(url)
        # the planner's statistics were gathered (never analysed: -1), so queries on the
        # moved data are planned for its real size
        estimated = dbtools.tuples(url, "SELECT reltuples FROM pg_class WHERE relname = 'score'")
    assert sha(source) == before
    assert there.matched and back.matched
    assert estimated == [(float(original["score"][0]),)]
    assert {t.name: (t.rows, t.checksum) for t in there.tables} == original
    assert on_server == original == digests(tmp_path / "back.sqlite3")
    assert there.rows == sum(rows for rows, _ in original.values())
    assert not (tmp_path / "back.sqlite3.partial").exists()
    assert dbtools.tuples(tmp_path / "back.sqlite3", "SELECT logo FROM sponsor WHERE logo "
                          "IS NOT NULL") == [(bytes(range(256)) * 3,)]


@needs_server
def test_seals_and_certificate_codes_hold_on_the_server(tmp_path: Path) -> None:
    source = demo_file(tmp_path / "demo.sqlite3")
    codes = [code for (code,) in dbtools.tuples(source, "SELECT code FROM certificate")]
    with bare_database() as url:
        move_database(str(source), url)
        database = open_database(url)
        try:
            with database.read_session() as session:
                assert seals.verify_seals(session) == []
                states = {records.verify(session, code).status for code in codes}
            # the check can fail: a value changed on the server breaks its seal
            dbtools.execute(url, "UPDATE score SET value = value + 1 WHERE id = "
                                 "(SELECT MIN(id) FROM score)")
            with database.read_session() as session:
                changed = seals.verify_seals(session)
            assert any("score for" in line and "changed outside the program" in line
                       for line in changed)
        finally:
            database.close()
    assert states == {"genuine", "revoked"}


@needs_server
def test_sequences_continue_past_the_copied_ids(tmp_path: Path) -> None:
    from tests.factories import write_nominations_csv
    from awards_app.cli.main import main

    source = demo_file(tmp_path / "demo.sqlite3", stage="nominations")
    top = dbtools.tuples(source, "SELECT MAX(id), MAX(number) FROM nomination")[0]
    audit_top = dbtools.tuples(source, "SELECT MAX(id) FROM audit_entry")[0][0]
    with pg.fresh_database() as url:
        move_database(str(source), url)
        csv = write_nominations_csv(tmp_path / "one.csv", 1)
        assert main(["--db", url, "import", "nominations", str(csv)]) == 0
        new = dbtools.tuples(url, "SELECT id, number FROM nomination WHERE id > :top",
                             top=top[0])
        audit_new = dbtools.tuples(url, "SELECT MIN(id) FROM audit_entry WHERE id > :top",
                                   top=audit_top)[0][0]
    assert new == [(top[0] + 1, top[1] + 1)]
    assert audit_new == audit_top + 1


@needs_server
def test_a_target_with_data_is_refused_and_left_alone(tmp_path: Path) -> None:
    source = demo_file(tmp_path / "demo.sqlite3", stage="nominations")
    with pg.fresh_database() as url:
        dbtools.execute(url, "INSERT INTO worker (name, email, team, active, version, "
                             "created_at, updated_at) VALUES ('Sam', '', 'A', true, 1, "
                             "now(), now())")
        before = dbtools.snapshot(url)
        with pytest.raises(DatabaseError, match="is not empty: it already holds data "
                                                r"\(1 worker\)"):
            move_database(str(source), url)
        assert dbtools.snapshot(url) == before
    with bare_database() as url:
        dbtools.execute(url, "CREATE TABLE invoices (id integer)")
        with pytest.raises(DatabaseError, match="another program.*invoices"):
            move_database(str(source), url)
        assert dbtools.tuples(url, "SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_schema = 'public'") == [(1,)]
    letter = tmp_path / "letter.sqlite3"
    letter.write_text("Dear Sam, well done!")
    with pytest.raises(DatabaseError, match="is not empty: it is a file, but not a database"):
        move_database(str(source), str(letter))
    assert letter.read_text() == "Dear Sam, well done!"
    existing = demo_file(tmp_path / "other.sqlite3", stage="nominations")
    kept = sha(existing)
    with pytest.raises(DatabaseError, match="is not empty"):
        move_database(str(source), str(existing))
    assert sha(existing) == kept


@needs_server
@pytest.mark.parametrize("how", ["cancelled", "progress raises"])
def test_a_move_stopped_half_way_leaves_the_target_empty(tmp_path: Path, how: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(copying, "BATCH_ROWS", 20)
    source = demo_file(tmp_path / "demo.sqlite3")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if how == "progress raises" and done > total // 4:
            raise KeyboardInterrupt

    def cancelled() -> bool:
        return how == "cancelled" and len(seen) > 0 and seen[-1][0] > seen[-1][1] // 4

    with bare_database() as url:
        with pytest.raises((Cancelled, KeyboardInterrupt)):
            move_database(str(source), url, progress=progress, cancelled=cancelled)
        assert 0 < seen[-1][0] < seen[-1][1]
        assert all(dbtools.count(url, t.name) == 0 for t in copying.tables())
        move_database(str(source), url)  # the empty target can be used again
        assert digests(url) == digests(source)
    with pytest.raises((Cancelled, KeyboardInterrupt)):
        seen.clear()
        move_database(str(source), str(tmp_path / "new.sqlite3"), progress=progress,
                      cancelled=cancelled)
    assert list(tmp_path.glob("new.sqlite3*")) == []


@needs_server
def test_a_copy_that_does_not_match_is_not_committed(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = demo_file(tmp_path / "demo.sqlite3", stage="nominations")
    real = copying.reset_sequences

    def losing_a_row(conn: object) -> None:
        real(conn)  # type: ignore[arg-type]
        conn.execute(text("DELETE FROM good_news WHERE id = (SELECT MAX(id) FROM good_news)"))  # type: ignore[attr-defined]

    monkeypatch.setattr(copying, "reset_sequences", losing_a_row)
    with pg.fresh_database() as url:
        with pytest.raises(copying.CopyCheckFailed) as failed:
            move_database(str(source), url)
        assert [t.name for t in failed.value.report.tables if not t.matched] == ["good_news"]
        assert all(dbtools.count(url, t.name) == 0 for t in copying.tables())


def test_a_source_needing_an_upgrade_is_refused_unchanged(tmp_path: Path) -> None:
    source = demo_file(tmp_path / "demo.sqlite3", stage="nominations")
    dbtools.execute(source, "UPDATE alembic_version SET version_num = '0010'")
    before = sha(source)
    with pytest.raises(DatabaseError, match="older version.*Open it once with this version"):
        move_database(str(source), str(tmp_path / "copy.sqlite3"))
    assert sha(source) == before
    assert not (tmp_path / "copy.sqlite3").exists()


def test_sqlite_to_a_new_sqlite_file(tmp_path: Path) -> None:
    source = demo_file(tmp_path / "demo.sqlite3")
    report = move_database(str(source), str(tmp_path / "copy.sqlite3"))
    assert report.matched and report.rows > 500
    assert digests(tmp_path / "copy.sqlite3") == digests(source)
    assert (tmp_path / "copy.sqlite3").stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test server "
                    "(AWARDS_TEST_PG)")
def test_a_server_needing_an_upgrade_is_refused_with_a_command_that_works(
        tmp_path: Path) -> None:
    """The words say what to type: a server's address for --db (never its password, never
    "database NAME on SERVER", which --db would take for a file's name)."""
    from sqlalchemy.engine import make_url

    with pg.fresh_database() as url:
        dbtools.execute(url, "UPDATE alembic_version SET version_num = '0010'")
        with_password = make_url(url).set(password="Secret-Marker-77").render_as_string(
            hide_password=False)
        with pytest.raises(DatabaseError) as refused:
            move_database(with_password, str(tmp_path / "copy.sqlite3"))
        said = str(refused.value)
        assert said.startswith("The database awards_t_")  # a sentence, as a person writes it
        address = make_url(url).render_as_string(hide_password=False)  # (it has none)
        assert f"'awards --db \"{address}\" check'" in said
        assert "Secret-Marker-77" not in said
        assert not (tmp_path / "copy.sqlite3").exists()
