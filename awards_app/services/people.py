"""Nominating workers and nominees (young people). Both are shared across events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded, person_edits
from awards_app.core.enums import Answer, NominationStatus
from awards_app.core.errors import ValidationError
from awards_app.core.text import age_on, format_ref, name_key
from awards_app.core.validation import Checker
from awards_app.db.models import Category, Event, Nomination, Nominee, Worker
from awards_app.services.common import (
    audit,
    check_keys,
    ensure_current,
    get,
    load_for_edit,
    stored_values,
    write_changes,
)

WORKER_FIELDS = ("name", "email", "team")
#: the fields as a person knows them (naming what someone else changed)
WORKER_LABELS = {"name": "name", "email": "email", "team": "team"}
NOMINEE_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "out_of_area",
    "consent_certificate_name",
    "consent_public",
    "consent_photo",
    "do_not_publish",
    "pronunciation",
)
CONSENT_FIELDS = ("consent_certificate_name", "consent_public", "consent_photo")
NOMINEE_LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "preferred_name": "preferred name",
    "date_of_birth": "date of birth",
    "out_of_area": "whether they live out of area",
    "consent_certificate_name": "consent to be named on the certificate",
    "consent_public": "consent to be named publicly",
    "consent_photo": "consent to photos",
    "do_not_publish": "do not publish anything (safeguarding)",
    "pronunciation": "how to say their name",
}
PRONUNCIATION_MAX = 200


# --- workers -------------------------------------------------------------------------------


def clean_worker(c: Checker, data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Validate worker fields into ``c``; ``prefix`` names them as an import file does."""
    return {
        "name": c.name(f"{prefix}name", data.get("name")),
        "email": c.email(f"{prefix}email", data.get("email")),
        "team": c.name(f"{prefix}team", data.get("team"), required=False),
    }


def _ensure_unique_worker_email(session: Session, email: str | None, exclude_id: int | None) -> None:
    if not email:
        return
    clash = session.scalar(select(Worker).where(func.lower(Worker.email) == email))
    if clash is not None and clash.id != exclude_id:
        raise ValidationError.single("email", f"{email} already belongs to {clash.name}")


def create_worker(session: Session, *, name: str, email: str | None = None, team: str = "") -> Worker:
    c = Checker()
    data = clean_worker(c, {"name": name, "email": email, "team": team})
    c.check()
    _ensure_unique_worker_email(session, data["email"], None)
    worker = Worker(**data)
    session.add(worker)
    session.flush()
    audit(session, "create", "worker", worker.id)
    return worker


def update_worker(session: Session, worker_id: int, *, expected_version: int | None = None,
                  original: Mapping[str, Any] | None = None, **changes: Any) -> Worker:
    """Change a worker. An editor passes the ``expected_version`` and ``original`` values it
    loaded: a stale copy is refused (StaleEditError) and only the fields the person changed
    are written (see services.common)."""
    check_keys(changes, WORKER_FIELDS, "A worker")
    worker = get(session, Worker, worker_id, "worker")
    ensure_current(session, worker, entity="worker", entity_id=worker.id, labels=WORKER_LABELS,
                   expected_version=expected_version, original=original)
    edits = person_edits(changes, original)
    c = Checker()
    data = clean_worker(c, {**stored_values(worker, WORKER_FIELDS), **edits})
    c.check()
    _ensure_unique_worker_email(session, data["email"], worker.id)
    if write_changes(worker, data):
        audit(session, "update", "worker", worker.id)
    return worker


def worker_for_edit(session: Session, worker_id: int) -> Loaded:
    """A worker's fields and version as their editor (re)loads them."""
    return load_for_edit(session, Worker, worker_id, WORKER_FIELDS, "worker")


def withdraw_worker(session: Session, worker_id: int, *, active: bool = False) -> Worker:
    """A worker who has left: kept with their nominations, hidden from new ones."""
    worker = get(session, Worker, worker_id, "worker")
    worker.active = active
    audit(session, "reinstate" if active else "withdraw", "worker", worker.id)
    return worker


