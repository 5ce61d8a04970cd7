"""Generate and import 10,000 nominations; print rows/s. Target: the import in ≤ 2 s.

Run: python benchmarks/import_nominations.py [--rows N] [--repeat K]
The figure is the median of K imports, each into a fresh database (file creation excluded).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards_app.db.engine import open_database  # noqa: E402
from awards_app.services import catalogue
from awards_app.services.transfer import imports
from tests.factories import write_nominations_csv  # noqa: E402


def run_once(csv_path: Path, folder: Path, index: int) -> float:
    database = open_database(folder / f"bench-{index}.sqlite3")
    with database.session() as session:
        event_id = catalogue.create_event(
            session, name="Bench", year=2027, ceremony_date="2027-03-19"
        ).id
    started = time.perf_counter()
    with database.session() as session:
        imports.import_nominations(session, event_id=event_id, path=csv_path)
    elapsed = time.perf_counter() - started
    database.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = write_nominations_csv(folder / "nominations.csv", args.rows)
        times = [run_once(csv_path, folder, i) for i in range(args.repeat)]
    median = statistics.median(times)
    print(f"rows: {args.rows}")
    print(f"import time: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}, "
          f"{args.repeat} runs)")
    print(f"rows/s: {args.rows / median:,.0f}")
    print(f"target ≤ 2.000 s: {'met' if median <= 2.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
