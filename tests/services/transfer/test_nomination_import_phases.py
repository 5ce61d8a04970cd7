"""Nominations imported in two phases (read and check, then one short write): other writers
are not kept waiting while a file is checked, and whatever changed in between is seen by
``store``, which checks every row again, with the same messages, when anything the checks
read has changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from awards_app.cli import commands
from awards_app.core.errors import ConflictError, ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Nomination, Nominee, Worker
from awards_app.services import events, people
from awards_app.services.transfer import importers, nominations_import
from tests import dbtools
from tests.factories import nomination_rows, write_nominations_csv
from tests.services.transfer.test_import_dry_run import snapshot, write_rows


@pytest.fixture
def other(db_url: str) -> Iterator[Database]:
    """A second program on the same database that waits at most 0.2 s for the write lock."""
    database = open_database(db_url)
    database.wait_for_writers(200)
    yield database
    database.close()


def prepare(db: Database, event_id: int, path: Path) -> importers.ImportPlan:
    with db.read_session() as s:
        return importers.prepare(s, "nominations", event_id=event_id, path=path)


def store(db: Database, plan: importers.ImportPlan) -> Any:
    with db.session() as s:
        return importers.store(s, plan)


def counts(db: Database) -> tuple[int, int, int]:
    with db.read_session() as s:
        return (s.scalar(select(func.count(Nomination.id))) or 0,
                s.scalar(select(func.count(Nominee.id))) or 0,
                s.scalar(select(func.count(Worker.id))) or 0)


def test_the_cli_import_lets_others_write_while_it_checks(
        cli, db: Database, db_url: str, event_id: int, tmp_path: Path, other: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails when the whole import runs in one write session."""
    path = write_nominations_csv(tmp_path / "n.csv", 30)
    written: list[int] = []

    def someone_writes(_done: int, _total: int) -> None:
        if not written:
            with other.session() as s:
                people.create_worker(s, name="Ada Worker", email="ada@council.example")
            written.append(1)

    monkeypatch.setattr(commands, "_progress", lambda _enabled: someone_writes)
    result = cli("import", "nominations", str(path))
    assert result.code == 0, result.err
    assert written and "Imported 30 rows" in result.out
    assert counts(db)[0] == 30


def test_a_plan_stands_when_nothing_it_read_has_changed(
        db: Database, db_url: str, event_id: int, tmp_path: Path) -> None:
    path = write_nominations_csv(tmp_path / "n.csv", 25)
    plan = prepare(db, event_id, path)
    assert isinstance(plan.prepared, nominations_import.NominationPlan)
    assert plan.result is not None and plan.result.details["nominations"] == 25
    with db.session() as s:  # a change elsewhere: a new event, not read by the checks
        events.create_event(s, name="Another", year=2028, make_current=False)
    assert store(db, plan) == plan.result
    assert counts(db)[0] == 25


def test_a_nomination_made_meanwhile_for_the_same_young_person_is_refused(
        db: Database, db_url: str, event_id: int, tmp_path: Path) -> None:
    rows = nomination_rows(4)
    path = write_rows(tmp_path / "n.csv", rows)
    plan = prepare(db, event_id, path)
    with db.session() as s:  # another worker nominates row 3's young person, same category
        other_worker = {**rows[2], "nominator_name": "Another Worker",
                        "nominator_email": "another@council.example"}
        nominations_import.import_nominations(s, event_id=event_id,
                                   path=write_rows(tmp_path / "one.csv", [other_worker]))
    before = snapshot(db_url)

    with pytest.raises(ValidationError) as refused:
        store(db, plan)

    assert snapshot(db_url) == before
    with pytest.raises(ValidationError) as fresh, db.read_session() as s:
        importers.check(s, "nominations", event_id=event_id, path=path)
    assert refused.value.errors == fresh.value.errors
    assert [(e.row, e.field) for e in refused.value.errors] == [(4, "nominee_first_name")]
    assert "is already nominated for" in refused.value.errors[0].message


def test_the_same_row_imported_meanwhile_is_already_imported_not_stored_twice(
        db: Database, event_id: int, tmp_path: Path) -> None:
    rows = nomination_rows(4)
    path = write_rows(tmp_path / "n.csv", rows)
    plan = prepare(db, event_id, path)
    assert plan.result is not None and (plan.result.rows, plan.result.already) == (4, 0)
    with db.session() as s:  # someone imports row 3 alone, from the same nominator
        nominations_import.import_nominations(s, event_id=event_id,
                                   path=write_rows(tmp_path / "one.csv", [rows[2]]))
    result = store(db, plan)
    assert (result.rows, result.already) == (3, 1)
    assert counts(db)[0] == 4


def test_a_young_person_added_meanwhile_is_not_added_twice(
        db: Database, event_id: int, tmp_path: Path) -> None:
    rows = nomination_rows(3)
    path = write_rows(tmp_path / "n.csv", rows)
    plan = prepare(db, event_id, path)
    assert plan.result is not None and plan.result.details["new nominees"] == 3
    with db.session() as s:
        people.create_nominee(s, first_name=rows[0]["nominee_first_name"],
                              last_name=rows[0]["nominee_last_name"],
                              date_of_birth=rows[0]["nominee_date_of_birth"])
    result = store(db, plan)
    assert result.details["new nominees"] == 2  # what was really stored
    assert counts(db)[:2] == (3, 3)


def test_an_event_archived_meanwhile_refuses_the_store(
        db: Database, db_url: str, event_id: int, tmp_path: Path) -> None:
    plan = prepare(db, event_id, write_nominations_csv(tmp_path / "n.csv", 5))
    with db.session() as s:
        events.archive_event(s, event_id)
    before = snapshot(db_url)
    with pytest.raises(ConflictError, match="archived"):
        store(db, plan)
    assert snapshot(db_url) == before


def test_the_dry_run_of_nominations_needs_no_write_lock(
        db: Database, db_url: str, event_id: int, tmp_path: Path) -> None:
    path = write_nominations_csv(tmp_path / "n.csv", 10)
    with dbtools.write_lock_held(db_url):  # another writer holds the lock throughout
        with db.read_session() as s:
            result = importers.check(s, "nominations", event_id=event_id, path=path)
    assert result.rows == 10 and counts(db)[0] == 0


def test_records_are_stamped_when_stored_not_when_checked(
        db: Database, event_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows are converted while checking, but created/updated times are the write's:
    a person may look at the preview for minutes before pressing Import."""
    from datetime import datetime

    path = write_nominations_csv(tmp_path / "n.csv", 12)
    monkeypatch.setattr(nominations_import, "utcnow", lambda: datetime(2020, 1, 1))
    plan = prepare(db, event_id, path)
    stored_at = datetime(2026, 12, 6, 9, 30, 15)
    monkeypatch.setattr(nominations_import, "utcnow", lambda: stored_at)
    store(db, plan)
    with db.read_session() as s:
        for model in (Nomination, Nominee, Worker):
            stamps = set(s.execute(select(model.created_at, model.updated_at)).all())
            assert stamps == {(stored_at, stored_at)}, model.__name__
