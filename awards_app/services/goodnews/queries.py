"""What the Good news page, the team meeting, the Overview and ``awards goodnews`` read:
plain frozen rows, never ORM objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import Session, aliased

from awards_app.core.enums import Answer
from awards_app.core.search import matches, search_keys, search_words
from awards_app.core.text import format_ref
from awards_app.db.models import GoodNews, Nomination, Nominee, Worker
from awards_app.services.common import get
from awards_app.services.events import get_event
from awards_app.services.goodnews.records import awards_year

NO_TEAM = "No team"


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story as the list shows it."""

    id: int
    story_date: date
    nominee_id: int
    young_person: str  # their preferred name
    full_name: str
    worker_id: int | None
    worker: str
    team: str
    story: str
    why_proud: str
    knows: Answer
    nomination_id: int | None
    nomination_ref: str  # "" when the story has not become a nomination
    version: int

    @property
    def search_text(self) -> str:
        return " ".join((f"{self.story_date:%d/%m/%Y}", self.young_person, self.full_name,
                         self.worker, self.team, self.story, self.why_proud,
                         self.nomination_ref))


def _rows_query() -> Select[GoodNews, Nominee, Worker, Nomination]:
    worker = aliased(Worker)
    nomination = aliased(Nomination)
    return (select(GoodNews, Nominee, worker, nomination)
            .join(Nominee, Nominee.id == GoodNews.nominee_id)
            .outerjoin(worker, worker.id == GoodNews.worker_id)
            .outerjoin(nomination, nomination.id == GoodNews.nomination_id))


def list_stories(
    session: Session,
    *,
    search: str = "",
    month: tuple[int, int] | None = None,
    nominee_ids: Sequence[int] | None = None,
    story_ids: Sequence[int] | None = None,
) -> list[StoryRow]:
    """Stories, newest first: those holding every word of ``search`` (case and accents
    ignored: "zoe" finds Zoë), of one ``month`` (year, month), of some young people or some
    stories."""
    query = _rows_query()
    if month is not None:
        query = query.where(extract("year", GoodNews.story_date) == month[0],
                            extract("month", GoodNews.story_date) == month[1])
    if nominee_ids is not None:
        query = query.where(GoodNews.nominee_id.in_(list(nominee_ids)))
    if story_ids is not None:
        query = query.where(GoodNews.id.in_(list(story_ids)))
    rows = [
        StoryRow(
            id=story.id, story_date=story.story_date, nominee_id=nominee.id,
            young_person=nominee.preferred_name or nominee.first_name,
            full_name=f"{nominee.first_name} {nominee.last_name}",
            worker_id=story.worker_id, worker=worker.name if worker is not None else "",
            team=story.team, story=story.story, why_proud=story.why_proud,
            knows=story.young_person_knows, nomination_id=story.nomination_id,
            nomination_ref=format_ref(nomination.number) if nomination is not None else "",
            version=story.version,
        )
        for story, nominee, worker, nomination in session.execute(
            query.order_by(GoodNews.story_date.desc(), GoodNews.id.desc()))
    ]
    words = search_words(search)
    if not words:
        return rows
    keys = search_keys([row.search_text for row in rows])
    return [row for row, key in zip(rows, keys, strict=True) if matches(key, words)]


def story_months(session: Session) -> list[tuple[int, int]]:
    """The months (year, month) that have stories, newest first."""
    year = extract("year", GoodNews.story_date)
    month = extract("month", GoodNews.story_date)
    return [(int(y), int(m)) for y, m in session.execute(
        select(year, month).group_by(year, month).order_by(year.desc(), month.desc()))]


# --- the team meeting ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingStory:
    """A story as it is read out: the young person by their preferred name only."""

    story_id: int
    story_date: date
    name: str
    worker: str
    story: str
    why_proud: str
    knows: Answer

    @property
    def heading(self) -> str:
        told = f" (told by {self.worker})" if self.worker else ""
        return f"{self.name} — {self.story_date.day} {self.story_date:%B}{told}"

    @property
    def note(self) -> str:
        return UNKNOWN_NOTE if self.knows is Answer.NO else ""


UNKNOWN_NOTE = ("Not to be shared outside this meeting: they do not know it is being shared.")


@dataclass(frozen=True, slots=True)
class TeamStories:
    team: str
    stories: tuple[MeetingStory, ...]


