"""Pronunciations, presenters, approved press wording and ceremony seats travel with an event
export and import: the moved event makes the same ceremony pack, and a file that gives a
wrong kind of value for one is refused by its path, with nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Category
from awards_app.services import ceremony as cer
from awards_app.services.transfer import exports
from awards_app.services.transfer.event_json import reader as event_import
from tests.services.ceremony.combos import build


def test_the_moved_event_makes_the_same_pack(db: Database, tmp_path: Path) -> None:
    built = build(db)
    with db.session() as s:
        first = s.query(Category).filter_by(event_id=built.event_id).order_by(
            Category.display_order).first()
        assert first is not None
        first.presenter = "Councillor Ada Brooks"
    path = tmp_path / "event.json"
    with db.read_session() as s:
        exports.export_event(s, event_id=built.event_id, path=path)
        before = cer.ceremony(s, built.event_id)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["categories"][0]["presenter"] == "Councillor Ada Brooks"
    assert {n["ceremony_seat"] for n in document["nominees"]} >= {"Table aax", "Table hidden"}
    assert any(n["pronunciation"] for n in document["nominees"])
    assert any(n["press_wording"] for n in document["nominations"])

    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.session() as s:
            moved = event_import.import_event(s, path=path).id
        with other.read_session() as s:
            after = cer.ceremony(s, moved)
            rows = cer.page_rows(s, moved)
    finally:
        other.close()
    # the same pack, to the letter (only the database ids differ)
    assert cer.pack_sections(after) == cer.pack_sections(before)
    assert [c.presenter for c in after.categories][0] == "Councillor Ada Brooks"
    assert all(r.seat for r in rows)


def test_a_wrong_seat_in_the_file_is_refused_by_its_path(db: Database, tmp_path: Path) -> None:
    built = build(db)
    path = tmp_path / "event.json"
    with db.read_session() as s:
        exports.export_event(s, event_id=built.event_id, path=path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["nominees"][2]["ceremony_seat"] = 12
    document["categories"][1]["presenter"] = ["not", "a", "name"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with pytest.raises(ValidationError) as caught, other.session() as s:
            event_import.import_event(s, path=bad)
        fields = {e.field for e in caught.value.errors}
        assert {"nominees[2].ceremony_seat", "categories[1].presenter"} <= fields
    finally:
        other.close()
