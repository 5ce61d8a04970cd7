"""Loading an event file in two phases: ``prepare`` reads and checks it all in a read session
(no write lock), ``store`` writes it in one short write transaction.

What must hold: other windows and judges can save while a file is being checked; whatever
changed in between that the checks depend on (an event of the same name and year, certificate
codes, the young people and workers already known) is checked again by ``store``, with the
same messages, and a refusal or Cancel stores nothing; and the two phases leave every table
exactly as loading in one session does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from awards_app.cli import commands
from awards_app.core.errors import Cancelled, ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Base, Nomination, Nominee, Worker, utcnow
from awards_app.services import events, people
from awards_app.services.transfer.event_json import reader
from tests import dbtools


@pytest.fixture
def other(db_url: str) -> Iterator[Database]:
    """A second program on the same file that waits at most 0.2 s for the write lock, so a
    write that would wait for the load fails at once instead of after the usual 10 s."""
    database = open_database(db_url)
    database.wait_for_writers(200)
    yield database
    database.close()


def prepare(database: Database, path: Path) -> reader.EventPlan:
    with database.read_session() as s:
        return reader.prepare(s, path=path)


def store(database: Database, plan: reader.EventPlan, **options: Any) -> int:
    with database.session() as s:
        return reader.store(s, plan, **options).id


def snapshot(where: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table."""
    return dbtools.snapshot(where)


