"""Event JSON version 2: everything judging produced goes from one database to another intact.

One rich event (the demo, judged: PINs, judge copies, conflicts by nomination and by young
person, scores, comments, submissions, lead judges, a casting decision, one category
confirmed) is built once per module and exported; the tests import that file elsewhere.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from awards_app.core.errors import ConflictError, ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import (
    CastingDecision,
    Category,
    ConfirmedPlacement,
    Conflict,
    Event,
    Judge,
    JudgeTotal,
    Nomination,
    Nominee,
    Score,
    ScoreComment,
    Sponsor,
    Submission,
)
from awards_app.services import demo
from awards_app.services.transfer.event_json import reader as event_import
from awards_app.services.transfer import exports
from awards_app.services import judging
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.judging import results
from awards_app.services.catalogue import sponsors
from tests.factories import json_round_trip

PIN = "246810"
JUDGE_COPY = "A young person who turned a hard year into a first-class degree. " * 3
STORED_MODELS = (Event, Nominee, Nomination, Judge, Score, ScoreComment, Submission, Conflict,
                 CastingDecision, ConfirmedPlacement, JudgeTotal)


def _judge_id(s: Any, event_id: int, name: str) -> int:
    return next(j.id for j in sponsors.list_judges(s, event_id) if j.name == name)


def _score_everything(database: Database, event_id: int) -> None:
    """Score every assignment with seeded random values; a few comments on the way."""
    rng = random.Random(4)
    with database.session() as s:
        for row in judging.judging_progress(s, event_id):
            for item in judging.judge_queue(s, row.judge_id):
                if item.category_id == row.category_id:
                    judging.save_scores(
                        s, judge_id=row.judge_id, nomination_id=item.nomination_id,
                        scores={c.id: rng.randint(c.scale_min, c.scale_max)
                                for c in item.criteria},
                        comment="Remarkable persistence." if rng.random() < 0.3 else "")


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("judged-event")
    database = open_database(folder / "judged.sqlite3")
    try:
        with database.session() as s:
            event_id = demo.create_demo_event(s).id
            # Set before judging starts (fixed afterwards): a non-default order, normalised.
            results.set_tie_breaks(s, event_id, rules=["median", "obstacles", "casting"],
                                   normalised=True)
            for n in nominations.list_nominations(s, event_id):
                if n.status.value == "submitted":
                    nominations.update_nomination(s, n.id, status="accepted")
        with database.session() as s:
            ravinder = _judge_id(s, event_id, "Ravinder Patel")
            eleanor = _judge_id(s, event_id, "Eleanor Askew")
            danny = _judge_id(s, event_id, "Danny Whitmore")
            judging.set_pin(s, ravinder, PIN)
            judging.set_pin(s, danny, "1357")
            # Two wrong tries: a count that belongs to this laptop only.
            judging.sign_in(s, danny, "0000")
            judging.sign_in(s, danny, "0000")
            education = next(c for c in s.scalars(select(Category).where(
                Category.event_id == event_id)) if c.name == "Education Star")
            sports = next(c for c in s.scalars(select(Category).where(
                Category.event_id == event_id)) if c.name == "Sports Hero")
            in_education = [i.nomination_id for i in judging.judge_queue(s, ravinder)
                            if i.category_id == education.id]
            judging.set_judge_copy(s, in_education[0], success=JUDGE_COPY, obstacles="",
                                   voice="[name removed] says thank you.")
            # Declared by the judge for one nomination; recorded by the coordinator for a young
            # person, once for one with a nomination and once for one with none this year.
            judging.declare_conflict(s, judge_id=ravinder, nomination_id=in_education[1],
                                     kind="knows", note="Neighbour", declared_by="judge")
            nominee_id = s.get(Nomination, in_education[2]).nominee_id  # type: ignore[union-attr]
            judging.declare_conflict(s, judge_id=eleanor, nominee_id=nominee_id, kind="employs",
                                     note="Works in our office on Saturdays")
            stranger = people.create_nominee(s, first_name="Orla", last_name="Quinlan",
                                             date_of_birth="2004-02-29")
            judging.declare_conflict(s, judge_id=danny, nominee_id=stranger.id, kind="other")
        _score_everything(database, event_id)
        with database.session() as s:
            # Scored, then a conflict comes to light: the score stays, but stops counting.
            sports_queue = [i for i in judging.judge_queue(s, danny)
                            if i.category_id == sports.id]
            judging.declare_conflict(s, judge_id=danny, nomination_id=sports_queue[0].nomination_id,
                                     kind="related_team", note="Coaches the nominating team")
            # A comment written and then cleared (an empty comment row), and a comment alone.
            item = sports_queue[1]
            judging.save_scores(s, judge_id=danny, nomination_id=item.nomination_id,
                                scores=dict(item.scores), comment="First thoughts")
            judging.save_scores(s, judge_id=danny, nomination_id=item.nomination_id,
                                scores=dict(item.scores), comment="")
            item = sports_queue[2]
            judging.save_scores(s, judge_id=danny, nomination_id=item.nomination_id,
                                scores={c.id: None for c in item.criteria},
                                comment="Come back to this one")
        with database.session() as s:
            rows = judging.judging_progress(s, event_id)
            last = rows[-1].category_id
            for row in rows:
                if row.category_id not in (last, sports.id):
                    judging.submit_category(s, judge_id=row.judge_id, category_id=row.category_id)
            judging.set_lead_judge(s, category_id=education.id, judge_id=eleanor)
            judging.set_lead_judge(s, category_id=sports.id, judge_id=danny)
            # The lead judge's order settles any tie the rules leave in Education Star.
            (before,) = results.category_results(s, event_id, category_id=education.id)
            results.record_casting_decision(
                s, category_id=education.id, order=[r.nomination_id for r in before.ranking],
                reason="Agreed with the panel")
            sports_refs = [i.nomination_id for i in sports_queue[1:3]]
            results.record_casting_decision(s, category_id=sports.id, order=sports_refs,
                                            reason="Provisional view")
        with database.session() as s:
            confirmed = results.confirm_results(s, education.id)
            assert confirmed.status == results.FINAL
        path = folder / "judged.json"
        with database.session() as s:  # PINs included: as for moving a judging laptop
            exports.export_event(s, event_id=event_id, path=path, include_pins=True)
        with database.read_session() as s:
            before_results = _comparable(results.category_results(s, event_id))
            before_totals = _totals(s)
    finally:
        database.close()
    return {"path": path, "results": before_results, "totals": before_totals,
            "education": education.name}


def _fields(obj: Any) -> dict[str, Any]:
    """A result's fields, whether it is a dataclass or a named tuple."""
    if hasattr(obj, "_asdict"):
        return dict(obj._asdict())
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _comparable(found: list[results.CategoryResult]) -> list[dict[str, Any]]:
    """Results without database ids, which differ between databases."""
    return [
        {**{k: v for k, v in _fields(result).items() if k not in ("category_id", "ranking")},
         "ranking": [{k: v for k, v in _fields(row).items() if k != "nomination_id"}
                     for row in result.ranking]}
        for result in found
    ]


