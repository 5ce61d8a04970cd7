"""Service-level rules: events, categories, sponsors, people, nominations, status, exports."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from awards_app.core.enums import Answer, EventStatus, NominationStatus
from awards_app.core.errors import ConflictError, NotFoundError, ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.services.transfer.event_json.fields import FORMAT_VERSION
from awards_app.db.models import (
    Category,
    Criterion,
    Event,
    Nomination,
    Nominee,
    Sponsor,
    Sponsorship,
    Worker,
)
from awards_app.services.catalogue import categories
from awards_app.services import demo
from awards_app.services.transfer.event_json import reader as event_import
from awards_app.services import catalogue
from awards_app.services import events
from awards_app.services.transfer import exports
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue import sponsors
from awards_app.services import overview as status
from tests.conftest import NARRATIVE, words

DEFAULTS_FILE = Path(__file__).resolve().parents[2] / "resources" / "default_categories.json"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(200, 256))
GIF = b"GIF89a\x01\x00\x01\x00" + bytes(16)


def default_spec() -> dict[str, Any]:
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def category_ids(session: Any, event_id: int) -> list[int]:
    return [c.id for c in categories.list_categories(session, event_id)]


def make_nominee(
    session: Any, first: str = "Amira", last: str = "Haddad", dob: str = "2005-06-01", **kw: Any
) -> Nominee:
    return people.create_nominee(
        session, first_name=first, last_name=last, date_of_birth=dob, **kw
    )


def nominate(session: Any, event_id: int, category_id: int, nominee_id: int, **kw: Any) -> Nomination:
    fields: dict[str, Any] = {"success": NARRATIVE, "obstacles": NARRATIVE, **kw}
    return nominations.create_nomination(
        session, event_id=event_id, category_id=category_id, nominee_id=nominee_id, **fields
    )


def other_event(session: Any, name: str = "Other Awards", **kw: Any) -> Event:
    return catalogue.create_event(
        session, name=name, year=2027, ceremony_date="2027-06-01", make_current=False, **kw
    )


def fields_of(info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return info.value.fields


# =========================================================================================
# events
# =========================================================================================


def test_create_event_with_defaults(db: Database, event_id: int) -> None:
    spec = default_spec()
    with db.session() as s:
        event = events.get_event(s, event_id)
        assert (event.name, event.year, event.ceremony_date) == ("Test Awards", 2027, date(2027, 3, 19))
        assert (event.min_age, event.max_age, event.min_words, event.max_words) == (16, 25, 25, 2000)
        assert event.status is EventStatus.SETUP
        assert event.next_ref == 1
        assert event.venue == "" and event.nomination_deadline is None
        cats = categories.list_categories(s, event_id)
        assert [c.name for c in cats] == [c["name"] for c in spec["categories"]]
        assert len(cats) == 9
        assert [c.description for c in cats] == [c["description"] for c in spec["categories"]]
        assert [c.display_order for c in cats] == list(range(1, 10))
        assert all(c.active for c in cats)
        for cat in cats:
            assert [(k.name, k.weight, k.scale_min, k.scale_max, k.display_order)
                    for k in cat.criteria] == [
                ("Achievement", 1.0, 1, 10, 1),
                ("Obstacles overcome", 2.0, 1, 10, 2),
                ("Inspiration to others", 1.0, 1, 10, 3),
            ]
            assert [k.guidance for k in cat.criteria] == [c["guidance"] for c in spec["criteria"]]


def test_create_event_without_default_categories(db: Database) -> None:
    with db.session() as s:
        event = catalogue.create_event(s, name="Bare", year=2030, with_default_categories=False)
        assert categories.list_categories(s, event.id) == []


def test_duplicate_event_name_and_year_refused(db: Database, event_id: int) -> None:
    for name in ("Test Awards", "  Test   Awards "):
        with pytest.raises(ValidationError) as info, db.session() as s:
            catalogue.create_event(s, name=name, year=2027)
        assert fields_of(info) == {"name"}
        assert "already exists" in str(info.value)
    with db.session() as s:
        assert len(events.list_events(s)) == 1
        later = catalogue.create_event(s, name="Test Awards", year=2028)
        assert later.id != event_id
    with pytest.raises(ValidationError) as info, db.session() as s:
        events.update_event(s, later.id, year=2027)
    assert fields_of(info) == {"name"}
    with db.session() as s:
        assert events.get_event(s, later.id).year == 2028


def test_duplicate_event_name_differing_only_in_case_refused(db: Database, event_id: int) -> None:
    # Every other name in the program is matched regardless of case, and find_event looks
    # events up by case-insensitive name, so a second "TEST AWARDS 2027" could never be told apart.
    with pytest.raises(ValidationError) as info, db.session() as s:
        catalogue.create_event(s, name="TEST AWARDS", year=2027)
    assert fields_of(info) == {"name"}
    with db.session() as s:
        assert [e.name for e in events.list_events(s)] == ["Test Awards"]


def test_event_min_age_above_max_age_refused(db: Database, event_id: int) -> None:
    with pytest.raises(ValidationError) as info, db.session() as s:
        catalogue.create_event(s, name="Ages", year=2027, min_age=20, max_age=18)
    assert fields_of(info) == {"max_age"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        events.update_event(s, event_id, min_age=30)
    assert fields_of(info) == {"max_age"}
    with db.session() as s:
        assert events.get_event(s, event_id).min_age == 16
        assert [e.name for e in events.list_events(s)] == ["Test Awards"]
        same = catalogue.create_event(s, name="Same", year=2027, min_age=18, max_age=18)
        assert (same.min_age, same.max_age) == (18, 18)


def test_event_deadline_after_ceremony_refused(db: Database, event_id: int) -> None:
    with pytest.raises(ValidationError) as info, db.session() as s:
        catalogue.create_event(s, name="Late", year=2027, ceremony_date="19/03/2027",
                            nomination_deadline="20/03/2027")
    assert fields_of(info) == {"nomination_deadline"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        events.update_event(s, event_id, nomination_deadline="2027-04-01")
    assert fields_of(info) == {"nomination_deadline"}
    with db.session() as s:
        ok = catalogue.create_event(s, name="On time", year=2027, ceremony_date="2027-03-19",
                                 nomination_deadline="2027-03-19")
        assert ok.nomination_deadline == date(2027, 3, 19)
        assert events.get_event(s, event_id).nomination_deadline is None


def test_event_collects_several_errors(db: Database) -> None:
    with pytest.raises(ValidationError) as info, db.session() as s:
        catalogue.create_event(s, name="  ", year=1999, ceremony_date="31/02/2027", status="open")
    assert fields_of(info) == {"name", "year", "ceremony_date", "status"}


def test_current_event_switching(db: Database, event_id: int) -> None:
    with db.session() as s:
        assert events.current_event(s).id == event_id
        second = catalogue.create_event(s, name="Second Awards", year=2028)
        assert events.current_event(s).id == second.id
        third = catalogue.create_event(s, name="Third Awards", year=2029, make_current=False)
        assert events.current_event(s).id == second.id
        events.set_current_event(s, event_id)
    with db.session() as s:
        assert events.current_event(s).id == event_id
        assert events.require_current_event(s).name == "Test Awards"
        assert events.find_event(s, "third awards 2029").id == third.id
        assert events.find_event(s, str(second.id)).id == second.id
    with pytest.raises(NotFoundError), db.session() as s:
        events.set_current_event(s, 9999)
    with db.session() as s:
        assert events.current_event(s).id == event_id


def test_current_event_without_any_event(db: Database) -> None:
    with db.session() as s:
        assert events.current_event(s) is None
        with pytest.raises(NotFoundError):
            events.require_current_event(s)


@pytest.fixture
def archived(db: Database, event_id: int) -> dict[str, int]:
    """The test event with a sponsor, judge and nominations, then archived."""
    with db.session() as s:
        cats = category_ids(s, event_id)
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        judge = sponsors.create_judge(s, sponsor_id=sponsor.id, name="Priya Shah")
        nominee = make_nominee(s)
        live = nominate(s, event_id, cats[0], nominee.id)
        gone = nominate(s, event_id, cats[1], nominee.id)
        nominations.withdraw_nomination(s, gone.id, reason="Moved away")
        criterion = categories.list_categories(s, event_id)[0].criteria[0]
        ctx = {
            "event": event_id, "category": cats[0], "category2": cats[1], "sponsor": sponsor.id,
            "judge": judge.id, "nominee": nominee.id, "nomination": live.id,
            "withdrawn": gone.id, "criterion": criterion.id,
        }
    with db.session() as s:
        events.archive_event(s, event_id)
    return ctx


EDITS: dict[str, Callable[[Any, dict[str, int]], object]] = {
    "create_category": lambda s, c: categories.create_category(s, event_id=c["event"], name="New"),
    "update_category": lambda s, c: categories.update_category(s, c["category"], name="Renamed"),
    "retire_category": lambda s, c: categories.retire_category(s, c["category"]),
    "move_category": lambda s, c: categories.move_category(s, c["category"], to_position=5),
    "add_criterion": lambda s, c: categories.add_criterion(s, category_id=c["category"],
                                                           name="Teamwork"),
    "update_criterion": lambda s, c: categories.update_criterion(s, c["criterion"], weight=5),
    "remove_criterion": lambda s, c: categories.remove_criterion(s, c["criterion"]),
    "create_sponsor": lambda s, c: sponsors.create_sponsor(s, event_id=c["event"], name="Beta"),
    "update_sponsor": lambda s, c: sponsors.update_sponsor(s, c["sponsor"], name="Acme Ltd"),
    "withdraw_sponsor": lambda s, c: sponsors.withdraw_sponsor(s, c["sponsor"]),
    "sponsor_category": lambda s, c: sponsors.sponsor_category(
        s, sponsor_id=c["sponsor"], category_id=c["category"]),
    "create_judge": lambda s, c: sponsors.create_judge(s, sponsor_id=c["sponsor"], name="Jo Bloggs"),
    "update_judge": lambda s, c: sponsors.update_judge(s, c["judge"], name="Priya Shah-Jones"),
    "withdraw_judge": lambda s, c: sponsors.withdraw_judge(s, c["judge"]),
    "create_nomination": lambda s, c: nominate(s, c["event"], c["category2"], c["nominee"]),
    "update_nomination": lambda s, c: nominations.update_nomination(s, c["nomination"],
                                                                    citation="Brilliant"),
    "withdraw_nomination": lambda s, c: nominations.withdraw_nomination(s, c["nomination"],
                                                                        reason="Asked"),
    "reinstate_nomination": lambda s, c: nominations.reinstate_nomination(s, c["withdrawn"]),
}


class _NotRefused(Exception):
    """Raised after an edit that went through, so that its session rolls back."""


def test_archived_event_refuses_edits(db: Database, archived: dict[str, int]) -> None:
    with db.session() as s:
        assert events.get_event(s, archived["event"]).status is EventStatus.ARCHIVED
    not_refused = []
    for name, edit in sorted(EDITS.items()):
        try:
            with db.session() as s:
                edit(s, archived)
                raise _NotRefused
        except ConflictError:
            pass
        except _NotRefused:
            not_refused.append(name)
    assert not_refused == []
    with db.session() as s:
        # Withdrawing a young person leaves a closed event's record as it was.
        assert nominations.withdraw_nominee(s, archived["nominee"], reason="Asked") == []
    with db.session() as s:  # nothing changed
        cat = s.get(Category, archived["category"])
        assert cat.name == "Education Star" and cat.active and cat.display_order == 1
        assert [(k.name, k.weight) for k in cat.criteria] == [
            ("Achievement", 1.0), ("Obstacles overcome", 2.0), ("Inspiration to others", 1.0)]
        assert len(categories.list_categories(s, archived["event"])) == 9
        assert [sp.name for sp in sponsors.list_sponsors(s, archived["event"])] == ["Acme"]
        assert s.get(Nomination, archived["nomination"]).status is NominationStatus.SUBMITTED
        assert s.get(Nomination, archived["withdrawn"]).status is NominationStatus.WITHDRAWN
        assert s.scalar(select(func.count()).select_from(Nomination)) == 2


# =========================================================================================
# categories and criteria
# =========================================================================================


def test_add_category_goes_last_with_default_criteria(db: Database, event_id: int) -> None:
    with db.session() as s:
        cat = categories.create_category(s, event_id=event_id, name="  Music   Maker ",
                                         description="For music.", winners_count=2)
        assert (cat.name, cat.display_order, cat.winners_count) == ("Music Maker", 10, 2)
        assert [k.name for k in cat.criteria] == [
            "Achievement", "Obstacles overcome", "Inspiration to others"]
        custom = categories.create_category(
            s, event_id=event_id, name="Best Newcomer",
            criteria=[{"name": "Promise", "weight": 3}],
        )
        assert [(k.name, k.weight, k.display_order) for k in custom.criteria] == [("Promise", 3.0, 1)]
        assert [c.name for c in categories.list_categories(s, event_id)][-2:] == [
            "Music Maker", "Best Newcomer"]


def test_update_category(db: Database, event_id: int) -> None:
    with db.session() as s:
        first = category_ids(s, event_id)[0]
        cat = categories.update_category(s, first, name="Education Superstar", runners_up_count=2)
    with db.session() as s:
        cat = s.get(Category, first)
        assert (cat.name, cat.runners_up_count, cat.display_order) == ("Education Superstar", 2, 1)
    with pytest.raises(ValidationError) as info, db.session() as s:
        categories.update_category(s, first, winners_count=0)
    assert fields_of(info) == {"winners_count"}


def test_category_names_unique_case_insensitively(db: Database, event_id: int) -> None:
    for name in ("education STAR", "  Education   Star ", "EDUCATION STAR"):
        with pytest.raises(ValidationError) as info, db.session() as s:
            categories.create_category(s, event_id=event_id, name=name)
        assert fields_of(info) == {"name"}
    with db.session() as s:
        ids = category_ids(s, event_id)
        assert len(ids) == 9
    with pytest.raises(ValidationError) as info, db.session() as s:
        categories.update_category(s, ids[1], name="education star")
    assert fields_of(info) == {"name"}
    with db.session() as s:
        # Changing the case of its own name is fine; another event may reuse a name.
        assert categories.update_category(s, ids[0], name="EDUCATION Star").name == "EDUCATION Star"
        other = other_event(s)
        assert categories.find_category(s, other.id, "education star") is not None
        assert categories.find_category(s, event_id, "education star").id == ids[0]


def test_retire_and_reinstate_category(db: Database, event_id: int) -> None:
    with db.session() as s:
        ids = category_ids(s, event_id)
        nominee = make_nominee(s)
        categories.retire_category(s, ids[2])
    with db.session() as s:
        active = categories.list_categories(s, event_id, include_retired=False)
        assert len(active) == 8 and ids[2] not in [c.id for c in active]
        assert len(categories.list_categories(s, event_id)) == 9
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, event_id, ids[2], nominee.id)
    assert fields_of(info) == {"category"}
    with db.session() as s:
        categories.retire_category(s, ids[2], active=True)
        assert nominate(s, event_id, ids[2], nominee.id).ref == "N-0001"
        assert len(categories.list_categories(s, event_id, include_retired=False)) == 9


def test_move_category_reorders_and_renumbers(db: Database, event_id: int) -> None:
    names = [c["name"] for c in default_spec()["categories"]]
    with db.session() as s:
        ids = category_ids(s, event_id)
        moved = categories.move_category(s, ids[-1], to_position=0)
        assert [c.name for c in moved] == [names[-1], *names[:-1]]
    with db.session() as s:
        cats = categories.list_categories(s, event_id)
        assert [c.name for c in cats] == [names[-1], *names[:-1]]
        assert [c.display_order for c in cats] == list(range(1, 10))
        categories.move_category(s, cats[0].id, to_position=99)  # clamped to the end
        categories.move_category(s, ids[4], to_position=-3)  # clamped to the start
    with db.session() as s:
        cats = categories.list_categories(s, event_id)
        assert [c.name for c in cats] == [names[4], *names[:4], *names[5:8], names[8]]
        assert [c.display_order for c in cats] == list(range(1, 10))
        categories.move_category(s, ids[0], to_position=2)
        assert [c.name for c in categories.list_categories(s, event_id)][:4] == [
            names[4], names[1], names[0], names[2]]
        assert sorted(c.display_order for c in categories.list_categories(s, event_id)) == list(
            range(1, 10))


def test_criteria_add_update_remove(db: Database, event_id: int) -> None:
    with db.session() as s:
        cat_id = category_ids(s, event_id)[0]
        added = categories.add_criterion(s, category_id=cat_id, name="Teamwork", weight=1.5,
                                         guidance="Works with others", scale_min=0, scale_max=5)
        assert (added.display_order, added.weight, added.scale_min, added.scale_max) == (4, 1.5, 0, 5)
        changed = categories.update_criterion(s, added.id, weight=3, name="Team work")
        assert (changed.name, changed.weight) == ("Team work", 3.0)
    with pytest.raises(ValidationError) as info, db.session() as s:
        categories.add_criterion(s, category_id=cat_id, name="  ACHIEVEMENT ")
    assert fields_of(info) == {"name"}
    with db.session() as s:
        crit = s.get(Category, cat_id).criteria
        assert [k.name for k in crit] == [
            "Achievement", "Obstacles overcome", "Inspiration to others", "Team work"]
    with pytest.raises(ValidationError) as info, db.session() as s:
        categories.update_criterion(s, crit[3].id, name="achievement")
    assert fields_of(info) == {"name"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        categories.update_criterion(s, crit[0].id, scale_min=10, scale_max=10)
    assert fields_of(info) == {"scale_max"}
    with db.session() as s:
        categories.remove_criterion(s, crit[1].id)
    with db.session() as s:
        crit = s.get(Category, cat_id).criteria
        assert [(k.name, k.display_order) for k in crit] == [
            ("Achievement", 1), ("Inspiration to others", 2), ("Team work", 3)]
        categories.remove_criterion(s, crit[0].id)
        categories.remove_criterion(s, crit[1].id)
    with pytest.raises(ConflictError), db.session() as s:
        categories.remove_criterion(s, s.get(Category, cat_id).criteria[0].id)
    with db.session() as s:
        assert [(k.name, k.display_order) for k in s.get(Category, cat_id).criteria] == [
            ("Team work", 1)]
        assert s.scalar(select(func.count()).select_from(Criterion)) == 9 * 3 - 2


def test_criterion_weight_must_be_positive(db: Database, event_id: int) -> None:
    with db.session() as s:
        cat_id = category_ids(s, event_id)[0]
        first = s.get(Category, cat_id).criteria[0].id
    for weight in (0, -1, "0", "abc", None, 101, float("nan")):
        with pytest.raises(ValidationError) as info, db.session() as s:
            categories.add_criterion(s, category_id=cat_id, name="Teamwork", weight=weight)
        assert fields_of(info) == {"weight"}, weight
        with pytest.raises(ValidationError) as info, db.session() as s:
            categories.update_criterion(s, first, weight=weight)
        assert fields_of(info) == {"weight"}, weight
        with pytest.raises(ValidationError) as info, db.session() as s:
            categories.create_category(s, event_id=event_id, name="Weighty",
                                       criteria=[{"name": "Only", "weight": weight}])
        assert fields_of(info) == {"weight"}, weight
    with db.session() as s:
        assert len(s.get(Category, cat_id).criteria) == 3
        assert s.get(Criterion, first).weight == 1.0
        assert categories.find_category(s, event_id, "Weighty") is None
        assert categories.add_criterion(s, category_id=cat_id, name="Tiny", weight=0.01).weight == 0.01


# =========================================================================================
# sponsors and judges
# =========================================================================================


def test_sponsor_create_update_withdraw_list(db: Database, event_id: int) -> None:
    with db.session() as s:
        zed = sponsors.create_sponsor(s, event_id=event_id, name="Zed Motors")
        acme = sponsors.create_sponsor(
            s, event_id=event_id, name=" Acme  Bakery ", contact_name="Jo Baker",
            contact_email="Jo@Acme.CO.UK", contact_phone="+44 (0)161 555-0100", notes="Cakes",
        )
        assert (acme.name, acme.contact_email, acme.contact_phone) == (
            "Acme Bakery", "jo@acme.co.uk", "+44 (0)161 555-0100")
        assert acme.logo is None and acme.logo_mime is None and acme.active
        assert [sp.name for sp in sponsors.list_sponsors(s, event_id)] == ["Acme Bakery", "Zed Motors"]
        sponsors.update_sponsor(s, acme.id, name="Acme Bakery Ltd", notes="")
        sponsors.withdraw_sponsor(s, zed.id)
    with db.session() as s:
        acme = s.get(Sponsor, acme.id)
        assert (acme.name, acme.contact_name, acme.notes) == ("Acme Bakery Ltd", "Jo Baker", "")
        assert [sp.name for sp in sponsors.list_sponsors(s, event_id, include_withdrawn=False)] == [
            "Acme Bakery Ltd"]
        assert len(sponsors.list_sponsors(s, event_id)) == 2
        sponsors.withdraw_sponsor(s, zed.id, active=True)
        assert len(sponsors.list_sponsors(s, event_id, include_withdrawn=False)) == 2
        assert sponsors.find_sponsor(s, event_id, "ZED   motors").id == zed.id
    with pytest.raises(ValidationError) as info, db.session() as s:
        sponsors.create_sponsor(s, event_id=event_id, name="zed MOTORS")
    assert fields_of(info) == {"name"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        sponsors.create_sponsor(s, event_id=event_id, name="Phoneless", contact_phone="call me")
    assert fields_of(info) == {"contact_phone"}


@pytest.mark.parametrize(("data", "mime"), [(PNG, "image/png"), (JPEG, "image/jpeg")])
def test_sponsor_logo_accepts_png_and_jpeg(db: Database, event_id: int, data: bytes, mime: str) -> None:
    with db.session() as s:
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Logo Co", logo=data)
        sponsor_id = sponsor.id
    with db.session() as s:
        sponsor = s.get(Sponsor, sponsor_id)
        assert (sponsor.logo, sponsor.logo_mime) == (data, mime)
        sponsors.update_sponsor(s, sponsor_id, name="Logo Company")  # logo kept
    with db.session() as s:
        assert (s.get(Sponsor, sponsor_id).logo, s.get(Sponsor, sponsor_id).logo_mime) == (data, mime)
        sponsors.update_sponsor(s, sponsor_id, logo=None)
    with db.session() as s:
        assert (s.get(Sponsor, sponsor_id).logo, s.get(Sponsor, sponsor_id).logo_mime) == (None, None)


def test_sponsor_logo_rejects_other_bytes(db: Database, event_id: int) -> None:
    with db.session() as s:
        sponsor_id = sponsors.create_sponsor(s, event_id=event_id, name="Good Logo", logo=PNG).id
    for data in (GIF, b"not an image at all", b"%PDF-1.7\n", PNG[:7], b"\xff\xd8"):
        with pytest.raises(ValidationError) as info, db.session() as s:
            sponsors.create_sponsor(s, event_id=event_id, name="Bad Logo", logo=data)
        assert fields_of(info) == {"logo"}, data
        assert "PNG or JPEG" in str(info.value)
        with pytest.raises(ValidationError) as info, db.session() as s:
            sponsors.update_sponsor(s, sponsor_id, logo=data)
        assert fields_of(info) == {"logo"}, data
    with db.session() as s:
        assert s.get(Sponsor, sponsor_id).logo == PNG
        assert [sp.name for sp in sponsors.list_sponsors(s, event_id)] == ["Good Logo"]


def test_sponsor_category_is_idempotent_and_event_bound(db: Database, event_id: int) -> None:
    with db.session() as s:
        ids = category_ids(s, event_id)
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        first = sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=ids[3])
        again = sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=ids[3])
        assert first.id == again.id
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=ids[0])
        foreign = category_ids(s, other_event(s).id)[0]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Sponsorship)) == 2
        assert [c.id for c in sponsors.categories_of_sponsor(s, sponsor.id)] == [ids[0], ids[3]]
        assert [sp.name for sp in sponsors.sponsors_of_category(s, ids[3])] == ["Acme"]
    with pytest.raises(ValidationError) as info, db.session() as s:
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=foreign)
    assert fields_of(info) == {"category"}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Sponsorship)) == 2
        sponsors.unsponsor_category(s, sponsor_id=sponsor.id, category_id=ids[3])
        sponsors.unsponsor_category(s, sponsor_id=sponsor.id, category_id=ids[3])
    with db.session() as s:
        assert [c.id for c in sponsors.categories_of_sponsor(s, sponsor.id)] == [ids[0]]


def test_judges_create_update_withdraw(db: Database, event_id: int) -> None:
    with db.session() as s:
        acme = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        beta = sponsors.create_sponsor(s, event_id=event_id, name="Beta")
        priya = sponsors.create_judge(s, sponsor_id=acme.id, name=" Priya  Shah ",
                                      email="Priya@Acme.CO.UK")
        assert (priya.name, priya.email, priya.active) == ("Priya Shah", "priya@acme.co.uk", True)
        tom = sponsors.create_judge(s, sponsor_id=acme.id, name="Tom Lee")
        assert tom.email is None
        # The same person may judge for another sponsor.
        sponsors.create_judge(s, sponsor_id=beta.id, name="Priya Shah", email="priya@acme.co.uk")
    for kwargs, field in [
        ({"name": "priya SHAH"}, "name"),
        ({"name": "Someone Else", "email": "PRIYA@acme.co.uk"}, "email"),
    ]:
        with pytest.raises(ValidationError) as info, db.session() as s:
            sponsors.create_judge(s, sponsor_id=acme.id, **kwargs)
        assert fields_of(info) == {field}
    with pytest.raises(ValidationError) as info, db.session() as s:
        sponsors.update_judge(s, tom.id, email="priya@acme.co.uk")
    assert fields_of(info) == {"email"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        sponsors.update_judge(s, tom.id, name="Priya Shah")
    assert fields_of(info) == {"name"}
    with db.session() as s:
        sponsors.update_judge(s, tom.id, name="Tom Leigh", email="tom@acme.co.uk")
        sponsors.update_judge(s, priya.id, email="PRIYA@acme.co.uk")  # own address again: fine
        sponsors.withdraw_judge(s, priya.id)
    with db.session() as s:
        assert [(j.name, j.email) for j in sponsors.list_judges(s, event_id)] == [
            ("Priya Shah", "priya@acme.co.uk"), ("Tom Leigh", "tom@acme.co.uk"),
            ("Priya Shah", "priya@acme.co.uk")]
        assert [(j.sponsor.name, j.name) for j in sponsors.list_judges(
            s, event_id, include_withdrawn=False)] == [("Acme", "Tom Leigh"), ("Beta", "Priya Shah")]
        sponsors.withdraw_sponsor(s, beta.id)
    with db.session() as s:
        assert [j.name for j in sponsors.list_judges(s, event_id, include_withdrawn=False)] == [
            "Tom Leigh"]


def test_bad_emails_refused_naming_the_field(db: Database, event_id: int) -> None:
    with db.session() as s:
        acme = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        judge = sponsors.create_judge(s, sponsor_id=acme.id, name="Tom Lee")
    for email in ("priya", "priya@", "priya@acme", "pri ya@acme.org", "priya@@acme.org"):
        with pytest.raises(ValidationError) as info, db.session() as s:
            sponsors.create_judge(s, sponsor_id=acme.id, name="Priya Shah", email=email)
        assert fields_of(info) == {"email"}, email
        assert email in str(info.value)
        with pytest.raises(ValidationError) as info, db.session() as s:
            sponsors.update_judge(s, judge.id, email=email)
        assert fields_of(info) == {"email"}, email
        with pytest.raises(ValidationError) as info, db.session() as s:
            sponsors.create_sponsor(s, event_id=event_id, name="Beta", contact_email=email)
        assert fields_of(info) == {"contact_email"}, email
        with pytest.raises(ValidationError) as info, db.session() as s:
            people.create_worker(s, name="Sam Reed", email=email)
        assert fields_of(info) == {"email"}, email
    with db.session() as s:
        assert [j.name for j in sponsors.list_judges(s, event_id)] == ["Tom Lee"]
        assert s.get(type(judge), judge.id).email is None


# =========================================================================================
# people
# =========================================================================================


def test_worker_emails_unique_case_insensitively(db: Database) -> None:
    with db.session() as s:
        sam = people.create_worker(s, name="Sam Reed", email="Sam.Reed@Council.GOV.uk",
                                   team="Leaving Care")
        assert (sam.email, sam.team, sam.active) == ("sam.reed@council.gov.uk", "Leaving Care", True)
        other = people.create_worker(s, name="Ola Ade", email="ola@council.gov.uk")
        # Workers without email do not clash with each other.
        people.create_worker(s, name="No Mail")
        people.create_worker(s, name="No Mail Either")
    with pytest.raises(ValidationError) as info, db.session() as s:
        people.create_worker(s, name="Sam Two", email=" SAM.REED@council.gov.UK ")
    assert fields_of(info) == {"email"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        people.update_worker(s, other.id, email="Sam.Reed@council.gov.uk")
    assert fields_of(info) == {"email"}
    with db.session() as s:
        assert people.update_worker(s, sam.id, email="SAM.REED@council.gov.uk").email == (
            "sam.reed@council.gov.uk")
        assert people.find_worker_by_email(s, " Sam.Reed@COUNCIL.gov.uk").id == sam.id
        assert len(people.list_workers(s)) == 4
        people.withdraw_worker(s, other.id)
    with db.session() as s:
        assert [w.name for w in people.list_workers(s, include_withdrawn=False)] == [
            "No Mail", "No Mail Either", "Sam Reed"]


def test_nominee_names_trimmed_and_nfc(db: Database) -> None:
    with db.session() as s:
        zoe = make_nominee(s, first="  Zoe\u0308  ", last=" Smith\u00a0  Jones ", dob="01/02/2005")
        nominee_id = zoe.id
    with db.session() as s:
        zoe = s.get(Nominee, nominee_id)
        assert zoe.first_name == "Zo\u00eb" == "Zoë"
        assert zoe.last_name == "Smith Jones"
        assert zoe.preferred_name == "Zoë"
        assert zoe.date_of_birth == date(2005, 2, 1)
        assert (zoe.out_of_area, zoe.do_not_publish) == (False, False)
        assert (zoe.consent_certificate_name, zoe.consent_public, zoe.consent_photo) == (
            Answer.NOT_ASKED, Answer.NOT_ASKED, Answer.NOT_ASKED)


def test_preferred_name_defaults_to_first_name(db: Database) -> None:
    with db.session() as s:
        a = make_nominee(s, first="Alexandra", last="Ng", preferred_name="  Lexi ")
        b = make_nominee(s, first="Bartholomew", last="Ng", preferred_name="   ")
        c = make_nominee(s, first="Cat", last="Ng")
        assert (a.preferred_name, b.preferred_name, c.preferred_name) == ("Lexi", "Bartholomew", "Cat")
        assert people.update_nominee(s, c.id, preferred_name="").preferred_name == "Cat"


def test_nominee_date_of_birth_in_future_refused(db: Database) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError) as info, db.session() as s:
        make_nominee(s, dob=tomorrow.isoformat())
    assert fields_of(info) == {"date_of_birth"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        make_nominee(s, dob="not a date")
    assert fields_of(info) == {"date_of_birth"}
    with db.session() as s:
        assert people.list_nominees(s) == []
        nominee = make_nominee(s)
    with pytest.raises(ValidationError) as info, db.session() as s:
        people.update_nominee(s, nominee.id, date_of_birth=tomorrow)
    assert fields_of(info) == {"date_of_birth"}


def test_duplicate_nominee_refused(db: Database) -> None:
    with db.session() as s:
        first = make_nominee(s, first="Zoë", last="Smith", dob="2005-02-01")
        other_dob = make_nominee(s, first="Zoë", last="Smith", dob="2006-02-01")
    for first_name, last_name, dob in [
        ("zoë", "SMITH", "2005-02-01"),
        ("  ZOE\u0308 ", " smith ", "01/02/2005"),
    ]:
        with pytest.raises(ValidationError) as info, db.session() as s:
            make_nominee(s, first=first_name, last=last_name, dob=dob)
        assert fields_of(info) == {"first_name"}
        assert "already recorded" in str(info.value)
    with pytest.raises(ValidationError) as info, db.session() as s:
        people.update_nominee(s, other_dob.id, date_of_birth="2005-02-01")
    assert fields_of(info) == {"first_name"}
    with db.session() as s:
        assert len(people.list_nominees(s)) == 2
        assert people.find_nominee(s, first_name="ZOË", last_name="smith",
                                   date_of_birth=date(2005, 2, 1)).id == first.id


def test_consent_state_values(db: Database) -> None:
    with db.session() as s:
        none = make_nominee(s, first="Ann")
        partial = make_nominee(s, first="Ben", consent_public="Y")
        complete = make_nominee(s, first="Cal", consent_public="yes", consent_photo="NO",
                                consent_certificate_name=" true ")
        hidden = make_nominee(s, first="Dee", consent_public="yes", consent_photo="yes",
                              consent_certificate_name="yes", do_not_publish="yes")
        assert (complete.consent_public, complete.consent_photo, complete.consent_certificate_name) == (
            Answer.YES, Answer.NO, Answer.YES)
        assert [people.consent_state(n) for n in (none, partial, complete, hidden)] == [
            "not_asked", "partial", "complete", "do_not_publish"]
    with pytest.raises(ValidationError) as info, db.session() as s:
        make_nominee(s, first="Eve", consent_photo="maybe")
    assert fields_of(info) == {"consent_photo"}


def test_withdraw_nominee_withdraws_live_nominations(db: Database, event_id: int) -> None:
    with db.session() as s:
        ids = category_ids(s, event_id)
        amira = make_nominee(s)
        ben = make_nominee(s, first="Ben")
        a1 = nominate(s, event_id, ids[0], amira.id)
        a2 = nominate(s, event_id, ids[1], amira.id, status="draft", success="", obstacles="")
        a3 = nominate(s, event_id, ids[2], amira.id)
        nominations.withdraw_nomination(s, a3.id, reason="Duplicate entry")
        b1 = nominate(s, event_id, ids[0], ben.id)
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominations.withdraw_nominee(s, amira.id, reason="  ")
    assert fields_of(info) == {"reason"}
    with db.session() as s:
        done = nominations.withdraw_nominee(s, amira.id, reason="Asked to be left out")
        assert sorted(n.id for n in done) == [a1.id, a2.id]
    with db.session() as s:
        got = {n.id: (n.status, n.withdrawn_reason) for n in nominations.list_nominations(s, event_id)}
        assert got == {
            a1.id: (NominationStatus.WITHDRAWN, "Asked to be left out"),
            a2.id: (NominationStatus.WITHDRAWN, "Asked to be left out"),
            a3.id: (NominationStatus.WITHDRAWN, "Duplicate entry"),
            b1.id: (NominationStatus.SUBMITTED, ""),
        }
        assert nominations.withdraw_nominee(s, amira.id, reason="Again") == []


# =========================================================================================
# nominations
# =========================================================================================


@pytest.fixture
def setup(db: Database, event_id: int) -> dict[str, Any]:
    with db.session() as s:
        ids = category_ids(s, event_id)
        nominee = make_nominee(s)
        worker = people.create_worker(s, name="Sam Reed", email="sam@council.gov.uk")
        return {"event": event_id, "cats": ids, "nominee": nominee.id, "worker": worker.id}


NARRATIVE_CASES = [
    (words(24), NARRATIVE, {"success"}),
    (NARRATIVE, words(24), {"obstacles"}),
    ("", NARRATIVE, {"success"}),
    (NARRATIVE, "", {"obstacles"}),
    (NARRATIVE, "   \n ", {"obstacles"}),
    (None, NARRATIVE, {"success"}),
    (words(3), "", {"success", "obstacles"}),
    (words(2001), NARRATIVE, {"success"}),
    (NARRATIVE, words(2001), {"obstacles"}),
]


def test_narrative_word_limits(db: Database, setup: dict[str, Any]) -> None:
    for success, obstacles, fields in NARRATIVE_CASES:
        with pytest.raises(ValidationError) as info, db.session() as s:
            nominate(s, setup["event"], setup["cats"][0], setup["nominee"],
                     success=success, obstacles=obstacles)
        assert fields_of(info) == fields
    with db.session() as s:
        assert nominations.list_nominations(s, setup["event"]) == []
        assert events.get_event(s, setup["event"]).next_ref == 1


def test_empty_obstacles_message_asks_what_they_overcame(db: Database, setup: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, setup["event"], setup["cats"][0], setup["nominee"], obstacles="")
    (error,) = info.value.errors
    assert error.field == "obstacles"
    assert "describe what they overcame" in error.message
    assert "is empty" in error.message
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, setup["event"], setup["cats"][0], setup["nominee"], success=words(10))
    (error,) = info.value.errors
    assert error.message == "has 10 words; at least 25 are needed — describe what they achieved"


def test_narrative_limits_inclusive(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        n = nominate(s, setup["event"], setup["cats"][0], setup["nominee"],
                     success=words(25, "brave"), obstacles=words(25))
        assert n.success == words(25, "brave") and n.status is NominationStatus.SUBMITTED
        n2 = nominate(s, setup["event"], setup["cats"][1], setup["nominee"],
                      success=words(2000), obstacles=words(2000))
        assert len(n2.success.split()) == 2000


def test_min_words_is_a_per_event_setting(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        events.update_event(s, setup["event"], min_words=40)
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, setup["event"], setup["cats"][0], setup["nominee"],
                 success=words(30), obstacles=words(40))
    assert fields_of(info) == {"success"}
    assert "at least 40" in str(info.value)
    with db.session() as s:
        assert nominate(s, setup["event"], setup["cats"][0], setup["nominee"],
                        success=words(40), obstacles=words(40)).ref == "N-0001"
        # Another event keeps the default of 25.
        other = other_event(s)
        nominate(s, other.id, category_ids(s, other.id)[0], setup["nominee"],
                 success=words(25), obstacles=words(25))
    with db.session() as s:
        events.update_event(s, setup["event"], max_words=50)
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, setup["event"], setup["cats"][1], setup["nominee"],
                 success=words(51), obstacles=words(40))
    assert fields_of(info) == {"success"}


def test_drafts_may_have_empty_narratives(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        draft = nominate(s, setup["event"], setup["cats"][0], setup["nominee"], status="draft",
                         success="", obstacles="")
        short = nominate(s, setup["event"], setup["cats"][1], setup["nominee"], status="draft",
                         success=words(3), obstacles="")
        assert (draft.status, draft.success, draft.obstacles) == (NominationStatus.DRAFT, "", "")
        assert short.success == words(3)
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominations.update_nomination(s, draft.id, status="submitted")
    assert fields_of(info) == {"success", "obstacles"}
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, setup["event"], setup["cats"][2], setup["nominee"], status="draft",
                 success=words(2001), obstacles="")
    assert fields_of(info) == {"success"}
    with db.session() as s:
        done = nominations.update_nomination(s, draft.id, status="submitted",
                                             success=NARRATIVE, obstacles=NARRATIVE)
        assert done.status is NominationStatus.SUBMITTED


AGE_CASES = [
    ("2011-03-19", True),  # 16 on the ceremony day itself
    ("2011-03-20", False),  # 15 on the ceremony day: 16 the day after
    ("2002-03-19", True),  # turns 25 on the ceremony day
    ("2001-03-20", True),  # 25 on the ceremony day: 26 the day after
    ("2001-03-19", False),  # turns 26 on the ceremony day
    ("1990-01-01", False),
]


def test_age_on_ceremony_date(db: Database, setup: dict[str, Any]) -> None:
    refs = iter(f"N-{n:04d}" for n in range(1, 100))
    for i, (dob, accepted) in enumerate(AGE_CASES):
        with db.session() as s:
            nominee_id = make_nominee(s, first="Kai", last=f"Lee{'abcdef'[i]}", dob=dob).id
        if accepted:
            with db.session() as s:
                assert nominate(s, setup["event"], setup["cats"][0], nominee_id).ref == next(refs)
            continue
        with pytest.raises(ValidationError) as info, db.session() as s:
            nominate(s, setup["event"], setup["cats"][0], nominee_id)
        assert fields_of(info) == {"nominee"}, dob
        assert "19/03/2027" in str(info.value) and "16–25" in str(info.value)
        with pytest.raises(ValidationError) as info, db.session() as s:
            nominate(s, setup["event"], setup["cats"][0], nominee_id, age_override_reason=" \n ")
        assert fields_of(info) == {"nominee"}, dob
        with db.session() as s:
            n = nominate(s, setup["event"], setup["cats"][0], nominee_id,
                         age_override_reason="Panel agreed an exception")
            assert n.age_override_reason == "Panel agreed an exception"
            assert n.ref == next(refs)


def test_same_nominee_twice_in_a_category(db: Database, setup: dict[str, Any]) -> None:
    ev, cats, who = setup["event"], setup["cats"], setup["nominee"]
    with db.session() as s:
        first = nominate(s, ev, cats[0], who)
        assert nominate(s, ev, cats[1], who).ref == "N-0002"  # another category is fine
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, ev, cats[0], who)
    assert fields_of(info) == {"nominee"}
    assert "N-0001" in str(info.value)
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, ev, cats[0], who, status="draft", success="", obstacles="")
    assert fields_of(info) == {"nominee"}
    with db.session() as s:
        nominations.withdraw_nomination(s, first.id, reason="Entered twice by mistake")
    with db.session() as s:
        again = nominate(s, ev, cats[0], who)
        assert again.ref == "N-0003"
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominations.reinstate_nomination(s, first.id)
    assert fields_of(info) == {"nominee"}


def test_withdraw_requires_a_reason(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        n = nominate(s, setup["event"], setup["cats"][0], setup["nominee"])
    for reason in ("", "   \n"):
        with pytest.raises(ValidationError) as info, db.session() as s:
            nominations.withdraw_nomination(s, n.id, reason=reason)
        assert fields_of(info) == {"reason"}
    with db.session() as s:
        assert s.get(Nomination, n.id).status is NominationStatus.SUBMITTED
        w = nominations.withdraw_nomination(s, n.id, reason="  Moved out of area ")
        assert (w.status, w.withdrawn_reason) == (NominationStatus.WITHDRAWN, "Moved out of area")
    with pytest.raises(ConflictError), db.session() as s:
        nominations.update_nomination(s, n.id, citation="x")
    with db.session() as s:
        back = nominations.reinstate_nomination(s, n.id)
        assert (back.status, back.withdrawn_reason) == (NominationStatus.SUBMITTED, "")


def test_refs_sequential_per_event_and_never_reused(db: Database, setup: dict[str, Any]) -> None:
    ev, cats = setup["event"], setup["cats"]
    with db.session() as s:
        people_ids = [make_nominee(s, first=f"Person{'abcdef'[i]}").id for i in range(5)]
        n1 = nominate(s, ev, cats[0], people_ids[0])
        n2 = nominate(s, ev, cats[0], people_ids[1])
        assert (n1.ref, n2.ref) == ("N-0001", "N-0002")
        nominations.withdraw_nomination(s, n2.id, reason="Withdrawn")
    with pytest.raises(ValidationError), db.session() as s:
        nominate(s, ev, cats[0], people_ids[2], success="")
    with db.session() as s:
        n3 = nominate(s, ev, cats[0], people_ids[2])
        n4 = nominate(s, ev, cats[0], people_ids[1])  # the withdrawn nominee again
        assert (n3.ref, n4.ref) == ("N-0003", "N-0004")
        other = other_event(s)
        o1 = nominate(s, other.id, category_ids(s, other.id)[0], people_ids[0])
        assert o1.ref == "N-0001"
    with db.session() as s:
        refs = [n.ref for n in nominations.list_nominations(s, ev)]
        assert refs == ["N-0001", "N-0002", "N-0003", "N-0004"]
        assert len(set(refs)) == len(refs)
        assert events.get_event(s, ev).next_ref == 5


def test_update_revalidates(db: Database, setup: dict[str, Any]) -> None:
    ev, cats, who = setup["event"], setup["cats"], setup["nominee"]
    with db.session() as s:
        n = nominate(s, ev, cats[0], who, worker_id=setup["worker"])
        nominate(s, ev, cats[1], who)
        too_old = make_nominee(s, first="Old", dob="1990-01-01").id
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"success": words(3)}, {"success"}),
        ({"obstacles": ""}, {"obstacles"}),
        ({"nominee_id": too_old}, {"nominee"}),
        ({"category_id": cats[1]}, {"nominee"}),
        ({"category_id": 99999}, {"category"}),
        ({"worker_id": 99999}, {"worker"}),
        ({"status": "withdrawn"}, {"status"}),
        ({"status": "lost"}, {"status"}),
        ({"nominee_aware": "perhaps"}, {"nominee_aware"}),
    ]
    for changes, fields in cases:
        with pytest.raises(ValidationError) as info, db.session() as s:
            nominations.update_nomination(s, n.id, **changes)
        assert fields_of(info) == fields, changes
    with db.session() as s:
        same = s.get(Nomination, n.id)
        assert (same.category_id, same.nominee_id, same.worker_id, same.status, same.success) == (
            cats[0], who, setup["worker"], NominationStatus.SUBMITTED, NARRATIVE)
        changed = nominations.update_nomination(s, n.id, status="shortlisted", citation="Star",
                                                nominee_aware="y", category_id=cats[2])
        assert (changed.status, changed.citation, changed.nominee_aware, changed.category_id) == (
            NominationStatus.SHORTLISTED, "Star", Answer.YES, cats[2])
        assert changed.ref == "N-0001"


def test_create_with_status_withdrawn_refused(db: Database, setup: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info, db.session() as s:
        nominate(s, setup["event"], setup["cats"][0], setup["nominee"], status="withdrawn")
    assert fields_of(info) == {"status"}
    assert "Withdraw" in str(info.value)


def test_get_by_ref(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        n1 = nominate(s, setup["event"], setup["cats"][0], setup["nominee"])
        n2 = nominate(s, setup["event"], setup["cats"][1], setup["nominee"])
        other = other_event(s)
        o1 = nominate(s, other.id, category_ids(s, other.id)[0], setup["nominee"])
    with db.session() as s:
        for ref in ("n-1", "N-0001", "N1", " n-0001 ", "N-1"):
            assert nominations.get_by_ref(s, setup["event"], ref).id == n1.id
        assert nominations.get_by_ref(s, setup["event"], "N-0002").id == n2.id
        assert nominations.get_by_ref(s, other.id, "N-0001").id == o1.id
        with pytest.raises(NotFoundError):
            nominations.get_by_ref(s, setup["event"], "N-0003")
        with pytest.raises(NotFoundError):
            nominations.get_by_ref(s, other.id, "N-0002")
        with pytest.raises(ValidationError) as info:
            nominations.get_by_ref(s, setup["event"], "X-1")
        assert info.value.fields == {"ref"}


def test_list_nominations_filters(db: Database, setup: dict[str, Any]) -> None:
    ev, cats = setup["event"], setup["cats"]
    with db.session() as s:
        a = make_nominee(s, first="Ann").id
        b = make_nominee(s, first="Ben").id
        n1 = nominate(s, ev, cats[0], a)
        n2 = nominate(s, ev, cats[0], b, status="draft")
        n3 = nominate(s, ev, cats[1], a, status="shortlisted")
        n4 = nominate(s, ev, cats[1], b)
        nominations.withdraw_nomination(s, n4.id, reason="Asked")
        other = other_event(s)
        nominate(s, other.id, category_ids(s, other.id)[0], a)
    with db.session() as s:
        def refs(**kw: Any) -> list[str]:
            return [n.ref for n in nominations.list_nominations(s, ev, **kw)]

        assert refs() == ["N-0001", "N-0002", "N-0003", "N-0004"]
        assert refs(category_id=cats[0]) == [n1.ref, n2.ref]
        assert refs(category_id=cats[1]) == [n3.ref, n4.ref]
        assert refs(status=NominationStatus.DRAFT) == [n2.ref]
        assert refs(status=NominationStatus.WITHDRAWN) == [n4.ref]
        assert refs(include_withdrawn=False) == ["N-0001", "N-0002", "N-0003"]
        assert refs(category_id=cats[1], include_withdrawn=False) == [n3.ref]
        assert refs(category_id=cats[2]) == []


@pytest.mark.parametrize("final_status", ["results_final", "archived"])
def test_final_and_archived_events_refuse_nomination_changes(
    db: Database, setup: dict[str, Any], final_status: str
) -> None:
    ev, cats, who = setup["event"], setup["cats"], setup["nominee"]
    with db.session() as s:
        n = nominate(s, ev, cats[0], who)
        w = nominate(s, ev, cats[1], who)
        nominations.withdraw_nomination(s, w.id, reason="Asked")
        if final_status == "archived":
            events.archive_event(s, ev)
        else:
            events.update_event(s, ev, status=final_status)
    attempts: list[Callable[[Any], object]] = [
        lambda s: nominate(s, ev, cats[2], who),
        lambda s: nominations.update_nomination(s, n.id, citation="Changed"),
        lambda s: nominations.withdraw_nomination(s, n.id, reason="Too late"),
        lambda s: nominations.reinstate_nomination(s, w.id),
    ]
    for attempt in attempts:
        with pytest.raises(ConflictError), db.session() as s:
            attempt(s)
    with db.session() as s:
        got = [(x.ref, x.status, x.citation) for x in nominations.list_nominations(s, ev)]
        assert got == [("N-0001", NominationStatus.SUBMITTED, ""),
                       ("N-0002", NominationStatus.WITHDRAWN, "")]


# =========================================================================================
# status
# =========================================================================================


def test_event_status_counts(db: Database, event_id: int) -> None:
    names = [c["name"] for c in default_spec()["categories"]]
    with db.session() as s:
        cats = category_ids(s, event_id)
        acme = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        beta = sponsors.create_sponsor(s, event_id=event_id, name="Beta")
        gone = sponsors.create_sponsor(s, event_id=event_id, name="Gone")
        sponsors.sponsor_category(s, sponsor_id=acme.id, category_id=cats[0])
        sponsors.sponsor_category(s, sponsor_id=beta.id, category_id=cats[1])
        sponsors.sponsor_category(s, sponsor_id=acme.id, category_id=cats[1])
        sponsors.sponsor_category(s, sponsor_id=gone.id, category_id=cats[2])
        sponsors.withdraw_sponsor(s, gone.id)

        p1 = make_nominee(s, first="Pat", consent_certificate_name="yes", consent_public="yes",
                          consent_photo="yes").id
        p2 = make_nominee(s, first="Quinn", consent_public="yes", consent_photo="no").id
        p3 = make_nominee(s, first="Rae", do_not_publish=True).id
        p4 = make_nominee(s, first="Sol", consent_public="no").id  # only a withdrawn nomination
        p5 = make_nominee(s, first="Tam", consent_photo="no").id  # only in another event

        nominate(s, event_id, cats[0], p1)
        nominate(s, event_id, cats[1], p1, status="shortlisted")
        nominate(s, event_id, cats[0], p2, status="draft")
        nominate(s, event_id, cats[1], p3, status="accepted")
        w = nominate(s, event_id, cats[0], p4)
        nominations.withdraw_nomination(s, w.id, reason="Asked")
        nominate(s, event_id, cats[8], p2)
        categories.retire_category(s, cats[8])

        other = catalogue.create_event(s, name="Other Awards", year=2027, ceremony_date="2027-06-01",
                                    make_current=False, venue="Town Hall")
        other_cats = category_ids(s, other.id)
        nominate(s, other.id, other_cats[0], p5)
        nominate(s, other.id, other_cats[0], p1)

    with db.session() as s:
        result = status.event_status(s, event_id)

    zero = {"draft": 0, "submitted": 0, "accepted": 0, "shortlisted": 0, "withdrawn": 0}
    expected_categories = [
        {"category": names[i], "active": True, "nominations": 0, "by_status": dict(zero),
         "sponsors": []}
        for i in range(9)
    ]
    expected_categories[0].update(
        nominations=2, by_status={**zero, "draft": 1, "submitted": 1, "withdrawn": 1},
        sponsors=["Acme"])
    expected_categories[1].update(
        nominations=2, by_status={**zero, "accepted": 1, "shortlisted": 1},
        sponsors=["Acme", "Beta"])
    expected_categories[8].update(active=False, nominations=1, by_status={**zero, "submitted": 1})

    assert result == {
        "event": {
            "id": event_id, "name": "Test Awards", "year": 2027, "status": "setup",
            "ceremony_date": "2027-03-19", "nomination_deadline": None, "venue": "",
        },
        "nominations": {
            "total": 5,
            "by_status": {"draft": 1, "submitted": 2, "accepted": 1, "shortlisted": 1,
                          "withdrawn": 1},
        },
        "categories": expected_categories,
        "categories_without_sponsor": names[2:8],
        "consent": {
            "nominees": 3,
            "do_not_publish": 1,
            "certificate_name": {"yes": 1, "no": 0, "not_asked": 2},
            "public": {"yes": 2, "no": 0, "not_asked": 1},
            "photo": {"yes": 1, "no": 1, "not_asked": 1},
        },
    }


def test_event_status_of_an_empty_event(db: Database) -> None:
    with db.session() as s:
        event = catalogue.create_event(s, name="Empty", year=2030, with_default_categories=False)
        result = status.event_status(s, event.id)
    assert result["nominations"] == {
        "total": 0,
        "by_status": {"draft": 0, "submitted": 0, "accepted": 0, "shortlisted": 0, "withdrawn": 0},
    }
    assert result["categories"] == [] and result["categories_without_sponsor"] == []
    assert result["consent"] == {
        "nominees": 0, "do_not_publish": 0,
        "certificate_name": {"yes": 0, "no": 0, "not_asked": 0},
        "public": {"yes": 0, "no": 0, "not_asked": 0},
        "photo": {"yes": 0, "no": 0, "not_asked": 0},
    }


# =========================================================================================
# JSON export / import
# =========================================================================================


@pytest.fixture
def second_db(tmp_path: Path) -> Any:
    database = open_database(tmp_path / "second.sqlite3")
    yield database
    database.close()


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo event, one sponsor with a PNG logo, exported to JSON; then archived and
    exported again. Built once: the tests only read the files."""
    folder = tmp_path_factory.mktemp("demo-export")
    database = open_database(folder / "demo.sqlite3")
    try:
        with database.session() as s:
            event = demo.create_demo_event(s)
            listed = sponsors.list_sponsors(s, event.id)
            sponsor = listed[0]
            sponsors.update_sponsor(s, sponsor.id, logo=PNG)
            event_id, sponsor_name = event.id, sponsor.name
            # States beyond the demo's own: withdrawn, retired, moved, reweighted, overridden.
            noms = nominations.list_nominations(s, event_id)
            nominations.withdraw_nomination(s, noms[3].id, reason="Moved out of the area")
            cats = categories.list_categories(s, event_id)
            categories.move_category(s, cats[-1].id, to_position=0)
            categories.retire_category(s, cats[4].id)
            categories.update_criterion(s, cats[0].criteria[0].id, weight=2.5, scale_max=5)
            sponsors.withdraw_sponsor(s, listed[2].id)
            sponsors.withdraw_judge(s, sponsor.judges[0].id)
            old = make_nominee(s, first="Older", last="Person", dob="1999-01-01",
                               do_not_publish=True)
            nominate(s, event_id, cats[1].id, old.id, age_override_reason="Panel exception",
                     nominee_aware="yes", citation="For never giving up")
        path = folder / "first.json"
        with database.session() as s:
            count = exports.export_event(s, event_id=event_id, path=path)
        with database.session() as s:
            events.archive_event(s, event_id)
        archived = folder / "archived.json"
        with database.session() as s:
            exports.export_event(s, event_id=event_id, path=archived)
    finally:
        database.close()
    return {"path": path, "archived": archived, "sponsor": sponsor_name, "count": count}


