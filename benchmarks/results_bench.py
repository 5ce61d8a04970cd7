"""Time to rank every category: 50,000 nominations × 3 judges × 3 criteria (450,000 scores).
Target on this machine: ≤ 0.5 s.

Run: python benchmarks/results_bench.py [--repeat N] [--nominations N] [--pg URL]
The database is built once (about a minute) and kept in the temp folder; delete it after
changing migration 0004's schema in place (its revision stays "0004", so nothing else notices).
``--pg URL``: the same database is also copied to that PostgreSQL server (``awards move-to``,
for this run only) and ranked there, and both figures are printed side by side
(benchmarks/backends.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, update  # noqa: E402

from awards_app.db.engine import open_database  # noqa: E402
from awards_app.db.models import Criterion, Nomination, Score  # noqa: E402
from awards_app.services.catalogue import categories
from awards_app.services import catalogue
from awards_app.services import events
from awards_app.services.transfer import nominations_import
from awards_app.services import judging
from awards_app.services.judging import results
from awards_app.services.judging import results_cache
from awards_app.services.catalogue import sponsors
from benchmarks import backends  # noqa: E402
from tests.factories import write_nominations_csv  # noqa: E402

NOMINATIONS = 50_000


def database_path(nominations: int) -> Path:
    size = "50k" if nominations == NOMINATIONS else str(nominations)
    return Path(tempfile.gettempdir()) / f"awards-results-bench-{size}.sqlite3"


DB = database_path(NOMINATIONS)  # the default size's (benchmarks/open_check_bench.py)


def build(nominations: int = NOMINATIONS) -> Path:
    path = database_path(nominations)
    if path.exists():
        return path
    print("building the benchmark database (once)…", flush=True)
    database = open_database(path)
    with database.session() as session:
        event_id = catalogue.create_event(
            session, name="Bench", year=2027, ceremony_date="2027-03-19").id
        for category in categories.list_categories(session, event_id):
            sponsor = sponsors.create_sponsor(session, event_id=event_id,
                                              name=f"Sponsor of {category.name}")
            sponsors.sponsor_category(session, sponsor_id=sponsor.id, category_id=category.id)
            for n in range(3):
                sponsors.create_judge(session, sponsor_id=sponsor.id, name=f"Judge {n} {category.id}")
    with tempfile.TemporaryDirectory() as tmp:
        for part, start in enumerate(range(0, nominations, 10_000)):
            csv_path = write_nominations_csv(Path(tmp) / f"n{part}.csv",
                                             min(10_000, nominations - start), seed=part + 11)
            with database.session() as session:
                nominations_import.import_nominations(session, event_id=event_id, path=csv_path)
    rng = random.Random(3)
    with database.session() as session:
        session.execute(update(Nomination).values(status="accepted"))
        criteria: dict[int, list[int]] = {}
        for criterion_id, category_id in session.execute(select(Criterion.id, Criterion.category_id)):
            criteria.setdefault(category_id, []).append(criterion_id)
        pairs = session.execute(judging.assignments_query(event_id)).all()
        rows = [{"judge_id": j, "nomination_id": n, "criterion_id": c, "value": rng.randint(1, 10)}
                for j, n, cat in pairs for c in criteria[cat]]
        for start in range(0, len(rows), 50_000):
            session.execute(insert(Score.__table__), rows[start:start + 50_000])
        judging.refresh_totals(session, event_id=event_id)  # what save_scores does per judge
        print(f"{len(pairs):,} judge × nomination pairs, {len(rows):,} scores", flush=True)
    database.close()
    return path


def _timed(repeat: int, job: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return times


def _report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label}: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}, "
          f"{len(times)} runs)")
    return median


def measure(db: str, args: argparse.Namespace) -> tuple[float, float, float]:
    """The figures on the database ``db``, printed; (storing every nomination's statistics,
    median time to rank all categories, median without stored statistics)."""
    database = open_database(db)
    with database.session() as session:
        event = events.require_current_event(session)
        event_id = event.id
        event.normalised_results = args.normalised
        # What importing scores (or a judging session) leaves behind: stored statistics.
        started = time.perf_counter()
        results_cache.refresh(session, event_id)
        refresh_seconds = time.perf_counter() - started
    with database.read_session() as session:
        ranked = results.category_results(session, event_id)
        rows = sum(len(r.ranking) for r in ranked)
        mode = "normalised" if args.normalised else "raw"
        print(f"ranked {len(ranked)} categories, {rows:,} nominations ({mode} scores)")
        print(f"storing every nomination's statistics after a full score import: "
              f"{refresh_seconds:.3f} s (once)")
        median = _report("time to rank all categories",
                         _timed(args.repeat, lambda: results.category_results(session, event_id)))
        afresh = _report("without stored statistics (computed afresh in SQL)",
                         _timed(max(1, args.repeat // 2),
                                lambda: results_cache.compute(session, event_id)))
    database.close()
    print(f"target ≤ 0.500 s: {'met' if median <= 0.5 else 'NOT met'}")
    return refresh_seconds, median, afresh


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--normalised", action="store_true",
                        help="rank by normalised scores (z-scores per judge)")
    parser.add_argument("--nominations", type=int, default=NOMINATIONS,
                        help="the database's size (each size is built once and kept)")
    backends.add_pg_option(parser)
    args = parser.parse_args()
    path = build(args.nominations)
    with backends.pg_server(args.pg) as server:
        both = backends.on_both(server, path, "results", lambda db: measure(db, args))
    if both is None:
        return
    lite, pg = both
    name = "results_bench"
    mode = "normalised" if args.normalised else "raw"
    backends.report([
        backends.Figure(name, f"rank all categories, {args.nominations:,} nominations, {mode} (s)",
                        lite[1], pg[1]),
        backends.Figure(name, "computed afresh in SQL (s)", lite[2], pg[2]),
        backends.Figure(name, "store every nomination's statistics (s, once)", lite[0], pg[0]),
    ], args.figures)


if __name__ == "__main__":
    main()
