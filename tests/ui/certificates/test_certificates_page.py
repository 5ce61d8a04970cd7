"""The Certificates page, driven through its widgets: listing, preview, print runs, printing,
corrections, revocation, names, the design dialog and the verify dialog."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from awards_app.db.engine import Database, open_database
from awards_app.db.models import Certificate
from awards_app.services import certificates
from awards_app.services.catalogue import categories
from awards_app.services.certificates import PrintRun
from awards_app.services.judging import results
from awards_app.ui.common.context import AppContext
from awards_app.ui.certificates.design_dialog import DesignDialog
from awards_app.ui.certificates.dialogs import NameDialog, VerifyDialog
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.certificates.page import CertificatesPage
from awards_app.ui.certificates.pdf_preview import page_count
from tests.factories import award_demo


@pytest.fixture
def awarded_ctx(db: Database, messages: list[tuple[str, str, str]]) -> AppContext:
    """The awarded demo; message boxes are recorded in ``messages`` and never block."""
    award_demo(db)
    ctx = AppContext()
    ctx.set_database(db)
    return ctx


@pytest.fixture
def page(qtbot: Any, awarded_ctx: AppContext) -> CertificatesPage:
    page = CertificatesPage(awarded_ctx, None)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    page.reload()
    return page


def wait_idle(qtbot: Any, ctx: AppContext) -> None:
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=60_000)


def statuses(page: CertificatesPage) -> set[str]:
    return {r.status for r in page.model.visible_rows}


def test_everyone_with_a_confirmed_placement_is_listed(page: CertificatesPage) -> None:
    rows = page.model.visible_rows
    assert rows and statuses(page) == {"not issued"}
    assert {r.design for r in rows} == {"winner", "placed", "achievement"}
    page.kind.setCurrentIndex(page.kind.findData("winners"))
    assert {r.placement for r in page.model.visible_rows} == {"winner"}
    page.kind.setCurrentIndex(page.kind.findData("all"))
    first = rows[0]
    page.search.setText(first.ref)
    assert [r.ref for r in page.model.visible_rows] == [first.ref]
    assert "1 certificate(s) to print" in page.count.text()


def test_the_preview_shows_the_current_certificate(qtbot: Any, page: CertificatesPage) -> None:
    qtbot.waitUntil(lambda: page.preview.image is not None, timeout=10_000)
    image = page.preview.image
    assert image is not None and image.width() > image.height()  # landscape


def test_make_one_pdf_issues_codes(qtbot: Any, page: CertificatesPage, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "all.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    expected = len(page.model.visible_rows)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page.ctx)
    assert out.exists() and page_count(out) == expected
    assert f"{expected} certificate(s) made, {expected} with new codes" in page.message.text()
    assert page.open_button.isVisible()
    page.reload()
    assert statuses(page) == {"issued"}
    assert all(r.code for r in page.model.visible_rows)


def test_hand_picked_rows_one_file_each(qtbot: Any, page: CertificatesPage, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    page.view.selectRow(0)
    page.view.selectionModel().select(
        page.model.index(2, 0), page.view.selectionModel().SelectionFlag.Select
        | page.view.selectionModel().SelectionFlag.Rows)
    assert "2 selected" in page.count.text()
    page.one_each.setChecked(True)
    page.generate_button.click()
    wait_idle(qtbot, page.ctx)
    files = sorted(tmp_path.glob("*.pdf"))
    assert len(files) == 2
    assert all(f.name.isascii() for f in files)


def test_print_goes_to_the_chosen_printer(qtbot: Any, page: CertificatesPage, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from awards_app.ui.certificates import printing

    printed = tmp_path / "printer.pdf"

    def to_file(_parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(printing, "choose_printer", to_file)
    page.kind.setCurrentIndex(page.kind.findData("winners"))
    winners = len(page.model.visible_rows)
    page.print_button.click()
    wait_idle(qtbot, page.ctx)
    qtbot.waitUntil(lambda: "sent to the printer" in page.message.text(), timeout=60_000)
    wait_idle(qtbot, page.ctx)
    assert page_count(printed) == winners
    assert page._print_folder is None  # the temporary PDF is gone


def issue_all(page: CertificatesPage) -> None:
    event_id = page.ctx.require_event()
    ids = [r.nomination_id for r in page.model.visible_rows]
    page.ctx.write(lambda s: certificates.issue(s, event_id, ids))
    page.reload()


def test_revoke_then_verify_says_revoked(qtbot: Any, page: CertificatesPage,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    issue_all(page)
    code = page.current().code  # type: ignore[union-attr]

    def answer(dialog: Any) -> bool:
        assert isinstance(dialog, ReasonDialog)
        dialog.accept()  # an empty reason is refused and the dialog stays open
        assert dialog.result() == 0 and dialog.outcome is None
        dialog.reason.setPlainText("Printed with the wrong category")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr(page, "run_dialog", answer)
    assert page.revoke_button.isEnabled()
    page.revoke_button.click()
    assert "revoked" in page.message.text()
    page.reload()
    assert page.current().status == "revoked"  # type: ignore[union-attr]
    assert not page.revoke_button.isEnabled()

    verify = VerifyDialog(page.ctx, None)
    qtbot.addWidget(verify)
    qtbot.keyClicks(verify.code, code.lower().replace("-", ""))
    qtbot.keyClick(verify.code, Qt.Key.Key_Return)
    assert verify.verification is not None and verify.verification.status == "revoked"
    assert "wrong category" not in verify.answer.text()  # the reason is the history's


def test_correct_issues_a_new_code(page: CertificatesPage,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    issue_all(page)
    old = page.current().code  # type: ignore[union-attr]

    def answer(dialog: Any) -> bool:
        dialog.reason.setPlainText("Name spelt wrongly")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr(page, "run_dialog", answer)
    page.correct_button.click()
    page.reload()
    new = page.current().code  # type: ignore[union-attr]
    assert new and new != old
    assert f"{old} revoked; the new code is {new}" in page.message.text()


def test_verify_dialog_answers_a_scanned_url(qtbot: Any, page: CertificatesPage) -> None:
    issue_all(page)
    code = page.current().code  # type: ignore[union-attr]
    dialog = VerifyDialog(page.ctx, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code, f"https://example.org/verify/{code.replace('-', '')}")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.verification is not None and dialog.verification.status == "genuine"
    assert dialog.heading.text().endswith("Genuine")
    dialog.code.setText("7KQM-3XTR-9VWZ")  # a check symbol short
    dialog.check()
    assert dialog.verification is not None and dialog.verification.status == "malformed"


def test_name_override_needs_a_reason(qtbot: Any, page: CertificatesPage,
                                      monkeypatch: pytest.MonkeyPatch,
                                      messages: list[tuple[str, str, str]]) -> None:
    captured: list[NameDialog] = []
    monkeypatch.setattr(page, "run_dialog", lambda d: captured.append(d) or False)
    page.rename_button.click()
    dialog = captured[0]
    qtbot.addWidget(dialog)
    dialog.name.setText("Sam Rivers")
    dialog.accept()
    assert dialog.result() == 0  # no reason: refused, still open
    assert messages and "Reason: say why" in messages[-1][2]
    dialog.reason.setText("The name they use now")
    dialog.accept()
    assert dialog.printed == "Sam Rivers"
    page.reload()
    assert page.current().name_on_certificate == "Sam Rivers"  # type: ignore[union-attr]
    assert page.current().name_rule.startswith("override")  # type: ignore[union-attr]


def test_design_dialog_previews_and_saves(qtbot: Any, awarded_ctx: AppContext,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = DesignDialog(awarded_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.image is not None, timeout=10_000)
    dialog.colour.setText("not a colour")
    qtbot.waitUntil(lambda: "accent colour" in dialog.preview_note.text(), timeout=5_000)
    dialog.accept()
    assert dialog.result() == 0  # refused; nothing saved
    dialog.colour.setText("#7a1f5c")
    dialog.border.setCurrentIndex(dialog.border.findData("ribbon"))
    dialog.signatures[0][0].setText("Councillor Jo Bright")
    dialog.signatures[0][1].setText("Chair, Corporate Parenting Board")
    dialog.accept()
    assert dialog.result() == 1
    event_id = awarded_ctx.require_event()
    saved = awarded_ctx.read(lambda s: certificates.get_settings(s, event_id))
    assert (saved.accent_colour, saved.border_style, saved.signature1_name) == \
        ("#7A1F5C", "ribbon", "Councillor Jo Bright")


def test_cancelling_the_print_dialog_prints_and_records_nothing(
        qtbot: Any, page: CertificatesPage, monkeypatch: pytest.MonkeyPatch) -> None:
    from awards_app.ui.certificates import printing

    def cancel(_parent: Any, _printer: QPrinter) -> bool:
        return False  # the coordinator cancels the print dialog

    monkeypatch.setattr(printing, "choose_printer", cancel)
    page.print_button.click()
    wait_idle(qtbot, page.ctx)
    assert page.message.text() == "Printing was cancelled; nothing was printed."
    assert page._print_folder is None
    assert statuses(page) == {"not issued"}  # no code issued, no print recorded


def test_the_pdf_made_for_printing_is_deleted_afterwards(
        qtbot: Any, page: CertificatesPage, monkeypatch: pytest.MonkeyPatch) -> None:
    from awards_app.ui.certificates import printing

    made: list[Path] = []

    def to_nowhere(_parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(Path(tempfile.mkdtemp()) / "printed.pdf"))
        return True

    def record_the_folder(pages: int) -> None:
        folder = page._print_folder
        assert folder is not None and (folder.path / "certificates.pdf").exists()
        made.append(folder.path)
        original(pages)

    monkeypatch.setattr(printing, "choose_printer", to_nowhere)
    original = page._printed
    monkeypatch.setattr(page, "_printed", record_the_folder)
    page.kind.setCurrentIndex(page.kind.findData("winners"))
    page.print_button.click()
    wait_idle(qtbot, page.ctx)
    qtbot.waitUntil(lambda: "sent to the printer" in page.message.text(), timeout=60_000)
    assert made and not made[0].exists()
    from awards_app.paths import data_dir  # the private copy lived in the program's own folder
    assert data_dir() in made[0].parents


def test_reopened_results_mark_issued_certificates_for_attention(
        page: CertificatesPage, awarded_ctx: AppContext) -> None:
    education = [r for r in page.model.visible_rows if r.category == "Education Star"]
    awarded_ctx.write(lambda s: certificates.issue(
        s, awarded_ctx.require_event(), [r.nomination_id for r in education]))
    assert not page.attention.isVisible()
    assert "Needs attention" not in [page.model.headerData(i, Qt.Orientation.Horizontal)
                                     for i in range(page.model.columnCount())]
    category_id = awarded_ctx.read(lambda s: next(
        c.id for c in categories.list_categories(s, awarded_ctx.require_event())
        if c.name == "Education Star"))
    awarded_ctx.write(lambda s: results.reopen_results(s, category_id, reason="A withdrawal"))
    assert page.attention.isVisible()
    text = page.attention.text()
    assert text.startswith(f"{len(education)} certificates need attention because results "
                           "were reopened after they were issued:")
    assert "Education Star's results were reopened on " in text

    awarded_ctx.write(lambda s: results.confirm_results(s, category_id))  # the same again
    assert not page.attention.isVisible()


def test_a_certificate_revoked_while_printing_is_named_on_its_own_line(
        qtbot: Any, page: CertificatesPage, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another window revokes one of the chosen certificates while this page draws them: the
    result names it once, on its own line, and the list shows it revoked without a reload."""
    out = tmp_path / "two.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    victim, kept = page.model.visible_rows[0], page.model.visible_rows[2]
    other = open_database(db_path)  # another window on the same file
    real_generate = certificates.generate

    def revoke_victim() -> None:
        with other.session() as s:  # the codes were issued before drawing began
            code = s.scalar(select(Certificate.code).where(
                Certificate.nomination_id == victim.nomination_id))
            certificates.revoke(s, code, "withdrawn by the young person")

    def generate(*args: Any, progress: Any, **kwargs: Any) -> PrintRun:
        revoked: list[bool] = []

        def meanwhile(done: int, total: int) -> None:
            if not revoked:  # at the first page drawn, in the worker, like another window
                revoked.append(True)
                revoke_victim()
            progress(done, total)

        return real_generate(*args, progress=meanwhile, **kwargs)

    monkeypatch.setattr(certificates, "generate", generate)
    page.view.selectRow(0)
    page.view.selectionModel().select(
        page.model.index(2, 0), page.view.selectionModel().SelectionFlag.Select
        | page.view.selectionModel().SelectionFlag.Rows)
    try:
        page.generate_button.click()
        wait_idle(qtbot, page.ctx)
    finally:
        other.close()
    note = f"{victim.ref} ({victim.category}): its certificate was revoked while printing; left out."
    lines = page.message.text().split("\n")
    assert lines[0] == f"1 certificate(s) made, 1 with new codes. Saved to {out}."
    assert note in lines[1:]
    assert page.message.text().count(victim.ref) == 1  # not repeated under "Not included"
    assert page_count(out) == 1
    status = {r.nomination_id: r.status for r in page.model.visible_rows}  # refreshed by the run
    assert (status[victim.nomination_id], status[kept.nomination_id]) == ("revoked", "issued")


