"""The good-news stories of an event JSON, so that nothing is lost when an event moves.

Stories belong to no event: the export carries those dated in the event's awards year
(``goodnews.awards_year``: the year up to its ceremony) and any that became one of its
nominations, with their young people and workers (added to the file's people when the event
has no nomination of theirs). Importing checks each as the good-news service does, links it to
the nomination it became, and leaves out a story this database already has (the same young
person, day and words), since young people are shared across events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from awards_app.core.errors import ValidationError
from awards_app.core.search import loose_name_key
from awards_app.core.text import format_ref
from awards_app.core.validation import Checker
from awards_app.db.models import Event, GoodNews, Nomination, Nominee, Worker, utcnow
from awards_app.services.goodnews import awards_year, clean_story
from awards_app.services.transfer.event_json.fields import located, objects
from awards_app.services.transfer.event_json.people import PeoplePlan
from awards_app.services.transfer.event_json.rows import StoredIds


def good_news_section(session: Session, event: Event, *,
                      nominee_key: Callable[[Nominee], str],
                      worker_key: Callable[[Worker], str]) -> list[dict[str, Any]]:
    """The event's stories for the file, oldest first; ``nominee_key``/``worker_key`` give
    a person's key in the file (adding them to its people when new)."""
    start, end = awards_year(event)
    refs: dict[int, int] = {nid: number for nid, number in session.execute(
        select(Nomination.id, Nomination.number).where(Nomination.event_id == event.id))}
    stories = session.scalars(
        select(GoodNews).where(or_(GoodNews.story_date.between(start, end),
                                   GoodNews.nomination_id.in_(list(refs))))
        .order_by(GoodNews.story_date, GoodNews.id))
    return [{
        "date": story.story_date.isoformat(),
        "nominee": nominee_key(story.nominee),
        "worker": worker_key(story.worker) if story.worker is not None else None,
        "team": story.team,
        "story": story.story,
        "why_proud": story.why_proud,
        "young_person_knows": story.young_person_knows.value,
        "nomination": (format_ref(refs[story.nomination_id])
                       if story.nomination_id in refs else None),
        "source_id": story.source_id,
        "created_at": story.created_at.isoformat(timespec="seconds"),
    } for story in stories]


def check_good_news(document: Mapping[str, Any], people: PeoplePlan,
                    nominations: Mapping[str, int]) -> tuple[dict[str, Any], ...]:
    """Every story's columns, its young person, worker and nomination given by their place
    in the plan; the first story with problems raises them all, named by its path."""
    rows: list[dict[str, Any]] = []
    given = objects(document, "good_news") if document.get("good_news") is not None else []
    for i, spec in enumerate(given):
        c = Checker()
        nominee = people.nominee_places.get(str(spec.get("nominee")))
        if nominee is None:
            c.add("nominee", f"'{spec.get('nominee')}' is not a nominee key in this file")
        worker_key = spec.get("worker")
        worker = None if worker_key is None else people.worker_places.get(str(worker_key))
        if worker_key is not None and worker is None:
            c.add("worker", f"'{worker_key}' is not a worker key in this file")
        ref = spec.get("nomination")
        nomination = None if ref is None else nominations.get(str(ref))
        if ref is not None and nomination is None:
            c.add("nomination", f"'{ref}' is not a nomination in this file")
        data = clean_story(c, {"story_date": spec.get("date"), "story": spec.get("story"),
                               "why_proud": spec.get("why_proud"), "team": spec.get("team"),
                               "young_person_knows": spec.get("young_person_knows")})
        source_id = c.text("source_id", spec.get("source_id"), max_length=200)
        if c.errors:
            raise located(f"good_news[{i}]", ValidationError(c.errors))
        rows.append({**data, "nominee_id": nominee, "worker_id": worker,
                     "nomination_id": nomination, "source_id": source_id,
                     "created_at": _timestamp(spec.get("created_at"))})
    return tuple(rows)


def _timestamp(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def store_good_news(session: Session, rows: tuple[dict[str, Any], ...], ids: StoredIds) -> int:
    """Add the file's stories for the stored people and nominations (``ids``), leaving out
    those already here; how many were added."""
    resolved = ids.resolve(rows)
    people = {row["nominee_id"] for row in resolved}
    here = {(n, d, loose_name_key(s)) for n, d, s in session.execute(
        select(GoodNews.nominee_id, GoodNews.story_date, GoodNews.story)
        .where(GoodNews.nominee_id.in_(people)))} if people else set()
    now = utcnow()
    added = 0
    for row in resolved:
        key = (row["nominee_id"], row["story_date"], loose_name_key(row["story"]))
        if key in here:
            continue
        here.add(key)
        created = row.pop("created_at") or now
        session.add(GoodNews(**row, created_at=created, updated_at=now))
        added += 1
    session.flush()
    return added
