"""Events: create (with the default categories), update, archive, list, and the current one."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded, person_edits
from awards_app.core.enums import EventStatus
from awards_app.core.errors import ConflictError, NotFoundError, ValidationError
from awards_app.core.search import loose_name_key
from awards_app.core.text import name_key
from awards_app.core.validation import Checker
from awards_app.db.models import Event, Setting
from awards_app.services.common import (
    MAX_ID,
    audit,
    check_keys,
    ensure_current,
    get,
    load_for_edit,
    stored_values,
    write_changes,
)

CURRENT_EVENT_KEY = "current_event_id"
EVENT_FIELDS = (
    "name",
    "year",
    "ceremony_date",
    "venue",
    "nomination_deadline",
    "min_age",
    "max_age",
    "min_words",
    "max_words",
    "status",
)
#: the settings as a person knows them (naming what someone else changed)
EVENT_LABELS = {
    "name": "name",
    "year": "year",
    "ceremony_date": "ceremony date",
    "venue": "venue",
    "nomination_deadline": "nomination deadline",
    "min_age": "youngest age",
    "max_age": "oldest age",
    "min_words": "fewest words in a narrative",
    "max_words": "most words in a narrative",
    "status": "stage",
}
DEFAULTS: dict[str, Any] = {
    "ceremony_date": None,
    "venue": "",
    "nomination_deadline": None,
    "min_age": 16,
    "max_age": 25,
    "min_words": 25,
    "max_words": 2000,
    "status": EventStatus.SETUP,
}


#: what each stage of the year allows, in the order the year goes through them
STAGE_WORDS: dict[EventStatus, str] = {
    EventStatus.SETUP: "Setting up: categories, criteria, sponsors and judges are added and "
                       "changed; nominations can already be entered.",
    EventStatus.NOMINATIONS_OPEN: "Nominations open: workers' nominations are entered and "
                                  "imported (the Overview counts the days to the deadline); "
                                  "the set-up can still change.",
    EventStatus.JUDGING: "Judging: sponsors score in judging sessions or on paper; "
                         "nominations can still be corrected.",
    EventStatus.RESULTS_FINAL: "Results final: nominations can no longer change and "
                               "certificates are printed. Reopening a category's results "
                               "moves the event back to judging.",
    EventStatus.ARCHIVED: "Archived: everything is kept and nothing can change. Choose "
                          "another stage to reopen it.",
}
#: the usual ceremony day when there is no earlier event to follow
USUAL_CEREMONY = (3, 20)


def in_year(day: date, year: int) -> date:
    """``day``'s day and month in ``year`` (29 February becomes the 28th)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def proposed_ceremony(today: date, *, like: date | None = None) -> date:
    """The next ceremony after ``today`` on the day and month of ``like`` (last event's
    ceremony) or of ``USUAL_CEREMONY``."""
    usual = like or date(today.year, *USUAL_CEREMONY)
    this_year = in_year(usual, today.year)
    return this_year if this_year > today else in_year(usual, today.year + 1)


def date_concerns(*, year: int, ceremony_date: date | None,
                  nomination_deadline: date | None, today: date) -> list[str]:
    """What looks wrong with an event's dates but may be meant (asked, not refused)."""
    concerns = []
    if ceremony_date is not None:
        if ceremony_date < today:
            concerns.append(f"The ceremony date, {ceremony_date:%d/%m/%Y}, is in the past.")
        if ceremony_date.year != year:
            concerns.append(f"The ceremony date, {ceremony_date:%d/%m/%Y}, is not in {year}, "
                            "the event's year.")
    if nomination_deadline is not None and nomination_deadline.year not in (year - 1, year):
        concerns.append(f"The nomination deadline, {nomination_deadline:%d/%m/%Y}, is not in "
                        f"{year} or the year before.")
    return concerns


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    c = Checker()
    out: dict[str, Any] = {
        "name": c.name("name", data.get("name")),
        "year": c.integer("year", data.get("year"), minimum=2000, maximum=2100),
        "ceremony_date": c.date("ceremony_date", data.get("ceremony_date"), required=False),
        "venue": c.text("venue", data.get("venue"), max_length=200),
        "nomination_deadline": c.date(
            "nomination_deadline", data.get("nomination_deadline"), required=False
        ),
        "min_age": c.integer("min_age", data.get("min_age"), minimum=0, maximum=120),
        "max_age": c.integer("max_age", data.get("max_age"), minimum=0, maximum=120),
        "min_words": c.integer("min_words", data.get("min_words"), minimum=1, maximum=2000),
        "max_words": c.integer("max_words", data.get("max_words"), minimum=1, maximum=20000),
    }
    try:
        out["status"] = EventStatus(str(data.get("status")))
    except ValueError:
        choices = ", ".join(s.value for s in EventStatus)
        c.add("status", f"'{data.get('status')}' is not one of {choices}")
    if out["min_age"] is not None and out["max_age"] is not None and out["min_age"] > out["max_age"]:
        c.add("max_age", "must not be below the minimum age")
    if (
        out["min_words"] is not None
        and out["max_words"] is not None
        and out["min_words"] > out["max_words"]
    ):
        c.add("max_words", "must not be below the minimum number of words")
    deadline, ceremony = out["nomination_deadline"], out["ceremony_date"]
    if isinstance(deadline, date) and isinstance(ceremony, date) and deadline > ceremony:
        c.add("nomination_deadline", "is after the ceremony date")
    c.check()
    return out


