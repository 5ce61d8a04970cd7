"""Moving a big database: 50,000 nominations × 3 judges × 3 criteria (450,000 scores), from a
SQLite file to an empty PostgreSQL database (``awards move-to``) and back to a new SQLite file
(what ``awards backup`` does on a server), each copied in one write and checked table by
table. Prints rows, seconds, rows a second and the process's peak memory.

Run: python benchmarks/move_bench.py --pg URL [--nominations N]
(URL: a login that may create databases, e.g. the test server's AWARDS_TEST_PG; the database
it makes is dropped at the end). The SQLite database is results_bench's, built once (about a
minute) and kept in the temp folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards_app.db import moving  # noqa: E402
from awards_app.db.copying import CopyReport  # noqa: E402
from benchmarks import backends, results_bench  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def show(label: str, report: CopyReport, seconds: float) -> None:
    print(f"{label}: {report.rows:,} rows in {len(report.tables)} tables, every count and "
          f"checksum matched: {seconds:.1f} s, {report.rows / seconds:,.0f} rows/s "
          f"(peak memory so far {peak_mb():.0f} MB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nominations", type=int, default=results_bench.NOMINATIONS)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get("AWARDS_TEST_PG", ""),
                        help="a PostgreSQL login that may create databases")
    args = parser.parse_args()
    if not args.pg:
        parser.error("give --pg URL (or set AWARDS_TEST_PG)")
    source = results_bench.build(args.nominations)
    size = source.stat().st_size / 1e6
    print(f"source: {source} ({size:.0f} MB); peak memory before {peak_mb():.0f} MB",
          flush=True)
    with backends.PgServer(args.pg) as server, \
            tempfile.TemporaryDirectory(prefix="awards-move-bench-") as tmp:
        target = server.create("move")
        started = time.perf_counter()
        up = moving.move_database(str(source), target)
        show("SQLite → PostgreSQL", up, time.perf_counter() - started)
        for table in sorted(up.tables, key=lambda t: -t.rows)[:4]:
            print(f"  {table.name:<18} {table.rows:>9,} rows  checked")
        back = Path(tmp) / "back.sqlite3"
        started = time.perf_counter()
        down = moving.move_database(target, str(back))
        show("PostgreSQL → SQLite file (a server backup)", down, time.perf_counter() - started)
        same = {t.name: t.checksum for t in up.tables} == {t.name: t.checksum for t in down.tables}
        print(f"checksums the same after the round trip: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
