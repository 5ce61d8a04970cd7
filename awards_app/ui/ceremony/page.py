"""Ceremony: the placed young people of confirmed categories in running order, each with the
name as it will be read (as they consented), how to say it, their seat, and whether they may
be photographed or go to the press, in words; their details edited here; and the ceremony
pack and its parts saved off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from awards_app.core import ceremony_names as rules
from awards_app.core.certificates import and_list
from awards_app.core.errors import Cancelled
from awards_app.services import ceremony as cer
from awards_app.ui import settings
from awards_app.ui.ceremony.details_dialog import CeremonyDetailsDialog
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.open_file import open_file, show_folder
from awards_app.ui.common.page import Page
from awards_app.ui.common.plain import plain_label, set_plain
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import current_row, make_table_view, select_row
from awards_app.ui.common.widgets import NOTE_STYLE, WARNING_STYLE, button_row, hint

if TYPE_CHECKING:
    from awards_app.db.engine import Database

INTRO = ("Everyone placed in a confirmed category, in the running order. The name shown is "
         "the one that will be read and printed. " + rules.NAMING_RULE)
COLUMNS: list[Column[cer.PageRow]] = [
    Column("Category", lambda r: r.category),
    Column("Placement", lambda r: r.placement),
    Column("Name as read", lambda r: r.name_read),
    Column("How to say it", lambda r: r.pronunciation),
    Column("Seat", lambda r: r.seat),
    Column("Photos", lambda r: r.photos, tooltip="Whether they may be photographed: a yes "
                                                  "to photos and no “do not publish”"),
    Column("Press", lambda r: r.press, tooltip="Whether the press list has them: winners "
                                               "who agreed to be named publicly, with "
                                               "approved wording"),
    Column("Name form", lambda r: r.name_form),
    Column("Young person", lambda r: r.young_person, tooltip="Their preferred name"),
    Column("Ref", lambda r: r.ref),
]


NAME_COLUMN = 2  # "Name as read": takes the room the others leave


@dataclass(frozen=True)
class Choice:
    """How one output is saved from the window."""

    output: cer.Output
    button: str
    title: str  # the save dialog's and the progress dialog's
    filters: str
    suggested: str


CHOICES = (
    Choice(cer.Output.PACK, "Save the &pack…", "Save the ceremony pack",
           "PDF files (*.pdf)", "ceremony-pack.pdf"),
    Choice(cer.Output.SCRIPT, "Save the &script…", "Save the ceremony script",
           "Word documents (*.docx);;Plain text (*.txt);;PDF files (*.pdf)",
           "ceremony-script.docx"),
    Choice(cer.Output.PHOTOGRAPHER, "Photo&grapher's list…", "Save the photographer's list",
           "PDF files (*.pdf)", "photographers-list.pdf"),
    Choice(cer.Output.PRESS, "P&ress list…", "Save the press list", "PDF files (*.pdf)",
           "press-list.pdf"),
    Choice(cer.Output.SPONSORS, "Spo&nsors' sheets…", "Save the sponsors' sheets",
           "PDF files (*.pdf)", "sponsors-sheets.pdf"),
)


def output_job(database: Database, event_id: int, output: cer.Output,
               path: Path) -> Callable[..., list[Path]]:
    """Read the ceremony and write ``output`` to ``path``, on a worker thread."""

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[Path]:
        with database.read_session() as s:
            found = cer.ceremony(s, event_id)
        if cancelled():
            raise Cancelled()
        return cer.write_output(output, path, found, progress=progress, cancelled=cancelled)

    return job


def _choose_file(parent: QWidget, choice: Choice) -> str:
    folder = Path(str(settings.get("files/last_folder") or Path.home()))
    name, _ = QFileDialog.getSaveFileName(parent, choice.title,
                                          str(folder / choice.suggested), choice.filters)
    return name


class CeremonyPage(Page):
    page_id = PageId.CEREMONY
    #: tests replace this to choose a file without a dialog: (parent, choice) -> path or ""
    choose_file: Callable[[QWidget, Choice], str] = staticmethod(_choose_file)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.last_file: Path | None = None
        self._sized = False
        intro = hint(INTRO)
        intro.setStyleSheet(NOTE_STYLE)
        self.left_out = plain_label(word_wrap=True)
        self.left_out.setAccessibleName("Not confirmed yet")
        self.left_out.setStyleSheet(WARNING_STYLE)
        self.left_out.hide()

        self.model: RowTableModel[cer.PageRow] = RowTableModel(
            COLUMNS, key=lambda r: r.nomination_id)
        self.view = make_table_view(self.model, "Placed young people",
                                    stretch_column=NAME_COLUMN)
        self.view.setSortingEnabled(False)  # the running order is the order
        table_label = QLabel("Pl&aced young people, in running order")
        table_label.setBuddy(self.view)
        self.details_button = QPushButton("Ceremony &details…")
        self.details_button.setToolTip("How to say their name, their seat or table, and the "
                                       "approved press wording (Enter)")
        self.count = hint("", muted=True)
        self.count.setAccessibleName("How many")

        self.save_buttons: dict[cer.Output, QPushButton] = {}
        for choice in CHOICES:
            button = QPushButton(choice.button)
            button.setToolTip(f"{choice.title}: {cer.SUFFIXES[choice.output][0]} and more"
                              if len(cer.SUFFIXES[choice.output]) > 1 else choice.title)
            button.clicked.connect(lambda _=False, c=choice: self.save_output(c))
            self.save_buttons[choice.output] = button
        self.message = plain_label(word_wrap=True, selectable=True)
        self.message.setAccessibleName("Ceremony pack message")
        self.open_button = QPushButton("Open the &last file")
        self.folder_button = QPushButton("Show its f&older")
        for button in (self.open_button, self.folder_button):
            button.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.left_out)
        layout.addLayout(button_row(table_label, self.count))
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.details_button))
        layout.addLayout(button_row(*self.save_buttons.values()))
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.open_button, self.folder_button))

        self.details_button.clicked.connect(self.edit_details)
        self.view.activated.connect(lambda _index: self.edit_details())
        self.open_button.clicked.connect(lambda: self.last_file and open_file(self,
                                                                               self.last_file))
        self.folder_button.clicked.connect(lambda: self.last_file and show_folder(
            self, self.last_file))

    # --- showing -------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        chosen = current_row(self.view)
        rows, left_out = self.ctx.read(
            lambda s: (cer.page_rows(s, event_id), cer.ceremony(s, event_id).not_confirmed))
        self.model.set_rows(rows)
        if rows and not self._sized:  # once: short columns fit their words, the name stretches
            self._sized = True
            widest = self.fontMetrics().averageCharWidth() * 30
            for column in range(len(COLUMNS)):
                if column != NAME_COLUMN:
                    self.view.resizeColumnToContents(column)
                    self.view.setColumnWidth(column, min(self.view.columnWidth(column), widest))
            # the name as read stays readable when the window is narrow (at 150 %, say)
            header = self.view.horizontalHeader()
            if header.length() > self.view.viewport().width():
                header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Interactive)
                header.setStretchLastSection(True)
                self.view.resizeColumnToContents(NAME_COLUMN)
                self.view.setColumnWidth(NAME_COLUMN, min(self.view.columnWidth(NAME_COLUMN),
                                                          widest + widest // 3))
        set_plain(self.left_out, "Not confirmed yet, so left out of every output: "
                                 f"{and_list(left_out)}. Confirm their results on the Results "
                                 "page to add them." if left_out else "")
        self.left_out.setVisible(bool(left_out))
        people = len(rows)
        set_plain(self.count, f"{people} young {'person' if people == 1 else 'people'}"
                              if rows else "Nobody yet: no category's results are confirmed.")
        self.details_button.setEnabled(bool(rows))
        for button in self.save_buttons.values():
            button.setEnabled(bool(rows))
        if chosen is not None:
            select_row(self.view, self.model.position_of(chosen.nomination_id))
        elif rows:
            select_row(self.view, 0)

    # --- editing -------------------------------------------------------------------------

    def edit_details(self) -> None:
        row = current_row(self.view)
        if row is None:
            set_plain(self.message, "Choose a young person in the list first.")
            return
        event_id = self.ctx.require_event()
        details = self.ctx.read(lambda s: cer.details_for_edit(
            s, event_id=event_id, nomination_id=row.nomination_id))
        self.run_dialog(CeremonyDetailsDialog(self.ctx, row, details, self))

    # --- saving the outputs ----------------------------------------------------------------

    def save_output(self, choice: Choice) -> None:
        chosen = self.choose_file(self, choice)
        if not chosen:
            return
        path = Path(chosen)
        allowed = [s for s in cer.SUFFIXES[choice.output] if s]
        if path.suffix.lower() not in allowed:
            path = path.with_name(path.name + allowed[0])
        settings.put("files/last_folder", str(path.parent))
        assert self.ctx.database is not None
        job = output_job(self.ctx.database, self.ctx.require_event(), choice.output, path)
        set_plain(self.message, f"Making {choice.output.label}…")
        self._set_busy(True)
        for button in (self.open_button, self.folder_button):
            button.hide()
        self.ctx.tasks.start_with_dialog(
            self, f"Making {choice.output.label}…", job,
            on_success=lambda files: self._saved(choice, files),
            on_error=lambda error: self._failed(choice, error))

    def _saved(self, choice: Choice, files: list[Path]) -> None:
        self._set_busy(False)
        self.last_file = files[0]
        what = choice.output.label
        set_plain(self.message, f"Saved {what} to {files[0]}. It states the consent rule it "
                                "applied at the top; the file is readable by you only.")
        for button in (self.open_button, self.folder_button):
            button.show()

    def _failed(self, choice: Choice, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, Cancelled):
            set_plain(self.message, "Cancelled: no file was written.")
            return
        set_plain(self.message, f"{choice.output.label[0].upper()}"
                                f"{choice.output.label[1:]} was not saved.")
        show_error(self, error, title="Ceremony pack")

    def _set_busy(self, busy: bool) -> None:
        for button in self.save_buttons.values():
            button.setEnabled(not busy)