def tables(database: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, by primary key, with times written by the load itself
    (creation of records the file gives no time for, the audit trail) as "now"."""
    recent = utcnow() - timedelta(hours=1)
    out = {}
    with database.read_session() as s:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [
                {k: "now" if isinstance(v, datetime) and v > recent else v
                 for k, v in row._mapping.items()}
                for row in s.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def renamed(path: Path, folder: Path, name: str) -> Path:
    """The same event file, for an event of another name."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["event"]["name"] = name
    copy = folder / f"{name}.json"
    copy.write_text(json.dumps(document), encoding="utf-8")
    return copy


def test_the_cli_load_lets_others_write_while_it_checks(
        cli: Any, db: Database, other: Database, rich: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails when the whole load runs in one write session: the other program's save
    finds the database locked."""
    written: list[int] = []

    def someone_writes(_done: int, _total: int) -> None:
        if not written:
            with other.session() as s:
                people.create_worker(s, name="Ada Worker", email="ada@council.example")
            written.append(1)

    monkeypatch.setattr(commands, "_progress", lambda _enabled: someone_writes)
    result = cli("import", "event", str(rich["path"]))
    assert result.code == 0, result.err
    assert written and "it is now the current event" in result.out
    with db.read_session() as s:
        assert s.scalar(select(func.count(Worker.id)).where(
            Worker.email == "ada@council.example")) == 1
        assert s.scalar(select(func.count(Nomination.id))) == len(
            json.loads(rich["path"].read_text(encoding="utf-8"))["nominations"])


def test_another_writer_commits_between_prepare_and_store(
        db: Database, other: Database, rich: dict[str, Any]) -> None:
    plan = prepare(db, rich["path"])
    with other.session() as s:  # no waiting: nothing holds the lock between the phases
        events.create_event(s, name="Another Awards", year=2031, make_current=False)
    event_id = store(db, plan)
    with db.read_session() as s:
        assert {e.name for e in events.list_events(s)} == {
            "Another Awards", plan.event["name"]}
        assert events.require_current_event(s).id == event_id


def test_an_event_of_the_same_name_and_year_created_meanwhile_refuses_the_store(
        db: Database, db_url: str, rich: dict[str, Any]) -> None:
    plan = prepare(db, rich["path"])
    name, year = plan.event["name"], plan.event["year"]
    with db.session() as s:  # the same event by the service's rule (case and spacing aside)
        events.create_event(s, name=f"  {name.upper()} ", year=year)
    before = snapshot(db_url)

    with pytest.raises(ValidationError) as refused:
        store(db, plan)

    assert snapshot(db_url) == before
    with pytest.raises(ValidationError) as fresh:
        prepare(db, rich["path"])
    assert refused.value.errors == fresh.value.errors
    assert refused.value.source == fresh.value.source == rich["path"].name
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("event.name", f"an event called '{name.upper()}' in {year} already exists")]


def test_certificate_codes_taken_meanwhile_refuse_the_store(
        db: Database, db_url: str, certified: dict[str, Any], tmp_path: Path) -> None:
    plan = prepare(db, certified["path"])
    with db.session() as s:  # the same certificates, loaded for another event
        reader.import_event(s, path=renamed(certified["path"], tmp_path, "Earlier Copy"))
    before = snapshot(db_url)

    with pytest.raises(ValidationError) as refused:
        store(db, plan)

    assert snapshot(db_url) == before
    with pytest.raises(ValidationError) as fresh:
        prepare(db, certified["path"])
    assert refused.value.errors == fresh.value.errors
    assert refused.value.errors and all(
        e.field.startswith("certificates[") and "already on a certificate" in e.message
        for e in refused.value.errors)


def test_people_added_meanwhile_are_not_added_twice(
        db: Database, rich: dict[str, Any]) -> None:
    document = json.loads(rich["path"].read_text(encoding="utf-8"))
    worker = next(w for w in document["workers"] if w["email"])
    young = document["nominees"][0]
    plan = prepare(db, rich["path"])
    with db.session() as s:  # someone records one of the file's workers and young people
        people.create_worker(s, name=worker["name"], email=worker["email"])
        people.create_nominee(s, first_name=young["first_name"].lower(),
                              last_name=young["last_name"], date_of_birth=young["date_of_birth"])
    store(db, plan)
    with db.read_session() as s:
        assert s.scalar(select(func.count(Worker.id))) == len(document["workers"])
        assert s.scalar(select(func.count(Nominee.id))) == len(document["nominees"])
        assert s.scalar(select(func.count(Worker.id)).where(
            func.lower(Worker.email) == worker["email"].lower())) == 1


@pytest.mark.parametrize("fixture", ["rich", "certified"])
def test_two_phases_store_exactly_what_one_session_stores(
        request: pytest.FixtureRequest, fixture: str, tmp_path: Path) -> None:
    path = request.getfixturevalue(fixture)["path"]
    one, two = (open_database(tmp_path / f"{name}.sqlite3") for name in ("one", "two"))
    try:
        with one.session() as s:
            reader.import_event(s, path=path)
        store(two, prepare(two, path))
        first, second = tables(one), tables(two)
    finally:
        one.close()
        two.close()
    assert first["nomination"] and first["audit_entry"]
    for name in first:
        assert second[name] == first[name], name


def _cancel_at(check: int) -> tuple[Callable[[], bool], list[int]]:
    """A Cancel pressed at the ``check``-th time the job looks (0: never)."""
    seen: list[int] = []

    def cancelled() -> bool:
        seen.append(1)
        return len(seen) == check

    return cancelled, seen


@pytest.mark.parametrize("when", ["first", "middle", "last"])
def test_cancelling_the_store_stores_nothing(
        db: Database, db_url: str, rich: dict[str, Any], when: str,
        tmp_path: Path) -> None:
    plan = prepare(db, rich["path"])
    _never, checks = _cancel_at(0)
    rehearsal = open_database(tmp_path / "rehearsal.sqlite3")
    try:
        store(rehearsal, prepare(rehearsal, rich["path"]), cancelled=_never)
    finally:
        rehearsal.close()
    assert len(checks) >= 3
    at = {"first": 1, "middle": len(checks) // 2, "last": len(checks)}[when]
    before = snapshot(db_url)
    cancelled, _seen = _cancel_at(at)

    with pytest.raises(Cancelled, match="nothing was stored"):
        store(db, plan, cancelled=cancelled)

    assert snapshot(db_url) == before
    assert store(db, plan) > 0  # the plan still stands
