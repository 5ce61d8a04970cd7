"""Good news travels with an event file: the stories dated in the event's year and those that
became its nominations, with their young people and workers; imported into another database
they come back linked to the same nominations, and importing where they already are adds no
second copy."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.services import demo, goodnews
from awards_app.services.transfer import exports
from awards_app.services.transfer.event_json import reader
from tests.services.goodnews.helpers import story


def _key(row: goodnews.StoryRow) -> tuple[object, ...]:
    return (row.story_date, row.full_name, row.worker, row.team, row.story, row.why_proud,
            row.knows, row.nomination_ref)


@pytest.fixture
def exported(db: Database, tmp_path: Path) -> Path:
    with db.session() as s:
        event_id = demo.create_demo_event(s).id
        zoe = next(r for r in goodnews.list_stories(s) if r.young_person == "Zoë")
        # outside the event's year (20/03/2026 – 19/03/2027): not carried …
        story(s, zoe.nominee_id, on=date(2025, 6, 1), text="An old story.")
    path = tmp_path / "event.json"
    with db.session() as s:
        exports.export_event(s, event_id=event_id, path=path)
    return path


def test_stories_travel_with_the_event_and_keep_their_nominations(
        db: Database, exported: Path, tmp_path: Path) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert len(document["good_news"]) == 24
    assert "An old story." not in {s["story"] for s in document["good_news"]}
    keys = {p["key"] for p in document["nominees"]}
    assert {s["nominee"] for s in document["good_news"]} <= keys  # the unnominated too
    with db.read_session() as s:
        before = sorted(_key(r) for r in goodnews.list_stories(s)
                        if r.story != "An old story.")
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.session() as s:
            event_id = reader.import_event(s, path=exported).id
        with other.read_session() as s:
            after = sorted(_key(r) for r in goodnews.list_stories(s))
            unnominated = {r.name for r in goodnews.without_nomination(s, event_id)}
        assert after == before
        assert sum(1 for k in after if k[-1]) == 7  # linked to the same nominations
        assert unnominated == {"Cal", "Tendai", "Jordy", "Ewa", "Amira", "Precious"}
        # the file exported again from there carries the same stories
        again = tmp_path / "again.json"
        with other.session() as s:
            exports.export_event(s, event_id=event_id, path=again)
        assert json.loads(again.read_text(encoding="utf-8"))["good_news"] == document["good_news"]
    finally:
        other.close()


def test_importing_where_the_stories_are_adds_no_second_copy(
        db: Database, exported: Path, tmp_path: Path) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["event"]["name"] = "Northbridge copy"
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(document), encoding="utf-8")
    with db.read_session() as s:
        count = len(goodnews.list_stories(s))
    with db.session() as s:
        reader.import_event(s, path=copy)
    with db.read_session() as s:
        assert len(goodnews.list_stories(s)) == count


def test_a_bad_story_is_named_by_its_path_and_nothing_is_stored(
        exported: Path, tmp_path: Path) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["good_news"][3]["nominee"] = "P999"
    document["good_news"][5]["story"] = 7
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with pytest.raises(ValidationError) as caught, other.session() as s:
            reader.import_event(s, path=bad)
        assert "good_news[5].story: must be text" in str(caught.value)
        del document["good_news"][5]
        bad.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(ValidationError) as caught, other.session() as s:
            reader.import_event(s, path=bad)
        assert "good_news[3].nominee: 'P999' is not a nominee key in this file" in str(
            caught.value)
        with other.read_session() as s:
            assert goodnews.list_stories(s) == []
    finally:
        other.close()
