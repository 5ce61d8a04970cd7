"""Young people, workers and stories for the good-news tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from awards_app.core.enums import Answer
from awards_app.db.engine import Database
from awards_app.services import goodnews, people


@dataclass(frozen=True)
class People:
    zoe: int  # Zoë Hartley, "Zo", born 2006-05-01
    sam: int  # Samir Khan, "Sam"
    priya: int  # worker, North team
    tom: int  # worker, South team


def add_people(db: Database) -> People:
    with db.session() as s:
        zoe = people.create_nominee(s, first_name="Zoë", last_name="Hartley",
                                    preferred_name="Zo", date_of_birth="2006-05-01")
        sam = people.create_nominee(s, first_name="Samir", last_name="Khan",
                                    preferred_name="Sam", date_of_birth="2005-11-20")
        priya = people.create_worker(s, name="Priya Raman", email="priya@example.org",
                                     team="North Leaving Care Team")
        tom = people.create_worker(s, name="Tomasz Wiśniewski", email="tom@example.org",
                                   team="South Leaving Care Team")
        return People(zoe.id, sam.id, priya.id, tom.id)


def story(s: Session, nominee_id: int, *, on: date = date(2026, 11, 3),
          worker_id: int | None = None, text: str = "Passed her driving test first time.",
          why: str = "She practised every week.", knows: Answer = Answer.YES,
          team: str = "") -> int:
    return goodnews.add_story(s, story_date=on, nominee_id=nominee_id, worker_id=worker_id,
                              story=text, why_proud=why, young_person_knows=knows,
                              team=team).id
