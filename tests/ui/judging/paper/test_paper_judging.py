"""The Paper judging window, through its real widgets on demo data: packs saved for one
judge (and cancelled), a returned pack typed by reference and by "scanning" its QR code, one
key per score, refused scores, paper scores imported from a CSV, and a category submitted on
a paper judge's behalf; screenshots at 100 % and 150 %."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from sqlalchemy import select, update

from awards_app.db.models import AuditEntry, Criterion, Score, Submission
from awards_app.services import judging
from awards_app.ui.certificates.pdf_preview import page_count
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.page import JudgingPage
from awards_app.ui.judging.paper import PaperJudgingWindow
from awards_app.ui.judging.paper.import_scores import ScoreImportPanel
from awards_app.ui.judging.paper.packs import PacksPanel
from tests.ui.fresh_process import picture_path, render_in_fresh_process
from tests.pdftools import normalise, qpdf_check, run, tool

JUDGE = "Eleanor Askew"  # demo: Education Star (N-0007, N-0051, N-0052, N-0054), N-0005


def judge_id(ctx: AppContext, name: str = JUDGE) -> int:
    event_id = ctx.require_event()
    return ctx.read(lambda s: judging.find_judge(s, event_id, name).id)


def queue(ctx: AppContext, name: str = JUDGE) -> dict[str, Any]:
    jid = judge_id(ctx, name)
    return {i.ref: i for i in ctx.read(lambda s: judging.judge_queue(s, jid))}


@pytest.fixture
def window(qtbot: Any, demo_ctx: AppContext) -> PaperJudgingWindow:
    return open_paper_judging(qtbot, demo_ctx)


def open_paper_judging(qtbot: Any, demo_ctx: AppContext) -> PaperJudgingWindow:
    """Opened as a coordinator would: the Judging page's Paper judging… button."""
    page = JudgingPage(demo_ctx, None)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    qtbot.mouseClick(page.paper_button, Qt.MouseButton.LeftButton)
    opened = page.paper_window
    assert opened is not None and opened.isVisible()
    opened.activateWindow()
    return opened


def focused(window: QWidget) -> QWidget:
    widget = window.focusWidget()
    assert widget is not None
    return widget


def type_keys(window: QWidget, text: str) -> None:
    """Keys as a keyboard (or a USB scanner) sends them: each to whatever has the focus."""
    for char in text:
        QTest.keyClicks(focused(window), char)


def press_enter(window: QWidget) -> None:
    QTest.keyClick(focused(window), Qt.Key.Key_Return)


def choose_judge(qtbot: Any, window: PaperJudgingWindow, name: str = JUDGE) -> None:
    entry = window.entry
    window.show_tab(window.TYPE)
    entry.judge.setFocus()
    entry.judge.lineEdit().selectAll()
    type_keys(window, name)
    press_enter(window)
    qtbot.waitUntil(lambda: entry.judge_name == name, timeout=5_000)


# --- packs ---------------------------------------------------------------------------------


