"""The good-news log: workers' stories about their young people through the year (records),
the list, the team meeting, the Overview's "good news and no nomination" and a story's start
as a nomination (queries). The spreadsheet import is services/transfer/goodnews_import.py."""

from __future__ import annotations

from awards_app.services.goodnews.records import (
    GOOD_NEWS_FIELDS,
    GOOD_NEWS_LABELS,
    KNOWS_WORDS,
    add_story,
    awards_year,
    clean_story,
    delete_story,
    link_nomination,
    story_for_edit,
    update_story,
)
from awards_app.services.goodnews.lookup import find_worker, find_young_person
from awards_app.services.goodnews.queries import (
    NO_TEAM,
    MeetingStory,
    MeetingView,
    NominationStart,
    StoryRow,
    TeamStories,
    UnnominatedRow,
    list_stories,
    meeting_pdf,
    meeting_view,
    nomination_start,
    story_months,
    without_nomination,
)

__all__ = [
    "GOOD_NEWS_FIELDS",
    "GOOD_NEWS_LABELS",
    "KNOWS_WORDS",
    "NO_TEAM",
    "MeetingStory",
    "MeetingView",
    "NominationStart",
    "StoryRow",
    "TeamStories",
    "UnnominatedRow",
    "add_story",
    "awards_year",
    "clean_story",
    "delete_story",
    "find_worker",
    "find_young_person",
    "link_nomination",
    "list_stories",
    "meeting_pdf",
    "meeting_view",
    "nomination_start",
    "story_for_edit",
    "story_months",
    "update_story",
    "without_nomination",
]
