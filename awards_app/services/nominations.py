"""Nominations: the heart of the event. Never deleted; withdrawn with a reason instead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, select, type_coerce
from sqlalchemy.orm import Session, joinedload

from awards_app.core.enums import Answer, EventStatus, NominationStatus
from awards_app.core.errors import ConflictError, NotFoundError, ValidationError
from awards_app.core.text import age_on, format_ref, parse_ref
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Category,
    Certificate,
    Event,
    Nomination,
    Nominee,
    Score,
    Worker,
)
from awards_app.services.common import audit, check_keys, get
from awards_app.services.events import ensure_editable

NOMINATION_FIELDS = (
    "category_id",
    "nominee_id",
    "worker_id",
    "success",
    "obstacles",
    "nominee_voice",
    "nominee_aware",
    "status",
    "age_override_reason",
    "citation",
)
SUCCESS_HINT = "describe what they achieved"
OBSTACLES_HINT = "describe what they overcame"
LIVE_STATUSES = tuple(s for s in NominationStatus if s is not NominationStatus.WITHDRAWN)


@dataclass(frozen=True)
class EventRules:
    """The event settings a nomination is checked against (plain data: cheap per row)."""

    min_words: int
    max_words: int
    min_age: int
    max_age: int
    ceremony_date: date | None

    @classmethod
    def of(cls, event: Event) -> EventRules:
        return cls(event.min_words, event.max_words, event.min_age, event.max_age,
                   event.ceremony_date)


def clean_nomination(
    c: Checker,
    event: Event | EventRules,
    data: Mapping[str, Any],
    *,
    date_of_birth: date | None,
    dob_field: str = "nominee",
    allow_withdrawn: bool = False,
) -> dict[str, Any]:
    """Validate the nomination's own fields into ``c`` (references are checked by callers).

    Drafts may be incomplete; anything beyond draft must meet the event's word limits.
    """
    status_value = data.get("status") or NominationStatus.SUBMITTED
    try:
        status = NominationStatus(status_value)
    except ValueError:
        choices = ", ".join(s.value for s in NominationStatus)
        c.add("status", f"'{status_value}' is not one of {choices}")
        status = NominationStatus.SUBMITTED
    if status is NominationStatus.WITHDRAWN and not allow_withdrawn:
        c.add("status", "use Withdraw, which records the reason")
    draft = status is NominationStatus.DRAFT
    minimum = 0 if draft else event.min_words
    out: dict[str, Any] = {
        "success": c.narrative(
            "success", data.get("success"), min_words=minimum, max_words=event.max_words,
            hint=SUCCESS_HINT, required=not draft,
        ),
        "obstacles": c.narrative(
            "obstacles", data.get("obstacles"), min_words=minimum, max_words=event.max_words,
            hint=OBSTACLES_HINT, required=not draft,
        ),
        "nominee_voice": c.text("nominee_voice", data.get("nominee_voice"), max_length=20_000),
        "nominee_aware": c.answer("nominee_aware", data.get("nominee_aware")),
        "status": status,
        "age_override_reason": c.text(
            "age_override_reason", data.get("age_override_reason"), max_length=1000
        ),
        "citation": c.text("citation", data.get("citation"), max_length=400),
    }
    if date_of_birth is not None and event.ceremony_date is not None:
        age = age_on(date_of_birth, event.ceremony_date)
        if not event.min_age <= age <= event.max_age and not out["age_override_reason"]:
            c.add(
                dob_field,
                f"will be {age} on the ceremony date ({event.ceremony_date:%d/%m/%Y}); the "
                f"awards are for ages {event.min_age}–{event.max_age}. Record a reason to "
                "make an exception",
            )
    return out


def _live_clash(
    session: Session, *, category_id: int, nominee_id: int, exclude_id: int | None
) -> Nomination | None:
    query = select(Nomination).where(
        Nomination.category_id == category_id,
        Nomination.nominee_id == nominee_id,
        Nomination.status != NominationStatus.WITHDRAWN,
    )
    return next((n for n in session.scalars(query) if n.id != exclude_id), None)


def _validate(
    session: Session, event: Event, data: Mapping[str, Any], exclude_id: int | None
) -> dict[str, Any]:
    c = Checker()
    category = session.get(Category, data.get("category_id") or 0)
    nominee = session.get(Nominee, data.get("nominee_id") or 0)
    worker_id = data.get("worker_id")
    worker = session.get(Worker, worker_id) if worker_id else None
    if category is None or category.event_id != event.id:
        c.add("category", "choose a category of this event")
    elif not category.active and exclude_id is None:
        c.add("category", f"'{category.name}' has been retired; choose another")
    if nominee is None:
        c.add("nominee", "choose the young person or add them")
    if worker_id and worker is None:
        c.add("worker", "choose the nominating worker")
    out = clean_nomination(
        c, event, data, date_of_birth=nominee.date_of_birth if nominee else None
    )
    if category is not None and nominee is not None:
        clash = _live_clash(
            session, category_id=category.id, nominee_id=nominee.id, exclude_id=exclude_id
        )
        if clash is not None:
            c.add("nominee", f"is already nominated for {category.name} ({clash.ref})")
    c.check()
    out.update(category_id=category.id if category else None, nominee_id=data["nominee_id"],
               worker_id=worker_id or None)
    return out


def _ensure_open(event: Event) -> None:
    ensure_editable(event)
    if event.status is EventStatus.RESULTS_FINAL:
        raise ConflictError("Results are final for this event; nominations can no longer change.")


def allocate_numbers(session: Session, event: Event, count: int) -> range:
    """Reserve ``count`` consecutive nomination numbers for ``event`` (never reused)."""
    first = event.next_ref
    event.next_ref = first + count
    session.flush()
    return range(first, first + count)


def create_nomination(session: Session, *, event_id: int, **fields: Any) -> Nomination:
    check_keys(fields, NOMINATION_FIELDS, "A nomination")
    event = get(session, Event, event_id, "event")
    _ensure_open(event)
    data = _validate(session, event, fields, exclude_id=None)
    (number,) = allocate_numbers(session, event, 1)
    nomination = Nomination(event_id=event.id, number=number, **data)
    session.add(nomination)
    session.flush()
    audit(session, "create", "nomination", nomination.id, event_id=event.id, summary=nomination.ref)
    return nomination


def update_nomination(session: Session, nomination_id: int, **changes: Any) -> Nomination:
    check_keys(changes, NOMINATION_FIELDS, "A nomination")
    nomination = get(session, Nomination, nomination_id, "nomination")
    _ensure_open(nomination.event)
    if nomination.status is NominationStatus.WITHDRAWN:
        raise ConflictError(f"{nomination.ref} was withdrawn; reinstate it before editing.")
    current = {f: getattr(nomination, f) for f in NOMINATION_FIELDS}
    data = _validate(session, nomination.event, {**current, **changes}, exclude_id=nomination.id)
    if data["category_id"] != nomination.category_id:
        _ensure_unscored(session, nomination)
    for key, value in data.items():
        setattr(nomination, key, value)
    audit(session, "update", "nomination", nomination.id, event_id=nomination.event_id,
          summary=f"{nomination.ref}: {', '.join(sorted(changes))}")
    return nomination


def _ensure_unscored(session: Session, nomination: Nomination) -> None:
    """Scores belong to the criteria of the category they were given in: a scored nomination
    cannot move to another category."""
    judges = session.scalar(select(func.count(func.distinct(Score.judge_id)))
                            .where(Score.nomination_id == nomination.id)) or 0
    if judges:
        raise ValidationError.single(
            "category", f"{nomination.ref} has already been scored by {judges} judge(s) in "
                        f"{nomination.category.name}, against that category's criteria, so it "
                        "cannot move. Withdraw it and nominate the young person afresh in the "
                        "other category if it truly belongs there.")


def withdraw_nomination(session: Session, nomination_id: int, *, reason: str) -> Nomination:
    c = Checker()
    reason_text = c.text("reason", reason, max_length=1000)
    if not reason_text:
        c.add("reason", "is empty — say why the nomination is withdrawn")
    c.check()
    nomination = get(session, Nomination, nomination_id, "nomination")
    _ensure_open(nomination.event)
    if nomination.status is NominationStatus.WITHDRAWN:
        raise ConflictError(f"{nomination.ref} is already withdrawn.")
    nomination.status = NominationStatus.WITHDRAWN
    nomination.withdrawn_reason = reason_text
    audit(session, "withdraw", "nomination", nomination.id, event_id=nomination.event_id,
          summary=nomination.ref)
    # A certificate already issued must stop verifying as genuine.
    from awards_app.services.certificate_records import revoke

    live = session.scalar(select(Certificate.code).where(
        Certificate.nomination_id == nomination.id, Certificate.revoked_at.is_(None)))
    if live is not None:
        revoke(session, live, f"Nomination withdrawn: {reason_text}")
    return nomination


def reinstate_nomination(
    session: Session, nomination_id: int, *, status: NominationStatus = NominationStatus.SUBMITTED
) -> Nomination:
    nomination = get(session, Nomination, nomination_id, "nomination")
    _ensure_open(nomination.event)
    if nomination.status is not NominationStatus.WITHDRAWN:
        return nomination
    clash = _live_clash(session, category_id=nomination.category_id,
                        nominee_id=nomination.nominee_id, exclude_id=nomination.id)
    if clash is not None:
        raise ValidationError.single("nominee", f"is already nominated again as {clash.ref}")
    nomination.status = status
    nomination.withdrawn_reason = ""
    audit(session, "reinstate", "nomination", nomination.id, event_id=nomination.event_id,
          summary=nomination.ref)
    return nomination


def list_nominations(
    session: Session,
    event_id: int,
    *,
    category_id: int | None = None,
    status: NominationStatus | None = None,
    include_withdrawn: bool = True,
) -> list[Nomination]:
    query = (
        select(Nomination)
        .where(Nomination.event_id == event_id)
        .options(joinedload(Nomination.nominee), joinedload(Nomination.worker),
                 joinedload(Nomination.category))
    )
    if category_id is not None:
        query = query.where(Nomination.category_id == category_id)
    if status is not None:
        query = query.where(Nomination.status == status)
    elif not include_withdrawn:
        query = query.where(Nomination.status != NominationStatus.WITHDRAWN)
    return list(session.scalars(query.order_by(Nomination.number)))


def get_by_ref(session: Session, event_id: int, ref: str) -> Nomination:
    try:
        number = parse_ref(ref)
    except ValueError as exc:
        raise ValidationError.single("ref", str(exc)) from None
    found = session.scalar(
        select(Nomination).where(Nomination.event_id == event_id, Nomination.number == number)
    )
    if found is None:
        raise NotFoundError(f"There is no nomination {ref} in this event.")
    return found


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
    """Everything the nomination editor shows: the nomination and its young person."""

    nomination_id: int | None
    ref: str
    nominee_id: int | None
    nominee: dict[str, Any]
    nomination: dict[str, Any]
    event_rules: EventRules


def nomination_form(session: Session, event_id: int, nomination_id: int | None) -> NominationForm:
    """The editor's data for an existing nomination, or a blank one for ``event_id``."""
    from awards_app.services.people import NOMINEE_FIELDS

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
        nominee={f: getattr(nominee, f) for f in NOMINEE_FIELDS},
        nomination={f: getattr(nomination, f) for f in NOMINATION_FIELDS},
        event_rules=EventRules.of(event),
    )


