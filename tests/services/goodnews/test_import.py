"""Importing good-news stories: the template's columns, someone else's columns through the
mapping step, a growing file imported again ("N new, M already imported"), young people found
by name (and date of birth), and bad rows refused with nothing stored."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from awards_app.core.enums import Answer
from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import GoodNews, Nominee, Worker
from awards_app.services.transfer import importers, mapping, templates
from awards_app.services.transfer.imports import GOOD_NEWS_COLUMNS
from awards_app.services.transfer.mapped_reading import headers_of
from tests.services.goodnews.helpers import add_people, story

HEADER = ["story_date", "nominee_first_name", "nominee_last_name", "nominee_date_of_birth",
          "worker_name", "worker_email", "story", "why_proud", "young_person_knows",
          "source_id"]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _import(db: Database, event_id: int, path: Path, **kwargs: object) -> str:
    with db.read_session() as s:
        plan = importers.prepare(s, "good_news", event_id=event_id, path=path, **kwargs)  # type: ignore[arg-type]
    with db.session() as s:
        return importers.store(s, plan).describe()


ROWS = [
    ["2026-11-03", "zoe", "HARTLEY", "", "Priya Raman", "priya@example.org",
     "Passed her driving test.", "She kept at it.", "yes", "R1"],
    ["04/11/2026", "Samir", "Khan", "2005-11-20", "Tom W", "tom@example.org",
     "Got his first job.", "", "no", "R2"],
    ["2026-11-05", "Amira", "Haddad", "2007-02-14", "Nell Dunn", "nell@example.org",
     "Started college.", "Brave step.", "", "R3"],
]


def test_template_columns_import_and_a_growing_file_adds_only_new_rows(
        db: Database, event_id: int, tmp_path: Path) -> None:
    p = add_people(db)
    path = _write(tmp_path / "stories.csv", ROWS[:2])
    assert _import(db, event_id, path) == "Imported 2 rows (2 good-news stories)."
    path = _write(tmp_path / "stories.csv", ROWS)
    said = _import(db, event_id, path)
    assert said == ("1 new, 2 already imported: imported 1 row (1 good-news story, 1 new "
                    "nominee, 1 new worker).")
    assert _count(db, GoodNews) == 3 and _count(db, Nominee) == 3 and _count(db, Worker) == 3
    assert _import(db, event_id, path).startswith("Nothing new: all 3 rows")
    with db.read_session() as s:
        zoe = s.scalars(select(GoodNews).where(GoodNews.source_id == "R1")).one()
        assert (zoe.nominee_id, zoe.worker_id, zoe.team) == (p.zoe, p.priya,
                                                            "North Leaving Care Team")
        sam = s.scalars(select(GoodNews).where(GoodNews.source_id == "R2")).one()
        # found by email, although the file spells the worker's name differently
        assert (sam.nominee_id, sam.worker_id, sam.story_date) == (p.sam, p.tom, date(2026, 11, 4))
        assert sam.young_person_knows is Answer.NO


def test_rows_without_source_ids_are_recognised_by_person_date_and_story(
        db: Database, event_id: int, tmp_path: Path) -> None:
    p = add_people(db)
    with db.session() as s:
        story(s, p.zoe, on=date(2026, 11, 3), text="Passed her driving test.")
    rows = [r[:-1] + [""] for r in ROWS[:2]]
    said = _import(db, event_id, _write(tmp_path / "s.csv", rows))
    assert said.startswith("1 new, 1 already imported")
    assert _count(db, GoodNews) == 2


def test_bad_rows_are_named_and_nothing_is_stored(
        db: Database, event_id: int, tmp_path: Path) -> None:
    add_people(db)
    rows = [
        ROWS[0],
        ["2026-11-06", "Nobody", "Known", "", "", "", "Did well.", "", "", "R4"],
        ["2026-13-01", "Zoë", "Hartley", "", "", "", "", "", "maybe", "R5"],
        ROWS[2],
    ]
    with pytest.raises(ValidationError) as caught:
        _import(db, event_id, _write(tmp_path / "bad.csv", rows))
    problems = {(e.row, e.field) for e in caught.value.errors}
    assert problems == {(3, "nominee_date_of_birth"), (4, "story_date"), (4, "story"),
                        (4, "young_person_knows")}
    text = str(caught.value)
    assert "Row 3, 'nominee_date_of_birth': is empty, and no young person called Nobody " \
           "Known is recorded yet" in text
    assert _count(db, GoodNews) == 0 and _count(db, Nominee) == 2  # not even Amira


def test_two_young_people_with_one_name_need_a_date_of_birth(
        db: Database, event_id: int, tmp_path: Path) -> None:
    add_people(db)
    from awards_app.services import people
    with db.session() as s:
        twin = people.create_nominee(s, first_name="Zoe", last_name="Hartley",
                                     date_of_birth="2008-01-01").id
    with pytest.raises(ValidationError) as caught:
        _import(db, event_id, _write(tmp_path / "a.csv", [ROWS[0]]))
    assert "2 young people are called zoe HARTLEY" in str(caught.value)
    row = ROWS[0][:3] + ["01/01/2008"] + ROWS[0][4:]
    _import(db, event_id, _write(tmp_path / "b.csv", [row]))
    with db.read_session() as s:
        assert s.scalar(select(GoodNews.nominee_id)) == twin


def test_someone_elses_columns_through_the_mapping_step(
        db: Database, event_id: int, tmp_path: Path) -> None:
    p = add_people(db)
    form = ["ID", "Start time", "Date", "Young person's name", "Date of birth", "Your name",
            "Your email", "What is the good news?", "Why are you proud?",
            "Does the young person know this is being shared?"]
    path = _write(tmp_path / "form.csv", [
        ["17", "2026-11-03 10:00", "03/11/2026", "Zoë Hartley", "", "Priya Raman",
         "priya@example.org", "Passed her driving test.", "Practised every week.", "Yes"],
    ], header=form)
    proposed = mapping.propose("good_news", headers_of(path))
    assert dict(proposed.columns) == {
        "ID": "source_id", "Start time": None, "Date": "story_date",
        "Young person's name": "nominee_full_name", "Date of birth": "nominee_date_of_birth",
        "Your name": "worker_name", "Your email": "worker_email",
        "What is the good news?": "story", "Why are you proud?": "why_proud",
        "Does the young person know this is being shared?": "young_person_knows"}
    with pytest.raises(ValidationError):  # the form's own columns are not ours
        _import(db, event_id, path)
    assert _import(db, event_id, path, mapping=proposed) == "Imported 1 row (1 good-news story)."
    assert _import(db, event_id, path, mapping=proposed).startswith("Nothing new")
    with db.read_session() as s:
        row = s.scalars(select(GoodNews)).one()
        assert (row.nominee_id, row.worker_id, row.source_id) == (p.zoe, p.priya, "17")
        assert row.young_person_knows is Answer.YES


def test_the_template_has_the_import_columns(tmp_path: Path) -> None:
    path = templates.write_template("good_news", tmp_path / "good_news.csv")
    with path.open(encoding="utf-8-sig") as fh:
        assert next(csv.reader(fh)) == list(GOOD_NEWS_COLUMNS[:11])
    xlsx = templates.write_template("good_news", tmp_path / "good_news.xlsx")
    import openpyxl
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames[0] == "Good news"
    assert [c.value for c in book["Good news"][1]] == list(GOOD_NEWS_COLUMNS[:11])


def test_the_import_is_listed_by_kind() -> None:
    chosen = importers.importer("good_news")
    assert chosen.label == "Good news stories" and chosen.two_phase
    assert importers.ImportKind.GOOD_NEWS in importers.IMPORTERS
