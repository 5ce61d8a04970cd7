"""``awards-app --smoke``: prove a build works: open the demo, visit every page, exit 0."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from awards_app.ui.main_window import PAGES, MainWindow

TIMEOUT_MS = 60_000


def run_smoke(app: QApplication, window: MainWindow) -> None:
    def visit_pages() -> None:
        if window.ctx.event_id is None:
            print("smoke: no event was opened", file=sys.stderr)
            app.exit(1)
            return
        for label, _module, _cls in PAGES:
            window.show_page(label)
            app.processEvents()
        print(f"smoke: ok, {len(PAGES)} pages shown on {window.ctx.event_title}", flush=True)
        app.exit(0)

    def fail() -> None:
        print("smoke: timed out", file=sys.stderr)
        app.exit(1)

    def opened() -> None:
        if window.ctx.is_open:
            QTimer.singleShot(0, visit_pages)

    window.ctx.database_changed.connect(opened)
    window.open_failed.connect(lambda message: (
        print(f"smoke: cannot open the database: {message}", file=sys.stderr), app.exit(1)))
    QTimer.singleShot(TIMEOUT_MS, fail)