def _totals(s: Any) -> set[tuple[Any, ...]]:
    return set(s.execute(
        select(Sponsor.name, Judge.name, Nomination.number, JudgeTotal.total,
               JudgeTotal.obstacles, JudgeTotal.criteria_scored)
        .join(Judge, Judge.id == JudgeTotal.judge_id)
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .join(Nomination, Nomination.id == JudgeTotal.nomination_id)
    ).all())


def _document(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


@pytest.fixture
def fresh(tmp_path: Path) -> Any:
    database = open_database(tmp_path / "office.sqlite3")
    yield database
    database.close()


def test_the_export_carries_everything_judging_produced(rich: dict[str, Any]) -> None:
    document = _document(rich["path"])
    assert document["version"] == 4
    assert document["event"]["tie_breaks"] == ["median", "obstacles", "casting"]
    assert document["event"]["normalised_results"] is True
    judging_part = document["judging"]
    for key in ("scorecards", "submissions", "conflicts", "casting_decisions", "placements"):
        assert judging_part[key], key
    judges = [j for s in document["sponsors"] for j in s["judges"]]
    hashes = {j["name"]: j["pin_hash"] for j in judges}
    assert hashes["Ravinder Patel"].startswith("$argon2id$")
    assert hashes["Eleanor Askew"] is None
    assert not any("failed_pins" in j or "locked_until" in j for j in judges)
    database = open_database(rich["path"].with_name("judged.sqlite3"))
    with database.read_session() as s:
        plain = exports.event_document(s, s.scalar(select(Event.id)))  # the usual export
    database.close()
    assert all(j["pin_hash"] is None for sp in plain["sponsors"] for j in sp["judges"])
    education = next(c for c in document["categories"] if c["name"] == rich["education"])
    assert education["lead_judge"] == {"sponsor": "Askew Patel Solicitors LLP",
                                       "name": "Eleanor Askew"}
    assert education["results_confirmed_at"]
    assert any(n["judge_success"] == JUDGE_COPY.strip() for n in document["nominations"])
    conflicts = judging_part["conflicts"]
    assert {c["kind"] for c in conflicts} == {"knows", "employs", "other", "related_team"}
    assert {c["declared_by"] for c in conflicts} == {"judge", "coordinator"}
    by_nominee = [c for c in conflicts if c["nominee"] is not None]
    assert len(by_nominee) == 2 and all(c["nomination"] is None for c in by_nominee)
    # The young person with no nomination this year travels with the conflict.
    orla = next(p for p in document["nominees"] if p["first_name"] == "Orla")
    assert orla["key"] in {c["nominee"] for c in by_nominee}
    cards = judging_part["scorecards"]
    assert {c["comment"] for c in cards} >= {None, "", "Remarkable persistence.",
                                            "Come back to this one"}
    assert any(c["scores"] == {} and c["scored_at"] is None for c in cards)
    assert all(isinstance(v, int) for c in cards for v in c["scores"].values())
    # Natural keys only: nothing in the judging part looks like a database id.
    text = json.dumps(judging_part)
    assert "_id" not in text and '"id"' not in text
    assert "judge_total" not in json.dumps(document)


def test_round_trip_is_exact(rich: dict[str, Any], fresh: Database, tmp_path: Path) -> None:
    first, second, imported_id = json_round_trip(rich["path"], fresh, tmp_path,
                                                 include_pins=True)
    for key in first:
        assert second[key] == first[key], key
    assert second == first
    with fresh.read_session() as s:
        assert _comparable(results.category_results(s, imported_id)) == rich["results"]
        assert _totals(s) == rich["totals"]  # recomputed, not copied
        statuses = {r.category: r.status for r in results.category_results(s, imported_id)}
    assert statuses[rich["education"]] == results.FINAL
    assert {results.COMPLETE, results.PROVISIONAL} <= set(statuses.values())


def test_pins_carry_but_failed_tries_do_not(rich: dict[str, Any], fresh: Database) -> None:
    with fresh.session() as s:
        event_id = event_import.import_event(s, path=rich["path"]).id
        danny = s.get(Judge, _judge_id(s, event_id, "Danny Whitmore"))
        assert danny is not None and danny.failed_pins == 0 and danny.locked_until is None
        ravinder = _judge_id(s, event_id, "Ravinder Patel")
        assert judging.sign_in(s, ravinder, PIN).ok
        assert not judging.sign_in(s, ravinder, "999999").ok


def test_confirmed_results_stay_locked_after_the_move(rich: dict[str, Any],
                                                      fresh: Database) -> None:
    with fresh.session() as s:
        event_id = event_import.import_event(s, path=rich["path"]).id
        education = next(c for c in s.scalars(select(Category).where(
            Category.event_id == event_id)) if c.name == rich["education"])
        with pytest.raises(ConflictError, match="already final"):
            results.confirm_results(s, education.id)


# --- validation ----------------------------------------------------------------------------


def _card_with_scores(d: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return next((i, c) for i, c in enumerate(d["judging"]["scorecards"]) if c["scores"])


def _unknown_criterion(d: dict[str, Any]) -> tuple[str, str]:
    i, card = _card_with_scores(d)
    card["scores"]["Kindness"] = 7
    return f"judging.scorecards[{i}].scores.Kindness", "'Kindness' is not a criterion of"


def _score_out_of_scale(d: dict[str, Any]) -> tuple[str, str]:
    i, card = _card_with_scores(d)
    name = next(iter(card["scores"]))
    card["scores"][name] = 11
    return f"judging.scorecards[{i}].scores.{name}", "11 is outside"


def _score_not_whole(d: dict[str, Any]) -> tuple[str, str]:
    i, card = _card_with_scores(d)
    name = next(iter(card["scores"]))
    card["scores"][name] = 7.5
    return f"judging.scorecards[{i}].scores.{name}", "must be a whole number"


def _score_for_unknown_ref(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["scorecards"][0]["nomination"] = "N-9999"
    return "judging.scorecards[0].nomination", "'N-9999' is not a nomination ref"


def _repeated_scorecard(d: dict[str, Any]) -> tuple[str, str]:
    cards = d["judging"]["scorecards"]
    cards.append(dict(cards[0]))
    return f"judging.scorecards[{len(cards) - 1}]", "repeats judging.scorecards[0]"


def _scores_without_time(d: dict[str, Any]) -> tuple[str, str]:
    i, card = _card_with_scores(d)
    card["scored_at"] = None
    return f"judging.scorecards[{i}].scored_at", "not a date and time"


def _conflict_for_unknown_judge(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["conflicts"][0]["judge"] = {"sponsor": "Acme Ltd", "name": "Nobody Known"}
    return "judging.conflicts[0].judge", "'Nobody Known' of 'Acme Ltd' is not a judge"


def _conflict_with_unknown_kind(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["conflicts"][0]["kind"] = "cousin"
    return "judging.conflicts[0].kind", "'cousin' is not one of knows"


def _conflict_without_subject(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["conflicts"][0].update(nomination=None, nominee=None)
    return "judging.conflicts[0]", "names neither a nomination nor a young person"


def _conflict_with_unknown_nominee(d: dict[str, Any]) -> tuple[str, str]:
    i = next(i for i, c in enumerate(d["judging"]["conflicts"]) if c["nominee"])
    d["judging"]["conflicts"][i]["nominee"] = "P999"
    return f"judging.conflicts[{i}].nominee", "'P999' is not a nominee key"


def _submission_for_unknown_category(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["submissions"][0]["category"] = "Best Baker"
    return "judging.submissions[0].category", "'Best Baker' is not a category"


def _submission_with_bad_time(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["submissions"][0]["submitted_at"] = "yesterday"
    return "judging.submissions[0].submitted_at", "'yesterday' is not a date and time"


def _casting_for_unknown_nomination(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["casting_decisions"][0]["nomination"] = "N-0404"
    return "judging.casting_decisions[0].nomination", "'N-0404' is not a nomination ref"


def _casting_position_zero(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["casting_decisions"][0]["position"] = 0
    return "judging.casting_decisions[0].position", "must be at least 1"


def _unknown_placement(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["placements"][0]["placement"] = "champion"
    return "judging.placements[0].placement", "'champion' is not one of winner"


def _unknown_tie_break_in_placement(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["placements"][0]["tie_break"] = "coin toss"
    return "judging.placements[0].tie_break", "'coin toss' is not one of"


def _placement_score_not_a_number(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"]["placements"][0]["score"] = "high"
    return "judging.placements[0].score", "not 'high'"


def _unknown_lead_judge(d: dict[str, Any]) -> tuple[str, str]:
    d["categories"][0]["lead_judge"] = {"sponsor": "Riverline Buses", "name": "Ghost Driver"}
    return "categories[0].lead_judge", "'Ghost Driver' of 'Riverline Buses' is not a judge"


def _bad_confirmation_time(d: dict[str, Any]) -> tuple[str, str]:
    d["categories"][1]["results_confirmed_at"] = "31/02/2027"
    return "categories[1].results_confirmed_at", "not a date and time"


def _unknown_tie_break_rule(d: dict[str, Any]) -> tuple[str, str]:
    d["event"]["tie_breaks"] = ["median", "age"]
    return "event.tie_breaks", "must be a list of obstacles, median, casting"


def _normalised_not_boolean(d: dict[str, Any]) -> tuple[str, str]:
    d["event"]["normalised_results"] = "yes"
    return "event.normalised_results", "must be true or false"


def _pin_hash_too_cheap(d: dict[str, Any]) -> tuple[str, str]:
    from argon2 import PasswordHasher

    i, j = next((i, j) for i, s in enumerate(d["sponsors"]) for j, judge in
                enumerate(s["judges"]) if judge["pin_hash"])
    cheap = PasswordHasher(memory_cost=8, time_cost=1, parallelism=1).hash("7391")
    d["sponsors"][i]["judges"][j]["pin_hash"] = cheap
    return f"sponsors[{i}].judges[{j}].pin_hash", "is made more cheaply than this program's own"


def _pin_hash_not_argon2(d: dict[str, Any]) -> tuple[str, str]:
    i, j = next((i, j) for i, s in enumerate(d["sponsors"]) for j, judge in
                enumerate(s["judges"]) if judge["pin_hash"])
    d["sponsors"][i]["judges"][j]["pin_hash"] = "1234"
    return f"sponsors[{i}].judges[{j}].pin_hash", "is not an argon2 PIN hash"


def _judge_copy_too_long(d: dict[str, Any]) -> tuple[str, str]:
    d["nominations"][0]["judge_voice"] = "x" * 20_001
    return "nominations[0].judge_voice", "the most allowed is 20,000"


def _judging_not_an_object(d: dict[str, Any]) -> tuple[str, str]:
    d["judging"] = ["scores"]
    return "judging", "must be an object"


@pytest.mark.parametrize("corrupt", [
    _unknown_criterion, _score_out_of_scale, _score_not_whole, _score_for_unknown_ref,
    _repeated_scorecard, _scores_without_time, _conflict_for_unknown_judge,
    _conflict_with_unknown_kind, _conflict_without_subject, _conflict_with_unknown_nominee,
    _submission_for_unknown_category, _submission_with_bad_time,
    _casting_for_unknown_nomination, _casting_position_zero, _unknown_placement,
    _unknown_tie_break_in_placement, _placement_score_not_a_number, _unknown_lead_judge,
    _bad_confirmation_time, _unknown_tie_break_rule, _normalised_not_boolean,
    _pin_hash_not_argon2, _pin_hash_too_cheap, _judge_copy_too_long, _judging_not_an_object,
])
def test_bad_judging_data_is_refused_and_nothing_is_stored(
    rich: dict[str, Any], fresh: Database, tmp_path: Path,
    corrupt: Callable[[dict[str, Any]], tuple[str, str]],
) -> None:
    document = _document(rich["path"])
    field, message = corrupt(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError) as info, fresh.session() as s:
        event_import.import_event(s, path=bad)
    assert info.value.source == "bad.json"
    problems = {e.field: e.message for e in info.value.errors}
    assert field in problems, problems
    assert message in problems[field]
    _assert_nothing_stored(fresh)


def _assert_nothing_stored(database: Database) -> None:
    with database.read_session() as s:
        for model in STORED_MODELS:
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__


def test_every_problem_is_reported_at_once(rich: dict[str, Any], fresh: Database,
                                           tmp_path: Path) -> None:
    document = _document(rich["path"])
    fields = {corrupt(document)[0] for corrupt in (
        _unknown_criterion, _conflict_for_unknown_judge, _unknown_placement,
        _unknown_lead_judge)}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError) as info, fresh.session() as s:
        event_import.import_event(s, path=bad)
    assert fields <= info.value.fields
    assert "bad.json: judging.scorecards" in str(info.value)
    _assert_nothing_stored(fresh)


@pytest.mark.parametrize(("version", "message"), [(5, "newer than this program reads"),
                                                  (0, "is not a format version"),
                                                  ("2", "is not a format version")])
def test_unknown_versions_are_refused(rich: dict[str, Any], fresh: Database, tmp_path: Path,
                                      version: Any, message: str) -> None:
    document = _document(rich["path"])
    document["version"] = version
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match=message), fresh.session() as s:
        event_import.import_event(s, path=bad)
    _assert_nothing_stored(fresh)


# --- version 1 -----------------------------------------------------------------------------

NARRATIVE = ("Sam kept going through three house moves and still finished every module of "
             "the college course, helping two younger students along the way with patience and "
             "good humour every single week.")

V1_DOCUMENT: dict[str, Any] = {
    "format": "awards-app/event",
    "version": 1,
    "app_version": "0.1.0",
    "exported_at": "2026-11-02T10:15:00+00:00",
    "event": {"name": "Older Awards", "year": 2026, "ceremony_date": "2026-12-04",
              "venue": "Town Hall", "nomination_deadline": None, "min_age": 16, "max_age": 25,
              "min_words": 25, "max_words": 2000, "status": "judging", "next_ref": 3},
    "categories": [{"name": "Education Star", "description": "Learning", "display_order": 1,
                    "winners_count": 1, "runners_up_count": 1, "highly_commended_count": 0,
                    "active": True,
                    "criteria": [{"name": "Achievement", "guidance": "", "weight": 1.0,
                                  "scale_min": 1, "scale_max": 10},
                                 {"name": "Obstacles overcome", "guidance": "", "weight": 2.0,
                                  "scale_min": 1, "scale_max": 10}]}],
    "sponsors": [{"name": "Acme", "contact_name": "", "contact_email": None,
                  "contact_phone": "", "notes": "", "active": True, "logo": None,
                  "categories": ["Education Star"],
                  "judges": [{"name": "Ann Judge", "email": None, "active": True}]}],
    "workers": [{"key": "W1", "name": "Pat Adviser", "email": "pat@council.example",
                 "team": "Leaving Care", "active": True}],
    "nominees": [{"key": "P1", "first_name": "Sam", "last_name": "Oduya",
                  "preferred_name": "Sam", "date_of_birth": "2006-05-01",
                  "out_of_area": False, "consent_certificate_name": "yes",
                  "consent_public": "not_asked", "consent_photo": "no",
                  "do_not_publish": False}],
    "nominations": [{"ref": "N-0002", "category": "Education Star", "nominee": "P1",
                     "worker": "W1", "success": NARRATIVE, "obstacles": NARRATIVE,
                     "nominee_voice": "", "nominee_aware": "yes", "status": "accepted",
                     "age_override_reason": "", "withdrawn_reason": "",
                     "citation": "For never giving up", "created_at": "2026-10-01T09:00:00",
                     "updated_at": "2026-10-02T09:00:00"}],
}


def test_a_version_1_file_still_imports(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "older.json"
    path.write_text(json.dumps(V1_DOCUMENT), encoding="utf-8")
    with fresh.session() as s:
        event = event_import.import_event(s, path=path)
        event_id = event.id
        assert event.tie_breaks == "obstacles,median,casting" and not event.normalised_results
    again = tmp_path / "now.json"
    with fresh.session() as s:
        exports.export_event(s, event_id=event_id, path=again)
        assert judging.judge_queue(s, _judge_id(s, event_id, "Ann Judge"))[0].ref == "N-0002"
    document = _document(again)
    assert document["version"] == 4
    assert document["event"]["next_ref"] == 3
    assert document["event"]["tie_breaks"] == ["obstacles", "median", "casting"]
    assert document["categories"][0]["lead_judge"] is None
    assert document["categories"][0]["results_confirmed_at"] is None
    assert document["sponsors"][0]["judges"][0]["pin_hash"] is None
    (nomination,) = document["nominations"]
    assert (nomination["judge_success"], nomination["judge_obstacles"],
            nomination["judge_voice"]) == ("", "", "")
    assert nomination["citation"] == "For never giving up"
    assert document["judging"] == {"scorecards": [], "submissions": [], "conflicts": [],
                                   "casting_decisions": [], "placements": []}
    # Everything version 1 had comes back unchanged.
    for key in ("workers", "nominees"):  # (later versions add keys: compare version 1's)
        assert [{k: now[k] for k in then} for now, then in zip(
            document[key], V1_DOCUMENT[key], strict=True)] == V1_DOCUMENT[key], key
    assert {k: v for k, v in nomination.items()
            if not k.startswith(("judge_", "certificate_name_", "source_id",
                                 "press_wording"))} == \
        V1_DOCUMENT["nominations"][0]
