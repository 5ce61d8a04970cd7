"""Many judges saving at once: N judges, each in a process of its own with its own connection,
save S score sets (every criterion of one nomination, as the judging window saves them) as
fast as they can, all starting together. Prints how many saves were lost (scores expected
against scores stored), and the save latency (p50, p95, max) as a judge would feel it: from
asking to save until it is committed, waits for the other writers included.

    python benchmarks/many_judges.py                         # a new SQLite file
    python benchmarks/many_judges.py --db postgresql+psycopg://me@server/empty_db
    python benchmarks/many_judges.py --judges 30 --sets 50   # the defaults
    python benchmarks/many_judges.py --pace 1.0              # each judge saves once a second
    python benchmarks/many_judges.py --exclusive             # every save has the lock alone

As fast as they can, the judges' processes keep both cores busy, so each save waits for the
CPU more than for the database: the latency is about judges × CPU per save / cores. ``--pace
S`` starts each judge's saves S seconds apart (a person takes far longer between saves), so
the figures show what the database adds. Saves are made as the judging window makes them:
scores-only units of work, which on PostgreSQL share the write lock (``--exclusive``: each
save takes it alone, as every other write does).

The database must be new or empty: the script fills it with one event, one sponsor judging
every category, its judges and enough accepted nominations for every judge's sets.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, update  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from awards_app.db.engine import open_database  # noqa: E402
from awards_app.db.models import Criterion, Nomination, Score  # noqa: E402
from awards_app.services import catalogue, judging  # noqa: E402
from awards_app.services.catalogue import categories, sponsors  # noqa: E402
from awards_app.services.judging import scores as score_service  # noqa: E402
from awards_app.services.transfer import nominations_import  # noqa: E402
from tests.factories import write_nominations_csv  # noqa: E402

Work = list[tuple[int, list[int]]]  # (nomination id, its criteria ids)


def build(url: str, judges: int, sets: int) -> tuple[list[int], Work]:
    """The event, its judges, and the nominations each judge scores (the same for all)."""
    database = open_database(url)
    try:
        with database.session() as session:
            event_id = catalogue.create_event(
                session, name="Many judges", year=2027, ceremony_date="2027-03-19").id
            sponsor = sponsors.create_sponsor(session, event_id=event_id, name="Bench sponsor")
            for category in categories.list_categories(session, event_id):
                sponsors.sponsor_category(session, sponsor_id=sponsor.id,
                                          category_id=category.id)
            judge_ids = [sponsors.create_judge(session, sponsor_id=sponsor.id,
                                               name=f"Judge {n + 1}").id
                         for n in range(judges)]
        with tempfile.TemporaryDirectory() as tmp:
            path = write_nominations_csv(Path(tmp) / "n.csv", sets, seed=5)
            with database.session() as session:
                nominations_import.import_nominations(session, event_id=event_id, path=path)
        with database.session() as session:
            session.execute(update(Nomination).values(status="accepted"))
        with database.read_session() as session:
            criteria: dict[int, list[int]] = {}
            for criterion_id, category_id in session.execute(
                    select(Criterion.id, Criterion.category_id).order_by(Criterion.id)):
                criteria.setdefault(category_id, []).append(criterion_id)
            work = [(nomination_id, criteria[category_id])
                    for nomination_id, category_id in session.execute(
                        select(Nomination.id, Nomination.category_id).order_by(Nomination.id))]
        return judge_ids, work[:sets]
    finally:
        database.close()


def judge(url: str, judge_id: int, work: Work, start: object, out: object, pace: float,
          exclusive: bool) -> None:
    """One judge's process: wait for the start, save every set (``pace`` seconds apart, or
    as fast as it can for 0), report the latencies."""
    database = open_database(url)
    rng = random.Random(judge_id)
    latencies: list[float] = []
    start.wait()  # type: ignore[attr-defined]
    first = time.perf_counter() + rng.random() * pace  # judges do not all save in step
    for index, (nomination_id, criteria) in enumerate(work):
        if pace:
            time.sleep(max(0.0, first + index * pace - time.perf_counter()))
        values: dict[int, int | None] = {c: rng.randint(1, 10) for c in criteria}

        def save(session: Session, n: int = nomination_id,
                 v: dict[int, int | None] = values) -> None:
            score_service.save_scores(session, judge_id=judge_id, nomination_id=n, scores=v,
                                      comment="Bench")

        began = time.perf_counter()
        database.write_patiently(save, scores_only=not exclusive)  # as the judging window
        latencies.append(time.perf_counter() - began)
    database.close()
    out.put(latencies)  # type: ignore[attr-defined]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--judges", type=int, default=30)
    parser.add_argument("--sets", type=int, default=50)
    parser.add_argument("--pace", type=float, default=0.0,
                        help="seconds between one judge's saves (default: as fast as it can)")
    parser.add_argument("--exclusive", action="store_true",
                        help="every save takes the write lock alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "many-judges.sqlite3")
        judge_ids, work = build(url, args.judges, args.sets)
        expected = len(judge_ids) * sum(len(criteria) for _n, criteria in work)
        context = multiprocessing.get_context("spawn")
        start, out = context.Barrier(len(judge_ids) + 1), context.Queue()
        processes = [context.Process(target=judge, args=(url, j, work, start, out, args.pace,
                                                         args.exclusive))
                     for j in judge_ids]
        for process in processes:
            process.start()
        start.wait()
        began = time.perf_counter()
        per_judge = [out.get(timeout=600) for _ in processes]
        latencies = [t for judge_latencies in per_judge for t in judge_latencies]
        warm = [t for judge_latencies in per_judge for t in judge_latencies[1:]]
        wall = time.perf_counter() - began
        for process in processes:
            process.join()
        database = open_database(url)
        with database.read_session() as session:
            stored = session.scalar(select(func.count()).select_from(Score)) or 0
            event_id = session.scalars(select(Nomination.event_id).limit(1)).one()
            assigned = session.execute(judging.assignments_query(event_id)).all()
        database.close()
    backend = "PostgreSQL" if "postgresql" in url else "SQLite"
    how = (f"one save every {args.pace:g} s each" if args.pace else "as fast as they can")
    lock = "each save holding the write lock alone" if args.exclusive else "scores-only saves"
    print(f"{backend}: {len(judge_ids)} judges × {len(work)} score sets "
          f"({len(assigned):,} judge × nomination pairs), {how}, {lock}: "
          f"{len(latencies):,} saves in {wall:.1f} s ({len(latencies) / wall:.0f}/s)")
    print(f"  lost: {expected - stored} of {expected:,} scores")
    print(f"  save latency: p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms")
    print(f"  after each judge's first save (caches warm): p50 "
          f"{statistics.median(warm) * 1000:.1f} ms, p95 {percentile(warm, 0.95) * 1000:.1f} ms, "
          f"max {max(warm) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
