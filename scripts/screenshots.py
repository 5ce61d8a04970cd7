"""Open every page of the main window on the demo event and save PNGs to docs/screenshots/.

Run: python scripts/screenshots.py [--out DIR] [--scale 1.5]
Works offscreen (the default without DISPLAY) or on a real/virtual X server (Xvfb).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait(app, condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get ready in time")
        app.processEvents()
        time.sleep(0.01)


def score_demo(database) -> None:  # type: ignore[no-untyped-def]
    """Judging under way, as on the morning after judging day: every category scored, all
    but the last submitted, the first one confirmed (so the Results page shows each state)."""
    import random

    from awards_app.services import events
    from awards_app.services import judging
    from awards_app.services.judging import results

    rng = random.Random(2027)
    with database.session() as session:
        event_id = events.require_current_event(session).id
        rows = judging.judging_progress(session, event_id)
        last_category = rows[-1].category_id
        for row in rows:
            for item in judging.judge_queue(session, row.judge_id):
                if item.category_id == row.category_id:
                    judging.save_scores(session, judge_id=row.judge_id,
                                        nomination_id=item.nomination_id,
                                        scores={c.id: rng.randint(5, 10) for c in item.criteria})
            if row.category_id != last_category:
                judging.submit_category(session, judge_id=row.judge_id,
                                        category_id=row.category_id)
    with database.session() as session:
        first = judging.judging_progress(session, event_id)[0].category_id
        try:
            results.confirm_results(session, first)
        except Exception as exc:  # a tie would need a casting decision: leave it provisional
            print(f"(not confirmed: {exc})")


def issue_some(ctx) -> None:  # type: ignore[no-untyped-def]
    """Codes for the confirmed category's winner and runner-up, so the page shows both states."""
    from awards_app.services import certificates

    event_id = ctx.require_event()
    placed = ctx.read(lambda s: certificates.recipients(s, event_id, kind="placed"))
    ids = [r.nomination_id for r in placed][:2]
    if ids:
        ctx.write(lambda s: certificates.issue(s, event_id, ids))


def settle(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", help="QT_SCALE_FACTOR, e.g. 1.5 to check 150%% scaling")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = args.scale
    # Keep the screenshots independent of the user's saved window state.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="awards-shots-")

    from PySide6.QtWidgets import QApplication

    from awards_app.db.engine import open_database
    from awards_app.services import demo
    from awards_app.ui.common.context import AppContext
    from awards_app.ui.common.navigation import PageId
    from awards_app.ui.main_window import PAGES, MainWindow
    from awards_app.ui.nominations.page import NominationsPage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = f"@{args.scale}x" if args.scale else ""

    ctx = AppContext()
    window = MainWindow(ctx)
    window.resize(1280, 820)
    window.show()
    empty = open_database(Path(tempfile.mkdtemp()) / "empty.sqlite3")
    ctx.set_database(empty)
    wait(app, lambda: window.isVisible())
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(args.out / f"welcome{suffix}.png"))

    database = open_database(Path(tempfile.mkdtemp()) / "demo.sqlite3")
    with database.session() as session:
        demo.create_demo_event(session)
    score_demo(database)
    ctx.set_database(database)
    for page_id, _module, _cls in PAGES:
        window.show_page(page_id)
        wait(app, lambda: not ctx.tasks.busy)
        app.processEvents()
        if page_id is PageId.CERTIFICATES:
            issue_some(ctx)
            window.page(page_id).reload()
            settle(app, 0.8)  # the preview is drawn just after the selection settles
        path = args.out / f"{page_id.value}{suffix}.png"
        window.grab().save(str(path))
        print(f"saved {path}")

    page = window.page(PageId.NOMINATIONS)
    assert isinstance(page, NominationsPage)
    window.show_page(PageId.NOMINATIONS)
    wait(app, lambda: not ctx.tasks.busy)
    page.view.selectRow(3)
    page.edit_selected()
    editor = page.editor
    assert editor is not None
    editor.resize(1240, 780)
    app.processEvents()
    editor.grab().save(str(args.out / f"nomination-editor{suffix}.png"))
    editor.obstacles.set_text("Too short.")
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
    editor.save()
    app.processEvents()
    editor.grab().save(str(args.out / f"nomination-editor-refused{suffix}.png"))
    print(f"saved the editor screenshots in {args.out}")
    editor.done(0)
    window.close()


if __name__ == "__main__":
    main()
