"""``awards goodnews add|list|import|meeting|template`` against a real database."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from awards_app.core.enums import Answer
from awards_app.db.engine import Database
from awards_app.db.models import GoodNews
from tests.conftest import CliResult
from tests.services.goodnews.helpers import add_people, story

Cli = Callable[..., CliResult]


def _stories(db: Database) -> int:
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(GoodNews)) or 0)


def test_add_then_list_and_search(cli: Cli, db: Database, event_id: int) -> None:
    add_people(db)
    done = cli("goodnews", "add", "--young-person", "zoe hartley", "--worker",
               "PRIYA@example.org", "--date", "2026-11-03", "--story", "Passed her test.",
               "--why", "She kept going.", "--knows", "yes")
    assert done.code == 0, done.err
    assert done.out.strip() == "Recorded the good news of 03/11/2026 for North Leaving Care Team."
    assert cli("goodnews", "add", "--young-person", "Sam", "--date", "2026-10-01",
               "--story", "Got a job.").code == 0  # by preferred name
    listed = cli("goodnews", "list")
    assert listed.out.index("Passed her test.") < listed.out.index("Got a job.")
    assert "Zo (Zoë Hartley)" in listed.out and "not asked yet" in listed.out
    found = cli("goodnews", "list", "--search", "ZOE", "--json")
    rows = json.loads(found.out)
    assert [(r["young_person"], r["team"], r["young_person_knows"]) for r in rows] == [
        ("Zo", "North Leaving Care Team", "yes")]
    assert json.loads(cli("goodnews", "list", "--month", "2026-10", "--json").out)[0][
        "story"] == "Got a job."


def test_add_refuses_in_words_and_stores_nothing(cli: Cli, db: Database, event_id: int) -> None:
    add_people(db)
    unknown = cli("goodnews", "add", "--young-person", "Nobody Known", "--story", "x")
    assert unknown.code == 2
    assert "no young person called 'Nobody Known' is recorded" in unknown.err
    assert "nothing was stored" in unknown.err
    empty = cli("goodnews", "add", "--young-person", "Zoe Hartley", "--story", " ")
    assert empty.code == 2 and "Story: is empty" in empty.err
    bad_month = cli("goodnews", "list", "--month", "11-2026")
    assert bad_month.code == 2 and "write it as YYYY-MM" in bad_month.err
    assert "Traceback" not in unknown.err + empty.err + bad_month.err
    assert _stories(db) == 0


def test_meeting_by_team_with_preferred_names_only(cli: Cli, db: Database, event_id: int) -> None:
    p = add_people(db)
    with db.session() as s:
        story(s, p.zoe, worker_id=p.priya, on=date(2026, 11, 4), text="Passed her test.")
        story(s, p.sam, worker_id=p.tom, on=date(2026, 11, 8), text="Secret.", knows=Answer.NO)
    shown = cli("goodnews", "meeting", "--month", "2026-11")
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert lines[0] == "Good news — November 2026"
    assert "North Leaving Care Team" in lines and "Zo — 4 November (told by Priya Raman)" in lines
    assert "Hartley" not in shown.out and "Secret." not in shown.out
    assert "1 story is not shown" in shown.out
    data = json.loads(cli("goodnews", "meeting", "--month", "2026-11", "--with-unknown",
                          "--json").out)
    assert [t["team"] for t in data["teams"]] == ["North Leaving Care Team",
                                                  "South Leaving Care Team"]
    assert data["teams"][1]["stories"][0]["name"] == "Sam" and data["kept_back"] == 0


def test_import_twice_and_the_template(cli: Cli, db: Database, event_id: int,
                                      tmp_path: Path) -> None:
    add_people(db)
    template = tmp_path / "good_news.csv"
    assert cli("goodnews", "template", "--out", str(template)).code == 0
    with template.open(encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh))
    path = tmp_path / "stories.csv"

    def write(rows: list[dict[str, str]]) -> None:
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, header)
            writer.writeheader()
            writer.writerows(rows)

    first = {"story_date": "2026-11-03", "nominee_first_name": "Zoë",
             "nominee_last_name": "Hartley", "story": "Passed her test.",
             "worker_email": "priya@example.org", "worker_name": "Priya Raman"}
    write([first])
    checked = cli("goodnews", "import", str(path), "--dry-run")
    assert checked.code == 0 and "ready to import" in checked.out and _stories(db) == 0
    assert cli("goodnews", "import", str(path)).out.strip() == (
        "Imported 1 row (1 good-news story).")
    write([first, {**first, "story": "Started college.", "nominee_first_name": "Samir",
                   "nominee_last_name": "Khan"}])
    again = cli("goodnews", "import", str(path))
    assert again.out.startswith("1 new, 1 already imported"), again.out
    assert _stories(db) == 2
    write([{**first, "nominee_first_name": "Nobody", "story": "x"}])
    bad = cli("goodnews", "import", str(path))
    assert bad.code == 2 and "Row 2, 'nominee_date_of_birth'" in bad.err
    assert _stories(db) == 2