def list_workers(session: Session, *, include_withdrawn: bool = True) -> list[Worker]:
    query = select(Worker)
    if not include_withdrawn:
        query = query.where(Worker.active.is_(True))
    return list(session.scalars(query.order_by(Worker.name)))


def find_worker_by_email(session: Session, email: str) -> Worker | None:
    return session.scalar(select(Worker).where(func.lower(Worker.email) == email.strip().lower()))


# --- nominees ------------------------------------------------------------------------------


def clean_nominee(c: Checker, data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "first_name": c.name(f"{prefix}first_name", data.get("first_name")),
        "last_name": c.name(f"{prefix}last_name", data.get("last_name")),
        "preferred_name": c.name(f"{prefix}preferred_name", data.get("preferred_name"), required=False),
        "date_of_birth": c.date(f"{prefix}date_of_birth", data.get("date_of_birth")),
        "out_of_area": c.flag("out_of_area", data.get("out_of_area")),
        "do_not_publish": c.flag("do_not_publish", data.get("do_not_publish")),
    }
    for field in CONSENT_FIELDS:
        out[field] = c.answer(field, data.get(field))
    if "pronunciation" in data:  # imports without the column leave a stored one alone
        out["pronunciation"] = c.text(f"{prefix}pronunciation", data.get("pronunciation"),
                                      max_length=PRONUNCIATION_MAX)
    if not out["preferred_name"]:
        out["preferred_name"] = out["first_name"]
    dob = out["date_of_birth"]
    if isinstance(dob, date) and dob > date.today():
        c.add(f"{prefix}date_of_birth", f"{dob.isoformat()} is in the future")
    return out


def nominee_key(first_name: str, last_name: str, date_of_birth: date) -> tuple[str, str, date]:
    """How a young person is recognised again: name (any case/spacing) and date of birth."""
    return (name_key(first_name), name_key(last_name), date_of_birth)


def find_nominee(
    session: Session, *, first_name: str, last_name: str, date_of_birth: date
) -> Nominee | None:
    wanted = nominee_key(first_name, last_name, date_of_birth)
    candidates = session.scalars(select(Nominee).where(Nominee.date_of_birth == date_of_birth))
    return next(
        (n for n in candidates if nominee_key(n.first_name, n.last_name, n.date_of_birth) == wanted),
        None,
    )


def _ensure_unique_nominee(session: Session, data: Mapping[str, Any], exclude_id: int | None) -> None:
    clash = find_nominee(
        session,
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
    )
    if clash is not None and clash.id != exclude_id:
        raise ValidationError.single(
            "first_name",
            f"{clash.first_name} {clash.last_name} born {clash.date_of_birth:%d/%m/%Y} is already "
            "recorded; pick them from the list instead",
        )


def create_nominee(session: Session, **fields: Any) -> Nominee:
    check_keys(fields, NOMINEE_FIELDS, "A nominee")
    c = Checker()
    data = clean_nominee(c, fields)
    c.check()
    _ensure_unique_nominee(session, data, None)
    nominee = Nominee(**data)
    session.add(nominee)
    session.flush()
    audit(session, "create", "nominee", nominee.id)
    return nominee


def get_nominee_fields(session: Session, nominee_id: int) -> dict[str, Any]:
    nominee = get(session, Nominee, nominee_id, "nominee")
    return stored_values(nominee, NOMINEE_FIELDS)


def nominee_for_edit(session: Session, nominee_id: int) -> Loaded:
    """A young person's fields and version as an editor (re)loads them."""
    return load_for_edit(session, Nominee, nominee_id, NOMINEE_FIELDS, "nominee")


