"""Open every page of the main window on the demo event, and the windows and dialogs of a
year (New event, Event settings, the mapping dialog, paper score entry, the bulk confirmation,
the judge-copy review window, Help > User guide, the one-page results summary), and save PNGs
to docs/screenshots/ (``NAME.png``; ``NAME-150.png`` with ``--scale 1.5``).

Run: python scripts/screenshots.py [--out DIR] [--scale 1.5] [--only pages|windows]
Works offscreen (the default without DISPLAY) or on a real/virtual X server; as the README's
pictures are made, on a 1366x768 laptop screen:
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshots.py
Windows are sized to fit the screen (at 150 % a 1366x768 screen is 911x512 points), and each
picture is checked: a button cut off or narrower than its text, or a one-line label cut off,
is printed as a layout problem (the exit code is 1 when there is any).
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


def layout_problems(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Buttons cut off by the window's edge or narrower than their text; one-line labels
    narrower than their text (the words are cut off)."""
    from PySide6.QtGui import Qt
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

    def scrolls(widget: QWidget) -> bool:  # inside a scrolled area: it may be out of view
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            if isinstance(parent, QAbstractScrollArea):
                return True
            parent = parent.parentWidget()
        return False

    def rich(label: QLabel) -> bool:  # measured as markup, not as the words shown
        shown = label.textFormat()
        return shown == Qt.TextFormat.RichText or (
            shown == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text()))

    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QAbstractButton, QLabel)):
            continue
        text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if not text.strip():
            continue
        rect = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
        if not scrolls(widget) and not window.rect().contains(rect):
            problems.append(f"{text[:40]!r} is cut off by the window's edge")
        elif isinstance(widget, QAbstractButton) and \
                widget.width() < widget.minimumSizeHint().width():
            problems.append(f"button {text[:40]!r} is narrower than its text")
        elif isinstance(widget, QLabel) and not widget.wordWrap() and "\n" not in text \
                and not rich(widget) \
                and widget.width() < widget.fontMetrics().horizontalAdvance(text):
            problems.append(f"label {text[:40]!r} is cut off")
    return problems


