"""An event whose placed young people hold every combination of consent answers
(name on certificate × named publicly × photos, each yes/no/not asked, × do not publish:
54), with private markers in their surnames, and what each output must show of each.

Every young person's details carry their own two-letter code ("ab"): preferred name
"Kab", surname "Zqxabmark", citation token "Deedab", seat "Table ab", press wording
token "Pressab". A tenth category holds a placed young person whose results are not
confirmed: nothing of theirs may appear anywhere.
"""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from awards_app.core.ceremony_names import NOT_PUBLISHED_NAME
from awards_app.core.enums import Answer, NominationStatus
from awards_app.db.engine import Database
from awards_app.db.models import (
    Category,
    CeremonySeat,
    ConfirmedPlacement,
    Nomination,
    Nominee,
    utcnow,
)
from awards_app.services import catalogue

PLACEMENTS = ("winner", "runner_up", "highly_commended")
LABELS = {"winner": "Winner", "runner_up": "Runner-up", "highly_commended": "Highly commended"}
MARKER = "zqx"  # in every surname; no fixed wording of any output holds it
HIDDEN = "Vhiddenperson"  # the unconfirmed category's young person
NARRATIVE = " ".join(["steady"] * 30)


@dataclass(frozen=True)
class Person:
    code: str
    certificate: Answer
    public: Answer
    photo: Answer
    do_not_publish: bool
    placement: str
    category: str
    pronounce: bool
    wording: bool  # has approved press wording

    @property
    def preferred(self) -> str:
        return f"K{self.code}"

    @property
    def surname(self) -> str:
        return f"Zqx{self.code}mark"

    @property
    def token(self) -> str:
        return f"Deed{self.code}"

    @property
    def full(self) -> bool:
        return self.public is Answer.YES and not self.do_not_publish

    @property
    def name(self) -> str:
        """The name every output must use."""
        if self.do_not_publish:
            return NOT_PUBLISHED_NAME
        return f"{self.preferred} {self.surname}" if self.full else self.preferred

    @property
    def photographable(self) -> bool:
        return self.photo is Answer.YES and not self.do_not_publish

    @property
    def winner(self) -> bool:
        return self.placement == "winner"

    @property
    def released(self) -> bool:
        return self.winner and self.full and self.wording

    @property
    def waiting(self) -> bool:
        return self.winner and self.full and not self.wording

    @property
    def entry(self) -> str:
        return f"{LABELS[self.placement]}: {self.name}"


def _code(i: int) -> str:
    return string.ascii_lowercase[i // 26] + string.ascii_lowercase[i % 26] + "x"


def people(categories: list[str]) -> list[Person]:
    answers = list(Answer)
    combos = list(itertools.product(answers, answers, answers, (False, True)))
    assert len(combos) == 54
    return [Person(_code(i), cert, public, photo, dnp, PLACEMENTS[i % 3],
                   categories[i % len(categories)], pronounce=i % 2 == 0, wording=i % 4 != 2)
            for i, (cert, public, photo, dnp) in enumerate(combos)]


@dataclass(frozen=True)
class Built:
    event_id: int
    people: list[Person]
    categories: list[str]  # confirmed, in running order
    unconfirmed: str
    sponsors: dict[str, list[str]]  # sponsor → their categories


def build(db: Database) -> Built:
    with db.session() as s:
        event = catalogue.create_event(s, name="Consent Awards", year=2027,
                                       ceremony_date="2027-03-19", venue="Town Hall")
        categories = list(s.scalars(select(Category).where(Category.event_id == event.id)
                                    .order_by(Category.display_order)))
        names = [c.name for c in categories]
        extra = Category(event_id=event.id, name="Still Being Judged", display_order=99)
        s.add(extra)
        s.flush()
        sponsors = {"Alpha Trust": names[:5], "Beta Bakery": names[4:]}
        for sponsor_name, theirs in sponsors.items():
            sponsor = catalogue.sponsors.create_sponsor(s, event_id=event.id, name=sponsor_name)
            for c in categories:
                if c.name in theirs:
                    catalogue.sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=c.id)
        sponsors["Beta Bakery"].append(extra.name)
        catalogue.sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=extra.id)
        by_name = {c.name: c for c in categories}
        everyone = people(names)
        number = 0
        for person in [*everyone, None]:
            number += 1
            nominee = Nominee(
                first_name=person.preferred if person else HIDDEN,
                last_name=person.surname if person else "Zqxhiddenmark",
                preferred_name=person.preferred if person else HIDDEN,
                date_of_birth=date(2006, 5, 1),
                consent_certificate_name=person.certificate if person else Answer.YES,
                consent_public=person.public if person else Answer.YES,
                consent_photo=person.photo if person else Answer.YES,
                do_not_publish=person.do_not_publish if person else False,
                pronunciation=(f"say {person.preferred} {person.surname}"
                               if person and person.pronounce else ""))
            s.add(nominee)
            s.flush()
            category = by_name[person.category] if person else extra
            code = person.code if person else "hidden"
            nomination = Nomination(
                event_id=event.id, number=number, category_id=category.id,
                nominee_id=nominee.id, success=NARRATIVE, obstacles=NARRATIVE,
                status=NominationStatus.SHORTLISTED,
                citation=(f"{nominee.preferred_name} {nominee.last_name} showed the way "
                          f"with Deed{code}, and {nominee.preferred_name} kept going."),
                press_wording=(f"Press{code}: {nominee.preferred_name} {nominee.last_name} "
                               "won." if person is None or person.wording else ""))
            s.add(nomination)
            s.flush()
            s.add(CeremonySeat(event_id=event.id, nominee_id=nominee.id, seat=f"Table {code}"))
            s.add(ConfirmedPlacement(category_id=category.id, nomination_id=nomination.id,
                                     placement=person.placement if person else "winner",
                                     rank=1 + (number % 3), score=7.0))
        for c in categories:
            c.results_confirmed_at = utcnow()
        return Built(event.id, everyone, names, extra.name, sponsors)


# --- reading an output back ---------------------------------------------------------------

ENTRY = re.compile(r"^\s*(Winner|Runner-up|Highly commended): (.+?)\s*$")


def entries(text: str) -> dict[str, str]:
    """token → the entry line above it ("Winner: Kabx Zqxabxmark"), reading ``text`` line by
    line: each entry line is followed by its details until the next entry."""
    found: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        if ENTRY.match(line):
            current = " ".join(line.split())
            continue
        for token in re.findall(r"Deed([a-z]{3})", line):
            assert token not in found, f"Deed{token} appears twice"
            found[token] = current
    return found


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}
