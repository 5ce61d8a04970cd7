"""Nominations: create, change, withdraw and reinstate, with the event's rules checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from awards_app.core.editing import person_edits
from awards_app.core.enums import EventStatus, NominationStatus
from awards_app.core.errors import ConflictError, NotFoundError, ValidationError
from awards_app.core.text import age_on, parse_ref
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
from awards_app.services.catalogue.locks import ensure_categories_open, ensure_results_open
from awards_app.services.common import (
    audit,
    check_keys,
    ensure_current,
    get,
    stored_values,
    write_changes,
)
from awards_app.services.certificates.records import revoke
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
#: the fields as a person knows them (naming what someone else changed)
NOMINATION_LABELS = {
    "category_id": "category",
    "nominee_id": "young person",
    "worker_id": "nominating worker",
    "success": "their success",
    "obstacles": "obstacles overcome",
    "nominee_voice": "their own words",
    "nominee_aware": "whether they know about the nomination",
    "status": "status",
    "age_override_reason": "reason for the age exception",
    "citation": "citation",
}
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
    ensure_categories_open(session, [data["category_id"]], "its nominations")
    (number,) = allocate_numbers(session, event, 1)
    nomination = Nomination(event_id=event.id, number=number, **data)
    session.add(nomination)
    session.flush()
    audit(session, "create", "nomination", nomination.id, event_id=event.id, summary=nomination.ref)
    return nomination


def update_nomination(session: Session, nomination_id: int, *,
                      expected_version: int | None = None,
                      original: Mapping[str, Any] | None = None, **changes: Any) -> Nomination:
    """Change a nomination. An editor passes the ``expected_version`` and ``original`` values
    it loaded: a stale copy is refused (StaleEditError) and only the fields the person changed
    are written (see services.common)."""
    check_keys(changes, NOMINATION_FIELDS, "A nomination")
    nomination = get(session, Nomination, nomination_id, "nomination")
    _ensure_open(nomination.event)
    if nomination.status is NominationStatus.WITHDRAWN:
        raise ConflictError(f"{nomination.ref} was withdrawn; reinstate it before editing.")
    ensure_current(session, nomination, entity="nomination", entity_id=nomination.id,
                   labels=NOMINATION_LABELS, expected_version=expected_version,
                   original=original)
    current = stored_values(nomination, NOMINATION_FIELDS)
    edits = person_edits(changes, original)
    data = _validate(session, nomination.event, {**current, **edits}, exclude_id=nomination.id)
    if data["category_id"] != nomination.category_id or data["status"] != nomination.status:
        ensure_categories_open(session, [nomination.category_id, data["category_id"]],
                               f"{nomination.ref}'s status and category")
    if data["category_id"] != nomination.category_id:
        _ensure_unscored(session, nomination)
    written = write_changes(nomination, data)
    if written:
        audit(session, "update", "nomination", nomination.id, event_id=nomination.event_id,
              summary=f"{nomination.ref}: {', '.join(sorted(written))}")
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
    ensure_results_open(nomination.category, f"{nomination.ref}'s status")
    write_changes(nomination, {"status": NominationStatus.WITHDRAWN,
                               "withdrawn_reason": reason_text})
    audit(session, "withdraw", "nomination", nomination.id, event_id=nomination.event_id,
          summary=nomination.ref)
    # A certificate already issued must stop verifying as genuine.
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
    ensure_results_open(nomination.category, f"{nomination.ref}'s status")
    clash = _live_clash(session, category_id=nomination.category_id,
                        nominee_id=nomination.nominee_id, exclude_id=nomination.id)
    if clash is not None:
        raise ValidationError.single("nominee", f"is already nominated again as {clash.ref}")
    write_changes(nomination, {"status": status, "withdrawn_reason": ""})
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


def withdraw_nominee(session: Session, nominee_id: int, *, reason: str) -> list[Nomination]:
    """Withdraw every live nomination of a young person (e.g. they asked to be left out)
    in events that can still change; archived and finalised events keep their record."""
    closed = (EventStatus.ARCHIVED, EventStatus.RESULTS_FINAL)
    nominee = get(session, Nominee, nominee_id, "nominee")
    live = [n for n in nominee.nominations
            if n.status is not NominationStatus.WITHDRAWN and n.event.status not in closed]
    locked = [n for n in live if n.category.results_confirmed_at is not None]
    if locked:
        # After confirmation a withdrawal goes through reopening that category's results.
        ensure_results_open(locked[0].category, f"{locked[0].ref}'s status")
    return [withdraw_nomination(session, n.id, reason=reason) for n in live]