def save_nomination_form(
    session: Session,
    *,
    event_id: int,
    nomination_id: int | None,
    nominee_id: int | None,
    nominee: Mapping[str, Any],
    nomination: Mapping[str, Any],
) -> int:
    """Create or update the young person and the nomination as one action.

    Every problem with either is reported together (nominee fields keep their own names,
    e.g. ``first_name``; nomination fields theirs, e.g. ``obstacles``). Returns the
    nomination's id. Raises ValidationError and leaves the caller to roll back.
    """
    from awards_app.core.errors import FieldError
    from awards_app.services import people

    errors: list[FieldError] = []
    try:
        if nominee_id is None:
            nominee_id = people.create_nominee(session, **nominee).id
        else:
            current = people.get_nominee_fields(session, nominee_id)
            changes = {k: v for k, v in nominee.items() if current.get(k) != v}
            if changes:
                people.update_nominee(session, nominee_id, **changes)
    except ValidationError as exc:
        errors.extend(exc.errors)
        nominee_id = None
    data = {**nomination, "nominee_id": nominee_id}
    try:
        if nominee_id is None:
            # Still check the nomination's own fields so every problem is shown at once.
            event = get(session, Event, event_id, "event")
            c = Checker()
            clean_nomination(c, event, data, date_of_birth=None)
            errors.extend(c.errors)
        elif nomination_id is None:
            nomination_id = create_nomination(session, event_id=event_id, **data).id
        else:
            update_nomination(session, nomination_id, **data)
    except ValidationError as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    assert nomination_id is not None
    return nomination_id


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
    return [Choice(i, f"{pref} ({first} {last}, born {dob:%d/%m/%Y})")
            for i, pref, first, last, dob in rows]


def worker_choices(session: Session) -> list[Choice]:
    rows = session.execute(
        select(Worker.id, Worker.name, Worker.team, Worker.email)
        .where(Worker.active.is_(True)).order_by(Worker.name)
    )
    return [Choice(i, f"{name} — {team}" if team else name, email or "")
            for i, name, team, email in rows]


def category_choices(session: Session, event_id: int) -> list[Choice]:
    rows = session.execute(
        select(Category.id, Category.name, Category.active)
        .where(Category.event_id == event_id).order_by(Category.display_order)
    )
    return [Choice(i, name if active else f"{name} (retired)") for i, name, active in rows]
