"""Importing nominations from CSV/XLSX: every row checked, then all rows stored or none.

In two phases, as every import here: :func:`prepare_nominations` reads and checks the file
in a read session and returns a frozen plan; :func:`store_nominations` checks again what may
have changed and writes in one short transaction. :func:`import_nominations` does both in
one session.

A growing file (a form's export, or a team's spreadsheet that gains rows) imported again adds
only its new rows: a row whose source id (the form's own row ID, mapped as ``source_id``) is
already stored for the event is "already imported", not an error; so is a row whose young
person is already nominated for its category by the same nominator (unless that nomination
came from a different source row), with or without a mapping. The same young person and
category from another nominator is still a clash, named as one.

A row imported before whose words (success, obstacles, the young person's own words) now
differ is not updated: the stored nomination may have been edited, reviewed or judged since,
and changing it behind the coordinator's back would break the promise that nothing changes
unseen. The result names those rows (``ImportResult.changed``) so a person can look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from awards_app.core.enums import NominationStatus
from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import format_ref, name_key
from awards_app.core.validation import Checker
from awards_app.db.models import Category, Event, Nomination, Nominee, Worker, utcnow
from awards_app.services.catalogue import categories as category_service
from awards_app.services.common import audit
from awards_app.services.events import ensure_editable, get_event
from awards_app.services.nominations.records import EventRules, allocate_numbers, clean_nomination
from awards_app.services.people import clean_nominee, clean_worker, nominee_key
from awards_app.services.transfer.mapped_reading import read_mapped_table
from awards_app.services.transfer.mapping import ColumnMapping
from awards_app.services.transfer.tabular import Cell, read_table
from awards_app.services.transfer.imports import (
    NOMINATION_COLUMNS,
    NOMINATION_REQUIRED,
    ImportResult,
    IsCancelled,
    Progress,
    SourceIds,
    cell_text,
    check_cancel,
)
from awards_app.db.seals import sealed_rows
from awards_app.services.transfer.rows import ColumnPlaces, TableRows, database_rows, write_rows
from awards_app.services.transfer.rows import TABLES

#: nominations written per statement batch, between progress reports and cancel checks
CHUNK = 2000
Key = TypeVar("Key")


@dataclass(frozen=True)
class NominationPlan:
    """A nominations file read and checked by :func:`prepare_nominations`, for
    :func:`store_nominations`: plain data (no ORM objects) that can cross threads.

    ``state`` is what the checks read, in brief (see :func:`_nomination_state`); if storing
    finds it unchanged the plan stands, otherwise ``rows`` (the file's) are checked again.

    The rows to write are already in the database's own form (:mod:`..rows`). A nomination
    names its young person and worker by place: the existing people the file names first
    (``nominee_places``/``worker_places`` hold their ids), then the new ones in the order
    they are written; its number is a place among the numbers allocated when storing."""

    event_id: int
    source: str
    rows: tuple[tuple[int, Mapping[str, Cell]], ...]
    state: tuple[Any, ...]
    worker_rows: TableRows
    nominee_rows: TableRows
    nomination_rows: TableRows
    nominee_places: tuple[int, ...]
    worker_places: tuple[int, ...]
    result: ImportResult


def import_nominations(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    dry_run: bool = False,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """Check every row, then store them all in this session's transaction, or raise.

    ``dry_run`` checks exactly the same way and returns the result an import would have, but
    stores nothing (storing cannot add a problem: every row is fully checked first). The
    window and ``awards import`` check in a read session (:func:`prepare_nominations`) and
    store in a short write session (:func:`store_nominations`) instead.
    """
    plan = prepare_nominations(session, event_id=event_id, path=path, progress=progress,
                               cancelled=cancelled, mapping=mapping)
    if dry_run:
        return plan.result
    return store_nominations(session, plan, progress=progress, cancelled=cancelled)


def prepare_nominations(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    mapping: ColumnMapping | None = None,
) -> NominationPlan:
    """Read ``path`` (through ``mapping`` when its columns are someone else's) and check
    every row (a read session is enough); ValidationError lists every bad row."""
    event = get_event(session, event_id)
    ensure_editable(event)
    if mapping is not None:
        table = read_mapped_table(path, mapping)
    else:
        table = read_table(
            path, columns=NOMINATION_COLUMNS, required=NOMINATION_REQUIRED,
            preferred_sheets=("Nominations",),
        )
    plan = _plan_nominations(session, event, table.source, tuple(table.rows), cancelled)
    if progress is not None:
        progress(plan.result.rows, plan.result.rows)
    return plan


def _nomination_state(session: Session, event: Event) -> tuple[Any, ...]:
    """What checking a nominations file reads, in brief: the event's status and rules, its
    categories, and for the young people, the workers and the event's nominations their
    count, highest id and latest change (a few ms). Equal states mean equal checks."""
    def brief(model: type[Nominee] | type[Worker] | type[Nomination], *where: Any
              ) -> tuple[Any, ...]:
        return tuple(session.execute(
            select(func.count(model.id), func.max(model.id), func.max(model.updated_at))
            .where(*where)).one())

    categories = tuple(tuple(row) for row in session.execute(
        select(Category.id, Category.name, Category.active, Category.results_confirmed_at)
        .where(Category.event_id == event.id).order_by(Category.id)))
    return (event.status, EventRules.of(event), categories, brief(Nominee), brief(Worker),
            brief(Nomination, Nomination.event_id == event.id))


def _plan_nominations(
    session: Session,
    event: Event,
    source: str,
    rows: tuple[tuple[int, Mapping[str, Cell]], ...],
    cancelled: IsCancelled | None,
) -> NominationPlan:
    state = _nomination_state(session, event)
    event_id = event.id
    categories = {
        name_key(c.name): c
        for c in category_service.list_categories(session, event_id, include_retired=False)
    }
    category_names = ", ".join(c.name for c in categories.values())
    nominee_ids: dict[tuple[str, str, date], int] = {
        nominee_key(first, last, dob): nid
        for nid, first, last, dob in session.execute(
            select(Nominee.id, Nominee.first_name, Nominee.last_name, Nominee.date_of_birth)
        )
    }
    # Workers are recognised by email, or by name when no email is given.
    worker_ids: dict[tuple[str, str], int] = {}
    for wid, wname, wemail in session.execute(select(Worker.id, Worker.name, Worker.email)):
        if wemail:
            worker_ids[("email", wemail.lower())] = wid
        worker_ids.setdefault(("name", name_key(wname)), wid)
    # The event's nominations by category and young person: withdrawn ones too, since a
    # row imported and then withdrawn is still a row imported before (not a new one).
    stored: dict[tuple[int, int], _Stored] = {}
    for found in session.execute(
            select(Nomination.category_id, Nomination.nominee_id, Nomination.id,
                   Nomination.number, Nomination.source_id, Nomination.worker_id,
                   Nomination.status == NominationStatus.WITHDRAWN)
            .where(Nomination.event_id == event_id)
            .order_by(Nomination.status == NominationStatus.WITHDRAWN, Nomination.id)):
        stored.setdefault((found[0], found[1]), _Stored(*found[2:]))
    # Rows of this file imported before, by the source's own row id (withdrawn ones too).
    imported = set(session.scalars(select(Nomination.source_id).where(
        Nomination.event_id == event_id, Nomination.source_id != "")))
    already = 0
    recognised: list[tuple[int, int, dict[str, Any]]] = []  # (row, nomination id, words)
    source_ids = SourceIds(imported)

    rules = EventRules.of(event)
    errors: list[FieldError] = []
    new_nominees: dict[tuple[str, str, date], dict[str, Any]] = {}
    new_workers: dict[tuple[str, str], dict[str, Any]] = {}
    planned: list[tuple[dict[str, Any], tuple[str, str, date], tuple[str, str]]] = []
    seen_in_file: dict[tuple[int, tuple[str, str, date]], int] = {}
    for index, (row_number, row) in enumerate(rows):
        if index % 500 == 0:
            check_cancel(cancelled)
        c = Checker(row=row_number)
        source_id = source_ids.check(c, row, row_number)
        if source_id is None:
            already += 1
            continue
        category_text = cell_text(row, "category").strip()
        category = categories.get(name_key(category_text))
        if not category_text:
            c.add("category", "is empty")
        elif category is None:
            c.add("category", f"'{category_text}' is not a category of this event "
                              f"(choose from: {category_names})")
        elif category.results_confirmed_at is not None:
            c.add("category", f"{category.name}'s results are confirmed and locked; reopen "
                              "them first to add nominations")
        nominee = clean_nominee(
            c,
            {
                "first_name": cell_text(row, "nominee_first_name"),
                "last_name": cell_text(row, "nominee_last_name"),
                "preferred_name": cell_text(row, "nominee_preferred_name"),
                "date_of_birth": row.get("nominee_date_of_birth") or "",
                "out_of_area": cell_text(row, "out_of_area"),
                "do_not_publish": cell_text(row, "do_not_publish"),
                "consent_certificate_name": cell_text(row, "consent_certificate_name"),
                "consent_public": cell_text(row, "consent_public"),
                "consent_photo": cell_text(row, "consent_photo"),
            },
            prefix="nominee_",
        )
        nominator = {
            "name": cell_text(row, "nominator_name"),
            "email": cell_text(row, "nominator_email"),
            "team": cell_text(row, "nominator_team"),
        }
        given = bool(nominator["name"].strip() or nominator["email"].strip())
        c.nominator("nominator_name", given=given)  # the editor's rule: a row is a new nomination
        worker: dict[str, Any] = (clean_worker(c, nominator, prefix="nominator_") if given
                                  else {"name": "", "email": None, "team": ""})
        dob = nominee["date_of_birth"]
        key = (nominee_key(nominee["first_name"], nominee["last_name"], dob)
               if isinstance(dob, date) else None)
        existing_id = nominee_ids.get(key) if key is not None else None
        earlier_row = (stored.get((category.id, existing_id))
                       if category is not None and existing_id is not None else None)
        worker_key = (
            ("email", worker["email"]) if worker["email"] else ("name", name_key(worker["name"]))
        )
        nomination = clean_nomination(
            c,
            rules,
            {
                "success": cell_text(row, "success"),
                "obstacles": cell_text(row, "obstacles"),
                "nominee_voice": cell_text(row, "nominee_voice"),
                "nominee_aware": cell_text(row, "nominee_aware"),
                "status": cell_text(row, "status").strip().lower() or NominationStatus.SUBMITTED,
                "age_override_reason": cell_text(row, "age_override_reason"),
                "citation": cell_text(row, "citation"),
            },
            date_of_birth=dob if isinstance(dob, date) else None,
            dob_field="nominee_date_of_birth",
        )
        if (earlier_row is not None and earlier_row.source_id in ("", source_id)
                and earlier_row.worker_id is not None
                and worker_ids.get(worker_key) == earlier_row.worker_id):
            # The same young person, category and nominator: this row was imported before.
            # Its problems no longer matter (it is not stored again), its words are compared.
            already += 1
            if not c.errors:
                recognised.append((row_number, earlier_row.id, nomination))
            continue
        if c.errors:
            errors.extend(c.errors)
            continue
        assert category is not None and key is not None
        earlier = seen_in_file.get((category.id, key))
        if earlier is not None:
            errors.append(FieldError("nominee_first_name", f"repeats row {earlier}: the same young "
                                     f"person is nominated twice for {category.name}", row_number))
            continue
        if earlier_row is not None and not earlier_row.withdrawn:
            errors.append(FieldError("nominee_first_name", f"{nominee['first_name']} "
                                     f"{nominee['last_name']} is already nominated for "
                                     f"{category.name} ({format_ref(earlier_row.number)})",
                                     row_number))
            continue
        seen_in_file[(category.id, key)] = row_number
        if existing_id is None:
            new_nominees.setdefault(key, nominee)
        if worker_key not in worker_ids:
            new_workers.setdefault(worker_key, worker)
        nomination["category_id"] = category.id
        nomination["source_id"] = source_id
        planned.append((nomination, key, worker_key))
    if errors:
        raise ValidationError(errors, source=source)
    total = len(planned)
    # The rows as they will be written, converted here, outside the write lock.
    dialect = session.get_bind().dialect
    nominee_place = _places([key for _n, key, _w in planned if key in nominee_ids],
                            new_nominees)
    worker_place = _places([key for _n, _k, key in planned if key in worker_ids], new_workers)
    stamps = ("created_at", "updated_at")
    return NominationPlan(
        event_id=event_id,
        source=source,
        rows=rows,
        state=state,
        worker_rows=database_rows(dialect, "worker", [
            {**w, "active": True} for w in new_workers.values()], late=stamps),
        nominee_rows=database_rows(dialect, "nominee", sealed_rows(  # consent: db/seals.py
            TABLES["nominee"], new_nominees.values()), late=stamps),
        nomination_rows=database_rows(dialect, "nomination", [
            {**nomination, "event_id": event_id, "number": place,
             "nominee_id": nominee_place[key], "worker_id": worker_place[worker_key],
             "withdrawn_reason": ""}
            for place, (nomination, key, worker_key) in enumerate(planned)], late=stamps),
        nominee_places=tuple(dict.fromkeys(
            nominee_ids[key] for _n, key, _w in planned if key in nominee_ids)),
        worker_places=tuple(dict.fromkeys(
            worker_ids[key] for _n, _k, key in planned if key in worker_ids)),
        result=ImportResult(
            rows=total,
            created=total,
            details={
                "nominations": total,
                "new nominees": len(new_nominees),
                "new workers": len(new_workers),
            },
            already=already,
            changed=_changed(session, recognised),
        ),
    )


@dataclass(frozen=True, slots=True)
class _Stored:
    """A nomination of the event, as a file's row is recognised against it."""

    id: int
    number: int
    source_id: str
    worker_id: int | None
    withdrawn: bool


#: the words a row imported before is compared on (what a form's respondent writes)
COMPARED = ("success", "obstacles", "nominee_voice")


def _changed(session: Session, recognised: list[tuple[int, int, dict[str, Any]]]
             ) -> tuple[tuple[int, str], ...]:
    """(row, ref) of each row imported before whose words differ from its stored
    nomination's, in file order; read in batches (only the rows recognised)."""
    changed: list[tuple[int, str]] = []
    for start in range(0, len(recognised), 500):
        part = recognised[start:start + 500]
        words = {row[0]: row[1:] for row in session.execute(
            select(Nomination.id, Nomination.number, *(getattr(Nomination, f) for f in COMPARED))
            .where(Nomination.id.in_([nomination_id for _r, nomination_id, _w in part])))}
        for row_number, nomination_id, nomination in part:
            number, *now = words[nomination_id]
            if [nomination[f] for f in COMPARED] != list(now):
                changed.append((row_number, format_ref(number)))
    return tuple(changed)


def _places(existing: list[Key], new: Mapping[Key, Any]) -> dict[Key, int]:
    """Each person's place: the existing ones named, in first-named order, then the new
    ones in the order they are written."""
    places = {key: place for place, key in enumerate(dict.fromkeys(existing))}
    for key in new:
        places[key] = len(places)
    return places


def store_nominations(
    session: Session,
    plan: NominationPlan,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportResult:
    """Store a prepared file's nominations in this (write) session. If anything the checks
    read has changed since :func:`prepare_nominations` (someone added a young person, a
    nomination, changed the event…), every row is checked again first, with the same
    messages; a problem stores nothing."""
    check_cancel(cancelled)
    event = get_event(session, plan.event_id)
    ensure_editable(event)
    if _nomination_state(session, event) != plan.state:
        plan = _plan_nominations(session, event, plan.source, plan.rows, cancelled)
    total = plan.result.rows
    if not total:
        return plan.result  # every row was imported before: nothing to write
    check_cancel(cancelled)
    stamp = utcnow()
    now = {"created_at": stamp, "updated_at": stamp}
    workers = write_rows(session, plan.worker_rows, late=now, read_ids=True)
    nominees = write_rows(session, plan.nominee_rows, late=now, read_ids=True)
    places = ColumnPlaces({
        "nominee_id": (*plan.nominee_places, *nominees),
        "worker_id": (*plan.worker_places, *workers),
        "number": allocate_numbers(session, event, total),
    })
    for start in range(0, total, CHUNK):
        check_cancel(cancelled)
        write_rows(session, plan.nomination_rows.part(start, start + CHUNK), places, late=now)
        if progress is not None:
            progress(min(start + CHUNK, total), total)
    audit(session, "import", "nomination", None, event_id=event.id,
          summary=f"{total} rows from {plan.source}")
    return plan.result
