"""Rows for the Nominees and Workers pages: counts per event, ages, consent, and every
nomination of a young person across events."""

from __future__ import annotations

from datetime import date

from awards_app.core.enums import Answer, NominationStatus
from awards_app.db.engine import Database
from awards_app.services import catalogue
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue.categories import list_categories
from tests.conftest import NARRATIVE


def nominate(session, event_id: int, category: str, nominee_id: int,
             worker_id: int | None) -> int:
    category_id = next(c.id for c in list_categories(session, event_id) if c.name == category)
    return nominations.create_nomination(
        session, event_id=event_id, category_id=category_id, nominee_id=nominee_id,
        worker_id=worker_id, success=NARRATIVE, obstacles=NARRATIVE,
    ).id


def test_nominee_rows_count_this_events_live_nominations_and_all_of_them(
    db: Database, event_id: int
) -> None:
    with db.session() as s:
        amira = people.create_nominee(
            s, first_name="Amira", last_name="Khan", preferred_name="Mira",
            date_of_birth="2005-06-01", out_of_area="yes", consent_certificate_name="yes",
            consent_public="no",
        ).id
        ben = people.create_nominee(s, first_name="Ben", last_name="Adams",
                                    date_of_birth="2008-03-20", do_not_publish=True).id
        people.create_nominee(s, first_name="Cara", last_name="Zed", date_of_birth="2004-01-01")
        first = nominate(s, event_id, "Education Star", amira, None)
        nominate(s, event_id, "Sports Hero", amira, None)
        nominate(s, event_id, "Life Changer", ben, None)
        nominations.withdraw_nomination(s, first, reason="Moved away")
        later = catalogue.create_event(s, name="Later Awards", year=2028,
                                    ceremony_date="2028-03-17").id
        nominate(s, later, "Education Star", amira, None)

    with db.read_session() as s:
        rows = people.nominee_rows(s, event_id=event_id)
    assert [r.last_name for r in rows] == ["Adams", "Khan", "Zed"]
    adams, khan, zed = rows
    assert (khan.nominations, khan.all_nominations) == (1, 3)
    assert (adams.nominations, adams.all_nominations) == (1, 1)
    assert (zed.nominations, zed.all_nominations) == (0, 0)
    # Ages on the ceremony date (19/03/2027): Ben turns 19 the next day.
    assert (khan.age, adams.age) == (21, 18)
    assert khan.preferred_name == "Mira" and zed.preferred_name == "Cara"
    assert khan.out_of_area and not adams.out_of_area
    assert khan.consent_summary == "Name: Yes · Public: No · Photo: Not asked"
    assert khan.consent_state == "partial"
    assert adams.do_not_publish and adams.consent_state == "do_not_publish"
    assert zed.consent_photo is Answer.NOT_ASKED and zed.consent_state == "not_asked"

    with db.read_session() as s:
        later_rows = {r.last_name: r for r in people.nominee_rows(s, event_id=later)}
        on_a_day = people.nominee_rows(s, event_id=event_id, on=date(2027, 3, 20))
    assert (later_rows["Khan"].nominations, later_rows["Khan"].age) == (1, 22)
    assert later_rows["Adams"].nominations == 0
    assert on_a_day[0].age == 19


def test_nominee_nominations_list_every_event_newest_first(db: Database, event_id: int) -> None:
    with db.session() as s:
        worker = people.create_worker(s, name="Wendy Worker", email="wendy@council.example").id
        amira = people.create_nominee(s, first_name="Amira", last_name="Khan",
                                      date_of_birth="2005-06-01").id
        other = people.create_nominee(s, first_name="Ola", last_name="Nowak",
                                      date_of_birth="2005-06-01").id
        first = nominate(s, event_id, "Education Star", amira, worker)
        nominate(s, event_id, "Sports Hero", amira, None)
        nominate(s, event_id, "Sports Hero", other, worker)
        nominations.withdraw_nomination(s, first, reason="Asked to be left out")
        later = catalogue.create_event(s, name="Later Awards", year=2028,
                                    ceremony_date="2028-03-17").id
        nominate(s, later, "Life Changer", amira, worker)

    with db.read_session() as s:
        rows = people.nominee_nominations(s, amira)
    assert [(r.event, r.ref, r.category, r.status, r.worker) for r in rows] == [
        ("Later Awards 2028", "N-0001", "Life Changer", NominationStatus.SUBMITTED,
         "Wendy Worker"),
        ("Test Awards 2027", "N-0001", "Education Star", NominationStatus.WITHDRAWN,
         "Wendy Worker"),
        ("Test Awards 2027", "N-0002", "Sports Hero", NominationStatus.SUBMITTED, ""),
    ]
    assert [r.live for r in rows] == [True, False, True]
    assert rows[1].withdrawn_reason == "Asked to be left out"
    assert rows[0].event_id == later


def test_worker_rows_count_nominations_and_show_who_has_left(db: Database, event_id: int) -> None:
    with db.session() as s:
        wendy = people.create_worker(s, name="Wendy Worker", email="Wendy@Council.example",
                                     team="Leaving Care").id
        people.create_worker(s, name="Alan Adviser")
        zoe = people.create_worker(s, name="Zoë Young", email="zoe@council.example").id
        people.withdraw_worker(s, zoe)
        kid = people.create_nominee(s, first_name="Amira", last_name="Khan",
                                    date_of_birth="2005-06-01").id
        withdrawn = nominate(s, event_id, "Education Star", kid, wendy)
        nominate(s, event_id, "Sports Hero", kid, wendy)
        nominate(s, event_id, "Life Changer", kid, zoe)
        nominations.withdraw_nomination(s, withdrawn, reason="Duplicate")

    with db.read_session() as s:
        rows = people.worker_rows(s, event_id=event_id)
    assert [(r.name, r.email, r.team, r.active, r.nominations, r.all_nominations)
            for r in rows] == [
        ("Alan Adviser", "", "", True, 0, 0),
        ("Wendy Worker", "wendy@council.example", "Leaving Care", True, 1, 2),
        ("Zoë Young", "zoe@council.example", "", False, 1, 1),
    ]
