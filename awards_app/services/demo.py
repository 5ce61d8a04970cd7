"""A complete fictional event for trying the program and for screenshots."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.errors import ValidationError
from awards_app.db.models import Event, Nominee
from awards_app.paths import resource
from awards_app.services.catalogue import categories
from awards_app.services import catalogue
from awards_app.services import events
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue import sponsors
from awards_app.services.common import audit

DEMO_FILE = ("demo", "demo_event.json")


def load_demo_spec() -> dict[str, Any]:
    with resource(*DEMO_FILE).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def create_demo_event(session: Session) -> Event:
    """Create the demo event through the ordinary services, so it obeys every rule."""
    spec = load_demo_spec()
    info = spec["event"]
    existing = next(
        (e for e in events.list_events(session)
         if e.name == info["name"] and e.year == info["year"]),
        None,
    )
    if existing is not None:
        raise ValidationError.single("event", f"the demo event '{existing.name}' already exists")
    event = catalogue.create_event(
        session,
        name=info["name"],
        year=info["year"],
        ceremony_date=info["ceremony_date"],
        venue=info.get("venue", ""),
        nomination_deadline=info.get("nomination_deadline"),
        status="nominations_open",
    )
    category_ids = {c.name: c.id for c in categories.list_categories(session, event.id)}
    for item in spec["sponsors"]:
        sponsor = sponsors.create_sponsor(
            session, event_id=event.id, name=item["name"],
            **{k: item.get(k, "") for k in ("contact_name", "contact_email", "contact_phone",
                                            "notes")},
        )
        for name in item["categories"]:
            sponsors.sponsor_category(session, sponsor_id=sponsor.id, category_id=category_ids[name])
        for judge in item["judges"]:
            sponsors.create_judge(session, sponsor_id=sponsor.id, name=judge["name"],
                                  email=judge.get("email"))
    worker_ids = {}
    for item in spec["workers"]:
        worker = people.find_worker_by_email(session, item["email"]) or people.create_worker(
            session, name=item["name"], email=item["email"], team=item.get("team", "")
        )
        worker_ids[item["email"]] = worker.id
    for item in spec["nominations"]:
        nominee = _nominee(session, item["nominee"])
        nominations.create_nomination(
            session,
            event_id=event.id,
            category_id=category_ids[item["category"]],
            nominee_id=nominee.id,
            worker_id=worker_ids[item["worker_email"]],
            success=item["success"],
            obstacles=item["obstacles"],
            nominee_voice=item.get("nominee_voice", ""),
            nominee_aware=item.get("nominee_aware", "not_asked"),
            status=item.get("status", "submitted"),
            citation=item.get("citation", ""),
        )
    audit(session, "create", "demo", event.id, event_id=event.id)
    return event


def _nominee(session: Session, details: dict[str, Any]) -> Nominee:
    """The demo repeats a few young people across categories: find them before creating."""
    found = people.find_nominee(
        session,
        first_name=details["first_name"],
        last_name=details["last_name"],
        date_of_birth=date.fromisoformat(details["date_of_birth"]),
    )
    return found or people.create_nominee(session, **details)
