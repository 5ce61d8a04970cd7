"""The plain-data views behind the Categories and Sponsors & judges pages."""

from __future__ import annotations

from typing import Any

import pytest

from awards_app.core.errors import NotFoundError
from awards_app.db.engine import Database
from awards_app.services.catalogue import categories
from awards_app.services import demo
from awards_app.services import catalogue
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue import sponsors
from tests.conftest import NARRATIVE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


def ids_by_name(session: Any, event_id: int) -> dict[str, int]:
    return {c.name: c.id for c in categories.list_categories(session, event_id)}


def nominate(session: Any, event_id: int, category_id: int, first: str) -> int:
    nominee = people.create_nominee(
        session, first_name=first, last_name="Okafor", date_of_birth="2006-02-03"
    )
    return nominations.create_nomination(
        session, event_id=event_id, category_id=category_id, nominee_id=nominee.id,
        success=NARRATIVE, obstacles=NARRATIVE,
    ).id


# --- categories ------------------------------------------------------------------------------


def test_category_rows_follow_display_order_with_counts(db: Database, event_id: int) -> None:
    with db.session() as s:
        cats = ids_by_name(s, event_id)
        sports, education = cats["Sports Hero"], cats["Education Star"]
        categories.move_category(s, sports, to_position=0)
        categories.update_category(s, education, winners_count=2, runners_up_count=0,
                                   highly_commended_count=3)
        categories.add_criterion(s, category_id=education, name="Teamwork", weight=0.5)
        first = nominate(s, event_id, education, "Ada")
        nominate(s, event_id, education, "Bola")
        nominations.withdraw_nomination(s, first, reason="Moved away")
        bakery = sponsors.create_sponsor(s, event_id=event_id, name="Zest Bakery")
        garage = sponsors.create_sponsor(s, event_id=event_id, name="Able Garage")
        sponsors.sponsor_category(s, sponsor_id=bakery.id, category_id=education)
        sponsors.sponsor_category(s, sponsor_id=garage.id, category_id=education)
        sponsors.withdraw_sponsor(s, bakery.id)
        categories.retire_category(s, sports)

    with db.read_session() as s:
        rows = categories.category_rows(s, event_id)
    assert [r.name for r in rows[:2]] == ["Sports Hero", "Education Star"]
    assert [r.position for r in rows] == list(range(1, 10))
    sports_row, education_row = rows[0], rows[1]
    assert (sports_row.active, sports_row.status_label) == (False, "Retired")
    assert sports_row.live_nominations == 0 and sports_row.sponsors == ()
    assert education_row.live_nominations == 1  # the withdrawn one does not count
    assert education_row.criteria_count == 4
    assert (education_row.winners_count, education_row.runners_up_count,
            education_row.highly_commended_count) == (2, 0, 3)
    assert education_row.sponsors == ("Able Garage", "Zest Bakery (withdrawn)")
    assert education_row.sponsors_label == "Able Garage, Zest Bakery (withdrawn)"
    assert education_row.status_label == "Active"
    assert "school, college" in education_row.description


def test_category_rows_belong_to_one_event(db: Database, event_id: int) -> None:
    with db.session() as s:
        other = catalogue.create_event(s, name="Other Awards", year=2027,
                                    ceremony_date="2027-06-01", make_current=False)
        categories.create_category(s, event_id=other.id, name="Only Here", criteria=[])
    with db.read_session() as s:
        mine = categories.category_rows(s, event_id)
        theirs = categories.category_rows(s, other.id)
    assert "Only Here" not in {r.name for r in mine}
    assert [r.name for r in theirs][-1] == "Only Here"
    assert theirs[-1].criteria_count == 0


def test_criterion_rows_show_weight_and_scale(db: Database, event_id: int) -> None:
    with db.session() as s:
        category = categories.create_category(s, event_id=event_id, name="Music Maker",
                                              criteria=[])
        categories.add_criterion(s, category_id=category.id, name="Performance", weight=2,
                                 scale_min=1, scale_max=10, guidance="On the night")
        categories.add_criterion(s, category_id=category.id, name="Growth", weight=1.5,
                                 scale_min=0, scale_max=5)
        category_id = category.id
    with db.read_session() as s:
        rows = categories.criterion_rows(s, category_id)
    assert [r.name for r in rows] == ["Performance", "Growth"]
    assert [r.weight_label for r in rows] == ["×2", "×1.5"]
    assert [r.scale_label for r in rows] == ["1–10", "0–5"]
    assert rows[0].guidance == "On the night" and rows[1].guidance == ""
    assert {r.category_id for r in rows} == {category_id}


# --- sponsors --------------------------------------------------------------------------------


