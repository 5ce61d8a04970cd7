"""The state of an event at a glance, computed with SQL aggregates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, distinct, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from awards_app.core.enums import Answer, EventStatus, NominationStatus
from awards_app.core.text import format_ref
from awards_app.db.models import Category, Nomination, Nominee, Sponsor, Sponsorship, Worker
from awards_app.services.events import get_event

CONSENT_COLUMNS = {
    "certificate_name": Nominee.consent_certificate_name,
    "public": Nominee.consent_public,
    "photo": Nominee.consent_photo,
}


def event_status(session: Session, event_id: int) -> dict[str, Any]:
    """Counts documented in the README ('awards status --json')."""
    event = get_event(session, event_id)
    statuses = [s.value for s in NominationStatus]
    per_category: dict[int, dict[str, int]] = {}
    for category_id, status, count in session.execute(
        select(Nomination.category_id, Nomination.status, func.count())
        .where(Nomination.event_id == event_id)
        .group_by(Nomination.category_id, Nomination.status)
    ):
        per_category.setdefault(category_id, {})[NominationStatus(status).value] = count
    sponsors_by_category: dict[int, list[str]] = {}
    for category_id, sponsor_name in session.execute(
        select(Sponsorship.category_id, Sponsor.name)
        .join(Sponsor, Sponsor.id == Sponsorship.sponsor_id)
        .where(Sponsor.event_id == event_id, Sponsor.active.is_(True))
        .order_by(Sponsor.name)
    ):
        sponsors_by_category.setdefault(category_id, []).append(sponsor_name)

    categories = []
    totals = dict.fromkeys(statuses, 0)
    for category in session.scalars(
        select(Category).where(Category.event_id == event_id).order_by(Category.display_order)
    ):
        counts = {s: per_category.get(category.id, {}).get(s, 0) for s in statuses}
        for s, n in counts.items():
            totals[s] += n
        categories.append({
            "category": category.name,
            "active": category.active,
            "nominations": sum(n for s, n in counts.items() if s != "withdrawn"),
            "by_status": counts,
            "sponsors": sponsors_by_category.get(category.id, []),
        })

    live_nominees = (
        select(Nomination.nominee_id)
        .where(Nomination.event_id == event_id, Nomination.status != NominationStatus.WITHDRAWN)
        .distinct()
        .scalar_subquery()
    )
    consent_query = select(
        func.count(),
        func.sum(case((Nominee.do_not_publish.is_(True), 1), else_=0)),
        *(
            func.sum(case((column == answer, 1), else_=0))
            for column in CONSENT_COLUMNS.values()
            for answer in Answer
        ),
    ).where(Nominee.id.in_(live_nominees))
    row = session.execute(consent_query).one()
    values = [int(v or 0) for v in row]
    consents: dict[str, Any] = {"nominees": values[0], "do_not_publish": values[1]}
    position = 2
    for name in CONSENT_COLUMNS:
        consents[name] = {}
        for answer in Answer:
            consents[name][answer.value] = values[position]
            position += 1
    return {
        "event": {
            "id": event.id,
            "name": event.name,
            "year": event.year,
            "status": event.status.value,
            "ceremony_date": event.ceremony_date.isoformat() if event.ceremony_date else None,
            "nomination_deadline": (
                event.nomination_deadline.isoformat() if event.nomination_deadline else None
            ),
            "venue": event.venue,
        },
        "nominations": {
            "total": sum(n for s, n in totals.items() if s != "withdrawn"),
            "by_status": totals,
        },
        "categories": categories,
        "categories_without_sponsor": [
            c["category"] for c in categories if c["active"] and not c["sponsors"]
        ],
        "consent": consents,
    }


# --- the Overview page -----------------------------------------------------------------------
# Plain rows for the desktop Overview; everything is counted by SQL, never by loading objects.

NO_TEAM = "No team"
#: the consent questions in the order they are shown, with how a coordinator would say them
CONSENT_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("consent_certificate_name", "full name on certificate"),
    ("consent_public", "name in public"),
    ("consent_photo", "photos"),
)


@dataclass(frozen=True, slots=True)
class OverviewFigures:
    """The headline numbers; days are None when the date is not set (negative once passed)."""

    event_name: str
    year: int
    status: EventStatus
    venue: str
    live_nominations: int
    nominees: int
    categories: int
    sponsors: int
    nomination_deadline: date | None
    ceremony_date: date | None
    days_to_deadline: int | None
    days_to_ceremony: int | None


@dataclass(frozen=True, slots=True)
class CategoryCountRow:
    """One category with its nominations by status; ``live`` excludes withdrawn ones."""

    category_id: int
    category: str
    active: bool
    by_status: Mapping[NominationStatus, int]
    live: int
    sponsors: tuple[str, ...]

    def count(self, status: NominationStatus) -> int:
        return self.by_status.get(status, 0)


@dataclass(frozen=True, slots=True)
class MissingConsentRow:
    """A live nomination whose nominee has not been asked one or more consent questions."""

    nomination_id: int
    ref: str
    nominee: str  # preferred name
    not_asked: tuple[str, ...]  # labels from CONSENT_QUESTIONS


@dataclass(frozen=True, slots=True)
class Overview:
    figures: OverviewFigures
    categories: tuple[CategoryCountRow, ...]
    categories_without_sponsor: tuple[str, ...]
    missing_consents: tuple[MissingConsentRow, ...]
    by_team: tuple[tuple[str, int], ...]

    @property
    def by_category(self) -> tuple[tuple[str, int], ...]:
        """Live nominations per category, in the categories' own order."""
        return tuple((row.category, row.live) for row in self.categories)


