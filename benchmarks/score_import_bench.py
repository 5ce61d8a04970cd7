"""Import 12,000 paper-score rows; print the time and the longest write-lock hold.
Targets on this machine: the whole import ≤ 1.5 s, the write lock held ≤ 0.3 s at a time.

Run: python benchmarks/score_import_bench.py [--rows N] [--repeat K] [--one-session] [--pg URL]

A generated event (the nine standard categories, one sponsor with three judges for each,
accepted nominations enough for N rows of three criteria) is built once in a temp folder;
each run imports the same scores file into a fresh copy of it, the way ``awards import
scores`` does: the file read and checked in a read session, then stored in one short write
session (``--one-session``: all of it in one write session, ``score_import.import_scores``).
Figures are medians of K runs (opening the copy excluded). The write lock is timed from
``BEGIN IMMEDIATE`` to the end of COMMIT (benchmarks/write_lock.py). ``--pg URL``: the event
is also copied to that PostgreSQL server (``awards move-to``), each run imports into a
server-side copy of it, and both figures are printed side by side (benchmarks/backends.py).
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, update  # noqa: E402

from awards_app.db.engine import open_database  # noqa: E402
from awards_app.db.models import Criterion, Judge, JudgeTotal, Nomination, Score  # noqa: E402
from awards_app.services import catalogue, judging  # noqa: E402
from awards_app.services.catalogue import categories, sponsors  # noqa: E402
from awards_app.services.transfer import importers, nominations_import, score_import  # noqa: E402
from benchmarks import backends  # noqa: E402
from benchmarks.write_lock import WriteLockTimer  # noqa: E402
from tests.factories import write_nominations_csv  # noqa: E402

CRITERIA_PER_CATEGORY = 3  # the standard categories' criteria
JUDGES_PER_CATEGORY = 3


def build(folder: Path, rows: int) -> tuple[Path, Path]:
    """The event database and its scores file (``rows`` rows, every one valid)."""
    path = folder / "base.sqlite3"
    database = open_database(path)
    with database.session() as session:
        event_id = catalogue.create_event(
            session, name="Bench", year=2027, ceremony_date="2027-03-19").id
        for category in categories.list_categories(session, event_id):
            sponsor = sponsors.create_sponsor(session, event_id=event_id,
                                              name=f"Sponsor of {category.name}")
            sponsors.sponsor_category(session, sponsor_id=sponsor.id, category_id=category.id)
            for n in range(JUDGES_PER_CATEGORY):
                sponsors.create_judge(session, sponsor_id=sponsor.id,
                                      name=f"Judge {n + 1} of {category.name}")
    per_nomination = CRITERIA_PER_CATEGORY * JUDGES_PER_CATEGORY
    csv_path = write_nominations_csv(folder / "nominations.csv", -(-rows // per_nomination))
    with database.session() as session:
        nominations_import.import_nominations(session, event_id=event_id, path=csv_path)
        session.execute(update(Nomination).values(status="accepted"))
    rng = random.Random(12)
    scores = folder / "scores.csv"
    with database.read_session() as session:
        judges = dict(session.execute(select(Judge.id, Judge.name)).all())
        numbers = dict(session.execute(select(Nomination.id, Nomination.number)).all())
        criteria: dict[int, list[str]] = {}
        for name, category_id in session.execute(
                select(Criterion.name, Criterion.category_id).order_by(Criterion.display_order)):
            criteria.setdefault(category_id, []).append(name)
        pairs = session.execute(judging.assignments_query(event_id)
                                .order_by(Judge.id, Nomination.id)).all()
        with scores.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["judge", "nomination_ref", "criterion", "score", "comment"])
            written = 0
            for judge_id, nomination_id, category_id in pairs:
                for i, criterion in enumerate(criteria[category_id]):
                    if written == rows:
                        break
                    comment = "Steady progress all year" if i == 0 and written % 7 == 0 else ""
                    out.writerow([judges[judge_id], f"N-{numbers[nomination_id]:04d}",
                                  criterion, rng.randint(1, 10), comment])
                    written += 1
    if written < rows:
        raise SystemExit(f"only {written} score rows could be made")
    database.close()
    return path, scores


def copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def run_once(db: str, scores: Path, one_session: bool) -> tuple[float, float, int]:
    """(seconds for the whole import, longest write-lock hold, scores stored) into ``db``, a
    new copy of the event."""
    database = open_database(db)
    timer = WriteLockTimer(database)
    with database.read_session() as session:
        event_id = session.scalar(select(func.min(Nomination.event_id)))
    assert event_id is not None
    timer.reset()
    started = time.perf_counter()
    if one_session:
        with database.session() as session:
            score_import.import_scores(session, event_id=event_id, path=scores)
    else:
        with database.read_session() as session:
            plan = importers.prepare(session, "scores", event_id=event_id, path=scores)
        with database.session() as session:
            importers.store(session, plan)
    elapsed = time.perf_counter() - started
    with database.read_session() as session:
        stored = session.scalar(select(func.count(Score.id))) or 0
        totals = session.scalar(select(func.count()).select_from(JudgeTotal)) or 0
        assert totals > 0
    timer.close()
    database.close()
    return elapsed, timer.longest, stored


def remove_file(db: str) -> None:
    for leftover in Path(db).parent.glob(f"{Path(db).name}*"):
        leftover.unlink()


def measure(args: argparse.Namespace, scores: Path, new_copy: Callable[[int], str],
            done: Callable[[str], None]) -> tuple[float, float]:
    """Every run into ``new_copy(i)`` of the event (``done`` with it afterwards); the figures
    printed, and (median import time, median longest write-lock hold)."""
    runs = backends.each_run(args.repeat, new_copy, done,
                             lambda db: run_once(db, scores, args.one_session))
    times = [r[0] for r in runs]
    holds = [r[1] for r in runs]
    assert all(r[2] == args.rows for r in runs), "every row is stored as a score"
    median = statistics.median(times)
    hold = statistics.median(holds)
    mode = "one write session" if args.one_session else "prepare (read) + store (write)"
    print(f"rows: {args.rows:,} ({mode})")
    print(f"import time: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}, "
          f"{args.repeat} runs)")
    print(f"rows/s: {args.rows / median:,.0f}")
    print(f"longest write-lock hold: median {hold:.3f} s (max {max(holds):.3f})")
    print(f"target import ≤ 1.500 s: {'met' if median <= 1.5 else 'NOT met'}")
    print(f"target write lock ≤ 0.300 s: {'met' if hold <= 0.3 else 'NOT met'}")
    return median, hold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one-session", action="store_true",
                        help="read, check and store in one write session (import_scores)")
    backends.add_pg_option(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, backends.pg_server(args.pg) as server:
        folder = Path(tmp)
        print("building the benchmark event…", flush=True)
        base, scores = build(folder, args.rows)

        def file_copy(index: int) -> str:
            path = folder / f"run-{index}.sqlite3"
            copy(base, path)
            return str(path)

        if server is not None:
            base_url = server.copy_of(base, "scores_base")
            backends.heading(backends.SQLITE)
        lite = measure(args, scores, file_copy, remove_file)
        if server is None:
            return
        backends.heading(backends.POSTGRESQL)
        pg = measure(args, scores, lambda i: server.clone(base_url, "scores"), server.drop)
    name = "score_import_bench"
    backends.report([
        backends.Figure(name, f"import {args.rows:,} scores (s)", lite[0], pg[0]),
        backends.Figure(name, "longest write-lock hold (s)", lite[1], pg[1]),
    ], args.figures)


if __name__ == "__main__":
    main()
