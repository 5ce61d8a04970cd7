"""What checking a database costs when it is opened: SQLite's quick_check (pages and rows,
not indexes), its full integrity_check (also every index against its table), the schema
comparison, and the whole open. On the demo event and on 50,000 nominations × 3 judges ×
3 criteria (the results benchmark's database, built once, about a minute).

Run: python benchmarks/open_check_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards_app.db import schema_check  # noqa: E402
from awards_app.db.engine import open_database  # noqa: E402
from awards_app.services import demo  # noqa: E402
from benchmarks import results_bench  # noqa: E402


def _median(repeat: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _pragma(path: Path, pragma: str) -> Callable[[], object]:
    def run() -> object:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    return run


def _schema(path: Path) -> Callable[[], object]:
    def run() -> object:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return schema_check.schema_differences(conn)
        finally:
            conn.close()
    return run


def report(label: str, path: Path, repeat: int) -> None:
    open_database(path).close()  # upgraded once, so the timings below are of opening only
    size = path.stat().st_size / 1e6
    print(f"{label} ({size:.1f} MB)", flush=True)
    for name, job in (("quick_check", _pragma(path, "quick_check")),
                      ("integrity_check", _pragma(path, "integrity_check")),
                      ("schema comparison", _schema(path)),
                      ("whole open (all of it)", lambda: open_database(path).close())):
        print(f"  {name:<24} median {_median(repeat, job):.3f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite3"
        database = open_database(path)
        with database.session() as session:
            demo.create_demo_event(session)
        database.close()
        report("demo event: 54 nominations", path, args.repeat)
    results_bench.build()
    report("50,000 nominations, 450,000 scores", results_bench.DB, args.repeat)


if __name__ == "__main__":
    main()
