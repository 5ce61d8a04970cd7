"""How long another window takes to show a change (issue 15, item 5: within 2 seconds).

One main window shows the demo event's Nominations page; a second program's connection to
the same database (another Database, as another window or PC would have) withdraws or
reinstates one nomination at a time, at a random moment, 20 times. Each figure runs from
the moment the change has committed to the first repaint of the window's list that shows it.
Printed per backend: median, 90th percentile and worst, in milliseconds.

Run: python benchmarks/change_latency.py [--changes N] [--pg SERVER_URL]
(offscreen unless DISPLAY is set). ``--pg``: a login that may create databases, e.g.
postgresql+psycopg://awards_admin@/postgres?host=/tmp/awards-pg.X; a database is made for
the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from awards_app.core.enums import NominationStatus  # noqa: E402
from awards_app.db.engine import Database, open_database  # noqa: E402
from awards_app.services import demo, nominations  # noqa: E402
from awards_app.ui.common.context import AppContext  # noqa: E402
from awards_app.ui.common.navigation import PageId  # noqa: E402
from awards_app.ui.main_window import MainWindow  # noqa: E402
from awards_app.ui.nominations.page import NominationsPage  # noqa: E402


class PaintClock(QObject):
    """Notes when the watched widget was last painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at = 0.0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()
        return False


def wait(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def measure(url: str, changes: int) -> list[float]:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    writer = open_database(url)
    with writer.session() as session:
        demo.create_demo_event(session)
    ctx = AppContext()
    ctx.set_database(open_database(url))
    window = MainWindow(ctx)
    window.resize(1200, 700)
    window.show()
    page = window.show_page(PageId.NOMINATIONS)
    assert isinstance(page, NominationsPage)
    while not page.model.rowCount():
        wait(app, 0.05)
    clock = PaintClock()
    page.view.viewport().installEventFilter(clock)
    ids = [r.id for r in page.model.visible_rows[:changes]]
    delays = []
    try:
        for n in range(changes):
            nomination_id = ids[n % len(ids)]
            wait(app, random.uniform(0.6, 1.6))  # at any moment of the window's polling
            shown = status(page, nomination_id)
            write(writer, nomination_id, withdraw=shown is not NominationStatus.WITHDRAWN)
            committed = time.perf_counter()
            while status(page, nomination_id) == shown:
                wait(app, 0.001)
                if time.perf_counter() - committed > 10:
                    raise SystemExit("The change did not show within 10 s.")
            clock.painted_at = 0.0
            while clock.painted_at == 0.0:
                wait(app, 0.001)
            delays.append((clock.painted_at - committed) * 1000)
    finally:
        window.close()
        writer.close()
    return delays


def status(page: NominationsPage, nomination_id: int) -> NominationStatus | None:
    return next((r.status for r in page.model.visible_rows if r.id == nomination_id), None)


def write(database: Database, nomination_id: int, *, withdraw: bool) -> None:
    with database.session() as session:
        if withdraw:
            nominations.withdraw_nomination(session, nomination_id, reason="Benchmark")
        else:
            nominations.reinstate_nomination(session, nomination_id)


@contextmanager
def pg_database(server: str) -> Iterator[str]:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"awards_latency_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def report(label: str, delays: list[float]) -> None:
    ordered = sorted(delays)
    p90 = ordered[max(0, int(len(ordered) * 0.9) - 1)]
    print(f"{label:<11} {len(delays):>3} changes: median {statistics.median(delays):6.0f} ms, "
          f"p90 {p90:6.0f} ms, worst {ordered[-1]:6.0f} ms (commit → other window repainted)",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--pg", default=os.environ.get("AWARDS_TEST_PG", ""),
                        help="a PostgreSQL login that may create databases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report("SQLite", measure(str(Path(folder) / "latency.sqlite3"), args.changes))
    if args.pg:
        with pg_database(args.pg) as url:
            report("PostgreSQL", measure(url, args.changes))
    else:
        print("PostgreSQL  not measured (give --pg SERVER_URL or set AWARDS_TEST_PG)",
              flush=True)


if __name__ == "__main__":
    main()
