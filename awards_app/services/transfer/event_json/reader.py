"""Loading an event exported as JSON (see exports.py) into this database, all or nothing.

Reads format versions 1 to 4 (the judging part, version 2, is checked by judging.py; the
certificate part, version 3, by certificates.py). Two phases, so that SQLite's write lock is
held only for the last, short step (STYLE 8, short write transactions):

    with database.read_session() as session:       # read and check everything: no lock
        plan = reader.prepare(session, path=…, progress=…, cancelled=…)
    with database.session() as session:            # one short write, then commit
        event = reader.store(session, plan, progress=…, cancelled=…)

:func:`prepare` reads the file, checks the kind and size of every value (shape.py: each
problem named by its path, before anything else reads them), then every section with the
services' own cleaning (problems named by their path in the file), and matches the young
people and workers this database already knows; it returns a frozen :class:`EventPlan` of plain rows that refer
to each other by their place in the plan. :func:`store` checks again what may have changed
since — an event of the same name and year, certificate codes now taken, people added or
changed — with the same messages, then writes every table in bulk and recomputes the judge
totals and stored results once. :func:`import_event` does both in one session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.enums import EventStatus
from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import format_ref, name_key
from awards_app.db.models import Event
from awards_app.services.common import audit, get
from awards_app.services.nominations.records import EventRules
from awards_app.services.transfer.event_json.catalogue import (
    CataloguePlan,
    check_categories,
    check_event,
    check_sponsors,
    ensure_new_event,
    final_status,
    store_catalogue,
)
from awards_app.services.transfer.event_json.certificates import (
    CertificatePlan,
    certificates_size,
    read_certificates,
    store_certificates,
    taken_codes,
)
from awards_app.services.transfer.event_json.fields import (
    FORMAT,
    FORMAT_VERSION,
    MAX_ERRORS,
    FileChecker,
    Report,
    objects,
    reporter,
)
from awards_app.services.transfer.event_json.judging import (
    CriterionKey,
    ImportedKeys,
    JudgingPart,
    check_judging,
    judging_size,
    store_judging,
)
from awards_app.services.transfer.event_json.nominations import (
    check_nominations,
    nomination_rows,
    store_nominations,
)
from awards_app.services.transfer.event_json.people import PeoplePlan, check_people, store_people
from awards_app.services.transfer.event_json.people import store_seats
from awards_app.services.transfer.event_json.goodnews import check_good_news, store_good_news
from awards_app.services.transfer.event_json.rows import StoredIds
from awards_app.services.transfer.event_json.shape import check_shape, parse, shown
from awards_app.services.transfer.rows import TableRows

MAX_JSON_BYTES = 200 * 1024 * 1024
Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class EventPlan:
    """An event file read and checked by :func:`prepare`, for :func:`store`: plain data (no
    ORM objects) that can cross threads. Rows refer to categories, criteria, judges, people
    and nominations by their place in the plan; storing gives them their ids."""

    source: str  # the file's name, for messages
    total: int  # nominations, scorecards and certificates: what progress counts
    event: Mapping[str, Any]  # the event's columns as stored (status, next_ref, tie-breaks…)
    catalogue: CataloguePlan
    people: PeoplePlan
    nominations: TableRows
    judging: JudgingPart
    certificates: CertificatePlan
    #: good-news stories (goodnews.py): the young people's, dated in the event's year
    good_news: tuple[dict[str, Any], ...] = ()


def read_document(path: Path) -> dict[str, Any]:
    """The file's document, its format and version checked, and every value it holds of the
    kind and size the parts expect (shape.py); ValidationError names each problem by its
    path in the file."""
    source = path.name
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise ValidationError.single("file", "is larger than 200 MB")
        document = parse(path.read_bytes())
    except FileNotFoundError:
        raise ValidationError([FieldError("file", f"does not exist ({path})")], source=source) from None
    except IsADirectoryError:
        raise ValidationError([FieldError("file", f"is a folder ({path})")], source=source) from None
    except PermissionError:
        raise ValidationError([FieldError("file", "cannot be read (permission denied)")],
                              source=source) from None
    except OSError as exc:
        reason = exc.strerror or "the system refused"
        raise ValidationError([FieldError("file", f"cannot be read ({reason})")],
                              source=source) from None
    except ValidationError as exc:
        raise _from(exc, source) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(
            [FieldError("format", f"is not an Awards App event export (expected '{FORMAT}')")],
            source=source,
        )
    version = document.get("version")
    if version is None:
        raise ValidationError([FieldError("version", f"is missing (1 to {FORMAT_VERSION})")],
                              source=source)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError(
            [FieldError("version", f"{shown(version)} is not a format version (1 to "
                                   f"{FORMAT_VERSION})")], source=source)
    if version > FORMAT_VERSION:
        raise ValidationError(
            [FieldError("version", f"{version!r} is newer than this program reads "
                                   f"({FORMAT_VERSION}); update Awards App")],
            source=source,
        )
    checker = FileChecker(check_shape(document))
    try:
        checker.raise_if_any()
    except ValidationError as exc:
        raise _from(exc, source) from None
    return document


def prepare(
    session: Session,
    *,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> EventPlan:
    """Read ``path`` and check all of it (a read session is enough); ValidationError names
    every problem (all those of the judging and certificate parts at once). Cancelling
    raises ``Cancelled``."""
    document = read_document(path)
    try:
        return _prepare(session, document, path.name, reporter(progress, cancelled))
    except ValidationError as exc:
        raise _from(exc, path.name) from None


def store(
    session: Session,
    plan: EventPlan,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Event:
    """Create the prepared event in this write session (the caller commits), as the current
    event. What may have changed since :func:`prepare` is checked again first, with the same
    messages; a problem, or cancelling, stores nothing (the caller rolls back)."""
    try:
        return _store(session, plan, reporter(progress, cancelled))
    except ValidationError as exc:
        raise _from(exc, plan.source) from None


def import_event(
    session: Session,
    *,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Event:
    """Create the exported event here, reusing nominees and workers this database knows:
    :func:`prepare` and :func:`store` in this one (write) session.

    Cancelling raises ``Cancelled``; the caller's transaction then rolls everything back.
    """
    plan = prepare(session, path=path, progress=progress, cancelled=cancelled)
    return store(session, plan, progress=progress, cancelled=cancelled)


def _from(exc: ValidationError, source: str) -> ValidationError:
    return exc if exc.source else ValidationError(exc.errors, source=source)


def _prepare(session: Session, document: dict[str, Any], source: str, report: Report
             ) -> EventPlan:
    event_data = document.get("event")
    if not isinstance(event_data, dict):
        raise ValidationError.single("event", "is missing")
    event = check_event(session, event_data)
    categories = check_categories(document)
    catalogue = CataloguePlan(categories, check_sponsors(
        document, {c.row["name"]: i for i, c in enumerate(categories)}))
    people = check_people(session, document)

    specs = objects(document, "nominations")
    total = len(specs) + judging_size(document) + certificates_size(document)
    report(0, total)
    nominations = check_nominations(
        specs, rules=EventRules(event["min_words"], event["max_words"], event["min_age"],
                                event["max_age"], event["ceremony_date"]),
        categories=catalogue.category_places, people=people,
        progress=lambda done: report(done, total))
    refs = {format_ref(n["number"]): (place, n["category_id"])
            for place, n in enumerate(nominations)}
    # Checked before judging, so that one report names the problems of both parts.
    certificates = read_certificates(session, document, nominations={
        ref: place for ref, (place, _category) in refs.items()})
    dialect = session.get_bind().dialect
    try:
        judging = check_judging(document, _keys(catalogue, people, refs), dialect,
                                lambda done: report(len(specs) + done, total))
    except ValidationError as exc:
        raise ValidationError([*exc.errors, *certificates.errors[:MAX_ERRORS]]) from None
    certificate_plan = certificates.plan()
    good_news = check_good_news(document, people, {ref: place for ref, (place, _c)
                                                   in refs.items()})
    status = final_status(event, event_data.get("status") or EventStatus.SETUP.value)
    next_ref = max([*(n["number"] for n in nominations), 0]) + 1
    given = event_data.get("next_ref")  # checked by shape.py: at most MAX_REF + 1
    if isinstance(given, int) and given > next_ref:
        next_ref = given
    report(total, total)
    return EventPlan(
        source=source, total=total,
        event={**event, "status": status, "next_ref": next_ref,
               "tie_breaks": judging.tie_breaks,
               "normalised_results": judging.normalised_results},
        catalogue=catalogue, people=people, nominations=nomination_rows(dialect, nominations),
        judging=judging, certificates=certificate_plan, good_news=good_news)


def _keys(catalogue: CataloguePlan, people: PeoplePlan,
          refs: Mapping[str, tuple[int, int]]) -> ImportedKeys:
    """How the judging part's natural keys find their records' places in the plan."""
    criteria: dict[int, dict[str, CriterionKey]] = {}
    place = 0
    for category, plan in enumerate(catalogue.categories):
        found = criteria.setdefault(category, {})
        for row in plan.criteria:
            found[name_key(row["name"])] = CriterionKey(place, row["name"], row["scale_min"],
                                                        row["scale_max"])
            place += 1
    return ImportedKeys(
        categories={name_key(c.row["name"]): i for i, c in enumerate(catalogue.categories)},
        category_names={i: c.row["name"] for i, c in enumerate(catalogue.categories)},
        criteria=criteria, judges=catalogue.judge_places, nominations=refs,
        nominees=people.nominee_places)


def _store(session: Session, plan: EventPlan, report: Report) -> Event:
    report(0, plan.total)
    # What may have changed since the check: another event of this name and year, a code
    # now on another certificate. (Changed people are matched again by store_people.)
    ensure_new_event(session, plan.event)
    taken = FileChecker(taken_codes(session, plan.certificates.paths))
    taken.raise_if_any()

    catalogue = store_catalogue(session, plan.catalogue, plan.event)
    workers, nominees = store_people(session, plan.people)
    store_seats(session, plan.people, event_id=catalogue.event, nominee_ids=nominees)
    ids = StoredIds(event=catalogue.event, categories=catalogue.categories,
                    criteria=catalogue.criteria, judges=catalogue.judges, nominees=nominees,
                    workers=workers, nominations=())
    ids = replace(ids, nominations=store_nominations(
        session, plan.nominations, ids, lambda done: report(done, plan.total)))
    report(len(plan.nominations.values), plan.total)
    store_judging(session, plan.judging, ids)
    store_certificates(session, plan.certificates, ids)
    store_good_news(session, plan.good_news, ids)
    if plan.event["status"] is not EventStatus.SETUP:
        # As events.update_event records the stage the file gives the event.
        audit(session, "update", "event", ids.event, event_id=ids.event, summary="status")
    audit(session, "import", "event", ids.event, event_id=ids.event, summary=plan.source)
    session.flush()
    report(plan.total, plan.total)
    return get(session, Event, ids.event, "event")
