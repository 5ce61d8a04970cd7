"""What the nominations list and the nomination editor show, and saving the editor's form
(the young person, the worker and the nomination in one unit of work)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, select, type_coerce
from sqlalchemy.orm import Session

from awards_app.core.enums import Answer, NominationStatus
from awards_app.core.errors import StaleEditError, ValidationError
from awards_app.core.text import format_ref, isolate
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Category,
    Event,
    Nomination,
    Nominee,
    Worker,
)
from awards_app.services.common import get, stored_values
from awards_app.core.errors import FieldError
from awards_app.services import people
from awards_app.services.nominations.records import (
    NOMINATION_FIELDS,
    EventRules,
    clean_nomination,
    create_nomination,
    update_nomination,
)
from awards_app.services.people import NOMINEE_FIELDS


@dataclass(frozen=True, slots=True)
class NominationRow:
    """One line of the nominations table: plain data, safe to hand to the UI thread."""

    id: int
    ref: str
    nominee_id: int
    nominee: str  # preferred name
    nominee_full: str
    category_id: int
    category: str
    worker: str
    team: str
    status: NominationStatus
    consent: str  # see people.consent_state
    updated_at: datetime


def nomination_rows(
    session: Session, event_id: int, *, nomination_ids: Sequence[int] | None = None
) -> list[NominationRow]:
    """The event's nominations in one joined Core query (50,000 rows in a fraction of a second:
    statuses and consent states come back as plain strings computed by SQL)."""
    not_asked = Answer.NOT_ASKED.value
    answers = (Nominee.consent_certificate_name, Nominee.consent_public, Nominee.consent_photo)
    first, *rest = [case((type_coerce(a, String) == not_asked, 0), else_=1) for a in answers]
    asked: ColumnElement[Any] = first
    for term in rest:
        asked = asked + term
    consent = case(
        (Nominee.do_not_publish.is_(True), "do_not_publish"),
        (asked == len(answers), "complete"),
        (asked == 0, "not_asked"),
        else_="partial",
    )
    query = (
        select(
            Nomination.id, Nomination.number, Nomination.nominee_id, Nominee.preferred_name,
            Nominee.first_name, Nominee.last_name, Nomination.category_id, Category.name,
            Worker.name, Worker.team, type_coerce(Nomination.status, String), consent,
            Nomination.updated_at,
        )
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .join(Category, Category.id == Nomination.category_id)
        .outerjoin(Worker, Worker.id == Nomination.worker_id)
        .where(Nomination.event_id == event_id)
        .order_by(Nomination.number)
    )
    if nomination_ids is not None:
        query = query.where(Nomination.id.in_(list(nomination_ids)))
    statuses = {s.value: s for s in NominationStatus}
    return [
        NominationRow(
            id=r[0], ref=format_ref(r[1]), nominee_id=r[2], nominee=r[3],
            nominee_full=f"{r[4]} {r[5]}", category_id=r[6], category=r[7], worker=r[8] or "",
            team=r[9] or "", status=statuses[r[10]], consent=r[11], updated_at=r[12],
        )
        for r in session.connection().execute(query)
    ]


# --- the nomination editor's unit of work -------------------------------------------------


@dataclass(frozen=True)
class NominationForm:
    """Everything the nomination editor shows: the nomination and its young person, with
    the versions they were loaded at (None for a record not stored yet). Handed back to
    ``save_nomination_form`` as ``loaded``, it is what the person's edits are measured from
    and what a stale copy is detected by."""

    nomination_id: int | None
    ref: str
    nominee_id: int | None
    nominee: dict[str, Any]
    nomination: dict[str, Any]
    event_rules: EventRules
    version: int | None = None
    nominee_version: int | None = None

    def with_nominee(self, nominee_id: int | None, nominee: Mapping[str, Any],
                     version: int | None) -> NominationForm:
        """This form after another young person was picked (their fields as loaded)."""
        return replace(self, nominee_id=nominee_id, nominee=dict(nominee),
                       nominee_version=version)


def nomination_form(session: Session, event_id: int, nomination_id: int | None) -> NominationForm:
    """The editor's data for an existing nomination, or a blank one for ``event_id``."""
    event = get(session, Event, event_id, "event")
    if nomination_id is None:
        return NominationForm(None, "", None, {}, {"status": NominationStatus.SUBMITTED},
                              EventRules.of(event))
    nomination = get(session, Nomination, nomination_id, "nomination")
    nominee = nomination.nominee
    return NominationForm(
        nomination_id=nomination.id,
        ref=nomination.ref,
        nominee_id=nominee.id,
        nominee=stored_values(nominee, NOMINEE_FIELDS),
        nomination=stored_values(nomination, NOMINATION_FIELDS),
        event_rules=EventRules.of(event),
        version=nomination.version,
        nominee_version=nominee.version,
    )