def update_nominee(session: Session, nominee_id: int, *, expected_version: int | None = None,
                   original: Mapping[str, Any] | None = None, **changes: Any) -> Nominee:
    """Change a young person. An editor passes the ``expected_version`` and ``original``
    values it loaded: a stale copy is refused (StaleEditError) and only the fields the person
    changed are written (see services.common)."""
    check_keys(changes, NOMINEE_FIELDS, "A nominee")
    nominee = get(session, Nominee, nominee_id, "nominee")
    ensure_current(session, nominee, entity="nominee", entity_id=nominee.id,
                   labels=NOMINEE_LABELS, expected_version=expected_version, original=original)
    edits = person_edits(changes, original)
    c = Checker()
    data = clean_nominee(c, {**stored_values(nominee, NOMINEE_FIELDS), **edits})
    c.check()
    _ensure_unique_nominee(session, data, nominee.id)
    written = write_changes(nominee, data)
    if written:
        audit(session, "update", "nominee", nominee.id, summary=", ".join(sorted(written)))
    return nominee


def list_nominees(session: Session) -> list[Nominee]:
    return list(session.scalars(select(Nominee).order_by(Nominee.last_name, Nominee.first_name)))


CONSENT_STATES = ("complete", "partial", "not_asked", "do_not_publish")


def consent_state_of(do_not_publish: bool, answers: tuple[Answer, ...]) -> str:
    """For filters and counts: 'do_not_publish', 'complete', 'partial' or 'not_asked'."""
    if do_not_publish:
        return "do_not_publish"
    asked = sum(a is not Answer.NOT_ASKED for a in answers)
    if asked == len(answers):
        return "complete"
    return "partial" if asked else "not_asked"


def consent_state(nominee: Nominee) -> str:
    return consent_state_of(nominee.do_not_publish, tuple(getattr(nominee, f) for f in CONSENT_FIELDS))


# --- rows for the Nominees and Workers pages -----------------------------------------------


def _nomination_counts(event_id: int) -> tuple[Any, Any]:
    """(live nominations in ``event_id``, nominations of any event or status), as SQL sums."""
    in_event = case(
        ((Nomination.event_id == event_id)
         & (type_coerce(Nomination.status, String) != NominationStatus.WITHDRAWN.value), 1),
        else_=0,
    )
    return (
        func.coalesce(func.sum(in_event), 0).label("in_event"),
        func.count(Nomination.id).label("in_all"),
    )


@dataclass(frozen=True, slots=True)
class NomineeRow:
    """One young person as the Nominees page lists them: plain data, safe across threads."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    age: int  # completed years on the day the list was made for (the ceremony, or today)
    out_of_area: bool
    consent_certificate_name: Answer
    consent_public: Answer
    consent_photo: Answer
    do_not_publish: bool
    nominations: int  # live (not withdrawn) nominations in the event asked about
    all_nominations: int  # nominations in every event, withdrawn ones included
    version: int  # what an editor opened from this row passes back as expected_version
    pronunciation: str = ""  # how to say their name (the ceremony script)

    @property
    def editable(self) -> dict[str, Any]:
        """The fields the young person's editor shows, as loaded (its ``original``)."""
        return {f: getattr(self, f) for f in NOMINEE_FIELDS}

    @property
    def consent_summary(self) -> str:
        return (f"Name: {self.consent_certificate_name.label} · "
                f"Public: {self.consent_public.label} · Photo: {self.consent_photo.label}")

    @property
    def consent_state(self) -> str:
        return consent_state_of(self.do_not_publish, (
            self.consent_certificate_name, self.consent_public, self.consent_photo))


