"""Good-news stories: add, change (a stale copy is refused), delete with the audit trail
saying who and when, and link the nomination a story became.

A story is not tied to an event: young people and workers are shared by every event, and a
year's stories are those dated in it (:func:`awards_year`). Its team is the worker's team
when the story was told (workers move teams; the story stays put), unless one is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded, person_edits
from awards_app.core.enums import Answer
from awards_app.core.validation import Checker
from awards_app.db.models import Event, GoodNews, Nomination, Nominee, Worker
from awards_app.services.common import (
    audit,
    check_keys,
    ensure_current,
    get,
    load_for_edit,
    stored_values,
    write_changes,
)

GOOD_NEWS_FIELDS = ("story_date", "nominee_id", "worker_id", "team", "story", "why_proud",
                    "young_person_knows")
#: the fields as a person knows them (naming what someone else changed)
GOOD_NEWS_LABELS = {
    "story_date": "date",
    "nominee_id": "young person",
    "worker_id": "worker",
    "team": "team",
    "story": "the story",
    "why_proud": "why I'm proud",
    "young_person_knows": "whether the young person knows it is shared",
}
STORY_HINT = "say in a sentence or two what happened"
MAX_STORY = 5_000
MAX_WHY = 2_000
MAX_TEAM = 200


def clean_story(c: Checker, data: Mapping[str, Any], *, today: date | None = None
                ) -> dict[str, Any]:
    """The story's own fields checked into ``c`` (the young person and worker are checked by
    the callers, who know how they were named)."""
    story_date = c.date("story_date", data.get("story_date"))
    if story_date is not None and story_date > (today or date.today()):
        c.add("story_date", f"{story_date:%d/%m/%Y} is in the future; give the day it happened")
    story = c.text("story", data.get("story"), max_length=MAX_STORY)
    if not story:
        c.add("story", f"is empty — {STORY_HINT}")
    return {
        "story_date": story_date,
        "story": story,
        "why_proud": c.text("why_proud", data.get("why_proud"), max_length=MAX_WHY),
        "young_person_knows": c.answer("young_person_knows", data.get("young_person_knows")),
        "team": c.text("team", data.get("team"), max_length=MAX_TEAM).strip(),
    }


def _validate(session: Session, data: Mapping[str, Any]) -> dict[str, Any]:
    c = Checker()
    out = clean_story(c, data)
    nominee_id = data.get("nominee_id")
    if not nominee_id or session.get(Nominee, nominee_id) is None:
        c.add("nominee", "choose the young person the story is about")
    worker_id = data.get("worker_id") or None
    worker = session.get(Worker, worker_id) if worker_id else None
    if worker_id and worker is None:
        c.add("worker", "choose the worker telling the story")
    c.check()
    if not out["team"] and worker is not None:
        out["team"] = worker.team.strip()  # the team follows the worker
    out.update(nominee_id=nominee_id, worker_id=worker_id)
    return out


def add_story(session: Session, **fields: Any) -> GoodNews:
    """Record a story (fields: GOOD_NEWS_FIELDS, and ``source_id`` for an imported row).
    The team defaults to the worker's team."""
    source_id = str(fields.pop("source_id", "") or "")
    check_keys(fields, GOOD_NEWS_FIELDS, "A good-news story")
    data = _validate(session, fields)
    story = GoodNews(**data, source_id=source_id)
    session.add(story)
    session.flush()
    audit(session, "create", "good_news", story.id, summary=_summary(story))
    return story


def story_for_edit(session: Session, story_id: int) -> Loaded:
    return load_for_edit(session, GoodNews, story_id, GOOD_NEWS_FIELDS, "good-news story")


def update_story(session: Session, story_id: int, *, expected_version: int | None = None,
                 original: Mapping[str, Any] | None = None, **changes: Any) -> GoodNews:
    """Change a story. An editor passes the ``expected_version`` and ``original`` it loaded:
    a stale copy is refused (StaleEditError) and only what the person changed is written.
    A new worker without a new team brings their team along."""
    check_keys(changes, GOOD_NEWS_FIELDS, "A good-news story")
    story = get(session, GoodNews, story_id, "good-news story")
    ensure_current(session, story, entity="good_news", entity_id=story.id,
                   labels=GOOD_NEWS_LABELS, expected_version=expected_version,
                   original=original)
    edits = person_edits(changes, original)
    current = stored_values(story, GOOD_NEWS_FIELDS)
    if "worker_id" in edits and "team" not in edits and edits["worker_id"] != story.worker_id:
        current["team"] = ""  # the new worker's team, below
    data = _validate(session, {**current, **edits})
    written = write_changes(story, data)
    if written:
        audit(session, "update", "good_news", story.id,
              summary=f"{_summary(story)}: {', '.join(sorted(written))}")
    return story


def delete_story(session: Session, story_id: int) -> None:
    """Delete a story. The audit trail keeps who deleted it and when, with its date and the
    ids of its young person and worker (never the story's text); a nomination it became is
    not touched."""
    story = get(session, GoodNews, story_id, "good-news story")
    audit(session, "delete", "good_news", story.id, summary=_summary(story))
    session.delete(story)
    session.flush()


def link_nomination(session: Session, *, story_id: int, nomination_id: int) -> GoodNews:
    """Remember the nomination a story became (bookkeeping: an open editor of the story
    stays current)."""
    story = get(session, GoodNews, story_id, "good-news story")
    nomination = get(session, Nomination, nomination_id, "nomination")
    if story.nomination_id == nomination.id:
        return story  # saved again: already remembered
    story.nomination_id = nomination.id
    audit(session, "link", "good_news", story.id, event_id=nomination.event_id,
          summary=f"{_summary(story)}: became {nomination.ref}")
    return story


def _summary(story: GoodNews) -> str:
    """A story in the audit trail: its date and whose it is by id — never its text."""
    worker = f", worker #{story.worker_id}" if story.worker_id else ""
    return f"story of {story.story_date:%Y-%m-%d}, young person #{story.nominee_id}{worker}"


def awards_year(event: Event) -> tuple[date, date]:
    """The days whose good news counts for ``event``: the year up to and including its
    ceremony, or the calendar year when no ceremony date is set."""
    if event.ceremony_date is not None:
        end = event.ceremony_date
        try:
            start = end.replace(year=end.year - 1) + timedelta(days=1)
        except ValueError:  # 29 February
            start = date(end.year - 1, 3, 1)
        return start, end
    return date(event.year, 1, 1), date(event.year, 12, 31)


KNOWS_WORDS = {Answer.YES: "knows it is shared", Answer.NO: "does not know it is shared",
               Answer.NOT_ASKED: "not asked yet"}