class Shots:
    """Saves pictures as NAME{suffix}.png and keeps the layout problems seen in them."""

    def __init__(self, app, out: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
        self.app, self.out, self.suffix = app, out, suffix
        self.problems: list[str] = []

    def fit(self, widget, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
        """``width``x``height`` points, or the screen's free area if that is smaller."""
        free = self.app.primaryScreen().availableGeometry()
        frame = 40  # the title bar and the window's frame
        widget.resize(min(width, free.width()), min(height, free.height() - frame))

    def save(self, widget, name: str) -> None:  # type: ignore[no-untyped-def]
        for _ in range(5):
            self.app.processEvents()
        path = self.out / f"{name}{self.suffix}.png"
        widget.grab().save(str(path))
        found = [f"{path.name}: {p}" for p in layout_problems(widget)]
        self.problems += found
        print(f"saved {path}" + "".join(f"\n  LAYOUT: {p}" for p in found))


def window_shots(app, shots: Shots, window, ctx) -> None:  # type: ignore[no-untyped-def]
    """The windows and dialogs of issue 13, on the scored demo event."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialog

    from awards_app.core.enums import NominationStatus
    from awards_app.services import judging
    from awards_app.ui.catalogue.event_dialog import EventSettingsDialog
    from awards_app.ui.common.navigation import PageId
    from awards_app.ui.judging.page import JudgingPage
    from awards_app.ui.nominations.page import NominationsPage
    from awards_app.ui.transfer.page import TransferPage

    from awards_app.db.engine import open_database
    from awards_app.services import demo

    # Judging morning: nothing scored yet, PINs set (the demo's "judging" stage).
    database = open_database(Path(tempfile.mkdtemp()) / "judging.sqlite3")
    with database.session() as session:
        demo.create_demo_event(session, stage="judging")
    ctx.set_database(database)
    wait(app, lambda: ctx.event_id is not None and not ctx.tasks.busy)
    event_id = ctx.require_event()
    settings = EventSettingsDialog(ctx, window, event_id=event_id)
    settings.show()
    settings.adjustSize()
    shots.save(settings, "event-settings")
    settings.reject()

    # Several nominations selected, and the confirmation naming them.
    page = window.show_page(PageId.NOMINATIONS)
    assert isinstance(page, NominationsPage)
    wait(app, lambda: not ctx.tasks.busy)
    page.status_filter.setCurrentIndex(page.status_filter.findText("Submitted"))
    page.view.selectRow(0)
    for row in range(1, 6):
        page.view.selectionModel().select(
            page.model.index(row, 0), page.view.selectionModel().SelectionFlag.Select
            | page.view.selectionModel().SelectionFlag.Rows)

    def grab_confirmation(dialog: QDialog) -> bool:
        dialog.show()
        dialog.adjustSize()
        shots.save(dialog, "bulk-actions-confirm")
        dialog.reject()
        return False

    page.run_dialog = grab_confirmation  # type: ignore[method-assign]
    page.set_status_selected(NominationStatus.ACCEPTED)
    page.status_filter.setCurrentIndex(0)

    # A Microsoft Forms export: the mapping dialog, as proposed.
    form = ROOT / "tests" / "services" / "transfer" / "data" / "ms_forms_nominations.csv"
    transfer = window.show_page(PageId.TRANSFER)
    assert isinstance(transfer, TransferPage)
    transfer.check_file(form)
    wait(app, lambda: transfer.mapping_dialog is not None)
    mapping = transfer.mapping_dialog
    shots.fit(mapping, 1000, 820)
    shots.save(mapping, "import-mapping")
    mapping.reject()
    wait(app, lambda: not ctx.tasks.busy)

    # Judging: the review window, and the paper score entry half-way through a pack.
    judging_page = window.show_page(PageId.JUDGING)
    assert isinstance(judging_page, JudgingPage)
    wait(app, lambda: not ctx.tasks.busy)
    judging_page.review_judge_copies()
    review = judging_page.review_window
    shots.fit(review, 1280, 760)
    settle(app, 1.0)  # the counts are worked out in the background
    wait(app, lambda: not ctx.tasks.busy)
    shots.save(review, "judge-copy-review")
    review.close()

    paper = judging_page.open_paper_judging()
    shots.fit(paper, 1366, 728)
    paper.show_tab(paper.TYPE)
    entry = paper.entry
    judge_id = ctx.read(lambda s: judging.judging_progress(s, event_id)[0].judge_id)
    entry.choose_judge_by_id(judge_id)
    first = ctx.read(lambda s: judging.judge_queue(s, judge_id))[0]
    entry.ref.setText(first.ref)
    entry.open_typed_ref()
    for key, control in zip("869", entry.controls, strict=False):
        QTest.keyClicks(control, key)
    entry.comment.setText("Clear evidence of persistence")
    entry.save_and_next()  # then the next still to enter, half typed
    QTest.keyClicks(entry.controls[0], "7")
    shots.save(paper, "paper-scores")
    entry.put_back()
    paper.close()

    # Help > User guide.
    window.show_user_guide()
    guide = window.user_guide
    shots.fit(guide, 1000, 760)
    settle(app, 0.5)
    shots.save(guide, "user-guide")
    guide.close()

    if not shots.suffix:  # a PDF: the same at any screen scaling
        results_summary(shots.out / "results-summary.png")


def results_summary(target: Path) -> None:
    """The one-page PDF results summary of the demo after the results, as a picture."""
    import subprocess

    from awards_app.db.engine import open_database
    from awards_app.services import demo, events
    from awards_app.services.judging import results_sheet

    folder = Path(tempfile.mkdtemp())
    database = open_database(folder / "results.sqlite3")
    with database.session() as session:
        demo.create_demo_event(session, stage="results")
    with database.read_session() as session:
        event_id = events.require_current_event(session).id
        pdf = results_sheet.summary_pdf(results_sheet.results_sheet(session, event_id))
    database.close()
    (folder / "summary.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(folder / "summary.pdf"),
                    str(target.with_suffix(""))], check=True)
    print(f"saved {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", help="QT_SCALE_FACTOR, e.g. 1.5 to check 150%% scaling")
    parser.add_argument("--only", choices=("pages", "windows"),
                        help="only the main window's pages, or only the other windows")
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
    scale = float(args.scale or 1)
    suffix = f"-{round(scale * 100)}" if scale != 1 else ""
    shots = Shots(app, args.out, suffix)

    ctx = AppContext()
    window = MainWindow(ctx)
    window.resize(1280, 820)
    window.show()
    empty = open_database(Path(tempfile.mkdtemp()) / "empty.sqlite3")
    ctx.set_database(empty)
    wait(app, lambda: window.isVisible())
    wait(app, lambda: not ctx.tasks.busy)
    if args.only != "windows":
        shots.save(window, "welcome")
    if args.only != "pages":
        from awards_app.ui.catalogue.event_dialog import EventDialog

        first = EventDialog(ctx, window)  # on an empty database: the first event of all
        first.show()
        first.adjustSize()
        shots.save(first, "new-event")
        first.reject()

    database = open_database(Path(tempfile.mkdtemp()) / "demo.sqlite3")
    with database.session() as session:
        demo.create_demo_event(session)
    score_demo(database)
    ctx.set_database(database)
    wait(app, lambda: ctx.event_id is not None and not ctx.tasks.busy)
    if args.only == "windows":
        window_shots(app, shots, window, ctx)
        window.close()
        sys.exit(1 if shots.problems else 0)
    for page_id, _module, _cls in PAGES:
        window.show_page(page_id)
        wait(app, lambda: not ctx.tasks.busy)
        app.processEvents()
        if page_id is PageId.CERTIFICATES:
            issue_some(ctx)
            window.page(page_id).reload()
            settle(app, 0.8)  # the preview is drawn just after the selection settles
        shots.save(window, page_id.value)

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
    shots.save(editor, "nomination-editor")
    editor.obstacles.set_text("Too short.")
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
    editor.save()
    app.processEvents()
    shots.save(editor, "nomination-editor-refused")
    editor.done(0)
    if args.only is None:
        window_shots(app, shots, window, ctx)
    window.close()
    sys.exit(1 if shots.problems else 0)


if __name__ == "__main__":
    main()