def _live(event_id: int) -> ColumnElement[bool]:
    return and_(Nomination.event_id == event_id,
                type_coerce(Nomination.status, String) != NominationStatus.WITHDRAWN.value)


def overview_figures(session: Session, event_id: int, *, today: date) -> OverviewFigures:
    event = get_event(session, event_id)
    live_nominations, nominees = session.execute(
        select(func.count(), func.count(distinct(Nomination.nominee_id))).where(_live(event_id))
    ).one()
    categories = session.scalar(
        select(func.count()).where(Category.event_id == event_id, Category.active.is_(True))
    )
    sponsors = session.scalar(
        select(func.count()).where(Sponsor.event_id == event_id, Sponsor.active.is_(True))
    )

    def days_to(day: date | None) -> int | None:
        return None if day is None else (day - today).days

    return OverviewFigures(
        event_name=event.name, year=event.year, status=event.status, venue=event.venue,
        live_nominations=int(live_nominations), nominees=int(nominees),
        categories=int(categories or 0), sponsors=int(sponsors or 0),
        nomination_deadline=event.nomination_deadline, ceremony_date=event.ceremony_date,
        days_to_deadline=days_to(event.nomination_deadline),
        days_to_ceremony=days_to(event.ceremony_date),
    )


def category_counts(session: Session, event_id: int) -> list[CategoryCountRow]:
    """Active categories, plus retired ones that still hold nominations, in display order."""
    counts: dict[int, dict[NominationStatus, int]] = {}
    for category_id, status, count in session.execute(
        select(Nomination.category_id, type_coerce(Nomination.status, String), func.count())
        .where(Nomination.event_id == event_id)
        .group_by(Nomination.category_id, Nomination.status)
    ):
        counts.setdefault(category_id, {})[NominationStatus(status)] = int(count)
    sponsors: dict[int, list[str]] = {}
    for category_id, name in session.execute(
        select(Sponsorship.category_id, Sponsor.name)
        .join(Sponsor, Sponsor.id == Sponsorship.sponsor_id)
        .where(Sponsor.event_id == event_id, Sponsor.active.is_(True))
        .order_by(Sponsor.name)
    ):
        sponsors.setdefault(category_id, []).append(name)
    rows = []
    for category_id, name, active in session.execute(
        select(Category.id, Category.name, Category.active)
        .where(Category.event_id == event_id)
        .order_by(Category.display_order, Category.name)
    ):
        by_status = counts.get(category_id, {})
        if not active and not by_status:
            continue
        rows.append(CategoryCountRow(
            category_id=category_id, category=name, active=bool(active),
            by_status={s: by_status.get(s, 0) for s in NominationStatus},
            live=sum(n for s, n in by_status.items() if s is not NominationStatus.WITHDRAWN),
            sponsors=tuple(sponsors.get(category_id, ())),
        ))
    return rows


def categories_without_sponsor(session: Session, event_id: int) -> list[str]:
    """Active categories that no active sponsor has taken on, in display order."""
    sponsored = (
        select(Sponsorship.id)
        .join(Sponsor, Sponsor.id == Sponsorship.sponsor_id)
        .where(Sponsorship.category_id == Category.id, Sponsor.active.is_(True))
    )
    return list(session.scalars(
        select(Category.name)
        .where(Category.event_id == event_id, Category.active.is_(True), ~sponsored.exists())
        .order_by(Category.display_order, Category.name)
    ))


def missing_consents(session: Session, event_id: int) -> list[MissingConsentRow]:
    """Live nominations whose nominee still has consent questions not asked, by reference.

    Nominees marked 'do not publish' are left out: nothing about them is made public, so
    the answers cannot change what happens.
    """
    not_asked = Answer.NOT_ASKED.value
    columns = [getattr(Nominee, field) for field, _label in CONSENT_QUESTIONS]
    flags = [type_coerce(column, String) == not_asked for column in columns]
    query = (
        select(Nomination.id, Nomination.number, Nominee.preferred_name, *flags)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(_live(event_id), Nominee.do_not_publish.is_(False), or_(*flags))
        .order_by(Nomination.number)
    )
    labels = [label for _field, label in CONSENT_QUESTIONS]
    return [
        MissingConsentRow(
            nomination_id=row[0], ref=format_ref(row[1]), nominee=row[2],
            not_asked=tuple(label for label, flag in zip(labels, row[3:], strict=True) if flag),
        )
        for row in session.execute(query)
    ]


def nominations_by_team(session: Session, event_id: int) -> list[tuple[str, int]]:
    """Live nominations per nominating worker's team, most first; nominations with no worker
    or a worker without a team are counted together as 'No team', shown last like 'Other'."""
    team = func.coalesce(func.nullif(func.trim(Worker.team), ""), NO_TEAM)
    rows = session.execute(
        select(team.label("team"), func.count())
        .select_from(Nomination)
        .outerjoin(Worker, Worker.id == Nomination.worker_id)
        .where(_live(event_id))
        .group_by(team)
    )
    return sorted(((name, int(count)) for name, count in rows),
                  key=lambda item: (item[0] == NO_TEAM, -item[1], item[0].casefold()))


def overview(session: Session, event_id: int, *, today: date) -> Overview:
    """Everything the Overview page shows, read in one session."""
    return Overview(
        figures=overview_figures(session, event_id, today=today),
        categories=tuple(category_counts(session, event_id)),
        categories_without_sponsor=tuple(categories_without_sponsor(session, event_id)),
        missing_consents=tuple(missing_consents(session, event_id)),
        by_team=tuple(nominations_by_team(session, event_id)),
    )
