"""The young people (nominees), shared by every event.

Counts are for the current event; a young person's nominations in every event are listed
below the table when they are selected.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.services import nominations, people
from awards_app.services.people import NomineeRow, PersonNominationRow
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.plain import plain_label
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import make_table_view, size_columns
from awards_app.ui.common.widgets import chain_tab_order, keep_splitter
from awards_app.ui.people.dialogs import NomineeDialog

IN_EVENT_TIP = "Nominations in the current event, not counting withdrawn ones"


def yes_or_blank(value: bool, text: str = "Yes") -> str:
    return text if value else ""


def nominee_columns() -> list[Column[NomineeRow]]:
    return [
        Column("Known as", lambda r: r.preferred_name, tooltip="Preferred name"),
        Column("First name", lambda r: r.first_name),
        Column("Last name", lambda r: r.last_name),
        Column("Date of birth", lambda r: r.date_of_birth),
        Column("Age", lambda r: r.age, align_right=True,
               tooltip="Age on the ceremony date (today if the event has none)"),
        Column("Out of area", lambda r: yes_or_blank(r.out_of_area)),
        Column("Consent: name / public / photo", lambda r: " / ".join(
            a.label for a in (r.consent_certificate_name, r.consent_public, r.consent_photo)),
            tooltip="Full name on a certificate / named publicly / photos taken and used"),
        Column("Do not publish", lambda r: yes_or_blank(r.do_not_publish),
               tooltip="Safeguarding: nothing about them is printed or shared"),
        Column("This event", lambda r: r.nominations, align_right=True, tooltip=IN_EVENT_TIP),
    ]


def nomination_columns() -> list[Column[PersonNominationRow]]:
    return [
        Column("Ref", lambda r: r.ref),
        Column("Event", lambda r: r.event),
        Column("Category", lambda r: r.category),
        Column("Status", lambda r: r.status),
        Column("Worker", lambda r: r.worker),
        Column("Reason withdrawn", lambda r: r.withdrawn_reason),
    ]


class NomineesPage(ListPage[NomineeRow]):
    page_id = PageId.NOMINEES
    noun = ("young person", "young people")
    search_hint = "Search names, date of birth or consent"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.build_list(
            nominee_columns(),
            search_text=lambda r: f"{r.preferred_name} {r.first_name} {r.last_name} "
                                  f"{r.date_of_birth:%d/%m/%Y} {r.consent_summary}"
                                  f"{' do not publish' if r.do_not_publish else ''}",
        )
        size_columns(self.view, ("Known as", "Abdirahman", "Forbes-Williams",
                                 "Date of birth", "Age", "Out of area",
                                 "Not asked / Not asked / Not asked", "Do not publish",
                                 "This event"))
        self.this_event_only = QCheckBox("&Only those nominated this event")
        self.this_event_only.toggled.connect(self.apply_filter)
        self.add_button = QPushButton("&Add young person…")
        self.edit_button = QPushButton("Ed&it…")
        self.withdraw_button = QPushButton("&Withdraw all nominations…")
        self.withdraw_button.setAccessibleDescription(
            "Withdraw every live nomination of the selected young person, with a reason")
        self.add_button.clicked.connect(self.add_nominee)
        self.edit_button.clicked.connect(self.edit_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)

        self.details_label = plain_label(word_wrap=True)  # names the young person
        self.details_model: RowTableModel[PersonNominationRow] = RowTableModel(
            nomination_columns(), parent=self)
        self.details_view = make_table_view(self.details_model, "Their nominations", self)
        size_columns(self.details_view, ("N-00000", "Northbridge Care Leavers Awards 2027",
                                         "Care Leaver of the Year", "Shortlisted",
                                         "Marcus Bennett-Smith"))
        self.details_label.setBuddy(self.details_view)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 6, 0, 0)
        details_layout.addWidget(self.details_label)
        details_layout.addWidget(self.details_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("NomineesSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(details)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        keep_splitter(self.splitter)

        top = self.search_bar(self.this_event_only)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.withdraw_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)
        chain_tab_order(self.search, self.this_event_only, self.add_button,
                              self.edit_button, self.withdraw_button, self.view,
                              self.details_view)
        self.selection_changed()

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        self.load_rows(self.ctx.read(lambda s: people.nominee_rows(s, event_id=event_id)))

    def filter_predicate(self) -> Callable[[NomineeRow], bool] | None:
        if self.this_event_only.isChecked():
            return lambda r: r.nominations > 0
        return None

    def selection_changed(self) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        if row is None:
            self.details_model.set_rows([])
            self.details_label.setText("Select a young person to see their &nominations.")
            self.withdraw_button.setEnabled(False)
            return
        rows = self.ctx.read(lambda s: people.nominee_nominations(s, row.id))
        self.details_model.set_rows(rows)
        live = sum(r.live for r in rows)
        # plain text with a mnemonic: a name's own '&' is doubled so it shows as written
        name = isolate(f"{row.preferred_name} {row.last_name}").replace("&", "&&")
        if not rows:
            self.details_label.setText(f"{name} has no &nominations yet.")
        else:
            withdrawn = len(rows) - live
            self.details_label.setText(
                f"&Nominations of {name} in every event: {len(rows)} "
                f"({withdrawn or 'none'} withdrawn)")
        self.withdraw_button.setEnabled(live > 0)

    # --- actions -------------------------------------------------------------------------

    def nominee_dialog(self, nominee: NomineeRow | None = None) -> NomineeDialog:
        """The dialog, not yet shown (tests fill it in and call ``accept()``); what it saves
        is selected."""
        dialog = NomineeDialog(self.ctx, self, nominee)
        dialog.accepted.connect(lambda: self.after_save(dialog.saved_id))
        return dialog

    def add_nominee(self) -> None:
        self.run_dialog(self.nominee_dialog())

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.run_dialog(self.nominee_dialog(row))

    def withdraw_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        live = [r for r in self.details_model.visible_rows if r.live]
        if not live:
            return
        refs = ", ".join(f"{r.ref} ({isolate(r.category)}, {isolate(r.event)})"
                         for r in live[:6])
        more = f" and {len(live) - 6} more" if len(live) > 6 else ""
        name = isolate(f"{row.preferred_name} {row.last_name}")
        dialog = ReasonDialog(
            self.ctx, self, title=f"Withdraw all nominations of {name}",
            ok_text=f"Withdraw {len(live)}",
            intro=(f"This withdraws {len(live)} nomination{'s' if len(live) != 1 else ''} of "
                   f"{name}: {refs}{more}. They are kept and can be reinstated one by one."),
            reason_label="&Why are they withdrawn?",
            work=lambda s, reason: nominations.withdraw_nominee(s, row.id, reason=reason),
            saved=f"Withdrew {len(live)} nomination{'s' if len(live) != 1 else ''}: "
                  f"{', '.join(r.ref for r in live[:6])}{more}.")
        self.run_dialog(dialog)
