"""A complete fictional event for trying the program and for screenshots."""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.enums import Answer, EventStatus
from awards_app.core.errors import AwardsError, ValidationError
from awards_app.db.models import Event, Nominee
from awards_app.paths import resource
from awards_app.services.catalogue import categories
from awards_app.services import catalogue
from awards_app.services import ceremony
from awards_app.services import events
from awards_app.services import goodnews
from awards_app.services import judging
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue import sponsors
from awards_app.services.common import audit

DEMO_FILE = ("demo", "demo_event.json")
#: the demo's good-news log (stories through the year; some became nominations)
DEMO_GOOD_NEWS = ("demo", "demo_good_news.json")

#: The moments of the year the demo can start at: nominations coming in; judging morning
#: (the event at its judging stage, a PIN for the first sponsor's judges); and after results
#: (every judge's scores submitted, each category confirmed unless a tie needs a casting
#: decision, which is left for the newcomer to record).
DEMO_STAGES = ("nominations", "judging", "results")
#: The PIN of the first sponsor's judges in the "judging" and "results" demos.
DEMO_PIN = "1234"


def load_demo_spec() -> dict[str, Any]:
    with resource(*DEMO_FILE).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def create_demo_event(session: Session, *, stage: str = "nominations") -> Event:
    """Create the demo event through the ordinary services, so it obeys every rule; at a
    later ``stage`` (one of DEMO_STAGES) it is then judged through them too."""
    if stage not in DEMO_STAGES:
        raise ValidationError.single("stage", f"must be one of {', '.join(DEMO_STAGES)}")
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
    _ceremony_details(session, event.id, category_ids)
    _good_news(session, event.id, worker_ids)
    audit(session, "create", "demo", event.id, event_id=event.id)
    if stage != "nominations":
        _judging_morning(session, event.id)
    if stage == "results":
        _judge_everything(session, event.id)
    return event


def _judging_morning(session: Session, event_id: int) -> None:
    events.update_event(session, event_id, status=EventStatus.JUDGING.value)
    first_sponsor = sponsors.sponsor_rows(session, event_id)[0]
    for judge in sponsors.judge_rows(session, first_sponsor.id):
        judging.set_pin(session, judge.id, DEMO_PIN)


def _judge_everything(session: Session, event_id: int) -> None:
    """Every judge scores and submits every category they judge (fixed made-up scores, the
    same each time); then each category is confirmed, unless the agreed rules leave a tie
    only a casting decision can settle."""
    rng = random.Random(2027)
    rows = judging.judging_progress(session, event_id)
    for row in rows:
        for item in judging.judge_queue(session, row.judge_id):
            if item.category_id == row.category_id:
                judging.save_scores(session, judge_id=row.judge_id,
                                    nomination_id=item.nomination_id,
                                    scores={c.id: rng.randint(4, 10) for c in item.criteria})
        judging.submit_category(session, judge_id=row.judge_id, category_id=row.category_id)
    for category_id in sorted({row.category_id for row in rows}):
        try:
            with session.begin_nested():
                judging.results.confirm_results(session, category_id)
        except AwardsError:
            pass  # a tie needing a casting decision: left for the newcomer to record
    if all(result.status == judging.results.FINAL for result in judging.results.category_results(
            session, event_id)):
        events.update_event(session, event_id, status=EventStatus.RESULTS_FINAL.value)


#: the ceremony pack's details: how to say a few names, who presents each category
DEMO_PRONUNCIATIONS = {
    ("Filmon", "Ghebremedhin"): "FIL-mon geh-breh-MED-hin",
    ("Sohrab", "Amiri"): "soh-RAHB ah-MEE-ree",
    ("Dóra", "Szabó"): "DOR-aw SAB-oh",
    ("Seán", "Ó Briain"): "SHAWN oh BREE-an",
    ("Şevval", "Yıldız"): "shev-VAHL yuhl-DUHZ",
    ("Hodan", "Warsame"): "HOE-dan war-SAH-meh",
    ("Oluwaseun", "Adeyemi"): "SHAY-oon ah-deh-YEH-mee",
    ("Kieran", "McAllister"): "KEZ",
}
DEMO_PRESENTERS = {
    "Education Star": "Cllr Priya Nair, Lead Member for Children",
    "Sports Hero": "Dean Morris, Northbridge Town FC",
    "Independence Star": "Grace Okafor, Harbourside Homes",
    "Life Changer": "Sam Whitley, Castlegate Construction",
    "Positive Role Model": "Jo Patel, Head of Leaving Care",
    "Community Champion": "The Mayor of Northbridge",
    "Culture Champion": "Amara Lewis, The Lantern Theatre",
}


def _ceremony_details(session: Session, event_id: int, category_ids: dict[str, int]) -> None:
    """Pronunciations, presenters, a seat for everyone nominated (tables of eight, in
    nomination order) and approved press wording for two in three of those who agreed to be
    named publicly, so the ceremony pack shows every rule (some winners wait for wording)."""
    for name, presenter in DEMO_PRESENTERS.items():
        if name in category_ids:
            categories.update_category(session, category_ids[name], presenter=presenter)
    seen: set[int] = set()
    publicly = 0
    for nomination in nominations.list_nominations(session, event_id):
        nominee = nomination.nominee
        wording = ""
        if nominee.consent_public is Answer.YES and not nominee.do_not_publish:
            publicly += 1
            if publicly % 3:
                wording = (f"{nominee.preferred_name} {nominee.last_name}, a care leaver from "
                           f"Northbridge, is recognised in the {nomination.category.name} "
                           f"award. {nomination.citation}")
        said = DEMO_PRONUNCIATIONS.get((nominee.first_name, nominee.last_name), "")
        ceremony.save_details(session, event_id=event_id, nomination_id=nomination.id,
                              pronunciation=said, press_wording=wording)
        if nominee.id not in seen:  # a young person nominated twice keeps their first seat
            ceremony.save_details(session, event_id=event_id, nomination_id=nomination.id,
                                  seat=f"Table {len(seen) // 8 + 1}")
            seen.add(nominee.id)


def _nominee(session: Session, details: dict[str, Any]) -> Nominee:
    """The demo repeats a few young people across categories: find them before creating."""
    found = people.find_nominee(
        session,
        first_name=details["first_name"],
        last_name=details["last_name"],
        date_of_birth=date.fromisoformat(details["date_of_birth"]),
    )
    return found or people.create_nominee(session, **details)


def _good_news(session: Session, event_id: int, worker_ids: dict[str, int]) -> None:
    """The good-news log: stories across the teams and months, some of which became the
    young person's nomination in the event (the story remembers it), some about young people
    not nominated yet, and a few the young person does not know are being shared. A story
    dated after today (a computer whose clock is behind) is left out."""
    with resource(*DEMO_GOOD_NEWS).open(encoding="utf-8") as fh:
        spec = json.load(fh)
    for details in spec["young_people"]:
        _nominee(session, details)
    by_name = {f"{n.first_name} {n.last_name}": n for n in people.list_nominees(session)}
    today = date.today()
    for item in spec["stories"]:
        if date.fromisoformat(item["date"]) > today:
            continue
        nominee = by_name[item["young_person"]]
        story = goodnews.add_story(
            session, story_date=item["date"], nominee_id=nominee.id,
            worker_id=worker_ids[item["worker_email"]], story=item["story"],
            why_proud=item.get("why_proud", ""), young_person_knows=item.get("knows", ""))
        if item.get("nominated"):
            made = next(n for n in nominations.list_nominations(session, event_id)
                        if n.nominee_id == nominee.id)
            goodnews.link_nomination(session, story_id=story.id, nomination_id=made.id)
