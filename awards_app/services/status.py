"""The state of an event at a glance, computed with SQL aggregates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from awards_app.core.enums import Answer, NominationStatus
from awards_app.db.models import Category, Nomination, Nominee, Sponsor, Sponsorship
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