@dataclass(frozen=True, slots=True)
class MeetingView:
    """A month's stories by team, ready to read out. Stories the young person does not know
    are being shared are kept back unless asked for (``kept_back`` counts them), and marked
    when they are shown."""

    year: int
    month: int
    teams: tuple[TeamStories, ...]
    kept_back: int
    with_unknown: bool

    @property
    def title(self) -> str:
        return f"Good news — {date(self.year, self.month, 1):%B %Y}"

    @property
    def count(self) -> int:
        return sum(len(t.stories) for t in self.teams)

    def kept_back_text(self) -> str:
        if not self.kept_back:
            return ""
        stories = "story is" if self.kept_back == 1 else "stories are"
        return (f"{self.kept_back} {stories} not shown: the young person does not know it is "
                "being shared. Ask them first.")

    def lines(self) -> list[str]:
        """The view as plain text lines, to read out, print or copy."""
        out = [self.title, ""]
        if not self.teams:
            out.append("No good news recorded for this month yet.")
        for team in self.teams:
            out.append(team.team)
            out.append("")
            for s in team.stories:
                out.append(s.heading)
                if s.note:
                    out.append(f"  {s.note}")
                out.append(f"  {s.story}")
                if s.why_proud:
                    out.append(f"  Why I'm proud: {s.why_proud}")
                out.append("")
        if self.kept_back_text():
            out.append(self.kept_back_text())
        return out


def meeting_view(session: Session, *, year: int, month: int, with_unknown: bool = False
                 ) -> MeetingView:
    """The month's stories grouped by team (teams A–Z, 'No team' last; oldest story first
    within a team), naming each young person by their preferred name only."""
    query = (select(GoodNews.id, GoodNews.story_date, GoodNews.team, GoodNews.story,
                    GoodNews.why_proud, GoodNews.young_person_knows, Nominee.preferred_name,
                    Nominee.first_name, Worker.name)
             .join(Nominee, Nominee.id == GoodNews.nominee_id)
             .outerjoin(Worker, Worker.id == GoodNews.worker_id)
             .where(extract("year", GoodNews.story_date) == year,
                    extract("month", GoodNews.story_date) == month)
             .order_by(GoodNews.story_date, GoodNews.id))
    teams: dict[str, list[MeetingStory]] = {}
    kept_back = 0
    for sid, day, team, story, why, knows, preferred, first, worker in session.execute(query):
        if knows is Answer.NO and not with_unknown:
            kept_back += 1
            continue
        teams.setdefault(team.strip() or NO_TEAM, []).append(MeetingStory(
            story_id=sid, story_date=day, name=preferred or first, worker=worker or "",
            story=story, why_proud=why, knows=knows))
    ordered = sorted(teams, key=lambda t: (t == NO_TEAM, t.casefold()))
    return MeetingView(year=year, month=month,
                       teams=tuple(TeamStories(t, tuple(teams[t])) for t in ordered),
                       kept_back=kept_back, with_unknown=with_unknown)


def meeting_pdf(view: MeetingView) -> bytes:
    """The meeting view as a PDF (to print, or keep with the meeting's notes)."""
    from awards_app.pdf import goodnews_meeting as pdf_meeting  # ReportLab: start-up time

    return pdf_meeting.meeting_pdf(view.title, [
        pdf_meeting.MeetingTeam(team.team, tuple(
            pdf_meeting.MeetingEntry(s.heading, s.story, s.why_proud, s.note)
            for s in team.stories))
        for team in view.teams], footnote=view.kept_back_text())


# --- the Overview: good news and no nomination ------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnnominatedRow:
    """A young person with good news in the event's year and no nomination in it."""

    nominee_id: int
    name: str  # preferred name
    stories: int
    latest: date


def without_nomination(session: Session, event_id: int) -> list[UnnominatedRow]:
    """Young people with good news dated in the event's awards year (:func:`awards_year`)
    and no nomination in the event (a withdrawn one counts as a nomination: they were
    considered, and may have asked to be left out), most recent news first."""
    start, end = awards_year(get_event(session, event_id))
    nominated = select(Nomination.nominee_id).where(Nomination.event_id == event_id)
    rows = session.execute(
        select(Nominee.id, Nominee.preferred_name, Nominee.first_name, func.count(GoodNews.id),
               func.max(GoodNews.story_date))
        .join(GoodNews, GoodNews.nominee_id == Nominee.id)
        .where(GoodNews.story_date >= start, GoodNews.story_date <= end,
               Nominee.id.not_in(nominated))
        .group_by(Nominee.id, Nominee.preferred_name, Nominee.first_name))
    found = [UnnominatedRow(nominee_id=i, name=pref or first, stories=int(n), latest=latest)
             for i, pref, first, n, latest in rows]
    return sorted(found, key=lambda r: (r.latest, r.nominee_id), reverse=True)


# --- a story becoming a nomination -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NominationStart:
    """What the nomination editor opens with when a story becomes a nomination."""

    story_id: int
    nominee_id: int
    worker_id: int | None
    success: str  # the story, then why the worker is proud: a start for "their success"


def nomination_start(session: Session, story_id: int) -> NominationStart:
    story = get(session, GoodNews, story_id, "good-news story")
    parts = [story.story.strip()]
    if story.why_proud.strip():
        parts.append(story.why_proud.strip())
    return NominationStart(story_id=story.id, nominee_id=story.nominee_id,
                           worker_id=story.worker_id, success="\n\n".join(parts))