def test_each_note_of_a_run_has_its_own_line(page: CertificatesPage, tmp_path: Path) -> None:
    out, each = tmp_path / "certificates.pdf", tmp_path / "each"
    waiting = "Art Star: results are not final yet; its certificates wait until they are confirmed."
    left = "N-0002 (Education Star): it was withdrawn while printing; left out."
    run = PrintRun(files=(out,), certificates=3, issued=0, reprinted=3, skipped=(waiting, left),
                   left_out=(left,),
                   recovered=(tmp_path / "old.pdf", each / "a.pdf", each / "b.pdf"))
    page._made(run, then_print=False)
    assert page.message.text().split("\n") == [
        f"3 certificate(s) made. Saved to {out}.",
        f"Not included: {waiting}",
        left,
        f"Also put old.pdf in place in {tmp_path}: an earlier print run was interrupted just "
        "after recording it as printed.",
        f"Also put 2 files in place in {each}: an earlier print run was interrupted just after "
        "recording them as printed.",
    ]


def test_a_cancelled_run_still_shows_the_codes_it_issued(
        qtbot: Any, page: CertificatesPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        messages: list[tuple[str, str, str]]) -> None:
    """Codes are issued before drawing and stay when the run stops; the list says so at once."""
    out = tmp_path / "none.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    real_generate = certificates.generate

    def cancelled_at_once(*args: Any, is_cancelled: Any, **kwargs: Any) -> PrintRun:
        return real_generate(*args, is_cancelled=lambda: True, **kwargs)

    monkeypatch.setattr(certificates, "generate", cancelled_at_once)
    page.kind.setCurrentIndex(page.kind.findData("winners"))
    page.generate_button.click()
    wait_idle(qtbot, page.ctx)
    assert page.message.text() == "The certificates were not finished."
    assert messages and "cancelled" in messages[-1][2] and not out.exists()
    assert statuses(page) == {"issued"}  # refreshed without a reload
