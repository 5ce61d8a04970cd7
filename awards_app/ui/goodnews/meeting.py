"""The team meeting: a month's good news by team, ready to read out — each young person by
their preferred name only. Stories the young person does not know are being shared are left
out unless asked for (then marked), and the page says how many. Print it, save it as a PDF
or copy the text (made off the UI thread, with progress and Cancel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont, QGuiApplication, QPageLayout
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from awards_app.services import goodnews
from awards_app.services.certificates.staging import PrivateFolder
from awards_app.services.goodnews import MeetingView
from awards_app.ui.certificates import printing
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.plain import plain_label, rich, set_plain


def month_name(year: int, month: int) -> str:
    return f"{date(year, month, 1):%B %Y}"


def month_key(year: int, month: int) -> str:
    """A month as the chooser holds it: '2026-11'."""
    return f"{year:04d}-{month:02d}"


def meeting_html(view: MeetingView) -> str:
    """The view as the program's own rich text, every value escaped and isolated (``rich``)."""
    parts = [f"<h1>{rich(view.title)}</h1>"]
    if not view.teams:
        parts.append("<p>No good news recorded for this month yet.</p>")
    for team in view.teams:
        parts.append(f"<h2 style='color:#2f5d62'>{rich(team.team)}</h2>")
        for s in team.stories:
            parts.append(f"<p style='margin-bottom:0'><b>{rich(s.heading)}</b></p>")
            if s.note:
                parts.append(f"<p style='margin:0 0 0 12px; color:#8a4b00'><i>"
                             f"{rich(s.note)}</i></p>")
            parts.append(f"<p style='margin:2px 0 0 12px'>{rich(s.story)}</p>")
            if s.why_proud:
                parts.append(f"<p style='margin:2px 0 10px 12px; color:#4a5560'>Why I'm proud: "
                             f"{rich(s.why_proud)}</p>")
    return "".join(parts)


class MeetingDialog(QDialog):
    """Not modal: it can stay open beside the window during the meeting."""

    #: tests replace these to choose without a dialog
    choose_file: Callable[[QWidget, str], str] = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, "Save the good news as a PDF", suggested, "PDF files (*.pdf)")[0])
    choose_printer: Callable[[QWidget | None, QPrinter], bool] = staticmethod(
        printing.choose_printer)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 month: tuple[int, int] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("GoodNewsMeetingDialog")
        self.setWindowTitle("Good news for the team meeting")
        self.view: MeetingView | None = None
        self._printer: QPrinter | None = None
        self._print_folder: PrivateFolder | None = None
        today = date.today()
        months = ctx.read(goodnews.story_months)
        wanted = month or (today.year, today.month)
        self.month = QComboBox()
        self.month.setAccessibleName("Month")
        for year, number in sorted({*months, (today.year, today.month), wanted},
                                   reverse=True):
            self.month.addItem(month_name(year, number), month_key(year, number))
        self.month.setCurrentIndex(max(0, self.month.findData(month_key(*wanted))))
        self.with_unknown = QCheckBox("&Include stories the young person does not know "
                                      "are being shared (marked; for the room only)")
        month_label = QLabel("&Month:")
        month_label.setBuddy(self.month)
        self.text = QTextBrowser()
        self.text.setObjectName("MeetingText")
        self.text.setAccessibleName("The month's good news by team")
        self.text.setOpenLinks(False)
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)  # read out from the screen
        self.text.setFont(font)
        self.kept_back = plain_label(word_wrap=True)
        self.kept_back.setObjectName("KeptBack")
        self.kept_back.setStyleSheet("color: #8a4b00;")
        self.message = plain_label(word_wrap=True)
        self.print_button = QPushButton("&Print…")
        self.pdf_button = QPushButton("Save as P&DF…")
        self.copy_button = QPushButton("&Copy the text")
        for button in (self.print_button, self.pdf_button, self.copy_button):
            button.setAutoDefault(False)  # Enter never prints by surprise
        self.print_button.clicked.connect(self.print_view)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.copy_button.clicked.connect(self.copy_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.month)
        top.addWidget(self.with_unknown, 1)
        actions = QHBoxLayout()
        for button in (self.print_button, self.pdf_button, self.copy_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.kept_back)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.month.currentIndexChanged.connect(self.refresh)
        self.with_unknown.toggled.connect(self.refresh)
        self.resize(self.fontMetrics().averageCharWidth() * 100,
                    self.fontMetrics().lineSpacing() * 36)
        self.refresh()

    def refresh(self, *_args: Any) -> None:
        key = str(self.month.currentData() or "")
        if not key:
            return
        year, number = (int(part) for part in key.split("-"))
        with_unknown = self.with_unknown.isChecked()
        self.view = view = self.ctx.read(lambda s: goodnews.meeting_view(
            s, year=year, month=number, with_unknown=with_unknown))
        self.text.setHtml(meeting_html(view))
        set_plain(self.kept_back, view.kept_back_text())
        self.kept_back.setVisible(bool(view.kept_back))
        set_plain(self.message, "")

    def copy_text(self) -> None:
        if self.view is not None:
            QGuiApplication.clipboard().setText("\n".join(self.view.lines()))
            set_plain(self.message, "Copied: paste it into an email or the meeting's notes.")

    def _file_name(self) -> str:
        assert self.view is not None
        return f"good-news-{self.view.year:04d}-{self.view.month:02d}.pdf"

    def save_pdf(self) -> None:
        view = self.view
        if view is None:
            return
        chosen = self.choose_file(self, self._file_name())
        if not chosen:
            return
        path = Path(chosen)

        def job(_progress: Any, _cancelled: Any) -> Path:
            path.write_bytes(goodnews.meeting_pdf(view))
            return path

        self.ctx.tasks.start_with_dialog(
            self, "Saving the PDF…", job,
            on_success=lambda saved: set_plain(self.message, f"Saved {saved.name}."),
            on_error=lambda exc: show_error(self, exc))

    def print_view(self) -> None:
        view = self.view
        if view is None:
            return
        printer = printing.new_printer(view.title)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        if not self.choose_printer(self, printer):
            set_plain(self.message, "Printing was cancelled; nothing was printed.")
            return
        self._printer = printer
        try:
            self._print_folder = PrivateFolder()  # the PDF exists only while it prints
        except OSError as exc:
            set_plain(self.message, "Nothing was printed: the program's own folder could not "
                                    f"be written ({exc.strerror or 'refused'}).")
            return
        pdf = self._print_folder.path / self._file_name()

        def make(_progress: Any, _cancelled: Any) -> Path:
            pdf.write_bytes(goodnews.meeting_pdf(view))
            return pdf

        self.ctx.tasks.start_with_dialog(self, "Preparing to print…", make,
                                         on_success=self._print, on_error=self._print_failed)

    def _print(self, pdf: Path) -> None:
        assert self._printer is not None, "the printer is chosen before the PDF is made"
        self.ctx.tasks.start_with_dialog(self, "Printing…", printing.print_job(self._printer, pdf),
                                         on_success=self._printed, on_error=self._print_failed)

    def _printed(self, pages: int) -> None:
        self._discard_print_file()
        set_plain(self.message, f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.")

    def _print_failed(self, error: BaseException) -> None:
        self._discard_print_file()
        show_error(self, error)

    def _discard_print_file(self) -> None:
        if self._print_folder is not None:
            self._print_folder.remove()
            self._print_folder = None
