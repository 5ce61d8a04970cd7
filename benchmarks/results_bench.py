"""Time to rank every category: 50,000 nominations × 3 judges × 3 criteria (450,000 scores).
Target on this machine: ≤ 0.5 s.

Run: python benchmarks/results_bench.py [--repeat N]
The database is built once (about a minute) and kept in the temp folder.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, update  # noqa: E402

from awards_app.db.engine import open_database  # noqa: E402
from awards_app.db.models import Criterion, Nomination, Score  # noqa: E402
from awards_app.services import categories, events, imports, judging, results, sponsors  # noqa: E402
from tests.factories import write_nominations_csv  # noqa: E402

DB = Path(tempfile.gettempdir()) / "awards-results-bench-50k.sqlite3"


def build() -> None:
    if DB.exists():
        return
    print("building the benchmark database (once)…", flush=True)
    database = open_database(DB)
    with database.session() as session:
        event_id = events.create_event(
            session, name="Bench", year=2027, ceremony_date="2027-03-19").id
        for category in categories.list_categories(session, event_id):
            sponsor = sponsors.create_sponsor(session, event_id=event_id,
                                              name=f"Sponsor of {category.name}")
            sponsors.sponsor_category(session, sponsor_id=sponsor.id, category_id=category.id)
            for n in range(3):
                sponsors.create_judge(session, sponsor_id=sponsor.id, name=f"Judge {n} {category.id}")
    with tempfile.TemporaryDirectory() as tmp:
        for part in range(5):
            path = write_nominations_csv(Path(tmp) / f"n{part}.csv", 10_000, seed=part + 11)
            with database.session() as session:
                imports.import_nominations(session, event_id=event_id, path=path)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    build()
    database = open_database(DB)
    times = []
    with database.read_session() as session:
        event_id = events.require_current_event(session).id
        for _ in range(args.repeat):
            started = time.perf_counter()
            ranked = results.category_results(session, event_id)
            times.append(time.perf_counter() - started)
    rows = sum(len(r.ranking) for r in ranked)
    median = statistics.median(times)
    print(f"ranked {len(ranked)} categories, {rows:,} nominations")
    print(f"time to rank all categories: median {median:.3f} s (min {min(times):.3f}, "
          f"max {max(times):.3f}, {args.repeat} runs)")
    print(f"target ≤ 0.500 s: {'met' if median <= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
