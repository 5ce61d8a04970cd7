"""The list (search folding, months), the team meeting (by team, preferred names only,
stories the young person does not know about kept back), good news without a nomination,
and a story becoming a nomination."""

from __future__ import annotations

from datetime import date

from awards_app.core.enums import Answer
from awards_app.db.engine import Database
from awards_app.db.models import GoodNews
from awards_app.services import goodnews, nominations
from awards_app.services.catalogue import categories
from tests.conftest import NARRATIVE
from tests.services.goodnews.helpers import add_people, story


def test_search_ignores_case_and_accents_and_months_filter(db: Database) -> None:
    p = add_people(db)
    with db.session() as s:
        a = story(s, p.zoe, worker_id=p.priya, on=date(2026, 10, 2), text="Started college.")
        b = story(s, p.sam, worker_id=p.tom, on=date(2026, 11, 5), text="Got his first job.")
    with db.session() as s:
        assert [r.id for r in goodnews.list_stories(s)] == [b, a]  # newest first
        assert [r.id for r in goodnews.list_stories(s, search="zoe")] == [a]
        assert [r.id for r in goodnews.list_stories(s, search="WISNIEWSKI job")] == [b]
        assert [r.id for r in goodnews.list_stories(s, search="COLLEGE hartley")] == [a]
        assert goodnews.list_stories(s, search="zoe job") == []
        assert [r.id for r in goodnews.list_stories(s, month=(2026, 10))] == [a]
        assert goodnews.story_months(s) == [(2026, 11), (2026, 10)]
        row = goodnews.list_stories(s, story_ids=[a])[0]
        assert (row.young_person, row.full_name, row.worker, row.team) == (
            "Zo", "Zoë Hartley", "Priya Raman", "North Leaving Care Team")


def test_meeting_groups_by_team_with_preferred_names_only(db: Database) -> None:
    p = add_people(db)
    with db.session() as s:
        story(s, p.sam, worker_id=p.tom, on=date(2026, 11, 20), text="Got his first job.")
        story(s, p.zoe, worker_id=p.priya, on=date(2026, 11, 4), text="Passed her test.")
        story(s, p.zoe, on=date(2026, 11, 9), text="Ran a 10k.", knows=Answer.NOT_ASKED)
        story(s, p.zoe, worker_id=p.priya, on=date(2026, 11, 12), text="Secret surprise.",
              knows=Answer.NO)
        story(s, p.sam, worker_id=p.tom, on=date(2026, 10, 30), text="Last month.")
    with db.session() as s:
        view = goodnews.meeting_view(s, year=2026, month=11)
        shown = goodnews.meeting_view(s, year=2026, month=11, with_unknown=True)
    assert [t.team for t in view.teams] == ["North Leaving Care Team", "South Leaving Care Team",
                                            goodnews.NO_TEAM]
    assert [[m.story for m in t.stories] for t in view.teams] == [
        ["Passed her test."], ["Got his first job."], ["Ran a 10k."]]
    assert view.kept_back == 1 and "1 story is not shown" in view.kept_back_text()
    text = "\n".join(view.lines())
    assert "Zo —" in text and "Sam —" in text
    for private in ("Hartley", "Zoë", "Samir", "Khan", "Secret", "Last month"):
        assert private not in text
    assert text.startswith("Good news — November 2026")
    assert shown.kept_back == 0 and shown.count == 4
    shown_text = "\n".join(shown.lines())
    assert "Secret surprise." in shown_text and "do not know it is being shared" in shown_text


def test_young_people_with_good_news_and_no_nomination(db: Database, event_id: int) -> None:
    p = add_people(db)  # the event's year runs 20/03/2026 to its ceremony, 19/03/2027
    with db.session() as s:
        story(s, p.zoe, on=date(2026, 6, 1))
        story(s, p.zoe, on=date(2026, 9, 1))
        story(s, p.sam, on=date(2025, 12, 1))  # before the event's year: not counted
    with db.session() as s:
        rows = goodnews.without_nomination(s, event_id)
        assert [(r.nominee_id, r.name, r.stories, r.latest) for r in rows] == [
            (p.zoe, "Zo", 2, date(2026, 9, 1))]
        category = categories.list_categories(s, event_id)[0]
        nominations.create_nomination(s, event_id=event_id, category_id=category.id,
                                      nominee_id=p.zoe, success=NARRATIVE, obstacles=NARRATIVE)
    with db.session() as s:
        assert goodnews.without_nomination(s, event_id) == []
        story(s, p.sam, on=date(2026, 11, 1))
    with db.session() as s:
        assert [r.nominee_id for r in goodnews.without_nomination(s, event_id)] == [p.sam]


def test_a_story_starts_a_nomination_and_remembers_it(db: Database, event_id: int) -> None:
    p = add_people(db)
    with db.session() as s:
        sid = story(s, p.zoe, worker_id=p.priya, text="Passed her test.", why="Kept going.")
        start = goodnews.nomination_start(s, sid)
    assert (start.nominee_id, start.worker_id) == (p.zoe, p.priya)
    assert start.success == "Passed her test.\n\nKept going."
    with db.session() as s:
        version = s.get(GoodNews, sid).version  # type: ignore[union-attr]
        category = categories.list_categories(s, event_id)[0]
        made = nominations.create_nomination(
            s, event_id=event_id, category_id=category.id, nominee_id=start.nominee_id,
            worker_id=start.worker_id, success=start.success + " " + NARRATIVE,
            obstacles=NARRATIVE)
        goodnews.link_nomination(s, story_id=sid, nomination_id=made.id)
    with db.session() as s:
        row = goodnews.list_stories(s, story_ids=[sid])[0]
        assert row.nomination_id == made.id and row.nomination_ref == "N-0001"
        assert row.version == version  # bookkeeping: an open editor stays current


def test_the_meeting_pdf_reads_as_the_view(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.pdftools import normalise, run, tool

    p = add_people(db)
    with db.session() as s:
        story(s, p.zoe, worker_id=p.priya, on=date(2026, 11, 4), text="Passed her test.",
              why="Kept going.")
        story(s, p.sam, worker_id=p.tom, on=date(2026, 11, 8), text="Secret.", knows=Answer.NO)
    with db.read_session() as s:
        view = goodnews.meeting_view(s, year=2026, month=11)
    path = tmp_path / "meeting.pdf"
    path.write_bytes(goodnews.meeting_pdf(view))
    done = run(tool("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(path), "-")
    text = normalise(done.stdout.decode("utf-8"))
    for expected in ("Good news — November 2026", "North Leaving Care Team",
                     "Zo — 4 November (told by Priya Raman)", "Passed her test.",
                     "Why I'm proud: Kept going.", "1 story is not shown"):
        assert expected in text
    assert "Hartley" not in text and "Secret" not in text and "Sam" not in text
