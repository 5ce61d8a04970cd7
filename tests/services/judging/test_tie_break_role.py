"""The Obstacles tie-break follows a role on the criterion, not its name: renaming keeps it,
the role moves between criteria, and event files carry it (older files by the old name)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Criterion
from awards_app.services import catalogue, judging, nominations, people
from awards_app.services.catalogue import categories, sponsors
from awards_app.services.judging import results
from awards_app.services.transfer import exports
from awards_app.services.transfer.event_json import reader
from tests.conftest import words


def _education(s: Any, event_id: int) -> Any:
    return next(c for c in categories.list_categories(s, event_id) if c.name == "Education Star")


def _roles(s: Any, category_id: int) -> dict[str, str | None]:
    return {r.name: r.role for r in categories.criterion_rows(s, category_id)}


def test_new_events_mark_obstacles_overcome(db: Database, event_id: int) -> None:
    with db.read_session() as s:
        roles = _roles(s, _education(s, event_id).id)
        rows = categories.criterion_rows(s, _education(s, event_id).id)
    assert roles == {"Achievement": None, "Obstacles overcome": "obstacles",
                     "Inspiration to others": None}
    assert [r.role_label for r in rows] == ["", "Breaks ties (obstacles overcome)", ""]


def _tied_pair(db: Database, event_id: int) -> dict[str, Any]:
    """Two accepted Education Star nominations and one judge, not yet scored."""
    with db.session() as s:
        education = _education(s, event_id)
        acme = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        sponsors.sponsor_category(s, sponsor_id=acme.id, category_id=education.id)
        judge = sponsors.create_judge(s, sponsor_id=acme.id, name="Ann Judge")
        worker = people.create_worker(s, name="Pat Worker", email="pat@council.example")
        ids = []
        for first in ("Ada", "Ben"):
            nominee = people.create_nominee(s, first_name=first, last_name="Marker",
                                            date_of_birth="2006-05-05")
            ids.append(nominations.create_nomination(
                s, event_id=event_id, category_id=education.id, nominee_id=nominee.id,
                worker_id=worker.id, success=words(30, "proud"),
                obstacles=words(30, "resilient"), status="accepted").id)
        return {"judge": judge.id, "ada": ids[0], "ben": ids[1], "category": education.id}


def _score(db: Database, setup: dict[str, Any], ada: tuple[int, ...], ben: tuple[int, ...]
           ) -> list[tuple[str, int, bool, str | None]]:
    with db.session() as s:
        ids = [r.id for r in categories.criterion_rows(s, setup["category"])]
        for nomination, values in ((setup["ada"], ada), (setup["ben"], ben)):
            judging.save_scores(s, judge_id=setup["judge"], nomination_id=nomination,
                                scores=dict(zip(ids, values, strict=True)))
        event_id = s.get(Criterion, ids[0]).category.event_id
        (result,) = results.category_results(s, event_id, category_id=setup["category"])
    return [(r.ref, r.rank, r.tie, r.tie_break) for r in result.ranking]


def test_renaming_the_obstacles_criterion_keeps_the_tie_break(db: Database, event_id: int
                                                              ) -> None:
    setup = _tied_pair(db, event_id)
    with db.session() as s:
        obstacles = next(r for r in categories.criterion_rows(s, setup["category"])
                         if r.role == "obstacles")
        categories.update_criterion(s, obstacles.id, name="What they overcame")
    with db.read_session() as s:
        assert _roles(s, setup["category"])["What they overcame"] == "obstacles"
    # Equal totals (see test_judging.test_obstacles_rule_breaks_a_tie); Ben's obstacles higher.
    assert _score(db, setup, (9, 5, 1), (1, 6, 7)) == [
        ("N-0002", 1, True, "obstacles"), ("N-0001", 2, True, "obstacles")]


def test_the_role_decides_not_the_name(db: Database, event_id: int) -> None:
    """Giving the role to "Inspiration to others" takes it from "Obstacles overcome", and the
    tie is then broken by inspiration points."""
    setup = _tied_pair(db, event_id)
    with db.session() as s:
        rows = categories.criterion_rows(s, setup["category"])
        categories.update_criterion(s, rows[2].id, role="obstacles")
    with db.read_session() as s:
        assert _roles(s, setup["category"]) == {
            "Achievement": None, "Obstacles overcome": None,
            "Inspiration to others": "obstacles"}
    # weights 1, 2, 1: Ada (9, 5, 1) and Ben (1, 6, 7) tie at 4.4444; Ada's third is 0 points,
    # Ben's 6.6667, so Ben wins on the criterion that now breaks ties.
    assert _score(db, setup, (9, 5, 1), (1, 6, 7))[0] == ("N-0002", 1, True, "obstacles")


def test_without_the_role_nothing_breaks_the_tie_on_obstacles(db: Database, event_id: int
                                                              ) -> None:
    setup = _tied_pair(db, event_id)
    with db.session() as s:
        obstacles = next(r for r in categories.criterion_rows(s, setup["category"])
                         if r.role == "obstacles")
        categories.update_criterion(s, obstacles.id, role=None)
        judging.set_tie_breaks(s, event_id, rules=["obstacles"], normalised=False)
    ranking = _score(db, setup, (9, 5, 1), (1, 6, 7))
    assert [r[1:3] for r in ranking] == [(1, True), (1, True)]  # still tied: no criterion
    assert {r[3] for r in ranking} != {"obstacles"}


def test_a_role_that_does_not_exist_is_refused(db: Database, event_id: int) -> None:
    with db.session() as s:
        row = categories.criterion_rows(s, _education(s, event_id).id)[0]
        with pytest.raises(ValidationError) as refused:
            categories.update_criterion(s, row.id, role="tiebreak")
    assert [e.field for e in refused.value.errors] == ["role"]


def test_adding_a_criterion_with_the_role_takes_it_over(db: Database, event_id: int) -> None:
    with db.session() as s:
        category_id = _education(s, event_id).id
        categories.add_criterion(s, category_id=category_id, name="Grit", role="obstacles")
    with db.read_session() as s:
        roles = _roles(s, category_id)
    assert [name for name, role in roles.items() if role] == ["Grit"]


def test_event_files_carry_the_role_and_old_files_use_the_name(
        db: Database, event_id: int, tmp_path: Path) -> None:
    with db.session() as s:
        category_id = _education(s, event_id).id
        rows = categories.criterion_rows(s, category_id)
        categories.update_criterion(s, rows[1].id, name="Barriers beaten")
        document = exports.event_document(s, event_id)
    education = next(c for c in document["categories"] if c["name"] == "Education Star")
    assert [c["role"] for c in education["criteria"]] == [None, "obstacles", None]

    # A version 3 file (no roles) marks the criterion called "Obstacles overcome".
    old = json.loads(json.dumps(document, default=str))
    old["version"] = 3
    old["name"] = old["event"]["name"] = "Old file"
    for category in old["categories"]:
        for criterion in category["criteria"]:
            criterion.pop("role")
            if criterion["name"] == "Barriers beaten":
                criterion["name"] = "OBSTACLES  overcome"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.session() as s:
            imported = reader.import_event(s, path=path)
            category = next(c for c in categories.list_categories(s, imported.id)
                            if c.name == "Education Star")
            assert {c.name: c.role for c in category.criteria} == {
                "Achievement": None, "OBSTACLES overcome": "obstacles",  # spaces tidied
                "Inspiration to others": None}
    finally:
        other.close()


def test_copying_last_years_setup_keeps_the_role(db: Database, event_id: int) -> None:
    with db.session() as s:
        rows = categories.criterion_rows(s, _education(s, event_id).id)
        categories.update_criterion(s, rows[1].id, name="Barriers beaten")
        new = catalogue.create_event(s, name="Next Awards", year=2028, copy_from=event_id)
        roles = _roles(s, _education(s, new.id).id)
    assert roles["Barriers beaten"] == "obstacles"
