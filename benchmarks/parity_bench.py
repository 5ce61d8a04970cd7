"""Time to count the parity figures (services/parity.py) for 50,000 nominations, 600
placements, 600 certificates and 20,000 good-news stories across 60 teams.
Target on this machine: well under a second (the Overview refreshes it).

Run: python benchmarks/parity_bench.py [--repeat N]
The database is built once (rows written straight into the tables) in the temp folder.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from awards_app.db.engine import open_database  # noqa: E402
from awards_app.db.models import (  # noqa: E402
    Category,
    Certificate,
    ConfirmedPlacement,
    GoodNews,
    Nomination,
    Nominee,
    Worker,
)
from awards_app.services import catalogue, parity  # noqa: E402

DB = Path(tempfile.gettempdir()) / "awards-parity-bench-50k.sqlite3"
NOMINATIONS, PLACED, STORIES, TEAMS = 50_000, 600, 20_000, 60


def build() -> int:
    database = open_database(DB)
    try:
        with database.session() as s:
            existing = s.scalar(select(Category.event_id).limit(1))
            if existing is not None:
                return int(existing)
            event_id = catalogue.create_event(s, name="Bench", year=2027,
                                              ceremony_date="2027-03-19").id
        print("building the benchmark database (once)…", flush=True)
        rng = random.Random(14)
        with database.session() as s:
            categories = list(s.scalars(select(Category.id).where(Category.event_id == event_id)))
            s.execute(insert(Worker), [{"name": f"W{i}", "email": f"w{i}@x.example",
                                        "team": f"Team {i % TEAMS}" if i % 17 else ""}
                                       for i in range(300)])
            workers = list(s.scalars(select(Worker.id)))
            s.execute(insert(Nominee), [
                {"first_name": f"F{i}", "last_name": f"L{i}", "preferred_name": f"F{i}",
                 "date_of_birth": date(2006, 1, 1) + timedelta(days=i % 3000),
                 "out_of_area": rng.random() < 0.2} for i in range(NOMINATIONS)])
            nominees = list(s.scalars(select(Nominee.id)))
            statuses = ["submitted", "accepted", "shortlisted", "draft", "withdrawn"]
            s.execute(insert(Nomination), [
                {"event_id": event_id, "number": i + 1, "category_id": categories[i % 9],
                 "nominee_id": nominees[i], "worker_id": rng.choice(workers), "success": "s",
                 "obstacles": "o", "status": rng.choice(statuses)} for i in range(NOMINATIONS)])
            placed = rng.sample(list(s.execute(select(Nomination.id, Nomination.category_id))),
                                PLACED)
            s.execute(insert(ConfirmedPlacement), [
                {"category_id": c, "nomination_id": n, "placement": "winner"} for n, c in placed])
            s.execute(insert(Certificate), [
                {"event_id": event_id, "nomination_id": n, "code": f"C{n:012d}",
                 "design": "winner", "placement": "winner", "recipient_name": "Y",
                 "category_name": "C", "event_name": "E", "event_year": 2027,
                 "verification_text": "v", "qr_mask": 0} for n, _c in placed])
            s.execute(insert(GoodNews), [
                {"story_date": date(2026, 4, 1) + timedelta(days=i % 360),
                 "nominee_id": rng.choice(nominees), "worker_id": rng.choice(workers),
                 "team": "", "story": "Good"} for i in range(STORIES)])
        return event_id
    finally:
        database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    event_id = build()
    database = open_database(DB)
    try:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            with database.read_session() as s:
                report = parity.parity(s, event_id)
            times.append(time.perf_counter() - start)
        total = report.area.total
        print(f"{total.figure(parity.Stage.NOMINATIONS).count:,} nominations counted, "
              f"{len(report.teams.groups)} teams, {len(report.findings)} findings")
        print(f"parity(): median {statistics.median(times) * 1000:.0f} ms, "
              f"best {min(times) * 1000:.0f} ms over {args.repeat} runs")
    finally:
        database.close()


if __name__ == "__main__":
    main()
