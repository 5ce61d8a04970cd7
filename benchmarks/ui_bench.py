"""Desktop window figures. Targets on this machine: first window painted ≤ 300 ms from process
start; with 50,000 nominations the Nominations page opens in ≤ 100 ms and each filter
keystroke takes ≤ 50 ms.

Run: python benchmarks/ui_bench.py [--runs N] [--nominations N] [--pg URL]
(offscreen unless DISPLAY is set). The 50,000-nomination database is built once and kept in
the temp folder. ``--pg URL``: it is also copied to that PostgreSQL server (``awards
move-to``, for this run only), the window is timed on both, and the figures are printed side
by side (benchmarks/backends.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import backends  # noqa: E402

NOMINATIONS = 50_000


def database_path(nominations: int) -> Path:
    size = "50k" if nominations == NOMINATIONS else str(nominations)
    return Path(tempfile.gettempdir()) / f"awards-ui-bench-{size}.sqlite3"


BIG_DB = database_path(NOMINATIONS)


def cold_start(runs: int, db: str = str(BIG_DB)) -> list[float]:
    """Process spawn → first paint of the main window (interpreter start included)."""
    times = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "awards_app", "--startup-benchmark", "--db", db],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT,
        )
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("first-paint"):
                times.append(time.perf_counter() - started)
                break
        child.wait(timeout=60)
    return times


def build_big_database(nominations: int = NOMINATIONS) -> Path:
    path = database_path(nominations)
    if path.exists():
        return path
    from awards_app.db.engine import open_database
    from awards_app.services import catalogue
    from awards_app.services.transfer import nominations_import
    from tests.factories import write_nominations_csv

    print(f"building the {nominations:,}-nomination database (once)…", flush=True)
    database = open_database(path)
    with database.session() as session:
        event_id = catalogue.create_event(
            session, name="Bench", year=2027, ceremony_date="2027-03-19").id
    with tempfile.TemporaryDirectory() as tmp:
        for part, start in enumerate(range(0, nominations, 10_000)):
            csv_path = write_nominations_csv(Path(tmp) / f"n{part}.csv",
                                             min(10_000, nominations - start), seed=part + 1)
            with database.session() as session:
                nominations_import.import_nominations(session, event_id=event_id, path=csv_path)
    database.close()
    return path


def nominations_page(runs: int, db: str = str(BIG_DB),
                     rows: int = NOMINATIONS) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

    from awards_app.db.engine import open_database
    from awards_app.ui.common.context import AppContext
    from awards_app.ui.common.navigation import PageId
    from awards_app.ui.main_window import MainWindow
    from awards_app.ui.nominations.page import NominationsPage

    app = QApplication.instance() or QApplication([])
    ctx = AppContext()
    window = MainWindow(ctx)
    window.resize(1280, 820)
    window.show()
    started = time.perf_counter()
    ctx.set_database(open_database(db))
    window.show_page(PageId.OVERVIEW)
    nominations = window.page(PageId.NOMINATIONS)
    assert isinstance(nominations, NominationsPage)
    while ctx.tasks.busy or nominations.model.total_count == 0:
        app.processEvents()
        time.sleep(0.001)
    load = time.perf_counter() - started
    figures: dict[str, list[float]] = {"background load (s)": [load], "open (ms)": [],
                                       "filter keystroke (ms)": []}
    for _ in range(runs):
        window.show_page(PageId.OVERVIEW)
        app.processEvents()
        t0 = time.perf_counter()
        window.show_page(PageId.NOMINATIONS)
        app.processEvents()  # lays out and paints the page
        figures["open (ms)"].append((time.perf_counter() - t0) * 1000)
        assert nominations.model.rowCount() == rows
        typed = ""
        for char in "team 3 worker 12":
            typed += char
            t0 = time.perf_counter()
            nominations.search.setText(typed)
            app.processEvents()  # runs the filter and repaints the table
            figures["filter keystroke (ms)"].append((time.perf_counter() - t0) * 1000)
        shown = nominations.model.rowCount()
        nominations.search.clear()
        app.processEvents()
    print(f"rows shown after typing 'team 3 worker 12': {shown}")
    window.close()
    ctx.set_database(None)
    return figures


def describe(name: str, values: list[float], target: float | None = None) -> float:
    median = statistics.median(values)
    verdict = ""
    if target is not None:
        verdict = f" (target ≤ {target:g}: {'met' if median <= target else 'NOT met'})"
    print(f"{name}: median {median:.3f}, min {min(values):.3f}, max {max(values):.3f}, "
          f"n={len(values)}{verdict}")
    return median


def measure(db: str, args: argparse.Namespace) -> dict[str, float]:
    """The window's figures on the database ``db``, printed; their medians by name."""
    n = args.nominations
    medians: dict[str, float] = {}
    starts = [t * 1000 for t in cold_start(args.runs, db)]
    medians["cold start to first painted window (ms)"] = describe(
        "cold start to first painted window (ms)", starts, 300)
    figures = nominations_page(args.runs, db, n)
    medians[f"background load of {n:,} rows (s)"] = describe(
        f"nominations: background load of {n:,} rows (s)", figures["background load (s)"])
    medians[f"nominations page open, {n:,} rows (ms)"] = describe(
        f"nominations page open with {n:,} rows (ms)", figures["open (ms)"], 100)
    medians["filter per keystroke (ms)"] = describe(
        f"filter per keystroke over {n:,} rows (ms)", figures["filter keystroke (ms)"], 50)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--nominations", type=int, default=NOMINATIONS,
                        help="the database's size (each size is built once and kept)")
    backends.add_pg_option(parser)
    args = parser.parse_args()
    path = build_big_database(args.nominations)
    with backends.pg_server(args.pg) as server:
        both = backends.on_both(server, path, "ui", lambda db: measure(db, args))
    if both is None:
        return
    lite, pg = both
    backends.report([backends.Figure("ui_bench", name, lite[name], pg[name]) for name in lite],
                    args.figures)


if __name__ == "__main__":
    main()
