"""Everywhere the program recognises a young person by name — creating one, the nominations
import, the event JSON load — a look-alike spelling (a zero-width space, a bidi control, a
Cyrillic letter drawn like a Latin one) is the same person: no second young person, no
second nomination in a category. And the stored name keeps the person's real spelling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Nomination, Nominee
from awards_app.services import demo, nominations, people
from awards_app.services.transfer import exports, nominations_import
from awards_app.services.transfer.event_json import reader
from tests.conftest import NARRATIVE
from tests.services.transfer.test_import_corpus import csv_text, row

LOOKALIKES = ["Kh\u200ban", "\u202eKhan\u202c", "Кhan", "KHAN", "Khаn"]  # Cyrillic К, а


def nominees(db: Database) -> list[tuple[str, str]]:
    with db.read_session() as s:
        return [(n.first_name, n.last_name) for n in s.scalars(select(Nominee).order_by(Nominee.id))]


@pytest.mark.parametrize("surname", LOOKALIKES)
def test_a_lookalike_surname_is_the_same_young_person(db: Database, surname: str) -> None:
    with db.session() as s:
        people.create_nominee(s, first_name="Amira", last_name="Khan",
                              date_of_birth="2005-06-01")
    with pytest.raises(ValidationError) as caught, db.session() as s:
        people.create_nominee(s, first_name="Amira", last_name=surname,
                              date_of_birth="2005-06-01")
    assert "already recorded" in str(caught.value)
    assert nominees(db) == [("Amira", "Khan")]


def test_controls_are_stripped_from_a_name_on_input(db: Database) -> None:
    with db.session() as s:
        made = people.create_nominee(s, first_name="\u200bZoë\u200f",
                                     last_name="Wiś\u202eniewska\u202c",
                                     date_of_birth="2005-06-01")
        assert (made.first_name, made.last_name) == ("Zoë", "Wiśniewska")


@pytest.mark.parametrize("surname", LOOKALIKES)
def test_the_import_refuses_a_lookalike_second_nomination(
    db: Database, event_id: int, tmp_path: Path, surname: str,
) -> None:
    path = tmp_path / "nominations.csv"
    path.write_text(csv_text([row(), row(nominee_last_name=surname)]), encoding="utf-8")
    with pytest.raises(ValidationError) as caught, db.session() as s:
        nominations_import.import_nominations(s, event_id=event_id, path=path)
    assert "nominated twice" in str(caught.value)
    assert any(e.row == 3 for e in caught.value.errors)
    assert nominees(db) == []


@pytest.mark.parametrize("surname", LOOKALIKES)
def test_the_import_reuses_the_young_person_already_here(
    db: Database, event_id: int, tmp_path: Path, surname: str,
) -> None:
    with db.session() as s:
        people.create_nominee(s, first_name="Amira", last_name="Khan",
                              date_of_birth="2005-06-01")
    path = tmp_path / "nominations.csv"
    path.write_text(csv_text([row(nominee_last_name=surname)]), encoding="utf-8")
    with db.session() as s:
        nominations_import.import_nominations(s, event_id=event_id, path=path)
    assert nominees(db) == [("Amira", "Khan")]
    # ... and so the same person cannot be nominated again in that category by hand
    with db.session() as s:
        nominee_id = s.scalar(select(Nominee.id))
        category_id = s.scalar(select(Nomination.category_id))
    with pytest.raises(ValidationError) as caught, db.session() as s:
        nominations.create_nomination(s, event_id=event_id, category_id=category_id,
                                      nominee_id=nominee_id, success=NARRATIVE,
                                      obstacles=NARRATIVE)
    assert "already nominated" in str(caught.value)


def test_real_spellings_survive_the_import(db: Database, event_id: int, tmp_path: Path) -> None:
    names = [("Łucja", "Wiśniewska"), ("Zoë", "O’Connor"), ("محمد", "الحسن"), ("Олег", "Петров")]
    path = tmp_path / "nominations.csv"
    path.write_text(csv_text([row(nominee_first_name=f"\u200b{first}",
                                  nominee_last_name=f"{last}\u200f",
                                  nominee_date_of_birth=f"2005-06-0{i + 1}")
                              for i, (first, last) in enumerate(names)]), encoding="utf-8")
    with db.session() as s:
        nominations_import.import_nominations(s, event_id=event_id, path=path)
    assert nominees(db) == names


def _event_file(tmp_path: Path, exported: dict[str, object], **changes: str) -> Path:
    document = json.loads(json.dumps(exported))
    document["nominees"][0].update(changes)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_event_load_matches_a_lookalike_to_the_young_person_here(
    db: Database, tmp_path: Path,
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    other = open_database(source / "other.sqlite3")
    try:
        with other.session() as s:
            event_id = demo.create_demo_event(s).id
        with other.session() as s:
            exports.export_event(s, event_id=event_id, path=source / "demo.json")
    finally:
        other.close()
    exported = json.loads((source / "demo.json").read_text(encoding="utf-8"))
    first = exported["nominees"][0]
    with db.session() as s:
        here = people.create_nominee(s, first_name=first["first_name"],
                                     last_name=first["last_name"],
                                     date_of_birth=first["date_of_birth"])
        here_id = here.id
    lookalike = first["last_name"].replace("e", "е").replace("a", "а")  # Cyrillic е, а
    lookalike = f"\u200b{lookalike[:2]}\u200d{lookalike[2:]}"
    assert lookalike != first["last_name"]
    path = _event_file(tmp_path, exported, last_name=lookalike)
    with db.session() as s:
        reader.import_event(s, path=path)
    with db.read_session() as s:
        assert s.scalar(select(func.count(Nominee.id))) == len(exported["nominees"])
        nominee = s.get(Nominee, here_id)
        assert nominee is not None
        assert nominee.last_name == first["last_name"]  # kept as it was
        assert s.scalar(select(func.count(Nomination.id)).where(
            Nomination.nominee_id == here_id)) >= 1
