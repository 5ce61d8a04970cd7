"""The Overview page's figures, lists and chart data, against a hand-built event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from awards_app.core.enums import NominationStatus
from awards_app.db.engine import Database
from awards_app.services.catalogue import categories
from awards_app.services import catalogue
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue import sponsors
from awards_app.services import overview as status
from tests.conftest import words

TODAY = date(2026, 11, 23)
NARRATIVE = words(30)


@dataclass
class Built:
    event_id: int
    category_ids: dict[str, int]
    nomination_ids: dict[str, int]  # label -> id


def _nominee(session, first: str, *, preferred: str = "", **consents: str) -> int:  # type: ignore[no-untyped-def]
    return people.create_nominee(
        session, first_name=first, last_name="Tester", preferred_name=preferred,
        date_of_birth="2007-05-01", **consents,
    ).id


@pytest.fixture
def built(db: Database) -> Built:
    """Three categories (one without a sponsor, one retired), two teams and no team:

    Education Star: Amara (submitted, worker North), Ben (accepted, North), Cara (withdrawn, South)
    Sports Hero:    Amara (draft, worker South), Dev (shortlisted, no worker)
    Life Changer:   Eli (submitted, worker with a blank team) — no sponsor
    Culture Champion: retired, no nominations (left out)
    """
    with db.session() as s:
        event = catalogue.create_event(s, name="Built Awards", year=2027,
                                    ceremony_date="2027-03-19", nomination_deadline="2027-01-29",
                                    with_default_categories=False)
        cats = {name: categories.create_category(s, event_id=event.id, name=name).id
                for name in ("Education Star", "Sports Hero", "Life Changer", "Culture Champion")}
        categories.retire_category(s, cats["Culture Champion"])
        acme = sponsors.create_sponsor(s, event_id=event.id, name="Acme Ltd")
        bolt = sponsors.create_sponsor(s, event_id=event.id, name="Bolt Buses")
        gone = sponsors.create_sponsor(s, event_id=event.id, name="Gone Gadgets")
        sponsors.sponsor_category(s, sponsor_id=acme.id, category_id=cats["Education Star"])
        sponsors.sponsor_category(s, sponsor_id=bolt.id, category_id=cats["Education Star"])
        sponsors.sponsor_category(s, sponsor_id=bolt.id, category_id=cats["Sports Hero"])
        # A withdrawn sponsor does not count as sponsoring Life Changer.
        sponsors.sponsor_category(s, sponsor_id=gone.id, category_id=cats["Life Changer"])
        sponsors.withdraw_sponsor(s, gone.id)
        north = people.create_worker(s, name="Nia North", email="nia@council.example",
                                     team="North Team").id
        south = people.create_worker(s, name="Sam South", email="sam@council.example",
                                     team="South Team").id
        blank = people.create_worker(s, name="Bo Blank", email="bo@council.example", team="").id
        amara = _nominee(s, "Amara", consent_certificate_name="yes", consent_public="yes",
                         consent_photo="yes")
        ben = _nominee(s, "Benjamin", preferred="Ben", consent_certificate_name="yes",
                       consent_public="no")  # photo not asked
        cara = _nominee(s, "Cara")  # nothing asked, but her only nomination is withdrawn
        dev = _nominee(s, "Dev", do_not_publish="yes")  # nothing asked, but not published
        eli = _nominee(s, "Eli", consent_photo="no")  # certificate name and public not asked

        def nominate(category: str, nominee: int, worker: int | None, state: str) -> int:
            return nominations.create_nomination(
                s, event_id=event.id, category_id=cats[category], nominee_id=nominee,
                worker_id=worker, success=NARRATIVE, obstacles=NARRATIVE, status=state,
            ).id

        ids = {
            "amara-edu": nominate("Education Star", amara, north, "submitted"),
            "ben-edu": nominate("Education Star", ben, north, "accepted"),
            "cara-edu": nominate("Education Star", cara, south, "submitted"),
            "amara-sports": nominate("Sports Hero", amara, south, "draft"),
            "dev-sports": nominate("Sports Hero", dev, None, "shortlisted"),
            "eli-life": nominate("Life Changer", eli, blank, "submitted"),
        }
        nominations.withdraw_nomination(s, ids["cara-edu"], reason="Moved away")
        return Built(event.id, cats, ids)


def _overview(db: Database, event_id: int, today: date = TODAY) -> status.Overview:
    with db.read_session() as s:
        return status.overview(s, event_id, today=today)


def test_headline_figures(db: Database, built: Built) -> None:
    f = _overview(db, built.event_id).figures
    assert (f.event_name, f.year) == ("Built Awards", 2027)
    assert f.live_nominations == 5  # Cara's is withdrawn
    assert f.nominees == 4  # Amara counted once across two categories; Cara has none live
    assert f.categories == 3  # Culture Champion is retired
    assert f.sponsors == 2  # Gone Gadgets withdrew
    assert f.nomination_deadline == date(2027, 1, 29)
    assert f.days_to_deadline == (date(2027, 1, 29) - TODAY).days == 67
    assert f.days_to_ceremony == (date(2027, 3, 19) - TODAY).days == 116


def test_days_count_down_and_go_negative_once_passed(db: Database, built: Built) -> None:
    on_the_day = _overview(db, built.event_id, today=date(2027, 1, 29)).figures
    assert on_the_day.days_to_deadline == 0
    after = _overview(db, built.event_id, today=date(2027, 2, 3)).figures
    assert after.days_to_deadline == -5
    assert after.days_to_ceremony == 44


def test_dates_not_set_give_no_countdown(db: Database) -> None:
    with db.session() as s:
        event_id = catalogue.create_event(s, name="Undated", year=2028).id
    f = _overview(db, event_id).figures
    assert f.ceremony_date is None and f.days_to_ceremony is None
    assert f.nomination_deadline is None and f.days_to_deadline is None
    assert f.live_nominations == 0 and f.nominees == 0


def test_category_rows_count_every_status(db: Database, built: Built) -> None:
    rows = {r.category: r for r in _overview(db, built.event_id).categories}
    assert list(rows) == ["Education Star", "Sports Hero", "Life Changer"]  # display order
    edu = rows["Education Star"]
    assert edu.count(NominationStatus.SUBMITTED) == 1
    assert edu.count(NominationStatus.ACCEPTED) == 1
    assert edu.count(NominationStatus.WITHDRAWN) == 1
    assert edu.count(NominationStatus.DRAFT) == 0
    assert edu.live == 2
    assert edu.sponsors == ("Acme Ltd", "Bolt Buses")
    sports = rows["Sports Hero"]
    assert (sports.count(NominationStatus.DRAFT), sports.count(NominationStatus.SHORTLISTED),
            sports.live) == (1, 1, 2)
    assert rows["Life Changer"].sponsors == ()  # the withdrawn sponsor is not listed
    assert sum(r.live for r in rows.values()) == 5


def test_retired_category_with_nominations_is_still_listed(db: Database, built: Built) -> None:
    with db.session() as s:
        categories.retire_category(s, built.category_ids["Life Changer"])
    rows = {r.category: r for r in _overview(db, built.event_id).categories}
    assert rows["Life Changer"].active is False
    assert rows["Life Changer"].live == 1
    assert "Culture Champion" not in rows  # retired and empty


def test_categories_without_sponsor(db: Database, built: Built) -> None:
    assert _overview(db, built.event_id).categories_without_sponsor == ("Life Changer",)
    with db.session() as s:
        sponsors.withdraw_sponsor(s, sponsors.find_sponsor(s, built.event_id, "Acme Ltd").id)
    # Bolt Buses still sponsors both of the others.
    assert _overview(db, built.event_id).categories_without_sponsor == ("Life Changer",)
    with db.session() as s:
        sponsors.withdraw_sponsor(s, sponsors.find_sponsor(s, built.event_id, "Bolt Buses").id)
    assert _overview(db, built.event_id).categories_without_sponsor == (
        "Education Star", "Sports Hero", "Life Changer")


def test_missing_consents_list_live_nominations_and_the_questions(db: Database,
                                                                  built: Built) -> None:
    rows = _overview(db, built.event_id).missing_consents
    by_name = {r.nominee: r for r in rows}
    # Amara answered everything; Cara's only nomination is withdrawn; Dev is not published.
    assert set(by_name) == {"Ben", "Eli"}
    assert by_name["Ben"].not_asked == ("photos",)
    assert by_name["Eli"].not_asked == ("full name on certificate", "name in public")
    assert by_name["Ben"].nomination_id == built.nomination_ids["ben-edu"]
    assert [r.ref for r in rows] == sorted(r.ref for r in rows)
    assert by_name["Ben"].ref.startswith("N-")


def test_a_nominee_with_two_live_nominations_appears_for_each(db: Database,
                                                              built: Built) -> None:
    with db.session() as s:
        ben_id = nominations.get_by_ref(
            s, built.event_id, "N-0002").nominee_id  # Ben's Education Star nomination
        nominations.create_nomination(
            s, event_id=built.event_id, category_id=built.category_ids["Sports Hero"],
            nominee_id=ben_id, worker_id=None, success=NARRATIVE, obstacles=NARRATIVE)
    names = [r.nominee for r in _overview(db, built.event_id).missing_consents]
    assert names.count("Ben") == 2


def test_nominations_by_team_counts_live_ones_with_no_team(db: Database, built: Built) -> None:
    by_team = _overview(db, built.event_id).by_team
    # North: Amara + Ben; South: Amara's draft (Cara's withdrawn one is not counted);
    # no team: Dev (no worker) + Eli (worker with a blank team), last like "Other".
    assert by_team == (("North Team", 2), ("South Team", 1), ("No team", 2))
    assert sum(n for _t, n in by_team) == 5


def test_nominations_by_category_is_in_display_order(db: Database, built: Built) -> None:
    assert _overview(db, built.event_id).by_category == (
        ("Education Star", 2), ("Sports Hero", 2), ("Life Changer", 1))


def test_other_events_are_not_counted(db: Database, built: Built) -> None:
    with db.session() as s:
        other = catalogue.create_event(s, name="Other Awards", year=2027)
        category = categories.list_categories(s, other.id)[0]
        nominee = _nominee(s, "Zed")
        nominations.create_nomination(s, event_id=other.id, category_id=category.id,
                                      nominee_id=nominee, success=NARRATIVE, obstacles=NARRATIVE)
    o = _overview(db, built.event_id)
    assert o.figures.live_nominations == 5
    assert "Zed" not in {r.nominee for r in o.missing_consents}
    assert sum(n for _t, n in o.by_team) == 5
    other_overview = _overview(db, other.id)
    assert other_overview.figures.live_nominations == 1
    assert other_overview.by_team == (("No team", 1),)
    assert len(other_overview.categories_without_sponsor) == len(other_overview.categories)