def test_packs_for_one_judge_are_saved_as_a_pdf(qtbot: Any, demo_ctx: AppContext,
                                                window: PaperJudgingWindow, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "eleanor"  # no suffix: .pdf is added
    monkeypatch.setattr(PacksPanel, "choose_file", staticmethod(lambda *_: str(target)))
    panel = window.packs
    window.show_tab(window.PACKS)
    qtbot.mouseClick(panel.one, Qt.MouseButton.LeftButton)
    panel.judge.setCurrentIndex(panel.judge.findData(judge_id(demo_ctx)))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.folder_button.isVisible(), timeout=60_000)
    saved = tmp_path / "eleanor.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    qpdf_check(saved)
    assert str(saved) in panel.message.text() and "saved to" in panel.message.text()
    assert "judge copies are not reviewed" in panel.message.text()  # demo: none reviewed
    text = normalise(run(tool("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(saved),
                         "-").stdout.decode())
    assert f"Judging pack for {JUDGE}" in text
    refs = sorted(queue(demo_ctx))
    assert refs == ["N-0005", "N-0007", "N-0051", "N-0052", "N-0054"]
    for ref in refs:
        assert f"Your scores for {ref}" in text
    assert "Judging pack for Mei Lin Chan" not in text  # one judge's pack only


def test_printing_one_judge_s_pack_leaves_no_file(qtbot: Any, demo_ctx: AppContext,
                                                 window: PaperJudgingWindow,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    printed = tmp_path / "printer.pdf"

    def to_file(_parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(PacksPanel, "choose_printer", staticmethod(to_file))
    panel = window.packs
    window.show_tab(window.PACKS)
    panel.choose_judge(judge_id(demo_ctx))
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sent to the printer" in panel.message.text(), timeout=60_000)
    pages = page_count(printed)  # pages are printed as pictures: counted, not read
    assert pages >= 6  # a cover and a sheet for each of the judge's five nominations
    assert panel.message.text().startswith(f"{pages} pages of judging packs sent to the printer.")
    assert panel._print_folder is None  # the private PDF is gone
    assert panel.print_button.isEnabled()


def test_cancelling_the_packs_writes_no_file(qtbot: Any, window: PaperJudgingWindow,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "packs" / "everyone.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(PacksPanel, "choose_file", staticmethod(lambda *_: str(target)))
    panel = window.packs
    window.show_tab(window.PACKS)
    assert panel.everyone.isChecked()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    dialogs = panel.findChildren(QProgressDialog)
    assert dialogs, "a progress dialog with Cancel runs the job"
    cancel = next(b for b in dialogs[0].findChildren(QPushButton) if b.text() == "Cancel")
    cancel.click()
    qtbot.waitUntil(lambda: panel.save_button.isEnabled(), timeout=60_000)
    assert panel.message.text() == "Cancelled: nothing was printed and no file was written."
    assert not target.exists() and list(target.parent.iterdir()) == []  # no partial file


# --- typing a returned pack ----------------------------------------------------------------


def test_typing_a_pack_by_ref_and_by_scanning(qtbot: Any, demo_ctx: AppContext,
                                              window: PaperJudgingWindow) -> None:
    entry = window.entry
    choose_judge(qtbot, window)
    assert focused(window) is entry.ref
    assert "Still to enter for" in entry.missing_caption.text().replace("&", "")
    assert entry.missing.topLevelItem(0).text(1) == "4 of 4 to enter"

    type_keys(window, "n51")  # typed loosely
    press_enter(window)
    assert entry.heading.text().startswith("N-0051 · Education Star")
    assert focused(window) is entry.controls[0]
    type_keys(window, "709")  # one key per score: 7, 10 (0 is 10), 9
    assert [c.value() for c in entry.controls] == [7, 10, 9]
    assert focused(window) is entry.comment
    type_keys(window, "Steady and brave")
    press_enter(window)  # saves, then the next nomination still to enter
    assert entry.heading.text().startswith("N-0052"), entry.message.text()
    assert "Saved N-0051 for Eleanor Askew." in entry.message.text()
    assert focused(window) is entry.controls[0]
    assert entry.missing.topLevelItem(0).text(1) == "3 of 4 to enter"
    children = [entry.missing.topLevelItem(0).child(i).text(0)
                for i in range(entry.missing.topLevelItem(0).childCount())]
    assert children == ["N-0007", "N-0052", "N-0054"]

    # A scanner reads N-0054's QR code (its reference alone) while the cursor is on a score.
    type_keys(window, "N-0054")
    assert focused(window) is entry.ref and entry.ref.text() == "N-0054"
    assert entry.controls[0].value() is None  # the scan did not score N-0052
    press_enter(window)
    assert entry.heading.text().startswith("N-0054")
    type_keys(window, "345")
    press_enter(window)  # Enter on the comment saves (no comment on this sheet)
    assert "Saved N-0054" in entry.message.text()

    # A sheet scanned while the cursor is in the judge box still opens the nomination.
    entry.judge.setFocus()
    entry.judge.lineEdit().selectAll()
    type_keys(window, "N-0052")
    press_enter(window)
    assert entry.heading.text().startswith("N-0052") and entry.judge_name == JUDGE
    assert focused(window) is entry.controls[0]

    stored = queue(demo_ctx)
    assert sorted(stored["N-0051"].scores.values()) == [7, 9, 10]
    assert stored["N-0051"].comment == "Steady and brave"
    assert sorted(stored["N-0054"].scores.values()) == [3, 4, 5]
    assert not stored["N-0052"].scores
    summaries = demo_ctx.read(lambda s: list(s.scalars(
        select(AuditEntry.summary).where(AuditEntry.action == "paper_scores"))))
    assert len(summaries) == 2 and all(
        "Eleanor Askew's scores entered from paper by the coordinator" in t for t in summaries)


# Typed scores never dropped without asking: test_unsaved_scores.py.


def test_a_ref_not_in_the_pack_is_refused_and_kept(qtbot: Any,
                                                   window: PaperJudgingWindow) -> None:
    entry = window.entry
    choose_judge(qtbot, window)
    type_keys(window, "N-0001")
    press_enter(window)
    assert "N-0001 is not in Eleanor Askew's pack" in entry.message.text()
    assert entry.ref.text() == "N-0001" and entry.item is None
    entry.ref.selectAll()
    type_keys(window, "hello")
    press_enter(window)
    assert "is not a nomination reference like N-0042" in entry.message.text()


def test_refused_scores_say_why_and_keep_the_typing(qtbot: Any, demo_ctx: AppContext,
                                                    window: PaperJudgingWindow) -> None:
    assert demo_ctx.database is not None
    with demo_ctx.database.session() as s:  # a criterion scored 1 to 5
        s.execute(update(Criterion).where(Criterion.name == "Achievement")
                  .values(scale_max=5))
    entry = window.entry
    entry.load()
    choose_judge(qtbot, window)
    type_keys(window, "N-0007")
    press_enter(window)
    type_keys(window, "7")
    assert "7 is not a score for Achievement: type 1 to 5." in entry.message.text()
    assert entry.controls[0].value() is None and focused(window) is entry.controls[0]
    type_keys(window, "4")
    assert entry.controls[0].value() == 4 and not entry.message.isVisible()
    press_enter(window)  # saved with two scores still to come
    assert "Still without a score: Obstacles overcome, Inspiration to others." \
        in entry.message.text()

    # Care Leaver of the Year is submitted behind the screen's back (another window).
    jid = judge_id(demo_ctx)
    item = queue(demo_ctx)["N-0005"]
    with demo_ctx.database.session() as s:
        judging.save_scores(s, judge_id=jid, nomination_id=item.nomination_id,
                            scores={c.id: 2 for c in item.criteria})
        judging.submit_category(s, judge_id=jid, category_id=item.category_id)
    entry.ref.setFocus()
    entry.ref.selectAll()
    type_keys(window, "N-0005")
    press_enter(window)  # the screen still thinks it open: it was read before
    type_keys(window, "444")
    type_keys(window, "Typed from the sheet")
    press_enter(window)
    message = entry.message.text()
    assert message.startswith("Not saved: Eleanor Askew has submitted Care Leaver of the Year")
    assert "unlock the category" in message
    assert [c.value() for c in entry.controls] == [4, 4, 4]
    assert entry.comment.text() == "Typed from the sheet"
    assert sorted(queue(demo_ctx)["N-0005"].scores.values()) == [2, 2, 2]


# --- importing paper scores ----------------------------------------------------------------


def write_scores(path: Path, achievement: str) -> None:
    rows = ["judge,nomination_ref,criterion,score,comment",
            f"{JUDGE},N-0007,Achievement,{achievement},Great effort",
            f"{JUDGE},N-0007,Obstacles overcome,6,",
            f"{JUDGE},N-0007,Inspiration to others,9,",
            "Mei Lin Chan,N-0007,Achievement,5,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_importing_paper_scores_checks_the_whole_file_first(
        qtbot: Any, demo_ctx: AppContext, window: PaperJudgingWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    scores = tmp_path / "scores.csv"
    write_scores(scores, "11")
    monkeypatch.setattr(ScoreImportPanel, "choose_file", staticmethod(lambda *_: str(scores)))
    panel = window.importer
    window.show_tab(window.IMPORT)
    qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.outcome is not None, timeout=30_000)
    assert "1 problem to fix" in panel.summary.text()
    assert "Nothing was stored" in panel.summary.text()
    problems = [str(p) for p in panel.tables.problems_model.visible_rows]
    assert len(problems) == 1 and "11 is outside 1–10" in problems[0]
    assert panel.tables.preview_model.rowCount() == 4  # every row shown as written
    assert not panel.import_button.isEnabled()
    count = demo_ctx.read(lambda s: len(list(s.scalars(select(Score.id)))))
    assert count == 0

    write_scores(scores, "8")
    qtbot.mouseClick(panel.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.import_button.isEnabled(), timeout=30_000)
    assert "4 scores ready to import" in panel.summary.text()
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.summary.text().startswith("Imported"), timeout=30_000)
    assert "Imported 4 scores from scores.csv" in panel.summary.text()
    stored = queue(demo_ctx)["N-0007"]
    assert sorted(stored.scores.values()) == [6, 8, 9] and stored.comment == "Great effort"
    # the Type scores tab heard of it
    choose_judge(qtbot, window)
    assert window.entry.missing.topLevelItem(0).text(1) == "3 of 4 to enter"


def test_a_file_made_wrong_after_its_check_is_checked_again(
        qtbot: Any, demo_ctx: AppContext, window: PaperJudgingWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    scores = tmp_path / "scores.csv"
    write_scores(scores, "8")
    monkeypatch.setattr(ScoreImportPanel, "choose_file", staticmethod(lambda *_: str(scores)))
    panel = window.importer
    window.show_tab(window.IMPORT)
    qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.import_button.isEnabled(), timeout=30_000)
    # Meanwhile Mei Lin Chan submits Education Star in the judging session.
    mei = judge_id(demo_ctx, "Mei Lin Chan")
    assert demo_ctx.database is not None
    with demo_ctx.database.session() as s:
        items = [i for i in judging.judge_queue(s, mei) if i.category == "Education Star"]
        for item in items:
            judging.save_scores(s, judge_id=mei, nomination_id=item.nomination_id,
                                scores={c.id: 3 for c in item.criteria})
        judging.submit_category(s, judge_id=mei, category_id=items[0].category_id)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "problem to fix" in panel.summary.text(), timeout=30_000)
    problems = [str(p) for p in panel.tables.problems_model.visible_rows]
    assert len(problems) == 1 and "Mei Lin Chan has already submitted Education Star" \
        in problems[0]
    assert not panel.import_button.isEnabled()
    assert not queue(demo_ctx)["N-0007"].scores  # Eleanor's rows were not stored either


def test_a_file_in_a_form_s_columns_is_matched_first(qtbot: Any, demo_ctx: AppContext,
                                                    window: PaperJudgingWindow, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    scores = tmp_path / "form.csv"
    scores.write_text("Judge name,Ref,Question,Mark\n"
                      f"{JUDGE},N-0007,Achievement,8\n"
                      f"{JUDGE},N-0007,Obstacles overcome,6\n", encoding="utf-8")
    monkeypatch.setattr(ScoreImportPanel, "choose_file", staticmethod(lambda *_: str(scores)))
    panel = window.importer
    window.show_tab(window.IMPORT)
    qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.mapping_dialog is not None, timeout=30_000)
    dialog = panel.mapping_dialog
    assert {h: b.currentData() for h, b in dialog.field_boxes.items()} == {
        "Judge name": "judge", "Ref": "nomination_ref", "Question": "criterion",
        "Mark": "score"}
    assert "has columns of its own" in panel.summary.text()
    dialog.reject()  # not now: nothing checked, nothing stored
    qtbot.waitUntil(lambda: panel.mapping_dialog is None)
    assert "were not matched, so nothing was checked or stored" in panel.summary.text()
    assert not panel.import_button.isEnabled()

    qtbot.mouseClick(panel.again_button, Qt.MouseButton.LeftButton)  # matched this time
    qtbot.waitUntil(lambda: panel.mapping_dialog is not None, timeout=30_000)
    dialog = panel.mapping_dialog
    dialog.continue_button.setFocus()
    qtbot.keyClick(dialog.continue_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.import_button.isEnabled(), timeout=30_000)
    assert "2 scores ready to import" in panel.summary.text()
    assert panel.tables.preview_model.rowCount() == 2
    assert demo_ctx.read(lambda s: s.scalar(select(Score.id))) is None
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.summary.text().startswith("Imported"), timeout=30_000)
    assert sorted(queue(demo_ctx)["N-0007"].scores.values()) == [6, 8]


# --- submitting for a paper judge ----------------------------------------------------------


def test_submit_on_behalf_locks_and_is_audited(qtbot: Any, demo_ctx: AppContext,
                                               window: PaperJudgingWindow,
                                               questions: list[tuple[str, str]]) -> None:
    entry = window.entry
    choose_judge(qtbot, window)
    top = entry.missing.topLevelItem(0)
    entry.missing.setCurrentItem(top)
    assert not entry.submit_button.isEnabled()  # nothing scored yet
    for ref in ("N-0007", "N-0051", "N-0052", "N-0054"):
        entry.ref.setFocus()
        entry.ref.selectAll()
        type_keys(window, ref)
        press_enter(window)
        type_keys(window, "567")
        press_enter(window)
    top = entry.missing.topLevelItem(0)
    assert top.text(1) == "all scored: ready to submit"
    entry.missing.setCurrentItem(top)
    assert entry.submit_button.isEnabled()
    assert entry.submit_button.text().replace("&", "") == \
        "Submit Education Star for Eleanor Askew…"
    qtbot.mouseClick(entry.submit_button, Qt.MouseButton.LeftButton)
    title, text = questions[-1]
    assert title == "Submit for a paper judge"
    assert "locks Eleanor Askew's scores for 4 nominations (N-0007, N-0051, N-0052, N-0054)" \
        in text
    jid = judge_id(demo_ctx)
    assert demo_ctx.read(lambda s: s.scalar(select(Submission.id).where(
        Submission.judge_id == jid)))
    summary = demo_ctx.read(lambda s: s.scalar(select(AuditEntry.summary).where(
        AuditEntry.action == "submit")))
    assert summary == ("submitted by the coordinator for Eleanor Askew (paper judging): "
                       "4 nomination(s)")
    assert entry.missing.topLevelItem(0).text(1) == "submitted"
    assert not entry.submit_button.isEnabled()
    entry.ref.setFocus()
    entry.ref.selectAll()
    type_keys(window, "N-0007")
    press_enter(window)  # a submitted nomination opens read-only, saying why
    assert "has submitted Education Star" in entry.message.text()
    assert not entry.save_button.isEnabled()
    assert all(c.is_read_only() for c in entry.controls)


# --- screenshots ---------------------------------------------------------------------------


def render_entry(out: str, width: int, height: int) -> dict[str, Any]:
    """The Type scores tab half-way through a pack, on a ``width``×``height`` screen (in
    physical pixels); reports buttons cut off or squeezed."""
    import tempfile

    from awards_app.db.engine import open_database
    from awards_app.services import demo

    app = QApplication.instance() or QApplication([])
    database = open_database(Path(tempfile.mkdtemp()) / "shots.sqlite3")
    ctx = AppContext()
    ctx.set_database(database)
    ctx.write(demo.create_demo_event, notify=False)
    ctx.set_database(database)
    scale = float(os.environ.get("QT_SCALE_FACTOR") or 1)
    win = PaperJudgingWindow(ctx)
    win.resize(round(width / scale), round(height / scale))
    win.show()
    win.show_tab(win.TYPE)
    entry = win.entry
    entry.choose_judge_by_id(judge_id(ctx))
    entry.ref.setText("N-0007")
    entry.open_typed_ref()
    for key, control in zip("869", entry.controls, strict=True):
        QTest.keyClicks(control, key)
    entry.comment.setText("Clear evidence of persistence")
    entry.save_and_next()  # then N-0051, the next still to enter, half typed
    QTest.keyClicks(entry.controls[0], "7")
    app.processEvents()
    win.grab().save(out)
    problems = []
    for button in win.findChildren(QWidget):
        if not button.isVisible() or not hasattr(button, "text") or not hasattr(
                button, "minimumSizeHint") or button.metaObject().className() != "QPushButton":
            continue
        rect = button.rect().translated(button.mapTo(win, button.rect().topLeft()))
        if not win.rect().contains(rect):
            problems.append(f"button {button.text()!r} is cut off")
        if button.width() < button.minimumSizeHint().width():
            problems.append(f"button {button.text()!r} is squeezed")
    entry.put_back()  # the half-typed N-0051 dropped: closing would ask about it
    win.close()
    database.close()
    return {"problems": problems}


@pytest.mark.parametrize(("scale", "suffix"), [("1", ""), ("1.5", "-150")])
def test_score_entry_screenshots(tmp_path: Path, scale: str, suffix: str) -> None:
    """Rendered in a fresh process (QT_SCALE_FACTOR applies at start-up) on a 1366×728
    laptop screen. AWARDS_SCREENSHOTS=DIR keeps them (docs/screenshots/paper-scores*.png)."""
    out = picture_path(tmp_path, f"paper-scores{suffix}.png")
    report = render_in_fresh_process("tests.ui.judging.paper.test_paper_judging", "render_entry",
                                     str(out), 1366, 728, scale=scale, tmp_path=tmp_path)
    assert report["problems"] == []
    assert out.stat().st_size > 5_000
