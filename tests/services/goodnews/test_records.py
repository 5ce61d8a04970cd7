"""Adding, changing and deleting good-news stories: checks, the team following the worker,
stale copies refused, and the audit trail saying who and when (never the story)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from awards_app.core.enums import Answer
from awards_app.core.errors import NotFoundError, StaleEditError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Event, GoodNews
from awards_app.services import goodnews, people
from tests.services.goodnews.helpers import add_people, story


def test_team_defaults_to_the_workers_team_and_stays_when_they_move(db: Database) -> None:
    p = add_people(db)
    with db.session() as s:
        sid = story(s, p.zoe, worker_id=p.priya)
        given = story(s, p.sam, worker_id=p.priya, team="Staying Put Team")
        unknown = story(s, p.sam)
    with db.session() as s:
        people.update_worker(s, p.priya, team="South Leaving Care Team")
    with db.session() as s:
        assert s.get(GoodNews, sid).team == "North Leaving Care Team"  # type: ignore[union-attr]
        assert s.get(GoodNews, given).team == "Staying Put Team"  # type: ignore[union-attr]
        assert s.get(GoodNews, unknown).team == ""  # type: ignore[union-attr]


def test_a_story_needs_a_date_not_in_the_future_a_young_person_and_words(db: Database) -> None:
    p = add_people(db)
    with db.session() as s, pytest.raises(ValidationError) as caught:
        goodnews.add_story(s, story_date=date.today() + timedelta(days=2), nominee_id=None,
                           worker_id=999, story="   ", young_person_knows="maybe")
    assert caught.value.fields == {"story_date", "nominee", "worker", "story",
                                   "young_person_knows"}
    text = str(caught.value)
    assert "in the future" in text and "choose the young person" in text
    with db.session() as s:
        assert s.scalar(select(GoodNews.id)) is None
        ok = story(s, p.zoe, on=date.today())  # today is fine
        assert ok


def test_change_writes_only_what_the_person_changed_and_refuses_a_stale_copy(
        db: Database, as_user: Callable[[str], None]) -> None:
    p = add_people(db)
    with db.session() as s:
        sid = story(s, p.zoe, worker_id=p.priya)
    with db.session() as s:
        loaded = goodnews.story_for_edit(s, sid)
    as_user("ben")
    with db.session() as s:
        goodnews.update_story(s, sid, why_proud="She never gave up.")
    as_user("ann")
    with db.session() as s, pytest.raises(StaleEditError) as caught:
        goodnews.update_story(s, sid, expected_version=loaded.version, original=loaded.values,
                              **{**loaded.values, "why_proud": "Mine."})
    assert "ben" in str(caught.value) and "why I'm proud" in str(caught.value)
    # Ann's copy of a field Ben did not touch is not stale for what she changes.
    with db.session() as s:
        fresh = goodnews.story_for_edit(s, sid)
        goodnews.update_story(s, sid, expected_version=fresh.version, original=fresh.values,
                              **{**fresh.values, "story": "Passed her theory test too."})
    with db.session() as s:
        row = s.get(GoodNews, sid)
        assert row is not None
        assert (row.story, row.why_proud) == ("Passed her theory test too.", "She never gave up.")
        assert row.version == loaded.version + 2


def test_a_new_worker_brings_their_team_unless_a_team_is_given(db: Database) -> None:
    p = add_people(db)
    with db.session() as s:
        sid = story(s, p.zoe, worker_id=p.priya)
        goodnews.update_story(s, sid, worker_id=p.tom)
        assert s.get(GoodNews, sid).team == "South Leaving Care Team"  # type: ignore[union-attr]
        goodnews.update_story(s, sid, worker_id=p.priya, team="Staying Put Team")
        assert s.get(GoodNews, sid).team == "Staying Put Team"  # type: ignore[union-attr]


def test_delete_keeps_who_and_when_in_the_audit_trail_but_not_the_story(
        db: Database, as_user: Callable[[str], None]) -> None:
    p = add_people(db)
    with db.session() as s:
        sid = story(s, p.zoe, worker_id=p.priya, text="Moved into her own flat.")
    as_user("cara")
    with db.session() as s:
        goodnews.delete_story(s, sid)
    with db.session() as s:
        assert s.get(GoodNews, sid) is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "good_news",
                                                   AuditEntry.action == "delete")).one()
        assert entry.entity_id == sid and entry.actor == "cara" and entry.at is not None
        assert "2026-11-03" in entry.summary and f"#{p.zoe}" in entry.summary
        assert "flat" not in entry.summary
        with pytest.raises(NotFoundError):
            goodnews.delete_story(s, sid)


def test_awards_year_runs_up_to_the_ceremony_or_is_the_calendar_year() -> None:
    with_ceremony = Event(name="A", year=2027, ceremony_date=date(2027, 3, 19))
    assert goodnews.awards_year(with_ceremony) == (date(2026, 3, 20), date(2027, 3, 19))
    leap = Event(name="B", year=2028, ceremony_date=date(2028, 2, 29))
    assert goodnews.awards_year(leap) == (date(2027, 3, 1), date(2028, 2, 29))
    without = Event(name="C", year=2027, ceremony_date=None)
    assert goodnews.awards_year(without) == (date(2027, 1, 1), date(2027, 12, 31))


def test_answers_are_stored_as_answers(db: Database) -> None:
    p = add_people(db)
    with db.session() as s:
        sid = goodnews.add_story(s, story_date="03/11/2026", nominee_id=p.zoe, story="Got a job.",
                                 young_person_knows="no").id
        assert s.get(GoodNews, sid).young_person_knows is Answer.NO  # type: ignore[union-attr]
        assert s.get(GoodNews, sid).story_date == date(2026, 11, 3)  # type: ignore[union-attr]
