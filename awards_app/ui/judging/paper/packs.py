"""Judging packs from the window: everyone's, or one judge's, saved as a PDF to print.

The packs are made by the service the CLI uses (``judging.write_packs``) on a worker thread,
behind a progress dialog with Cancel; the file appears only when complete. Files with
personal data are private to this user (the program's umask, 077, is set at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.errors import Cancelled
from awards_app.services import judging
from awards_app.services.certificates.staging import PrivateFolder
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import isolate, plural
from awards_app.ui.common.open_file import open_file, show_folder
from awards_app.ui.common.plain import plain_label, set_plain
from awards_app.ui.common.tasks import Job
from awards_app.ui.common.widgets import button_row, hint
from awards_app.ui.certificates import printing

if TYPE_CHECKING:
    from awards_app.db.engine import Database

PACKS_HELP = ("Print the packs, or save them as a PDF to print later. Each judge's pack has a cover page with how to score, then one sheet per "
              "nomination: the narratives as judges read them (masked), the criteria with "
              "boxes to circle, room for a comment, and a QR code holding the nomination's "
              "reference, so a returned sheet can be scanned on the Type scores tab. Packs are "
              "confidential: keep a saved file private.")


def packs_job(database: Database, *, event_id: int, path: Path, judge_id: int | None) -> Job:
    """Write the packs (one judge's, or everyone's) to ``path``: the pages written."""

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
        with database.read_session() as session:
            return judging.write_packs(session, event_id, path, judge_id=judge_id,
                                       progress=progress, cancelled=cancelled)

    return job


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The system print dialog (tests replace ``PacksPanel.choose_printer``)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print judging packs")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


class PacksPanel(QWidget):
    """Choose everyone or one judge, save the PDF, then open it or show its folder."""

    #: tests replace this to choose a file without a dialog: (parent, suggested) -> path or ""
    choose_file: Callable[[QWidget, str], str] = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, "Save judging packs", suggested, "PDF files (*.pdf)")[0])
    #: the system print dialog: (parent, printer) -> chosen (tests print to a file instead)
    choose_printer: Callable[[QWidget, QPrinter], bool] = staticmethod(choose_printer)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_file: Path | None = None
        self.names: dict[int, str] = {}
        self._printer: QPrinter | None = None  # kept alive until the job has painted on it
        self._print_folder: PrivateFolder | None = None
        self.everyone = QRadioButton("&Everyone's packs")
        self.everyone.setChecked(True)
        self.one = QRadioButton("&One judge's pack:")
        group = QButtonGroup(self)
        group.addButton(self.everyone)
        group.addButton(self.one)
        self.judge = QComboBox()
        self.judge.setAccessibleName("Judge whose pack to make")
        self.judge.setEnabled(False)
        self.judge.setMinimumContentsLength(28)
        self.save_button = QPushButton("Save packs as P&DF…")
        self.print_button = QPushButton("P&rint…")
        self.print_button.setToolTip("Choose a printer; the packs are made in a private "
                                     "folder, printed, then deleted")
        self.message = plain_label(word_wrap=True, selectable=True)
        self.message.setAccessibleName("Judging packs message")
        self.open_button = QPushButton("Open t&he PDF")
        self.folder_button = QPushButton("Show the &folder")
        for button in (self.open_button, self.folder_button):
            button.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(hint(PACKS_HELP))
        layout.addWidget(self.everyone)
        layout.addLayout(button_row(self.one, self.judge))
        layout.addLayout(button_row(self.print_button, self.save_button))
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.open_button, self.folder_button))
        layout.addStretch(1)

        self.one.toggled.connect(self.judge.setEnabled)
        self.save_button.clicked.connect(self.save_packs)
        self.print_button.clicked.connect(self.print_packs)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.show_folder)

    def load(self) -> None:
        event_id = self.ctx.require_event()
        rows = self.ctx.read(lambda s: judging.judging_progress(s, event_id))
        judges = sorted({(r.judge_id, r.judge, r.sponsor) for r in rows},
                        key=lambda j: (j[1].casefold(), j[0]))
        self.names = {judge_id: name for judge_id, name, _sponsor in judges}
        wanted = self.judge.currentData()
        self.judge.clear()
        for judge_id, name, sponsor in judges:
            self.judge.addItem(f"{isolate(name)} ({isolate(sponsor)})", judge_id)
        self.judge.setCurrentIndex(max(0, self.judge.findData(wanted)))

    def choose_judge(self, judge_id: int) -> None:
        self.one.setChecked(True)
        self.judge.setCurrentIndex(self.judge.findData(judge_id))

    def _chosen_judge(self) -> tuple[bool, int | None]:
        """(whether a choice is made, the judge's id or None for everyone)."""
        judge: int | None = self.judge.currentData() if self.one.isChecked() else None
        if self.one.isChecked() and judge is None:
            set_plain(self.message, "Choose the judge whose pack to make.")
            return False, None
        return True, judge

    def print_packs(self) -> None:
        """Choose the printer first (cancelling there makes nothing), then make the PDF in a
        private folder, print it and delete it: the packs must not linger on disk."""
        ready, judge = self._chosen_judge()
        if not ready:
            return
        printer = printing.new_printer("Judging packs")
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        if not self.choose_printer(self, printer):
            set_plain(self.message, "Printing was cancelled; nothing was printed.")
            return
        self._printer = printer
        self._discard_print_file()
        try:
            self._print_folder = PrivateFolder()
        except OSError as exc:
            set_plain(self.message, "Nothing was printed: the program's own folder could not "
                                    f"be written ({exc.strerror or 'refused'}).")
            return
        path = self._print_folder.path / "judging-packs.pdf"
        assert self.ctx.database is not None
        job = packs_job(self.ctx.database, event_id=self.ctx.require_event(), path=path,
                        judge_id=judge)
        set_plain(self.message, "Making the judging packs…")
        self._set_busy(True)
        self.ctx.tasks.start_with_dialog(self, "Making judging packs…", job,
                                         on_success=lambda _pages: self._print(path),
                                         on_error=self._print_failed)

    def _print(self, pdf: Path) -> None:
        assert self._printer is not None, "the printer is chosen before the PDF is made"
        set_plain(self.message, "Sending the judging packs to the printer…")
        self.ctx.tasks.start_with_dialog(self, "Printing…",
                                         printing.print_job(self._printer, pdf),
                                         on_success=self._printed, on_error=self._print_failed)

    def _printed(self, pages: int) -> None:
        self._discard_print_file()
        self._set_busy(False)
        set_plain(self.message, f"{plural(pages, 'page')} of judging packs sent to the "
                                "printer." + self._review_note())

    def _review_note(self) -> str:
        """As ``awards judging-packs`` says: judge copies nobody has reviewed yet."""
        event_id = self.ctx.require_event()
        count = len(self.ctx.read(lambda s: judging.unreviewed_copies(s, event_id)))
        if not count:
            return ""
        return (f"\n\nNote: {count} judge {'copy is' if count == 1 else 'copies are'} not "
                "reviewed (Judging page ▸ Judge copy): judges read them masked, but nobody has "
                "checked them for anything else that could identify a young person.")

    def _print_failed(self, error: BaseException) -> None:
        self._discard_print_file()
        self._failed(error)

    def _discard_print_file(self) -> None:
        if self._print_folder is not None:
            self._print_folder.remove()
            self._print_folder = None

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.print_button.setEnabled(not busy)

    def save_packs(self) -> None:
        ready, judge = self._chosen_judge()
        if not ready:
            return
        suggested = "judging-packs.pdf" if judge is None else \
            f"judging-pack-{'-'.join(self.names.get(judge, 'judge').split())}.pdf"
        chosen = self.choose_file(self, suggested)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        assert self.ctx.database is not None
        job = packs_job(self.ctx.database, event_id=self.ctx.require_event(), path=path,
                        judge_id=judge)
        set_plain(self.message, "Making the judging packs…")
        self._set_busy(True)
        for button in (self.open_button, self.folder_button):
            button.hide()
        self.ctx.tasks.start_with_dialog(
            self, "Making judging packs…", job,
            on_success=lambda pages: self._saved(path, pages, judge),
            on_error=self._failed)

    def _saved(self, path: Path, pages: int, judge: int | None) -> None:
        self._set_busy(False)
        self.last_file = path
        whose = ("Everyone's judging packs" if judge is None
                 else f"{self.names.get(judge, 'The judge')}'s judging pack")
        set_plain(self.message, f"{whose} ({plural(pages, 'page')}) saved to {path}. The file "
                                "is readable by you only; print it, then keep or delete it "
                                "as your data rules say." + self._review_note())
        for button in (self.open_button, self.folder_button):
            button.show()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, Cancelled):
            set_plain(self.message, "Cancelled: nothing was printed and no file was written.")
            return
        set_plain(self.message, "The judging packs were not saved.")
        show_error(self, error, title="Judging packs")

    def open_file(self) -> None:
        if self.last_file is not None:
            open_file(self, self.last_file)

    def show_folder(self) -> None:
        if self.last_file is not None:
            show_folder(self, self.last_file)