def test_sponsor_rows_count_active_judges_and_list_categories(db: Database,
                                                              event_id: int) -> None:
    with db.session() as s:
        cats = ids_by_name(s, event_id)
        sponsor = sponsors.create_sponsor(
            s, event_id=event_id, name="Riverline Buses", contact_name="Sandra K",
            contact_email="sandra@riverline.example", contact_phone="01632 960533",
            notes="Free shuttle", logo=PNG,
        )
        plain = sponsors.create_sponsor(s, event_id=event_id, name="Able Garage")
        # linked in reverse display order: the view must put them back in order
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=cats["Culture Champion"])
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=cats["Sports Hero"])
        categories.retire_category(s, cats["Culture Champion"])
        sponsors.create_judge(s, sponsor_id=sponsor.id, name="Sandra K")
        gone = sponsors.create_judge(s, sponsor_id=sponsor.id, name="Tom P")
        sponsors.withdraw_judge(s, gone.id)
        sponsors.withdraw_sponsor(s, plain.id)
        sponsor_id = sponsor.id

    with db.read_session() as s:
        rows = sponsors.sponsor_rows(s, event_id)
        logo = sponsors.sponsor_logo(s, sponsor_id)
        no_logo = sponsors.sponsor_logo(s, rows[0].id)
    assert [r.name for r in rows] == ["Able Garage", "Riverline Buses"]
    garage, buses = rows
    assert (garage.active, garage.status_label, garage.has_logo) == (False, "Withdrawn", False)
    assert garage.categories == () and garage.judges_count == 0 and garage.contact_email == ""
    assert buses.categories == ("Sports Hero", "Culture Champion (retired)")
    assert buses.categories_label == "Sports Hero, Culture Champion (retired)"
    assert buses.judges_count == 1
    assert buses.has_logo is True and logo == PNG and no_logo is None
    assert (buses.contact_name, buses.contact_email, buses.contact_phone, buses.notes) == (
        "Sandra K", "sandra@riverline.example", "01632 960533", "Free shuttle")


def test_sponsor_rows_for_one_category(db: Database, event_id: int) -> None:
    with db.session() as s:
        cats = ids_by_name(s, event_id)
        a = sponsors.create_sponsor(s, event_id=event_id, name="Alpha")
        sponsors.create_sponsor(s, event_id=event_id, name="Beta")
        sponsors.sponsor_category(s, sponsor_id=a.id, category_id=cats["Life Changer"])
    with db.read_session() as s:
        linked = sponsors.sponsor_rows(s, event_id, category_id=cats["Life Changer"])
        none = sponsors.sponsor_rows(s, event_id, category_id=cats["Sports Hero"])
    assert [r.name for r in linked] == ["Alpha"]
    assert none == []


def test_judge_rows_include_withdrawn(db: Database, event_id: int) -> None:
    with db.session() as s:
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Lantern Theatre")
        sponsors.create_judge(s, sponsor_id=sponsor.id, name="Olu Bakare",
                              email="olu@lantern.example")
        fiona = sponsors.create_judge(s, sponsor_id=sponsor.id, name="Fiona MacLeod")
        sponsors.withdraw_judge(s, fiona.id)
        sponsor_id = sponsor.id
    with db.read_session() as s:
        rows = sponsors.judge_rows(s, sponsor_id)
    assert [(r.name, r.email, r.active, r.status_label) for r in rows] == [
        ("Fiona MacLeod", "", False, "Withdrawn"),
        ("Olu Bakare", "olu@lantern.example", True, "Active"),
    ]
    assert {r.sponsor_id for r in rows} == {sponsor_id}


def test_sponsor_category_choices(db: Database, event_id: int) -> None:
    with db.session() as s:
        cats = ids_by_name(s, event_id)
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Askew Patel")
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=cats["Education Star"])
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=cats["Sports Hero"])
        categories.retire_category(s, cats["Sports Hero"])
        categories.retire_category(s, cats["Life Changer"])  # retired and not linked: hidden
        sponsor_id = sponsor.id
    with db.read_session() as s:
        choices = sponsors.sponsor_category_choices(s, sponsor_id)
    by_name = {c.name: c for c in choices}
    assert "Life Changer" not in by_name
    assert len(choices) == 8
    assert by_name["Education Star"].sponsored and by_name["Education Star"].active
    assert by_name["Sports Hero"].sponsored and not by_name["Sports Hero"].active
    assert not by_name["Community Champion"].sponsored
    assert [c.name for c in choices][:2] == ["Education Star", "Sports Hero"]


def test_views_refuse_unknown_sponsor(db: Database, event_id: int) -> None:
    with db.read_session() as s:
        with pytest.raises(NotFoundError):
            sponsors.sponsor_logo(s, 999)
        with pytest.raises(NotFoundError):
            sponsors.sponsor_category_choices(s, 999)


def test_views_agree_with_the_demo_event(db: Database) -> None:
    with db.session() as s:
        event_id = demo.create_demo_event(s).id
    with db.read_session() as s:
        rows = categories.category_rows(s, event_id)
        sponsor_rows = sponsors.sponsor_rows(s, event_id)
        expected_live = {
            c.name: len(nominations.list_nominations(s, event_id, category_id=c.id,
                                                     include_withdrawn=False))
            for c in categories.list_categories(s, event_id)
        }
        expected_sponsors = {
            c.name: [sp.name for sp in sponsors.sponsors_of_category(s, c.id)]
            for c in categories.list_categories(s, event_id)
        }
    assert {r.name: r.live_nominations for r in rows} == expected_live
    assert sum(expected_live.values()) > 0
    assert {r.name: list(r.sponsors) for r in rows} == expected_sponsors
    assert all(r.judges_count >= 1 for r in sponsor_rows)