def save_nomination_form(
    session: Session,
    *,
    event_id: int,
    nomination_id: int | None,
    nominee_id: int | None,
    nominee: Mapping[str, Any],
    nomination: Mapping[str, Any],
    loaded: NominationForm | None = None,
) -> int:
    """Create or update the young person and the nomination as one action.

    ``loaded`` is the form the editor showed (``nomination_form``, with ``with_nominee``
    after another young person was picked): a record changed since then in a way the
    editor shows is refused with one StaleEditError naming every such field of both, and
    only the fields the person changed are written. Without it, a nominee field that
    differs from the stored one is written (the behaviour before versions).

    Every problem with either is reported together (nominee fields keep their own names,
    e.g. ``first_name``; nomination fields theirs, e.g. ``obstacles``). Returns the
    nomination's id. Raises ValidationError and leaves the caller to roll back.
    """

    errors: list[FieldError] = []
    stale: StaleEditError | None = None
    try:
        if nominee_id is None:
            nominee_id = people.create_nominee(session, **nominee).id
        elif loaded is not None and loaded.nominee_id == nominee_id:
            people.update_nominee(session, nominee_id, expected_version=loaded.nominee_version,
                                  original=loaded.nominee, **nominee)
        else:
            current = people.get_nominee_fields(session, nominee_id)
            changes = {k: v for k, v in nominee.items() if current.get(k) != v}
            if changes:
                people.update_nominee(session, nominee_id, **changes)
    except StaleEditError as exc:
        stale = exc
    except ValidationError as exc:
        errors.extend(exc.errors)
        nominee_id = None
    data = {**nomination, "nominee_id": nominee_id}
    errors.extend(_nominator_problems(session, nomination_id, data))
    try:
        if nominee_id is None:
            # Still check the nomination's own fields so every problem is shown at once.
            event = get(session, Event, event_id, "event")
            c = Checker()
            clean_nomination(c, event, data, date_of_birth=None)
            errors.extend(c.errors)
        elif nomination_id is None:
            nomination_id = create_nomination(session, event_id=event_id, **data).id
        elif loaded is not None and loaded.nomination_id == nomination_id:
            update_nomination(session, nomination_id, expected_version=loaded.version,
                              original=loaded.nomination, **data)
        else:
            update_nomination(session, nomination_id, **data)
    except StaleEditError as exc:
        stale = exc if stale is None else stale.merged(exc)
    except ValidationError as exc:
        errors.extend(exc.errors)
    if stale is not None:  # what was checked was a stale copy: reload first
        raise stale
    if errors:
        raise ValidationError(errors)
    assert nomination_id is not None
    return nomination_id


def _nominator_problems(session: Session, nomination_id: int | None,
                        data: Mapping[str, Any]) -> list[FieldError]:
    """The nominator rule imports follow too (``Checker.nominator``): a new nomination
    needs its nominating worker; one stored without may stay so."""
    stored = session.get(Nomination, nomination_id) if nomination_id is not None else None
    c = Checker()
    c.nominator("worker", given=bool(data.get("worker_id")),
                stored_without=stored is not None and stored.worker_id is None)
    return c.errors


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    detail: str = ""


def nominee_choices(session: Session) -> list[Choice]:
    """Young people to pick from: preferred name, full name and date of birth."""
    rows = session.execute(
        select(Nominee.id, Nominee.preferred_name, Nominee.first_name, Nominee.last_name,
               Nominee.date_of_birth).order_by(Nominee.preferred_name, Nominee.last_name)
    )
    # each name isolated: a right-to-left name cannot reorder the rest of the line
    return [Choice(i, f"{isolate(pref)} ({isolate(first)} {isolate(last)}, "
                      f"born {dob:%d/%m/%Y})")
            for i, pref, first, last, dob in rows]


def worker_choices(session: Session, *, keep: int | None = None) -> list[Choice]:
    """The workers who can nominate, and ``keep`` (the nomination's own nominator) even
    if they have left: their nomination stays theirs, marked "(has left)"."""
    rows = session.execute(
        select(Worker.id, Worker.name, Worker.team, Worker.email, Worker.active)
        .where(Worker.active.is_(True) | (Worker.id == (keep or 0))).order_by(Worker.name)
    )
    return [Choice(i, (f"{isolate(name)} — {isolate(team)}" if team else isolate(name))
                   + ("" if active else " (has left)"), email or "")
            for i, name, team, email, active in rows]


def category_choices(session: Session, event_id: int) -> list[Choice]:
    rows = session.execute(
        select(Category.id, Category.name, Category.active)
        .where(Category.event_id == event_id).order_by(Category.display_order)
    )
    return [Choice(i, name if active else f"{name} (retired)") for i, name, active in rows]
