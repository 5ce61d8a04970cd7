"""The Good news page: workers' good-news stories through the year. One line of keyboard
entry per story at the top (Enter adds it), the stories below with search and several
selectable at once, and from a story: open it, delete it, make it a nomination (the editor
opens pre-filled and the story remembers the nomination it became), or read out a month's
stories at the team meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.enums import Answer
from awards_app.core.errors import ValidationError
from awards_app.services import goodnews, nominations, people
from awards_app.services.goodnews import StoryRow
from awards_app.services.nominations import Choice
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import describe, show_error
from awards_app.ui.common.forms import clear_invalid, mark_invalid
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.plain import plain_label, set_plain
from awards_app.ui.common.table_model import Column
from awards_app.ui.common.table_view import size_columns
from awards_app.ui.common.widgets import button_row, chain_tab_order
from awards_app.ui.goodnews.dialogs import StoryDialog
from awards_app.ui.goodnews.entry import QuickEntryWidget
from awards_app.ui.goodnews.links import UNNOMINATED, take_request
from awards_app.ui.goodnews.meeting import MeetingDialog

KNOWS_SHORT = {Answer.YES: "Yes", Answer.NO: "No", Answer.NOT_ASKED: "Not asked"}
ALL, WITHOUT_NOMINATION = "all", UNNOMINATED


def story_columns() -> list[Column[StoryRow]]:
    return [
        Column("Date", lambda r: r.story_date),
        Column("Young person", lambda r: f"{r.young_person} ({r.full_name})"
               if r.young_person != r.full_name.split(" ")[0] else r.full_name),
        Column("The good news", lambda r: r.story),
        Column("Why I'm proud", lambda r: r.why_proud),
        Column("Worker", lambda r: r.worker),
        Column("Team", lambda r: r.team),
        Column("They know", lambda r: KNOWS_SHORT[r.knows],
               tooltip="Whether the young person knows the story is being shared"),
        Column("Nomination", lambda r: r.nomination_ref,
               tooltip="The nomination this story became"),
    ]


class GoodNewsPage(ListPage[StoryRow]):
    page_id = PageId.GOOD_NEWS
    noun = ("story", "stories")
    stretch_column = 2
    search_hint = "Search names, worker, team or words of the story"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("GoodNewsPage")
        self.nominee_choices: list[Choice] = []
        self.worker_choices: list[Choice] = []
        self.unnominated: frozenset[int] = frozenset()

        self.entry = QuickEntryWidget()
        self.entry.submitted.connect(self.add_story)
        self.problems = plain_label(word_wrap=True)
        self.problems.setObjectName("Problems")
        self.problems.setAccessibleName("Problems to fix")
        self.problems.setStyleSheet("color: #c62828;")
        self.problems.hide()
        entry_box = QGroupBox("Add good news — one line per story; Enter adds it")
        entry_layout = QVBoxLayout(entry_box)
        entry_layout.addWidget(self.entry)
        entry_layout.addWidget(self.problems)

        self.build_list(story_columns(), search_text=lambda r: r.search_text)
        size_columns(self.view, ("30/11/2026", "Jordy (Jordan Hughes)",
                                 "Passed his driving test first time, after",
                                 "She never gave up, whatever", "Marcus Bennett-Clarke",
                                 "South Leaving Care Team", "Not asked", "Nomination"))
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName("Show")
        self.show_filter.addItem("All stories", ALL)
        self.show_filter.addItem("Young people with good news this year and no nomination",
                                 WITHOUT_NOMINATION)
        self.show_filter.currentIndexChanged.connect(self.apply_filter)
        self.show_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.show_filter.setMinimumContentsLength(18)
        self.show_filter.view().setMinimumWidth(
            self.show_filter.fontMetrics().averageCharWidth() * 60)
        show_label = QLabel("Sh&ow:")
        show_label.setBuddy(self.show_filter)
        self.edit_button = QPushButton("Ed&it…")
        self.delete_button = QPushButton("De&lete…")
        self.nominate_button = QPushButton("Make a &nomination…")
        self.nominate_button.setToolTip("Open the nomination editor with this young person, "
                                        "worker and story filled in; the story remembers the "
                                        "nomination once it is saved")
        self.meeting_button = QPushButton("&Read out at a meeting…")
        self.meeting_button.setToolTip("A month's good news by team, with preferred names "
                                       "only, to read out, print or save as a PDF")
        self.import_button = QPushButton("Import (&CSV, Excel)…")
        self.import_button.setToolTip("On the Import / export page, choose 'Good news "
                                      "stories'; a form's own columns are mapped first")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.nominate_button.clicked.connect(self.make_nomination)
        self.meeting_button.clicked.connect(self.open_meeting)
        self.import_button.clicked.connect(
            lambda: self.navigate_requested.emit(PageId.TRANSFER))

        layout = QVBoxLayout(self)
        layout.addWidget(entry_box)
        layout.addLayout(self.search_bar(show_label, self.show_filter, self.count_label))
        layout.addLayout(button_row(self.edit_button, self.delete_button,
                                    self.nominate_button, self.meeting_button,
                                    self.import_button))
        layout.addWidget(self.view, 1)
        chain_tab_order(self.entry.add_button, self.search, self.show_filter,
                        self.edit_button, self.delete_button, self.nominate_button,
                        self.meeting_button, self.import_button, self.view)
        self.selection_changed()

    # --- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()

        def load(s: Any) -> tuple[Any, ...]:
            return (goodnews.list_stories(s), nominations.nominee_choices(s),
                    nominations.worker_choices(s),
                    {w.id: w.team for w in people.list_workers(s)},
                    frozenset(r.nominee_id for r in goodnews.without_nomination(s, event_id)))

        rows, self.nominee_choices, self.worker_choices, teams, self.unnominated = (
            self.ctx.read(load))
        self.entry.set_choices(self.nominee_choices, self.worker_choices, teams)
        self.load_rows(rows)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if take_request(self.ctx) == UNNOMINATED:
            self.show_filter.setCurrentIndex(self.show_filter.findData(WITHOUT_NOMINATION))
            self.search.clear()

    def filter_predicate(self) -> Callable[[StoryRow], bool] | None:
        if self.show_filter.currentData() == WITHOUT_NOMINATION:
            chosen = self.unnominated
            return lambda r: r.nominee_id in chosen
        return None

    def selection_changed(self) -> None:
        rows = self.selected_rows()
        one = len(rows) == 1
        self.edit_button.setEnabled(one)
        self.nominate_button.setEnabled(one)
        self.delete_button.setEnabled(bool(rows))
        self.delete_button.setText(f"De&lete {len(rows)} stories…" if len(rows) > 1
                                   else "De&lete…")

    # --- adding --------------------------------------------------------------------------

    def add_story(self) -> None:
        """Store the quick-entry line as one story; problems are named beside it and the
        first field at fault gets the cursor."""
        values = self.entry.values()
        fields = self.entry.fields
        clear_invalid(fields)
        try:
            story_id = self.ctx.write(lambda s: goodnews.add_story(s, **values).id,
                                      saved="Added the good news story.")
        except ValidationError as exc:
            marked = mark_invalid(fields, exc)
            set_plain(self.problems, "Not added yet — please fix:\n" + describe(exc))
            self.problems.show()
            if marked:
                marked[0].setFocus()
            return
        except Exception as exc:  # shown in words, logged when unexpected
            show_error(self, exc)
            return
        self.problems.hide()
        self.entry.added()
        self.after_save(story_id)

    # --- acting on the list ----------------------------------------------------------------

    def story_dialog(self, row: StoryRow) -> StoryDialog:
        """The dialog, not yet shown (tests fill it in and accept it)."""
        dialog = StoryDialog(self.ctx, self, row, nominees=self.nominee_choices,
                             workers=self.worker_choices, teams=self.entry.teams)
        dialog.accepted.connect(lambda: self.after_save(dialog.saved_id))
        return dialog

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.run_dialog(self.story_dialog(row))

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        what = "this good-news story" if len(rows) == 1 else f"these {len(rows)} stories"
        answer = QMessageBox.question(
            self, "Delete good news",
            f"Delete {what}? The audit trail keeps who deleted them and when; the words "
            "cannot be brought back. A nomination a story became stays as it is.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        ids = [r.id for r in rows]

        def work(session: Any) -> None:
            for story_id in ids:
                goodnews.delete_story(session, story_id)

        self.act(work, title="Cannot delete the good news",
                 saved=f"Deleted {len(ids)} good-news stor{'y' if len(ids) == 1 else 'ies'}.")

    def make_nomination(self) -> None:
        """The nomination editor, pre-filled from the story; saving the nomination links the
        story to it in the same unit of work."""
        from awards_app.ui.nominations.editor import NominationEditor  # on first use

        row = self.selected_row()
        if row is None:
            return
        if row.nomination_ref:
            answer = QMessageBox.question(
                self, "Already a nomination",
                f"This story already became nomination {row.nomination_ref}. Make another "
                "nomination from it (for another category)?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        start = self.ctx.read(lambda s: goodnews.nomination_start(s, row.id))
        editor = NominationEditor(self.ctx, self)
        editor.prefill(nominee_id=start.nominee_id, worker_id=start.worker_id,
                       success=start.success)
        editor.also_when_saved = lambda s, nomination_id: goodnews.link_nomination(
            s, story_id=start.story_id, nomination_id=nomination_id)
        editor.saved.connect(lambda _nid: self.after_save(row.id))
        self.nomination_editor = editor  # kept for tests
        self.run_dialog(editor)

    def open_meeting(self) -> MeetingDialog:
        dialog = MeetingDialog(self.ctx, self)
        dialog.show()
        self.meeting_dialog = dialog
        return dialog