def _without_timestamp(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document.pop("exported_at")
    return document


def test_json_round_trip_between_databases(
    second_db: Database, demo_export: dict[str, Any], tmp_path: Path
) -> None:
    first = _without_timestamp(demo_export["path"])
    assert first["format"] == "awards-app/event" and first["version"] == FORMAT_VERSION == 4
    assert demo_export["count"] == len(first["nominations"]) > 0
    with second_db.session() as s:
        imported = event_import.import_event(s, path=demo_export["path"])
        imported_id = imported.id
    again = tmp_path / "second.json"
    with second_db.session() as s:
        assert exports.export_event(s, event_id=imported_id, path=again) == demo_export["count"]
    second = _without_timestamp(again)
    for key in first:
        assert second[key] == first[key], key
    assert second == first
    with second_db.session() as s:
        sponsor = sponsors.find_sponsor(s, imported_id, demo_export["sponsor"])
        assert sponsor.logo == PNG  # byte for byte
        assert sponsor.logo_mime == "image/png"
        assert events.get_event(s, imported_id).next_ref == first["event"]["next_ref"]
        # Numbering carries on after the imported nominations.
        who = make_nominee(s, first="Newcomer", last="Person")
        new = nominate(s, imported_id, category_ids(s, imported_id)[0], who.id)
        assert new.ref == f"N-{first['event']['next_ref']:04d}"


def test_archived_event_round_trips(
    second_db: Database, demo_export: dict[str, Any], tmp_path: Path
) -> None:
    path = demo_export["archived"]
    first = _without_timestamp(path)
    assert first["event"]["status"] == "archived"
    with second_db.session() as s:
        imported_id = event_import.import_event(s, path=path).id
    again = tmp_path / "archived-again.json"
    with second_db.session() as s:
        exports.export_event(s, event_id=imported_id, path=again)
    assert _without_timestamp(again) == first


def _first_submitted(document: dict[str, Any]) -> int:
    return next(i for i, n in enumerate(document["nominations"]) if n["status"] != "draft"
                and n["status"] != "withdrawn")


def _wrong_format(d: dict[str, Any]) -> str:
    d["format"] = "something-else/event"
    return "format"


def _short_narrative(d: dict[str, Any]) -> str:
    i = _first_submitted(d)
    d["nominations"][i]["success"] = "Far too short."
    return f"nominations[{i}].success"


def _unknown_category(d: dict[str, Any]) -> str:
    i = len(d["nominations"]) - 1
    d["nominations"][i]["category"] = "Award That Does Not Exist"
    return f"nominations[{i}].category"


def _empty_obstacles(d: dict[str, Any]) -> str:
    i = _first_submitted(d)
    d["nominations"][i]["obstacles"] = ""
    return f"nominations[{i}].obstacles"


@pytest.mark.parametrize("corrupt", [_wrong_format, _short_narrative, _unknown_category,
                                     _empty_obstacles])
def test_corrupted_json_is_refused_and_leaves_nothing(
    second_db: Database, demo_export: dict[str, Any], tmp_path: Path,
    corrupt: Callable[[dict[str, Any]], str],
) -> None:
    document = json.loads(demo_export["path"].read_text(encoding="utf-8"))
    field = corrupt(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError) as info, second_db.session() as s:
        event_import.import_event(s, path=bad)
    assert field in info.value.fields
    assert info.value.source == "bad.json"
    with second_db.session() as s:
        assert events.list_events(s) == []
        for model in (Category, Sponsor, Nominee, Worker, Nomination):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__


# =========================================================================================
# CSV / XLSX export neutralises formulas
# =========================================================================================

DANGEROUS = {
    "success": "=cmd|' /C calc'!A0 " + NARRATIVE,
    "obstacles": "@SUM(1+1) " + NARRATIVE,
    "nominee_voice": "=cmd",
    "citation": "+44 is a phone prefix",
    "age_override_reason": "-2+3",
}


@pytest.fixture
def dangerous_event(db: Database, event_id: int) -> int:
    with db.session() as s:
        who = make_nominee(s, first="Zed", last="=Rogue")
        worker = people.create_worker(s, name="Sam Reed", email="sam@x.org", team="@Home Team")
        n = nominate(s, event_id, category_ids(s, event_id)[0], who.id, worker_id=worker.id,
                     **DANGEROUS)
        n.withdrawn_reason = "\t=1+1"  # a tab cannot be typed through the services
    return event_id


def _expected_cells() -> dict[str, str]:
    cells = {k: "'" + v for k, v in DANGEROUS.items()}
    cells.update(nominee_last_name="'=Rogue", nominator_team="'@Home Team",
                 withdrawn_reason="'\t=1+1", nominee_first_name="Zed")
    return cells


def test_csv_export_neutralises_formula_cells(db: Database, dangerous_event: int,
                                             tmp_path: Path) -> None:
    path = tmp_path / "nominations.csv"
    with db.session() as s:
        assert exports.export_event(s, event_id=dangerous_event, path=path) == 1
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    row = rows[0]
    for column, value in _expected_cells().items():
        assert row[column] == value, column
    assert row["nominee_voice"].startswith("'=")
    assert row["ref"] == "N-0001"


def test_xlsx_export_neutralises_formula_cells(db: Database, dangerous_event: int,
                                              tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "event.xlsx"
    with db.session() as s:
        exports.export_event(s, event_id=dangerous_event, path=path)
    book = openpyxl.load_workbook(path)
    sheet = book["Nominations"]
    header = [c.value for c in sheet[1]]
    cells = {name: sheet.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    for column, value in _expected_cells().items():
        assert cells[column].value == value, column
        assert cells[column].data_type != "f", column
    assert str(cells["nominee_voice"].value).startswith("'=")
    assert sheet.max_row == 2
    nominees = book["Nominees"]
    last_names = [c.value for c in nominees["B"]][1:]
    assert last_names == ["'=Rogue"]
    assert [c.value for c in book["Workers"]["C"]][1:] == ["'@Home Team"]
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_withdrawing_twice_is_refused_and_keeps_the_first_reason(db, event_id: int) -> None:
    from awards_app.core.errors import ConflictError
    from awards_app.services.catalogue import categories
    from awards_app.services import nominations
    from awards_app.services import people

    with db.session() as s:
        category = categories.list_categories(s, event_id)[0]
        nominee = people.create_nominee(s, first_name="Ada", last_name="Ng",
                                        date_of_birth="2006-01-01")
        nomination = nominations.create_nomination(
            s, event_id=event_id, category_id=category.id, nominee_id=nominee.id,
            success=NARRATIVE, obstacles=NARRATIVE,
        )
        nominations.withdraw_nomination(s, nomination.id, reason="Asked to be left out")
        with pytest.raises(ConflictError, match="already withdrawn"):
            nominations.withdraw_nomination(s, nomination.id, reason="Second thoughts")
        assert nomination.withdrawn_reason == "Asked to be left out"


def test_archived_event_can_only_be_reopened(db, event_id: int) -> None:
    from awards_app.core.errors import ConflictError
    from awards_app.services import events

    with db.session() as s:
        events.archive_event(s, event_id)
        with pytest.raises(ConflictError):
            events.update_event(s, event_id, venue="Elsewhere")
        reopened = events.update_event(s, event_id, status="setup")
        assert reopened.status.value == "setup"
        assert events.update_event(s, event_id, venue="Elsewhere").venue == "Elsewhere"