def _ensure_unique(session: Session, name: str, year: int, exclude_id: int | None = None) -> None:
    for clash_id, clash_name in session.execute(
        select(Event.id, Event.name).where(Event.year == year)
    ):
        if clash_id != exclude_id and name_key(clash_name) == name_key(name):
            raise ValidationError.single(
                "name", f"an event called '{clash_name}' in {year} already exists"
            )


def create_event(
    session: Session,
    *,
    name: str,
    year: int | str,
    make_current: bool = True,
    **details: Any,
) -> Event:
    """Create an event with no categories or sponsors (``catalogue.create_event`` adds the
    standard categories or last year's set-up)."""
    check_keys(details, EVENT_FIELDS, "An event")
    data = _clean({**DEFAULTS, **details, "name": name, "year": year})
    _ensure_unique(session, data["name"], data["year"])
    event = Event(**data)
    session.add(event)
    session.flush()
    audit(session, "create", "event", event.id, event_id=event.id, summary=event.name)
    if make_current:
        set_current_event(session, event.id)
    return event


def latest_event(session: Session) -> Event | None:
    """The most recent event (by year), the natural one to copy a new event's set-up from."""
    events = list_events(session)
    return events[0] if events else None


def event_for_edit(session: Session, event_id: int) -> Loaded:
    """The event's settings and version as an editor (re)loads them."""
    return load_for_edit(session, Event, event_id, EVENT_FIELDS, "event")


def update_event(session: Session, event_id: int, *, expected_version: int | None = None,
                 original: Mapping[str, Any] | None = None, **changes: Any) -> Event:
    """Change the event's settings. An editor passes the ``expected_version`` and
    ``original`` values it loaded: a stale copy is refused (StaleEditError) and only the
    fields the person changed are written (see services.common). Bookkeeping (the next
    reference, the stage results move it to) never changes the version."""
    check_keys(changes, EVENT_FIELDS, "An event")
    event = get(session, Event, event_id, "event")
    ensure_current(session, event, entity="event", entity_id=event.id, labels=EVENT_LABELS,
                   expected_version=expected_version, original=original)
    edits = person_edits(changes, original)
    if set(edits) - {"status"}:
        ensure_editable(event)  # an archived event can only be reopened by changing status
    data = _clean({**stored_values(event, EVENT_FIELDS), **edits})
    _ensure_unique(session, data["name"], data["year"], exclude_id=event.id)
    written = write_changes(event, data)
    if written:
        audit(session, "update", "event", event.id, event_id=event.id,
              summary=", ".join(written))
    return event


def archive_event(session: Session, event_id: int) -> Event:
    """Events are never deleted: archiving keeps every record and makes it read-only."""
    event = get(session, Event, event_id, "event")
    write_changes(event, {"status": EventStatus.ARCHIVED})
    audit(session, "archive", "event", event.id, event_id=event.id)
    return event


def list_events(session: Session) -> list[Event]:
    return list(session.scalars(select(Event).order_by(Event.year.desc(), Event.name)))


def get_event(session: Session, event_id: int) -> Event:
    return get(session, Event, event_id, "event")


def find_event(session: Session, name_or_id: str) -> Event:
    """An event by id, by exact name, or by 'name year'."""
    text = name_or_id.strip()
    if text.isdigit() and 0 < int(text) <= MAX_ID:
        found = session.get(Event, int(text))
        if found is not None:
            return found
    events = list_events(session)
    for event in events:
        if text.casefold() in (event.name.casefold(), f"{event.name} {event.year}".casefold()):
            return event
    # as people type it: accents, case and spacing ignored, when that picks out one event
    loose = loose_name_key(text)
    named = [e for e in events
             if loose in (loose_name_key(e.name), loose_name_key(f"{e.name} {e.year}"))]
    if loose and len(named) == 1:
        return named[0]
    raise NotFoundError(f"There is no event called '{text}'.")


def set_current_event(session: Session, event_id: int) -> None:
    get(session, Event, event_id, "event")
    setting = session.get(Setting, CURRENT_EVENT_KEY)
    if setting is None:
        session.add(Setting(key=CURRENT_EVENT_KEY, value=str(event_id)))
    else:
        setting.value = str(event_id)


def current_event(session: Session) -> Event | None:
    """The event the coordinator is working on: the one chosen, else the newest."""
    setting = session.get(Setting, CURRENT_EVENT_KEY)
    if setting is not None and setting.value.isdigit():
        event = session.get(Event, int(setting.value))
        if event is not None:
            return event
    events = list_events(session)
    return events[0] if events else None


def require_current_event(session: Session) -> Event:
    event = current_event(session)
    if event is None:
        raise NotFoundError(
            "There is no event yet. Create one with 'awards init --event NAME --year YYYY'."
        )
    return event


def ensure_editable(event: Event) -> None:
    if event.status is EventStatus.ARCHIVED:
        raise ConflictError(f"{event.name} {event.year} is archived and can no longer change.")
