"""Search that ignores case and accents, over 50,000 nominations. Target: ≤ 50 ms a keystroke.

Run: python benchmarks/search_bench.py [--rows N] [--runs K] [--no-window]   (offscreen
unless DISPLAY is set)

1. The table model (``RowTableModel`` with the Nominations page's columns and search text):
   the time to set N rows (each row's folded search key is made here, once), against the
   plain lower-casing it replaced; then each keystroke of a few queries typed one character
   at a time (the query folded once, then one substring test per row and word).
2. The real Nominations page in the main window over a database of 50,000 nominations (built
   once in the temp folder, shared with ``ui_bench.py``): each keystroke from ``setText`` to the
   repainted table.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from awards_app.core.enums import NominationStatus  # noqa: E402
from awards_app.services.nominations.forms import NominationRow  # noqa: E402
from tests.factories import CATEGORIES, FIRST, LAST  # noqa: E402

#: what people type (the plain spellings), each typed one character at a time
QUERIES = ("zoe", "lukasz", "soren", "nguyen", "obrien", "sevval yilmaz", "ليلى", "n-0042",
           "education star team 3")
MORE_FIRST = ["Łukasz", "Søren", "Æsa", "Şevval", "ليلى", "Олена", "Νίκος", "Zoë", "Siobhán"]
MORE_LAST = ["O'Brien", "Yılmaz", "Nguyễn", "Jónsdóttir", "حداد", "Коваленко", "Straße"]
TARGET_MS = 50.0


def make_rows(count: int, seed: int = 13) -> list[NominationRow]:
    rng = random.Random(seed)
    first, last = FIRST + MORE_FIRST, LAST + MORE_LAST
    rows = []
    for i in range(count):
        given, family = rng.choice(first), rng.choice(last)
        worker = rng.randrange(60)
        rows.append(NominationRow(
            id=i + 1, ref=f"N-{i + 1:04d}", nominee_id=i + 1, nominee=given,
            nominee_full=f"{given} {family}-{i}", category_id=i % 9 + 1,
            category=CATEGORIES[i % len(CATEGORIES)], worker=f"Worker {worker}",
            team=f"Team {worker % 5}", status=NominationStatus.SUBMITTED, consent="complete",
            updated_at=datetime(2027, 1, 1)))
    return rows


def model_figures(count: int, runs: int) -> None:
    from PySide6.QtWidgets import QApplication

    from awards_app.ui.common.table_model import RowTableModel
    from awards_app.ui.nominations.page import _search_text, nomination_columns

    _app = QApplication.instance() or QApplication([])
    rows = make_rows(count)
    with_accents = sum(not _search_text(r).isascii() for r in rows)
    print(f"model: {count:,} rows ({with_accents:,} with letters beyond ASCII)")

    set_times, before = [], []
    model: RowTableModel[NominationRow] = RowTableModel(nomination_columns(),
                                                         search_text=_search_text)
    for _ in range(runs):
        t0 = time.perf_counter()
        model.set_rows(rows)
        set_times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()  # what set_rows made before: the search text lower-cased
        [_search_text(r).casefold() for r in rows]
        before.append((time.perf_counter() - t0) * 1000)
    describe("  set rows, folding every row's search key (ms)", set_times)
    describe("  (the search text only lower-cased, as before) (ms)", before)

    every: list[float] = []
    for query in QUERIES:
        per_query: list[float] = []
        for _ in range(runs):
            model.set_filter("")
            for end in range(1, len(query) + 1):
                t0 = time.perf_counter()
                model.set_filter(query[:end])
                per_query.append((time.perf_counter() - t0) * 1000)
        every += per_query
        print(f"  '{query}': {model.rowCount():,} rows found; keystroke median "
              f"{statistics.median(per_query):.2f} ms, max {max(per_query):.2f} ms")
    describe("  model filter per keystroke, all queries (ms)", every, TARGET_MS)


def window_figures(runs: int) -> None:
    from PySide6.QtWidgets import QApplication

    from awards_app.db.engine import open_database
    from awards_app.ui.common.context import AppContext
    from awards_app.ui.common.navigation import PageId
    from awards_app.ui.main_window import MainWindow
    from awards_app.ui.nominations.page import NominationsPage
    from benchmarks.ui_bench import BIG_DB, build_big_database

    build_big_database()
    app = QApplication.instance() or QApplication([])
    ctx = AppContext()
    window = MainWindow(ctx)
    window.resize(1280, 820)
    window.show()
    ctx.set_database(open_database(BIG_DB))
    window.show_page(PageId.NOMINATIONS)
    page = window.page(PageId.NOMINATIONS)
    assert isinstance(page, NominationsPage)
    while ctx.tasks.busy or page.model.total_count == 0:
        app.processEvents()
        time.sleep(0.001)
    print(f"window: the Nominations page with {page.model.total_count:,} nominations")
    every: list[float] = []
    for query in ("zoe", "lucja", "nguyen", "oconnor", "n-0042", "team 3 worker 12"):
        per_query: list[float] = []
        for _ in range(runs):
            page.search.clear()
            app.processEvents()
            for end in range(1, len(query) + 1):
                t0 = time.perf_counter()
                page.search.setText(query[:end])
                app.processEvents()  # runs the filter and repaints the table
                per_query.append((time.perf_counter() - t0) * 1000)
        every += per_query
        print(f"  '{query}': {page.model.rowCount():,} rows found; keystroke median "
              f"{statistics.median(per_query):.2f} ms, max {max(per_query):.2f} ms")
    describe("  window keystroke (filter + repaint), all queries (ms)", every, TARGET_MS)
    window.close()
    ctx.set_database(None)


def describe(name: str, values: list[float], target: float | None = None) -> None:
    median = statistics.median(values)
    verdict = ""
    if target is not None:
        verdict = f" (target ≤ {target:g}: {'met' if max(values) <= target else 'NOT met'})"
    print(f"{name}: median {median:.2f}, min {min(values):.2f}, max {max(values):.2f}, "
          f"n={len(values)}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-window", action="store_true", help="the model figures only")
    args = parser.parse_args()
    model_figures(args.rows, args.runs)
    if not args.no_window:
        window_figures(args.runs)


if __name__ == "__main__":
    main()
