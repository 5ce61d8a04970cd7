"""Parity (issue 14, part 2): what is counted for young people in and out of the city and per
team, the window of good news, and the small-numbers rule at its boundary (4 and 5)."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.enums import NominationStatus
from awards_app.db.engine import Database
from awards_app.db.models import (
    Category,
    Certificate,
    ConfirmedPlacement,
    GoodNews,
    Nomination,
    Nominee,
    Worker,
)
from awards_app.services import demo, parity
from awards_app.services.parity import IN_CITY, NO_TEAM, OUT_OF_AREA, Stage

_serial = count(1)


class Maker:
    """Rows written straight into the tables parity reads (no service rules in the way)."""

    def __init__(self, session: Session, event_id: int) -> None:
        self.s, self.event_id = session, event_id
        self.category_ids = list(session.scalars(
            select(Category.id).where(Category.event_id == event_id)))
        self.workers: dict[str, int] = {}

    def worker(self, team: str) -> int:
        if team not in self.workers:
            worker = Worker(name=f"Worker {team or 'none'}", email=f"w{next(_serial)}@x.example",
                            team=team)
            self.s.add(worker)
            self.s.flush()
            self.workers[team] = worker.id
        return self.workers[team]

    def nominee(self, *, out: bool) -> int:
        n = next(_serial)
        nominee = Nominee(first_name=f"Young{n}", last_name="Person", preferred_name=f"Y{n}",
                          date_of_birth=date(2006, 1, 1), out_of_area=out)
        self.s.add(nominee)
        self.s.flush()
        return nominee.id

    def nomination(self, *, out: bool = False, team: str = "North",
                   status: NominationStatus = NominationStatus.SUBMITTED,
                   placement: str | None = None, certificate: str | None = None,
                   worker: bool = True) -> int:
        n = next(_serial)
        nomination = Nomination(
            event_id=self.event_id, number=n, category_id=self.category_ids[0],
            nominee_id=self.nominee(out=out),
            worker_id=self.worker(team) if worker else None,
            success="s", obstacles="o", status=status)
        self.s.add(nomination)
        self.s.flush()
        if placement is not None:
            self.s.add(ConfirmedPlacement(category_id=self.category_ids[0],
                                          nomination_id=nomination.id, placement=placement))
        if certificate is not None:
            self.s.add(Certificate(
                event_id=self.event_id, nomination_id=nomination.id,
                code=f"C{n:012d}", design="winner", placement=placement or "nominee",
                recipient_name="Y", category_name="C", event_name="E", event_year=2027,
                verification_text="v", qr_mask=0,
                revoked_at=datetime(2027, 3, 20) if certificate == "revoked" else None))
        return nomination.id

    def story(self, day: date, *, out: bool = False, team: str = "North",
              story_team: str | None = None) -> None:
        self.s.add(GoodNews(story_date=day, nominee_id=self.nominee(out=out),
                            worker_id=self.worker(team),
                            team=team if story_team is None else story_team, story="Good"))


def report(db: Database, event_id: int) -> parity.ParityReport:
    with db.read_session() as s:
        return parity.parity(s, event_id)


def counts(table: parity.ParityTable, group: str) -> dict[Stage, int]:
    row = next(r for r in table.rows if r.name == group)
    return {stage: row.figure(stage).count for stage in parity.STAGES}


def test_each_stage_is_counted_as_its_note_says(db: Database, event_id: int) -> None:
    with db.session() as s:
        make = Maker(s, event_id)
        make.nomination(out=True, status=NominationStatus.SHORTLISTED, placement="winner",
                        certificate="issued")
        make.nomination(out=True, status=NominationStatus.ACCEPTED, placement="nominee",
                        certificate="issued")  # a nominee certificate, not a placement
        make.nomination(out=True, status=NominationStatus.ACCEPTED, placement="runner_up",
                        certificate="revoked")
        make.nomination(out=True, status=NominationStatus.DRAFT)  # not sent: left out
        make.nomination(out=True, status=NominationStatus.WITHDRAWN, placement="winner",
                        certificate="issued")  # withdrawn: left out at every stage
        make.nomination(out=False, team="South", status=NominationStatus.SUBMITTED)
        make.nomination(out=False, team="  ", worker=True)  # a blank team
        make.nomination(out=False, worker=False)  # no worker
        # the ceremony is 19/03/2027: the window is 20/03/2026 to 19/03/2027
        make.story(date(2026, 3, 20), out=True)
        make.story(date(2027, 3, 19), out=False, team="South")
        make.story(date(2026, 3, 19), out=True)  # a day too early
        make.story(date(2027, 3, 20), out=False)  # a day too late
        make.story(date(2026, 6, 1), out=False, team="South", story_team="East")
        make.story(date(2026, 7, 1), out=False, team="South", story_team=" ")  # its worker's
    found = report(db, event_id)
    assert (found.window_start, found.window_end) == (date(2026, 3, 20), date(2027, 3, 19))
    assert "12 months up to the ceremony (20 Mar 2026 to 19 Mar 2027)" in found.window_words
    assert counts(found.area, OUT_OF_AREA) == {
        Stage.GOOD_NEWS: 1, Stage.NOMINATIONS: 3, Stage.ACCEPTED: 3, Stage.SHORTLISTED: 1,
        Stage.PLACED: 2, Stage.CERTIFICATES: 2}
    assert counts(found.area, IN_CITY) == {
        Stage.GOOD_NEWS: 3, Stage.NOMINATIONS: 3, Stage.ACCEPTED: 0, Stage.SHORTLISTED: 0,
        Stage.PLACED: 0, Stage.CERTIFICATES: 0}
    teams = {row.name: row.figure(Stage.NOMINATIONS).count for row in found.teams.rows}
    assert teams == {"North": 3, "South": 1, NO_TEAM: 2, "East": 0, parity.TOTAL: 6}
    stories = {row.name: row.figure(Stage.GOOD_NEWS).count for row in found.teams.rows}
    assert stories == {"North": 1, "South": 2, "East": 1, NO_TEAM: 0, parity.TOTAL: 4}
    assert [row.name for row in found.teams.rows][-2:] == [NO_TEAM, parity.TOTAL]
    # every count is below 5: no rate anywhere, no sentence
    for table in (found.area, found.teams):
        for row in table.groups:
            assert all(f.share is None and f.of_nominations is None for f in row.figures)
    assert found.findings == ()
    assert found.held_back


def test_without_a_ceremony_date_the_window_is_the_event_year() -> None:
    start, end, words = parity.story_window(None, 2027)
    assert (start, end) == (date(2027, 1, 1), date(2027, 12, 31)) and "2027" in words
    start, _end, _words = parity.story_window(date(2028, 2, 29), 2028)
    assert start == date(2027, 3, 1)


def _boundary(db: Database, event_id: int, out_of_area: int) -> parity.ParityReport:
    """``out_of_area`` nominations from out of area, all placed; 40 in the city, 20 placed."""
    with db.session() as s:
        make = Maker(s, event_id)
        for i in range(40):
            make.nomination(out=False, status=NominationStatus.ACCEPTED,
                            placement="winner" if i < 20 else None)
        for _ in range(out_of_area):
            make.nomination(out=True, status=NominationStatus.ACCEPTED, placement="winner")
    return report(db, event_id)


def test_four_is_a_count_without_a_rate_and_so_is_its_complement(db: Database,
                                                                 event_id: int) -> None:
    found = _boundary(db, event_id, 4)
    out, city = (next(r for r in found.area.rows if r.name == n) for n in (OUT_OF_AREA, IN_CITY))
    placed = out.figure(Stage.PLACED)
    assert placed.count == 4 and placed.share is None and placed.of_nominations is None
    assert out.figure(Stage.NOMINATIONS).share is None
    # in the city's shares would give out of area's away (they add up to 100%)
    assert city.figure(Stage.PLACED).share is None
    assert city.figure(Stage.PLACED).of_nominations is None
    assert city.figure(Stage.PLACED).count == 20
    total = found.area.total.figure(Stage.PLACED)
    assert total.count == 24 and total.of_nominations == pytest.approx(24 / 44)
    assert not any(OUT_OF_AREA in sentence for sentence in found.sentences)
    assert parity.overview_lines(found) == (
        "Out of area: 4 of 44 nominations; 4 of them placed.",
        "Worth a look — " + parity.NO_FINDINGS,
        "Counts below 5 are shown without a percentage.")


def test_five_gets_its_rates_and_a_sentence(db: Database, event_id: int) -> None:
    found = _boundary(db, event_id, 5)
    out, city = (next(r for r in found.area.rows if r.name == n) for n in (OUT_OF_AREA, IN_CITY))
    placed = out.figure(Stage.PLACED)
    assert placed.count == 5
    assert placed.share == pytest.approx(5 / 25) and placed.of_nominations == 1.0
    assert out.figure(Stage.NOMINATIONS).share == pytest.approx(5 / 45)
    assert city.figure(Stage.PLACED).share == pytest.approx(20 / 25)
    assert "Out of area: 11% of nominations but 20% of placements." in found.sentences
    assert parity.overview_lines(found)[0] == (
        "Out of area: 5 of 45 nominations (11%); 5 of them placed (100%, against 56% for "
        "everyone).")


def test_the_demo_matches_a_count_made_record_by_record(db: Database) -> None:
    """The SQL's counts against a plain loop over the demo's records after its results."""
    with db.session() as s:
        event_id = demo.create_demo_event(s, stage="results").id
    found = report(db, event_id)
    expected: dict[str, dict[Stage, int]] = {}
    with db.read_session() as s:
        placed = {p.nomination_id for p in s.scalars(select(ConfirmedPlacement))
                  if p.placement != "nominee"}
        issued = {c.nomination_id for c in s.scalars(select(Certificate))
                  if c.revoked_at is None}
        for n in s.scalars(select(Nomination).where(Nomination.event_id == event_id)):
            if n.status in (NominationStatus.DRAFT, NominationStatus.WITHDRAWN):
                continue
            group = expected.setdefault(OUT_OF_AREA if n.nominee.out_of_area else IN_CITY,
                                        dict.fromkeys(parity.STAGES, 0))
            group[Stage.NOMINATIONS] += 1
            group[Stage.ACCEPTED] += n.status in (NominationStatus.ACCEPTED,
                                                  NominationStatus.SHORTLISTED)
            group[Stage.SHORTLISTED] += n.status is NominationStatus.SHORTLISTED
            group[Stage.PLACED] += n.id in placed
            group[Stage.CERTIFICATES] += n.id in issued
    for name, values in expected.items():
        got = counts(found.area, name)
        got.pop(Stage.GOOD_NEWS)
        values.pop(Stage.GOOD_NEWS)
        assert got == values
    # the demo has young people out of area worth comparing, and a group held back
    out = counts(found.area, OUT_OF_AREA)
    assert out[Stage.NOMINATIONS] >= parity.SMALL and out[Stage.PLACED] > 0
    assert found.held_back
    assert sum(r.figure(Stage.NOMINATIONS).count for r in found.teams.groups) == sum(
        r.figure(Stage.NOMINATIONS).count for r in found.area.groups)


def test_report_data_says_which_rates_are_held_back(db: Database, event_id: int) -> None:
    data: dict[str, Any] = parity.report_data(_boundary(db, event_id, 4))
    rows = {r["group"]: r for r in data["where_young_people_live"]["rows"]}
    assert rows[OUT_OF_AREA]["stages"]["placed"] == {"count": 4, "share": None,
                                                     "of_own_nominations": None}
    assert rows[parity.TOTAL]["stages"]["placed"]["count"] == 24
    assert data["small_numbers"]["below"] == 5
    assert data["good_news_window"]["from"] == "2026-03-20"
