"""Parity for young people living outside the city (issue 14, part 2): for the event's young
people in the city and out of area, and per team, how many good-news stories, nominations,
acceptances, shortlistings, placements and certificates there were — counts and rates side
by side, with the differences worth a coordinator's attention in plain words.

What is counted (said again in ``ParityReport.notes``, so nobody is misled):

- Good-news stories: stories dated in the 12 months up to the ceremony (the event's
  calendar year when no ceremony date is set), one per story; the team is the one the story
  recorded, else its worker's.
- Everything else is counted per nomination, since placements and certificates belong to a
  nomination: a young person nominated in two categories counts twice. Nominations are those
  submitted, accepted or shortlisted (drafts not yet sent and withdrawn ones are left out);
  accepted includes those later shortlisted; placed means winner, runner-up or highly
  commended in a confirmed result; certificates are those issued and not revoked. The team is
  the nominating worker's.

The rule and the tables are in ``rule``; this module reads the database and words the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, distinct, func, select, type_coerce
from sqlalchemy.orm import Session

from awards_app.core.enums import NominationStatus
from awards_app.core.scoring import Placement
from awards_app.db.models import (
    Certificate,
    ConfirmedPlacement,
    GoodNews,
    Nomination,
    Nominee,
    Worker,
)
from awards_app.services.events import get_event
from awards_app.services.parity.rule import (
    IN_CITY,
    NO_FINDINGS,
    NO_TEAM,
    OUT_OF_AREA,
    SMALL,
    SMALL_NUMBERS_RULE,
    STAGES,
    Finding,
    ParityTable,
    Stage,
    build_table,
    findings,
    held_back,
    percent,
)

#: at most this many sentences, the largest differences first
MAX_FINDINGS = 8
_COUNTED = (NominationStatus.SUBMITTED, NominationStatus.ACCEPTED, NominationStatus.SHORTLISTED)
_PLACED = (Placement.WINNER.value, Placement.RUNNER_UP.value, Placement.HIGHLY_COMMENDED.value)


@dataclass(frozen=True, slots=True)
class ParityReport:
    event_name: str
    year: int
    window_start: date
    window_end: date
    window_words: str  # "the 12 months up to the ceremony (20 Mar 2026 to 19 Mar 2027)"
    area: ParityTable
    teams: ParityTable
    findings: tuple[Finding, ...]  # differences worth a look, largest first

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(finding.sentence() for finding in self.findings)

    @property
    def held_back(self) -> bool:
        """Whether any rate is held back because of small numbers."""
        return any(held_back(table) for table in (self.area, self.teams))

    @property
    def notes(self) -> tuple[str, ...]:
        return (
            f"Good-news stories dated in {self.window_words}, one per story.",
            "Counted per nomination from 'Nominations' on: a young person nominated in two "
            "categories counts twice. Nominations are those submitted, accepted or "
            "shortlisted (drafts and withdrawn ones are left out); 'Accepted' includes those "
            "later shortlisted; 'Placed' is winner, runner-up or highly commended in a "
            "confirmed result; certificates revoked are left out.",
            "Teams: the nominating worker's team; for a story, the team it recorded.",
            "Share: the group's part of everyone's count at that stage. Of own nominations: "
            "the group's count at that stage out of its own nominations.",
            SMALL_NUMBERS_RULE,
        )



# --- reading the database -----------------------------------------------------------------

def story_window(ceremony: date | None, year: int) -> tuple[date, date, str]:
    """(first day, last day, in words) of the good-news stories counted for an event."""
    if ceremony is None:
        return date(year, 1, 1), date(year, 12, 31), f"the event's year, {year}"
    try:
        start = ceremony.replace(year=ceremony.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = date(ceremony.year - 1, 3, 1)
    return start, ceremony, (f"the 12 months up to the ceremony ({short_day(start)} to "
                             f"{short_day(ceremony)})")


def short_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _teams(session: Session) -> dict[int | None, str]:
    """worker id → the team as shown (NO_TEAM for none); None (no worker) → NO_TEAM. Rows are
    grouped by worker in SQL and named here: grouping by a text expression per row was half
    the time at 50,000 nominations (benchmarks/parity_bench.py)."""
    teams: dict[int | None, str] = {None: NO_TEAM}
    for worker_id, team in session.execute(select(Worker.id, Worker.team)):
        teams[worker_id] = _team_name(team)
    return teams


def _team_name(team: str | None) -> str:
    return (team or "").strip() or NO_TEAM


def _story_counts(session: Session, start: date, end: date, teams: Mapping[int | None, str]
                  ) -> dict[tuple[bool, str], int]:
    """(out of area, team) → stories dated from ``start`` to ``end``: the team the story
    recorded, else its worker's."""
    out: dict[tuple[bool, str], int] = {}
    for area, story_team, worker_id, n in session.execute(
            select(Nominee.out_of_area, GoodNews.team, GoodNews.worker_id, func.count())
            .select_from(GoodNews)
            .join(Nominee, Nominee.id == GoodNews.nominee_id)
            .where(GoodNews.story_date >= start, GoodNews.story_date <= end)
            .group_by(Nominee.out_of_area, GoodNews.team, GoodNews.worker_id)):
        team = _team_name(story_team)
        key = (bool(area), teams.get(worker_id, NO_TEAM) if team == NO_TEAM else team)
        out[key] = out.get(key, 0) + int(n)
    return out


