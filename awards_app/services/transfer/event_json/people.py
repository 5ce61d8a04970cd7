"""The workers and young people (nominees) of an event JSON: cleaned as the people service
cleans them, and matched to those this database already knows — a worker by email, a young
person by name and date of birth (``people.nominee_key``) — who are then reused, unchanged.

Both are shared by every event, so they may change between :func:`check_people` (a read
session) and :func:`store_people` (the write): if the brief of both tables differs, storing
matches them again first, so nobody is added twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from awards_app.core.errors import ValidationError
from awards_app.core.validation import Checker
from awards_app.db.models import CeremonySeat, Nominee, Worker, utcnow
from awards_app.services.ceremony.edits import SEAT_MAX
from awards_app.services.people import clean_nominee, clean_worker, nominee_key
from awards_app.services.transfer.event_json.fields import located, objects
from awards_app.services.transfer.rows import TableRows, database_rows, write_rows

#: emails looked up per query
CHUNK = 500


@dataclass(frozen=True)
class PeoplePlan:
    """The file's people, each once: a worker given twice with one email is one worker, a
    young person given twice (same name and date of birth) is one young person."""

    workers: tuple[Mapping[str, Any], ...]  # worker columns, without ids
    nominees: tuple[Mapping[str, Any], ...]  # nominee columns, without ids
    worker_rows: TableRows  # the same, ready to write
    nominee_rows: TableRows
    worker_places: Mapping[str, int]  # the file's worker key → place in ``workers``
    nominee_places: Mapping[str, int]  # the file's nominee key → place in ``nominees``
    found_workers: tuple[int | None, ...]  # the id of the worker already here, or None
    found_nominees: tuple[int | None, ...]
    state: tuple[Any, ...]  # the worker and nominee tables in brief, when matched
    #: place in ``nominees`` → their seat at this event's ceremony, when the file gives one
    seats: Mapping[int, str] = field(default_factory=dict)


def check_people(session: Session, document: Mapping[str, Any]) -> PeoplePlan:
    """Clean the file's workers, then its young people (the first problem raises, named by
    its path), and match them to those already here."""
    workers: list[dict[str, Any]] = []
    by_email: dict[str, int] = {}
    worker_places: dict[str, int] = {}
    for i, spec in enumerate(objects(document, "workers")):
        c = Checker()
        data = clean_worker(c, spec)
        if c.errors:
            raise located(f"workers[{i}]", ValidationError(c.errors))
        place = by_email.get(data["email"]) if data["email"] else None
        if place is None:
            place = len(workers)
            workers.append({**data, "active": bool(spec.get("active", True))})
            if data["email"]:
                by_email[data["email"]] = place
        worker_places[str(spec.get("key"))] = place
    nominees: list[dict[str, Any]] = []
    by_key: dict[tuple[str, str, date], int] = {}
    nominee_places: dict[str, int] = {}
    seats: dict[int, str] = {}
    for i, spec in enumerate(objects(document, "nominees")):
        c = Checker()
        data = clean_nominee(c, spec)
        data.setdefault("pronunciation", "")  # files before the ceremony pack have none
        seat = c.text("ceremony_seat", spec.get("ceremony_seat"), max_length=SEAT_MAX)
        if c.errors:
            raise located(f"nominees[{i}]", ValidationError(c.errors))
        key = nominee_key(data["first_name"], data["last_name"], data["date_of_birth"])
        place = by_key.get(key)
        if place is None:
            place = by_key[key] = len(nominees)
            nominees.append(data)
        nominee_places[str(spec.get("key"))] = place
        if seat:
            seats[place] = seat
    state = people_state(session)
    found_workers, found_nominees = _match(session, workers, nominees)
    dialect = session.get_bind().dialect
    now = utcnow()
    return PeoplePlan(
        workers=tuple(workers), nominees=tuple(nominees),
        worker_rows=database_rows(dialect, "worker", [
            {**w, "created_at": now, "updated_at": now} for w in workers]),
        nominee_rows=database_rows(dialect, "nominee", [
            {**n, "created_at": now, "updated_at": now} for n in nominees]),
        worker_places=worker_places, nominee_places=nominee_places,
        found_workers=found_workers, found_nominees=found_nominees, state=state, seats=seats)


def people_state(session: Session) -> tuple[Any, ...]:
    """The worker and nominee tables in brief (count, highest id, latest change): equal
    briefs mean the same matches."""
    return tuple(
        tuple(session.execute(select(func.count(model.id), func.max(model.id),
                                     func.max(model.updated_at))).one())
        for model in (Worker, Nominee))


def _match(session: Session, workers: Sequence[Mapping[str, Any]],
           nominees: Sequence[Mapping[str, Any]]
           ) -> tuple[tuple[int | None, ...], tuple[int | None, ...]]:
    """The id of the worker (by email, any case) and of the young person (by
    ``nominee_key``) already here for each, or None; the oldest when several match."""
    emails = sorted({w["email"] for w in workers if w["email"]})
    by_email: dict[str, int] = {}
    for start in range(0, len(emails), CHUNK):
        lowered = func.lower(Worker.email)
        for worker_id, email in session.execute(
                select(Worker.id, lowered).where(lowered.in_(emails[start:start + CHUNK]))
                .order_by(Worker.id)):
            by_email.setdefault(email, worker_id)
    births = {n["date_of_birth"] for n in nominees}
    by_key: dict[tuple[str, str, date], int] = {}
    for nominee_id, first, last, born in session.execute(
            select(Nominee.id, Nominee.first_name, Nominee.last_name, Nominee.date_of_birth)
            .order_by(Nominee.id)):
        if born in births:  # names are folded only for possible matches
            by_key.setdefault(nominee_key(first, last, born), nominee_id)
    return (
        tuple(by_email.get(w["email"]) if w["email"] else None for w in workers),
        tuple(by_key.get(nominee_key(n["first_name"], n["last_name"], n["date_of_birth"]))
              for n in nominees),
    )


def store_people(session: Session, plan: PeoplePlan) -> tuple[list[int], list[int]]:
    """Add the workers and young people not already here (matched again if either table
    changed since the check); returns every worker's and young person's id, by place."""
    found_workers, found_nominees = plan.found_workers, plan.found_nominees
    if people_state(session) != plan.state:
        found_workers, found_nominees = _match(session, plan.workers, plan.nominees)
    return (_ids(session, plan.worker_rows, found_workers),
            _ids(session, plan.nominee_rows, found_nominees))


def store_seats(session: Session, plan: PeoplePlan, *, event_id: int,
                nominee_ids: Sequence[int]) -> None:
    """The young people's seats at the imported event's ceremony."""
    for place, seat in plan.seats.items():
        session.add(CeremonySeat(event_id=event_id, nominee_id=nominee_ids[place], seat=seat))


def _ids(session: Session, rows: TableRows, found: Sequence[int | None]) -> list[int]:
    new = [place for place, known in enumerate(found) if known is None]
    added = iter(write_rows(session, rows, only=new, read_ids=True))
    return [known if known is not None else next(added) for known in found]
