"""The Users page: who signs in to a shared PostgreSQL database, and (for a coordinator)
adding and removing them (services/users.py). On a database file on this computer the page
says in one line that logins are for a shared database, instead of a list nobody can fill."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from awards_app.core.errors import ValidationError
from awards_app.services import users
from awards_app.services.users import Rights, TeamMember
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.forms import line_edit, refuse
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.plain import plain_tooltip
from awards_app.ui.common.table_model import Column
from awards_app.ui.common.table_view import size_columns
from awards_app.ui.common.widgets import button_row, chain_tab_order, hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ABOUT = ("Each person signs in to this shared database as themselves, and the audit trail "
         "names who did what. Everyone listed may read and change the awards; coordinators "
         "also add and remove people.")
ADD_TIP = "Give someone a login on this database's team (Alt+A)"
REMOVE_TIP = ("Take the chosen person off the team: they can no longer sign in; the audit "
              "trail keeps their name (Alt+R)")
ADDED = "Added the login: they sign in with the password you gave."
REMOVED = "Removed the login: they can no longer sign in to this database."


@dataclass(frozen=True)
class UserRow:
    """A team member as the list shows them (the list needs an id: the row's place)."""

    id: int
    member: TeamMember


@dataclass(frozen=True)
class Team:
    shared: bool
    rights: Rights | None
    rows: tuple[UserRow, ...]


def read_team(session: Session) -> Team:
    if not users.is_shared(session):
        return Team(shared=False, rights=None, rows=())
    members = users.list_users(session)
    return Team(shared=True, rights=users.rights(session),
                rows=tuple(UserRow(i, m) for i, m in enumerate(members, start=1)))


def user_columns() -> list[Column[UserRow]]:
    return [
        Column("Login", lambda r: r.member.name),
        Column("Signs in", lambda r: "Yes" if r.member.can_sign_in else "No",
               tooltip="Whether they may sign in now"),
        Column("Role", lambda r: "Coordinator" if r.member.coordinator else "Member",
               tooltip="Coordinators created the database or may add and remove people"),
        Column("Last change", lambda r: r.member.last_change,
               tooltip="When the audit trail last named them"),
    ]


class AddUserDialog(SavingDialog):
    """A login name and its password, typed twice; the person is told the password privately."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, ok_text="&Add person")
        self.setWindowTitle("Add a person")
        self.name = line_edit("Login name", "for example ann.smith")
        self.password = line_edit("Password")
        self.again = line_edit("Password again")
        for field in (self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        for field in (self.name, self.password, self.again):
            field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 36)
        self.fields = {"name": self.name, "password": self.password}
        form = QFormLayout(self)
        form.addRow(hint("They sign in with this name and password on any PC with Awards App. "
                         f"Use at least {users.MIN_PASSWORD} characters and tell them the "
                         "password privately; someone who already has a login on the server "
                         "keeps their own."))
        form.addRow("Login &name:", self.name)
        form.addRow("&Password:", self.password)
        form.addRow("Password a&gain:", self.again)
        form.addRow(self.buttons)

    def accept(self) -> None:
        name, password = self.name.text(), self.password.text()
        try:
            users.check_password(password, self.again.text())
        except ValidationError as refused:
            refuse(self, self.fields, refused)
            return
        if self.save(lambda s: users.add_user(s, name, password), saved=_added_words):
            super().accept()


def _added_words(added: users.Added) -> str:
    if added.password_set:
        return ADDED
    return "Added the login to the team: they sign in with their own password."


class UsersPage(ListPage[UserRow]):
    page_id = PageId.USERS
    noun = ("person", "people")
    stretch_column = 0
    search_hint = "Search logins"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.build_list(user_columns(), search_text=lambda r: r.member.name)
        size_columns(self.view, ("margaret.oyelaran-smith", "Signs in", "Coordinator",
                                 "28 Nov 2027 23:59"))
        self.about = hint(ABOUT)
        self.rights_note = hint("")
        self.rights_note.setStyleSheet("color: #8a4b00;")
        self.add_button = QPushButton("&Add person…")
        self.remove_button = QPushButton("&Remove…")
        self.add_button.clicked.connect(self.add_user)
        self.remove_button.clicked.connect(self.remove_selected)
        self._rights: Rights | None = None
        self.list_part = QWidget()
        part = QVBoxLayout(self.list_part)
        part.setContentsMargins(0, 0, 0, 0)
        part.addLayout(self.search_bar())
        actions = button_row(self.add_button, self.remove_button)
        actions.addWidget(self.count_label)
        part.addLayout(actions)
        part.addWidget(self.rights_note)
        part.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.list_part, 1)
        chain_tab_order(self.search, self.add_button, self.remove_button, self.view)
        self.selection_changed()

    def refresh(self) -> None:
        team = self.ctx.read(read_team)
        self.list_part.setVisible(team.shared)
        self.about.setText(ABOUT if team.shared else users.NOT_SHARED)
        self._rights = team.rights
        self.rights_note.setText(team.rights.why_not if team.rights else "")
        self.rights_note.setVisible(bool(team.rights and team.rights.why_not))
        self.load_rows(team.rows)

    @property
    def may_manage(self) -> bool:
        return self._rights is not None and self._rights.may_manage

    def selection_changed(self) -> None:
        row = self.selected_row()
        why_not = self._rights.why_not if self._rights else ""
        self.add_button.setEnabled(self.may_manage)
        self.add_button.setToolTip(plain_tooltip(ADD_TIP if self.may_manage else why_not))
        removable = (row is not None and self._rights is not None
                     and row.member.name not in (self._rights.login, self._rights.owner))
        self.remove_button.setEnabled(self.may_manage and removable)
        if not self.may_manage:
            tip = why_not
        elif row is not None and not removable:
            tip = ("Nobody removes themselves or the person who created the database"
                   " (Alt+R)")
        else:
            tip = REMOVE_TIP
        self.remove_button.setToolTip(plain_tooltip(tip))

    def edit_selected(self) -> None:
        """Enter on a row: nothing to edit (a password is the person's own)."""

    def add_dialog(self) -> AddUserDialog:
        """The dialog, not yet shown (tests fill it in and call ``accept()``)."""
        return AddUserDialog(self.ctx, self)

    def add_user(self) -> None:
        if self.may_manage:
            self.run_dialog(self.add_dialog())

    def confirm_remove(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, "Remove a person",
            f"Remove {name} from this database's team?\n\n{name} will no longer be able to "
            "sign in to it. Their login is kept, not deleted, so the audit trail still names "
            f"{name} for what they did.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.may_manage or not self.confirm_remove(row.member.name):
            return
        name = row.member.name
        self.act(lambda s: users.remove_user(s, name), title="Not removed", saved=REMOVED)
