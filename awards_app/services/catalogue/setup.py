"""A new event with its catalogue: the nine standard categories, or last year's set-up."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from awards_app.db.models import Event
from awards_app.services import events
from awards_app.services.catalogue import categories, sponsors
from awards_app.services.common import get


def create_event(
    session: Session,
    *,
    name: str,
    year: int | str,
    with_default_categories: bool = True,
    copy_from: int | None = None,
    make_current: bool = True,
    **details: Any,
) -> Event:
    """Create an event with the nine standard categories and their criteria, or with the
    categories, criteria, sponsors and judges of the event ``copy_from`` (last year's)."""
    event = events.create_event(session, name=name, year=year, make_current=make_current,
                                **details)
    if copy_from is not None:
        copy_event_setup(session, source_event_id=copy_from, target_event_id=event.id)
    elif with_default_categories:
        categories.add_default_categories(session, event_id=event.id)
    return event


def copy_event_setup(session: Session, *, source_event_id: int, target_event_id: int) -> None:
    """Copy active categories (with criteria), sponsors (with judges) and sponsorships."""
    source = get(session, Event, source_event_id, "event")
    new_ids: dict[int, int] = {}
    for category in categories.list_categories(session, source.id, include_retired=False):
        copy = categories.create_category(
            session, event_id=target_event_id, name=category.name,
            description=category.description, winners_count=category.winners_count,
            runners_up_count=category.runners_up_count,
            highly_commended_count=category.highly_commended_count,
            criteria=[
                {"name": k.name, "guidance": k.guidance, "weight": k.weight,
                 "scale_min": k.scale_min, "scale_max": k.scale_max, "role": k.role}
                for k in category.criteria
            ],
        )
        new_ids[category.id] = copy.id
    for sponsor in sponsors.list_sponsors(session, source.id, include_withdrawn=False):
        copy_sponsor = sponsors.create_sponsor(
            session, event_id=target_event_id, name=sponsor.name,
            contact_name=sponsor.contact_name, contact_email=sponsor.contact_email,
            contact_phone=sponsor.contact_phone, notes=sponsor.notes, logo=sponsor.logo,
        )
        for link in sponsor.sponsorships:
            if link.category_id in new_ids:
                sponsors.sponsor_category(
                    session, sponsor_id=copy_sponsor.id, category_id=new_ids[link.category_id]
                )
        for judge in sponsor.judges:
            if judge.active:
                sponsors.create_judge(
                    session, sponsor_id=copy_sponsor.id, name=judge.name, email=judge.email
                )