def _nomination_counts(session: Session, event_id: int, teams: Mapping[int | None, str]
                       ) -> dict[tuple[bool, str], tuple[int, ...]]:
    """(out of area, team) → counts of nominations, accepted, shortlisted, placed, issued.
    Placements and certificates are counted from their own (short) tables, joined to the
    nominations they belong to: asking each of 50,000 nominations whether it has one took
    twice as long."""
    status = type_coerce(Nomination.status, String)
    counted = and_(Nomination.event_id == event_id, status.in_([s.value for s in _COUNTED]))

    def tally(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    out: dict[tuple[bool, str], list[int]] = {}

    def add(rows: Iterable[Sequence[Any]], first: int) -> None:
        for area, worker_id, *values in rows:
            row = out.setdefault((bool(area), teams.get(worker_id, NO_TEAM)), [0] * 5)
            for i, value in enumerate(values, start=first):
                row[i] += int(value or 0)

    add(session.execute(
        select(Nominee.out_of_area, Nomination.worker_id, func.count(),
               tally(status.in_([NominationStatus.ACCEPTED.value,
                                 NominationStatus.SHORTLISTED.value])),
               tally(status == NominationStatus.SHORTLISTED.value))
        .select_from(Nomination)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(counted)
        .group_by(Nominee.out_of_area, Nomination.worker_id)), 0)
    def per_worker(model: type[ConfirmedPlacement] | type[Certificate],
                   *where: ColumnElement[bool]) -> Iterable[Sequence[Any]]:
        """Counted nominations with a row of ``model`` matching ``where``."""
        return session.execute(
            select(Nominee.out_of_area, Nomination.worker_id,
                   func.count(distinct(model.nomination_id)))
            .select_from(model)
            .join(Nomination, Nomination.id == model.nomination_id)
            .join(Nominee, Nominee.id == Nomination.nominee_id)
            .where(counted, *where)
            .group_by(Nominee.out_of_area, Nomination.worker_id))

    add(per_worker(ConfirmedPlacement, ConfirmedPlacement.placement.in_(_PLACED)), 3)
    add(per_worker(Certificate, Certificate.event_id == event_id,
                   Certificate.revoked_at.is_(None)), 4)
    return {key: tuple(values) for key, values in out.items()}


def _grouped(stories: Mapping[tuple[bool, str], int],
             nominations: Mapping[tuple[bool, str], tuple[int, ...]], *, by_team: bool
             ) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {} if by_team else {IN_CITY: [0] * len(STAGES),
                                                   OUT_OF_AREA: [0] * len(STAGES)}

    def key(out_of_area: bool, team: str) -> str:
        return team if by_team else (OUT_OF_AREA if out_of_area else IN_CITY)

    for (area, team), n in stories.items():
        out.setdefault(key(area, team), [0] * len(STAGES))[0] += n
    for (area, team), values in nominations.items():
        row = out.setdefault(key(area, team), [0] * len(STAGES))
        for i, value in enumerate(values, start=1):
            row[i] += value
    if by_team:  # most nominations first; "No team recorded" last, like "Other"
        order = sorted(out, key=lambda t: (t == NO_TEAM, -out[t][1], -out[t][0], t.casefold()))
        out = {t: out[t] for t in order}
    return out


def parity(session: Session, event_id: int) -> ParityReport:
    """The event's parity tables and findings, counted by SQL."""
    event = get_event(session, event_id)
    start, end, words = story_window(event.ceremony_date, event.year)
    names = _teams(session)
    stories = _story_counts(session, start, end, names)
    nominations = _nomination_counts(session, event_id, names)
    area = build_table("Where young people live", "Living",
                       _grouped(stories, nominations, by_team=False))
    teams = build_table("By team", "Team", _grouped(stories, nominations, by_team=True))
    found = findings(area, only=(OUT_OF_AREA,)) + findings(teams)
    found.sort(key=lambda finding: -finding.difference)
    return ParityReport(event.name, event.year, start, end, words, area, teams,
                        tuple(found[:MAX_FINDINGS]))


def overview_lines(report: ParityReport, name: Callable[[str], str] = str) -> tuple[str, ...]:
    """The Overview card's few lines: out of area's nominations and how many of them went
    furthest (placed once anyone is, else accepted), against everyone's rate; the largest
    difference worth a look; and whether any rate is held back."""
    out = next(row for row in report.area.groups if row.name == OUT_OF_AREA)
    total = report.area.total
    nominations = out.figure(Stage.NOMINATIONS)
    line = f"{OUT_OF_AREA}: {nominations.count} of {total.figure(Stage.NOMINATIONS).count} " \
           "nominations"
    if nominations.share is not None:
        line += f" ({percent(nominations.share)})"
    furthest = next((s for s in (Stage.PLACED, Stage.ACCEPTED) if total.figure(s).count), None)
    if furthest is not None:
        mine, everyone = out.figure(furthest), total.figure(furthest)
        line += f"; {mine.count} of them {furthest.value.lower()}"
        if mine.of_nominations is not None and everyone.of_nominations is not None:
            line += (f" ({percent(mine.of_nominations)}, against "
                     f"{percent(everyone.of_nominations)} for everyone)")
    lines = [line + "."]
    lines.append("Worth a look — " + (report.findings[0].sentence(name) if report.findings
                                      else NO_FINDINGS))
    if report.held_back:
        lines.append(f"Counts below {SMALL} are shown without a percentage.")
    return tuple(lines)


def report_data(report: ParityReport) -> dict[str, object]:
    """The report as plain JSON data (``awards parity --json``): rates are null when held
    back, and ``rates_shown`` says which."""

    def table(t: ParityTable) -> dict[str, object]:
        return {"heading": t.heading, "rows": [
            {"group": row.name, "total": row.is_total, "stages": {
                stage.name.lower(): {"count": f.count, "share": f.share,
                                     "of_own_nominations": f.of_nominations}
                for stage, f in zip(STAGES, row.figures, strict=True)}}
            for row in t.rows]}

    return {
        "event": {"name": report.event_name, "year": report.year},
        "good_news_window": {"from": report.window_start.isoformat(),
                             "to": report.window_end.isoformat(),
                             "words": report.window_words},
        "stages": {stage.name.lower(): stage.value for stage in STAGES},
        "small_numbers": {"below": SMALL, "rule": SMALL_NUMBERS_RULE},
        "where_young_people_live": table(report.area),
        "by_team": table(report.teams),
        "findings": list(report.sentences),
        "notes": list(report.notes),
    }
