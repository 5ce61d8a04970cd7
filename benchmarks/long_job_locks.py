"""The longest write-lock hold of each long job (goal ≤ 0.3 s): while one is held, a judge
pressing Save, or another window, waits. Prints one line per job.

Run: python benchmarks/long_job_locks.py [--nominations N]

On a temp database: the awarded demo event (every category judged and confirmed) plus N
imported nominations (default 10,000), then each job as the window and ``awards`` run it:
importing nominations (read and check, then one short write), a certificate run for every
confirmed placement (issue, draw outside any transaction, record), exporting the event to
JSON and loading it into a fresh database (read and check, then one short write). The lock is timed from ``BEGIN IMMEDIATE`` to the
end of COMMIT (benchmarks/write_lock.py). The score import has its own script
(score_import_bench.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards_app.db.engine import Database, open_database  # noqa: E402
from awards_app.services import catalogue, certificates  # noqa: E402
from awards_app.services.transfer import exports, importers  # noqa: E402
from awards_app.services.transfer.event_json import reader  # noqa: E402
from benchmarks.write_lock import WriteLockTimer  # noqa: E402
from tests.factories import award_demo, write_nominations_csv  # noqa: E402


def timed(label: str, database: Database, job: object) -> None:
    timer = WriteLockTimer(database)
    started = time.perf_counter()
    job()  # type: ignore[operator]
    elapsed = time.perf_counter() - started
    timer.close()
    print(f"{label:<44} whole {elapsed:6.2f} s   longest write-lock hold "
          f"{timer.longest:6.3f} s   ({len(timer.holds)} write transaction(s))", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nominations", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = open_database(folder / "bench.sqlite3")
        event_id = award_demo(database)
        csv_path = write_nominations_csv(folder / "nominations.csv", args.nominations, seed=3)

        # The demo's categories are confirmed and refuse new nominations: the import goes
        # into a new event with the standard categories (ceremony as the generator expects).
        with database.session() as s:
            open_event = catalogue.create_event(s, name="Bench", year=2027,
                                                ceremony_date="2027-03-19",
                                                make_current=False).id

        def import_into_open_event() -> None:
            with database.read_session() as s:
                plan = importers.prepare(s, "nominations", event_id=open_event, path=csv_path)
            with database.session() as s:
                importers.store(s, plan)

        timed(f"import {args.nominations:,} nominations", database, import_into_open_event)
        timed("certificate run (every confirmed placement)", database,
              lambda: certificates.generate(database, event_id, folder / "all.pdf"))
        json_path = folder / "event.json"
        with database.read_session() as s:
            exports.export_event(s, event_id=open_event, path=json_path)
        fresh = open_database(folder / "fresh.sqlite3")

        def load_event() -> None:
            with fresh.read_session() as s:  # read and check the file: no lock
                plan = reader.prepare(s, path=json_path)
            with fresh.session() as s:
                reader.store(s, plan)

        timed(f"load an exported event ({args.nominations:,} nominations)", fresh, load_event)
        fresh.close()
        database.close()


if __name__ == "__main__":
    main()
