"""Generate and import 10,000 nominations; print rows/s and the longest write-lock hold.
Targets: the import in ≤ 2 s; the write lock held ≤ 0.3 s at a time.

Run: python benchmarks/import_nominations.py [--rows N] [--repeat K] [--one-session] [--pg URL]
The figures are medians of K imports, each into a fresh database (file creation excluded),
made the way ``awards import nominations`` makes them: the file read and checked in a read
session, then stored in one short write session (``--one-session``: all of it in one write
session, ``nominations_import.import_nominations``). The write lock is timed from ``BEGIN IMMEDIATE``
to the end of COMMIT (benchmarks/write_lock.py). ``--pg URL``: the same imports also into new
databases on that PostgreSQL server (made from one migrated copy; see benchmarks/backends.py),
then both figures side by side.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards_app.db.engine import open_database  # noqa: E402
from benchmarks import backends  # noqa: E402
from awards_app.services import catalogue  # noqa: E402
from awards_app.services.transfer import importers, nominations_import  # noqa: E402
from benchmarks.write_lock import WriteLockTimer  # noqa: E402
from tests.factories import write_nominations_csv  # noqa: E402


def run_once(csv_path: Path, db: str, one_session: bool) -> tuple[float, float]:
    """(seconds for the import, longest write-lock hold) into the new database ``db``."""
    database = open_database(db)
    with database.session() as session:
        event_id = catalogue.create_event(
            session, name="Bench", year=2027, ceremony_date="2027-03-19"
        ).id
    timer = WriteLockTimer(database)
    started = time.perf_counter()
    if one_session:
        with database.session() as session:
            nominations_import.import_nominations(session, event_id=event_id, path=csv_path)
    else:
        with database.read_session() as session:
            plan = importers.prepare(session, "nominations", event_id=event_id, path=csv_path)
        with database.session() as session:
            importers.store(session, plan)
    elapsed = time.perf_counter() - started
    timer.close()
    database.close()
    return elapsed, timer.longest


def print_figures(args: argparse.Namespace, runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The figures' lines; (median import time, median longest write-lock hold)."""
    times = [r[0] for r in runs]
    holds = [r[1] for r in runs]
    median = statistics.median(times)
    hold = statistics.median(holds)
    mode = "one write session" if args.one_session else "prepare (read) + store (write)"
    print(f"rows: {args.rows} ({mode})")
    print(f"import time: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}, "
          f"{args.repeat} runs)")
    print(f"rows/s: {args.rows / median:,.0f}")
    print(f"longest write-lock hold: median {hold:.3f} s (max {max(holds):.3f})")
    print(f"target ≤ 2.000 s: {'met' if median <= 2.0 else 'NOT met'}")
    print(f"target write lock ≤ 0.300 s: {'met' if hold <= 0.3 else 'NOT met'}")
    return median, hold


def measure(args: argparse.Namespace, csv_path: Path,
            new_database: Callable[[int], str], done: Callable[[str], None]
            ) -> tuple[float, float]:
    """Every run into a database ``new_database(i)`` gives (``done`` with it afterwards);
    the figures printed, and their medians."""
    runs = backends.each_run(args.repeat, new_database, done,
                             lambda db: run_once(csv_path, db, args.one_session))
    return print_figures(args, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one-session", action="store_true",
                        help="read, check and store in one write session (import_nominations)")
    backends.add_pg_option(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, backends.pg_server(args.pg) as server:
        folder = Path(tmp)
        csv_path = write_nominations_csv(folder / "nominations.csv", args.rows)
        if server is not None:
            backends.heading(backends.SQLITE)
        lite = measure(args, csv_path, lambda i: str(folder / f"bench-{i}.sqlite3"),
                       lambda db: None)
        if server is None:
            return
        backends.heading(backends.POSTGRESQL)
        pg = measure(args, csv_path, lambda i: server.migrated("import"), server.drop)
    name = "import_nominations"
    backends.report([
        backends.Figure(name, f"import {args.rows:,} nominations (s)", lite[0], pg[0]),
        backends.Figure(name, "longest write-lock hold (s)", lite[1], pg[1]),
    ], args.figures)


if __name__ == "__main__":
    main()
