"""``awards goodnews …``: the good-news log from the command line.

    awards goodnews add --young-person "Zoë Hartley" --story "…" [--date D] [--born D]
                        [--worker NAME-or-EMAIL] [--team T] [--why "…"] [--knows yes|no]
    awards goodnews list [--search WORDS] [--month YYYY-MM] [--json]
    awards goodnews import FILE [--mapping NAME-or-FILE.json] [--dry-run] [--progress]
    awards goodnews meeting [--month YYYY-MM] [--with-unknown] [--json]
    awards goodnews template --out FILE.csv|FILE.xlsx

The meeting names each young person by their preferred name only, and leaves out the
stories the young person does not know are being shared unless --with-unknown is given."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from awards_app.cli.commands import _database, _out, _unit_of_work, cmd_import
from awards_app.core.enums import Answer
from awards_app.core.errors import ValidationError
from awards_app.core.validation import Checker
from awards_app.services import goodnews
from awards_app.services.transfer.importers import ImportKind
from awards_app.services.transfer.templates import write_template

KNOWS = {"yes": Answer.YES, "no": Answer.NO, "not-asked": Answer.NOT_ASKED}


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("goodnews", help="the good-news log: add, list, import stories and "
                                        "read out a month's at the team meeting")
    g = p.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    g.required = True
    a = g.add_parser("add", help="record a good-news story")
    a.add_argument("--young-person", required=True, metavar="NAME",
                   help="their full or preferred name (accents and case ignored)")
    a.add_argument("--born", metavar="DATE", help="their date of birth, when several share "
                                                  "the name")
    a.add_argument("--story", required=True, help="the good news, in a sentence or two")
    a.add_argument("--date", metavar="DATE", help="the day it happened (default: today)")
    a.add_argument("--worker", metavar="NAME-or-EMAIL", help="the worker telling it")
    a.add_argument("--team", help="the team (default: the worker's team)")
    a.add_argument("--why", default="", help="why you are proud of them")
    a.add_argument("--knows", choices=list(KNOWS), default="not-asked",
                   help="whether the young person knows it is being shared")
    a.set_defaults(handler=cmd_add)
    a = g.add_parser("list", help="the stories, newest first")
    a.add_argument("--search", metavar="WORDS", help="only stories holding these words (case "
                                                     "and accents ignored)")
    a.add_argument("--month", metavar="YYYY-MM", help="only stories of this month")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.set_defaults(handler=cmd_list)
    a = g.add_parser("import", help="import stories from a spreadsheet (CSV/XLSX); a file "
                                    "imported again adds only its new rows")
    a.add_argument("file")
    a.add_argument("--progress", action="store_true", help="print progress to stderr")
    a.add_argument("--dry-run", action="store_true", help="check every row; store nothing")
    a.add_argument("--mapping", metavar="NAME-or-FILE.json",
                   help="read a form's own columns through a saved mapping or mapping file")
    a.set_defaults(handler=cmd_goodnews_import)
    a = g.add_parser("template", help="write a blank import template with the columns")
    a.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
    a.set_defaults(handler=cmd_template)
    a = g.add_parser("meeting", help="a month's stories by team, to read out (preferred "
                                     "names only)")
    a.add_argument("--month", metavar="YYYY-MM", help="the month (default: this month)")
    a.add_argument("--with-unknown", action="store_true",
                   help="also show the stories the young person does not know are shared "
                        "(marked; for the room only)")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.set_defaults(handler=cmd_meeting)


def _month(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    year, _, month = text.strip().partition("-")
    if (len(year) == 4 and year.isdigit() and month.isdigit()
            and 1 <= int(month) <= 12 and len(month) <= 2):
        return int(year), int(month)
    raise ValidationError.single("--month", f"'{text}' is not a month; write it as YYYY-MM, "
                                            "e.g. 2026-11")


def cmd_add(args: argparse.Namespace) -> int:
    c = Checker()
    born = c.date("--born", args.born, required=False)
    c.check()
    with _database(args) as database, _unit_of_work(database) as (session, say):
        nominee_id = goodnews.find_young_person(session, args.young_person, born=born)
        worker_id = goodnews.find_worker(session, args.worker) if args.worker else None
        story = goodnews.add_story(
            session, story_date=args.date or date.today(), nominee_id=nominee_id,
            worker_id=worker_id, team=args.team or "", story=args.story, why_proud=args.why,
            young_person_knows=KNOWS[args.knows])
        say(f"Recorded the good news of {story.story_date:%d/%m/%Y}"
            + (f" for {story.team}." if story.team else "."))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    month = _month(args.month)
    with _database(args) as database, database.read_session() as session:
        rows = goodnews.list_stories(session, search=args.search or "", month=month)
    if args.json:
        _out(json.dumps([{
            "id": r.id, "date": r.story_date.isoformat(), "young_person": r.young_person,
            "full_name": r.full_name, "worker": r.worker, "team": r.team, "story": r.story,
            "why_proud": r.why_proud, "young_person_knows": r.knows.value,
            "nomination": r.nomination_ref or None,
        } for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        became = f"  → {r.nomination_ref}" if r.nomination_ref else ""
        _out(f"{r.story_date:%d/%m/%Y}  {r.young_person} ({r.full_name})  "
             f"{r.worker or '—'}  {r.team or '—'}{became}")
        _out(f"    {r.story}")
        if r.why_proud:
            _out(f"    Why I'm proud: {r.why_proud}")
        if r.knows is not Answer.YES:
            _out(f"    The young person {goodnews.KNOWS_WORDS[r.knows]}.")
    if not rows:
        _out("No stories found." if args.search or month else "No good news recorded yet.")
    return 0


def cmd_goodnews_import(args: argparse.Namespace) -> int:
    args.kind = ImportKind.GOOD_NEWS.value
    return cmd_import(args)


def cmd_template(args: argparse.Namespace) -> int:
    path = write_template(ImportKind.GOOD_NEWS.value, Path(args.out))
    _out(f"Wrote the good news template to {path}.")
    return 0


def cmd_meeting(args: argparse.Namespace) -> int:
    today = date.today()
    year, month = _month(args.month) or (today.year, today.month)
    with _database(args) as database, database.read_session() as session:
        view = goodnews.meeting_view(session, year=year, month=month,
                                     with_unknown=args.with_unknown)
    if args.json:
        _out(json.dumps({
            "month": f"{year:04d}-{month:02d}", "kept_back": view.kept_back,
            "teams": [{"team": t.team, "stories": [{
                "date": s.story_date.isoformat(), "name": s.name, "worker": s.worker,
                "story": s.story, "why_proud": s.why_proud,
                "young_person_knows": s.knows.value} for s in t.stories]}
                for t in view.teams],
        }, ensure_ascii=False, indent=2))
        return 0
    for line in view.lines():
        _out(line)
    return 0
