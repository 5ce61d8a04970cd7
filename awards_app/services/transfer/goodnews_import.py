"""Importing good-news stories from CSV/XLSX (a form's export, read through a mapping, or the
template's columns): every row checked, then all rows stored or none.

Each row names its young person by name, and by date of birth when the file gives one: a
young person already here is found by name and date of birth, or by name alone when only one
has that name; a new young person needs a date of birth (a row naming someone unknown
without one is a problem naming the row and the field, and nothing is stored). The worker is
found by email, else by name, and added when new; the story's team is the row's, else the
worker's.

A growing file imported again adds only its new rows: a row whose source id is stored
already, or whose young person, date and story are, is "already imported", not an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.search import loose_name_key
from awards_app.core.text import name_key
from awards_app.core.validation import Checker
from awards_app.db.models import GoodNews, Nominee, Worker
from awards_app.services import goodnews, people
from awards_app.services.common import audit
from awards_app.services.people import clean_nominee, clean_worker, nominee_key
from awards_app.services.transfer.imports import (
    GOOD_NEWS_COLUMNS,
    GOOD_NEWS_REQUIRED,
    PREFERRED_SHEETS,
    ImportResult,
    IsCancelled,
    Progress,
    SourceIds,
    cell_text,
    check_cancel,
)
from awards_app.services.transfer.mapped_reading import read_mapped_table
from awards_app.services.transfer.mapping import ColumnMapping
from awards_app.services.transfer.tabular import Cell, read_table

#: a young person: ("id", their id) when known, ("new", their nominee_key) when added
Person = tuple[str, Any]


@dataclass(frozen=True)
class GoodNewsPlan:
    """A file read and checked by :func:`prepare_good_news`, for :func:`store_good_news`:
    plain data that can cross threads. ``state`` is what the checks read, in brief; if
    storing finds it changed, ``rows`` are checked again first."""

    source: str
    rows: tuple[tuple[int, Mapping[str, Cell]], ...]
    state: tuple[Any, ...]
    new_nominees: tuple[tuple[tuple[str, str, date], Mapping[str, Any]], ...]
    new_workers: tuple[tuple[tuple[str, str], Mapping[str, Any]], ...]
    #: (row, person, worker key or None, the story's own fields)
    stories: tuple[tuple[int, Person, tuple[str, str] | None, Mapping[str, Any]], ...]
    result: ImportResult


def import_good_news(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    dry_run: bool = False,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """Check every row, then store them all in this session (or, ``dry_run``, nothing)."""
    plan = prepare_good_news(session, event_id=event_id, path=path, progress=progress,
                             cancelled=cancelled, mapping=mapping)
    if dry_run:
        return plan.result
    return store_good_news(session, plan, progress=progress, cancelled=cancelled)


def prepare_good_news(
    session: Session,
    *,
    event_id: int,  # stories belong to no event: every import is given one
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    mapping: ColumnMapping | None = None,
) -> GoodNewsPlan:
    """Read ``path`` (through ``mapping`` when its columns are someone else's) and check
    every row in a read session; ValidationError lists every bad row."""
    del event_id
    table = read_mapped_table(path, mapping) if mapping is not None else read_table(
        path, columns=GOOD_NEWS_COLUMNS, required=GOOD_NEWS_REQUIRED,
        preferred_sheets=PREFERRED_SHEETS["good_news"])
    plan = _plan(session, table.source, tuple(table.rows), cancelled)
    if progress is not None:
        progress(plan.result.rows, plan.result.rows)
    return plan


def _state(session: Session) -> tuple[Any, ...]:
    return tuple(
        tuple(session.execute(select(func.count(model.id), func.max(model.id),
                                     func.max(model.updated_at))).one())
        for model in (Nominee, Worker, GoodNews))


def _story_key(nominee_id: int, day: date, story: str) -> tuple[int, date, str]:
    return nominee_id, day, loose_name_key(story)


def _plan(session: Session, source: str, rows: tuple[tuple[int, Mapping[str, Cell]], ...],
          cancelled: IsCancelled | None) -> GoodNewsPlan:
    state = _state(session)
    by_key: dict[tuple[str, str, date], int] = {}
    by_name: dict[str, list[int]] = {}
    for nid, first, last, born in session.execute(
            select(Nominee.id, Nominee.first_name, Nominee.last_name, Nominee.date_of_birth)):
        by_key.setdefault(nominee_key(first, last, born), nid)
        by_name.setdefault(loose_name_key(f"{first} {last}"), []).append(nid)
    workers = _worker_ids(session)
    sources = set(session.scalars(select(GoodNews.source_id).where(GoodNews.source_id != "")))
    stored = {_story_key(n, d, s) for n, d, s in session.execute(
        select(GoodNews.nominee_id, GoodNews.story_date, GoodNews.story))}

    errors: list[FieldError] = []
    already = 0
    source_ids = SourceIds(sources)
    seen_stories: dict[tuple[Any, date, str], int] = {}
    new_nominees: dict[tuple[str, str, date], dict[str, Any]] = {}
    new_workers: dict[tuple[str, str], dict[str, Any]] = {}
    planned: list[tuple[int, Person, tuple[str, str] | None, Mapping[str, Any]]] = []
    for index, (row_number, row) in enumerate(rows):
        if index % 500 == 0:
            check_cancel(cancelled)
        c = Checker(row=row_number)
        source_id = source_ids.check(c, row, row_number)
        if source_id is None:
            already += 1
            continue
        story = goodnews.clean_story(c, {
            "story_date": row.get("story_date") or "",
            "story": cell_text(row, "story"),
            "why_proud": cell_text(row, "why_proud"),
            "young_person_knows": cell_text(row, "young_person_knows"),
            "team": cell_text(row, "team"),
        })
        person = _person(c, row, by_key, by_name, new_nominees)
        worker_key = _worker(c, row, workers, new_workers)
        if c.errors:
            errors.extend(c.errors)
            continue
        assert person is not None
        seen_key = (person, story["story_date"], loose_name_key(story["story"]))
        if person[0] == "id" and _story_key(person[1], story["story_date"],
                                            story["story"]) in stored:
            already += 1  # the same young person, day and story: imported (or typed) before
            continue
        if seen_key in seen_stories:
            errors.append(FieldError("story", f"repeats row {seen_stories[seen_key]}: the same "
                                     "story about the same young person on the same day",
                                     row_number))
            continue
        seen_stories[seen_key] = row_number
        planned.append((row_number, person, worker_key, {**story, "source_id": source_id}))
    if errors:
        raise ValidationError(errors, source=source)
    total = len(planned)
    return GoodNewsPlan(
        source=source, rows=rows, state=state,
        new_nominees=tuple(new_nominees.items()), new_workers=tuple(new_workers.items()),
        stories=tuple(planned),
        result=ImportResult(rows=total, created=total, details={
            "good-news stories": total, "new nominees": len(new_nominees),
            "new workers": len(new_workers)}, already=already),
    )


def _person(c: Checker, row: Mapping[str, Cell], by_key: Mapping[tuple[str, str, date], int],
            by_name: Mapping[str, list[int]],
            new_nominees: dict[tuple[str, str, date], dict[str, Any]]) -> Person | None:
    """The row's young person: found by name and date of birth, by name alone when only one
    has it, or new (which needs a date of birth)."""
    first = c.name("nominee_first_name", cell_text(row, "nominee_first_name"))
    last = c.name("nominee_last_name", cell_text(row, "nominee_last_name"))
    born = row.get("nominee_date_of_birth") or ""
    if c.has_error("nominee_first_name") or c.has_error("nominee_last_name"):
        return None
    if born == "" or (isinstance(born, str) and not born.strip()):
        found = by_name.get(loose_name_key(f"{first} {last}"), [])
        if len(found) == 1:
            return ("id", found[0])
        if found:
            c.add("nominee_date_of_birth", f"is empty, and {len(found)} young people are "
                  f"called {first} {last}; give the date of birth to say which")
        else:
            c.add("nominee_date_of_birth", f"is empty, and no young person called {first} "
                  f"{last} is recorded yet; give their date of birth to add them (or check "
                  "the spelling)")
        return None
    nominee = clean_nominee(c, {
        "first_name": first, "last_name": last, "date_of_birth": born,
        "preferred_name": cell_text(row, "nominee_preferred_name"),
    }, prefix="nominee_")
    dob = nominee["date_of_birth"]
    if not isinstance(dob, date):
        return None
    key = nominee_key(first, last, dob)
    if key in by_key:
        return ("id", by_key[key])
    new_nominees.setdefault(key, nominee)
    return ("new", key)


def _worker(c: Checker, row: Mapping[str, Cell], workers: Mapping[tuple[str, str], int],
            new_workers: dict[tuple[str, str], dict[str, Any]]) -> tuple[str, str] | None:
    name, email = cell_text(row, "worker_name"), cell_text(row, "worker_email")
    if not name.strip() and not email.strip():
        return None
    worker = clean_worker(c, {"name": name, "email": email, "team": cell_text(row, "team")},
                          prefix="worker_")
    if c.has_error("worker_name") or c.has_error("worker_email"):
        return None
    if worker["email"] and ("email", worker["email"]) in workers:
        return ("email", worker["email"])
    key = ("name", name_key(worker["name"]))
    if not worker["email"] and key in workers:
        return key
    key = ("email", worker["email"]) if worker["email"] else key
    new_workers.setdefault(key, worker)
    return key


def store_good_news(
    session: Session,
    plan: GoodNewsPlan,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportResult:
    """Store a prepared file's stories in this (write) session; if anything the checks read
    changed meanwhile, every row is checked again first, with the same messages."""
    check_cancel(cancelled)
    if _state(session) != plan.state:
        plan = _plan(session, plan.source, plan.rows, cancelled)
    total = plan.result.rows
    if not total:
        return plan.result
    nominee_ids = {key: people.create_nominee(session, **data).id
                   for key, data in plan.new_nominees}
    worker_ids: dict[tuple[str, str], int] = {}
    for key, data in plan.new_workers:
        worker_ids[key] = people.create_worker(session, **data).id
    known = _worker_ids(session)
    for done, (_row, person, worker_key, story) in enumerate(plan.stories, start=1):
        if done % 200 == 0:
            check_cancel(cancelled)
        nominee_id = person[1] if person[0] == "id" else nominee_ids[person[1]]
        worker_id = None if worker_key is None else worker_ids.get(worker_key) or known[worker_key]
        goodnews.add_story(session, nominee_id=nominee_id, worker_id=worker_id, **story)
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)
    audit(session, "import", "good_news", None, summary=f"{total} rows from {plan.source}")
    return plan.result


def _worker_ids(session: Session) -> dict[tuple[str, str], int]:
    """Every worker's id by ("email", address) and by ("name", name key)."""
    found: dict[tuple[str, str], int] = {}
    for wid, wname, wemail in session.execute(select(Worker.id, Worker.name, Worker.email)):
        if wemail:
            found[("email", wemail.lower())] = wid
        found.setdefault(("name", name_key(wname)), wid)
    return found