def nominee_rows(session: Session, *, event_id: int, on: date | None = None) -> list[NomineeRow]:
    """Every young person with their nomination counts, in one grouped query.

    Ages are given on ``on``; by default the event's ceremony date (what the age rules
    use), or today when the event has none.
    """
    if on is None:
        ceremony = session.scalar(select(Event.ceremony_date).where(Event.id == event_id))
        on = ceremony or date.today()
    in_event, in_all = _nomination_counts(event_id)
    query = (
        select(
            Nominee.id, Nominee.first_name, Nominee.last_name, Nominee.preferred_name,
            Nominee.date_of_birth, Nominee.out_of_area,
            type_coerce(Nominee.consent_certificate_name, String),
            type_coerce(Nominee.consent_public, String),
            type_coerce(Nominee.consent_photo, String),
            Nominee.do_not_publish, type_coerce(in_event, Integer), in_all, Nominee.version,
            Nominee.pronunciation,
        )
        .outerjoin(Nomination, Nomination.nominee_id == Nominee.id)
        .group_by(Nominee.id)
        .order_by(Nominee.last_name, Nominee.first_name, Nominee.id)
    )
    answers = {a.value: a for a in Answer}
    return [
        NomineeRow(
            id=r[0], first_name=r[1], last_name=r[2], preferred_name=r[3], date_of_birth=r[4],
            age=age_on(r[4], on), out_of_area=bool(r[5]), consent_certificate_name=answers[r[6]],
            consent_public=answers[r[7]], consent_photo=answers[r[8]],
            do_not_publish=bool(r[9]), nominations=int(r[10]), all_nominations=int(r[11]),
            version=r[12], pronunciation=r[13] or "",
        )
        for r in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class PersonNominationRow:
    """One nomination of a young person, in any event."""

    id: int
    ref: str
    event_id: int
    event: str  # "Name Year"
    category: str
    status: NominationStatus
    worker: str
    withdrawn_reason: str

    @property
    def live(self) -> bool:
        return self.status is not NominationStatus.WITHDRAWN


def nominee_nominations(session: Session, nominee_id: int) -> list[PersonNominationRow]:
    """All of a young person's nominations, newest event first."""
    query = (
        select(
            Nomination.id, Nomination.number, Event.id, Event.name, Event.year, Category.name,
            type_coerce(Nomination.status, String), Worker.name, Nomination.withdrawn_reason,
        )
        .join(Event, Event.id == Nomination.event_id)
        .join(Category, Category.id == Nomination.category_id)
        .outerjoin(Worker, Worker.id == Nomination.worker_id)
        .where(Nomination.nominee_id == nominee_id)
        .order_by(Event.year.desc(), Event.name, Nomination.number)
    )
    statuses = {s.value: s for s in NominationStatus}
    return [
        PersonNominationRow(
            id=r[0], ref=format_ref(r[1]), event_id=r[2], event=f"{r[3]} {r[4]}", category=r[5],
            status=statuses[r[6]], worker=r[7] or "", withdrawn_reason=r[8] or "",
        )
        for r in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class WorkerRow:
    """One nominating worker as the Workers page lists them."""

    id: int
    name: str
    email: str  # "" when none is recorded
    team: str
    active: bool
    nominations: int  # live nominations in the event asked about
    all_nominations: int  # every event, withdrawn ones included
    version: int  # what an editor opened from this row passes back as expected_version

    @property
    def editable(self) -> dict[str, Any]:
        """The fields the worker's editor shows, as loaded (its ``original``)."""
        return {f: getattr(self, f) for f in WORKER_FIELDS}


def worker_rows(session: Session, *, event_id: int) -> list[WorkerRow]:
    """Every worker with their nomination counts, in one grouped query."""
    in_event, in_all = _nomination_counts(event_id)
    query = (
        select(Worker.id, Worker.name, Worker.email, Worker.team, Worker.active,
               type_coerce(in_event, Integer), in_all, Worker.version)
        .outerjoin(Nomination, Nomination.worker_id == Worker.id)
        .group_by(Worker.id)
        .order_by(Worker.name, Worker.id)
    )
    return [
        WorkerRow(id=r[0], name=r[1], email=r[2] or "", team=r[3] or "", active=bool(r[4]),
                  nominations=int(r[5]), all_nominations=int(r[6]), version=r[7])
        for r in session.execute(query)
    ]
