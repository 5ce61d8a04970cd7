"""File ▸ Move to a shared database…: copy the open database, whole, into an empty shared
PostgreSQL database (db/moving.py), off the UI thread with progress and Cancel; then say the
figures and offer to open the shared database. The open database is only read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.ui import settings
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.plain import plain_label
from awards_app.ui.connect_dialog import ServerFields

if TYPE_CHECKING:
    from awards_app.db.copying import CopyReport
    from awards_app.ui.common.context import AppContext


class MoveDialog(QDialog):
    """Where to move the open database to: a shared database's server, name and login."""

    def __init__(self, parent: QWidget | None = None, *, source: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("MoveDialog")
        self.setWindowTitle("Move to a shared database")
        intro = plain_label(
            f"Copy everything in {source or 'this database'} (every event, judging, "
            "certificate, log and the audit trail) into a shared database, so a team can "
            "work on it from several computers. The shared database must be empty: your "
            "council's IT creates it and gives you its server, name and a login. The "
            "database you have open is only read: it stays as it is.", word_wrap=True)
        self.fields = ServerFields()
        self.server, self.port = self.fields.server, self.fields.port
        self.database_name, self.login = self.fields.database_name, self.fields.login
        self.password = self.fields.password
        self.message = plain_label(word_wrap=True)
        self.message.setObjectName("MoveMessage")
        self.message.setStyleSheet("QLabel#MoveMessage { color: #b71c1c; }")
        self.message.hide()
        buttons = QDialogButtonBox()
        self.move_button = QPushButton("&Move")
        self.move_button.setDefault(True)
        buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.fields.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.fields.database_name.setFocus()

    def address(self) -> str:
        """The shared database's URL, without the password."""
        return self.fields.url()

    def accept(self) -> None:
        found = self.fields.problems()
        if found:
            self.message.setText(" ".join(words for _field, words in found))
            self.message.show()
            found[0][0].setFocus()
            return
        super().accept()


def figures(report: CopyReport) -> tuple[str, str]:
    """(the summary, the table by table figures) of a move, in plain words."""
    rate = report.rows / report.seconds if report.seconds > 0 else 0.0
    summary = (f"{report.rows:,} rows in {len(report.tables)} tables were copied and "
               f"checked: every count and checksum matched ({report.seconds:.1f} s, "
               f"{rate:,.0f} rows a second).")
    lines = [f"{t.name}: {t.rows:,} rows, {'checked' if t.matched else 'DIFFERENT'}"
             for t in report.tables]
    return summary, "\n".join(lines)


def move_to_shared(ctx: AppContext, parent: QWidget) -> None:
    """Ask where, move off the UI thread (Cancel leaves the shared database empty), then say
    the figures and offer to open the shared database."""
    source = ctx.database
    if source is None:
        QMessageBox.information(parent, "Move to a shared database",
                                "Open the database to move first (File ▸ Open database).")
        return
    dialog = MoveDialog(parent, source=source.display_name)
    if not dialog.exec():
        return
    address, password = dialog.address(), dialog.password.text() or None

    def job(progress: Any, cancelled: Any) -> CopyReport:
        from awards_app.db.moving import move_open_database  # in the job: loads SQLAlchemy's inspector off the UI thread

        return move_open_database(source, address, target_password=password,
                                  progress=progress, cancelled=cancelled)

    ctx.tasks.start_with_dialog(
        parent, "Moving to the shared database…", job,
        on_success=lambda report: _moved(ctx, parent, report, address, password),
        on_error=lambda exc: show_error(parent, exc, title="Not moved"))


def _moved(ctx: AppContext, parent: QWidget, report: CopyReport, address: str,
           password: str | None) -> None:
    summary, tables = figures(report)
    box = QMessageBox(QMessageBox.Icon.Information, "Moved to the shared database",
                      f"{summary}\n\nThe database you had open was only read and is "
                      "unchanged. Open the shared database now? Then everyone on the team "
                      "signs in to it with File ▸ Connect to a shared database.", parent=parent)
    box.setObjectName("MovedBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDetailedText(tables)
    open_button = box.addButton("&Open the shared database", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Keep working here", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    if box.clickedButton() is not open_button:
        return
    from awards_app.ui.startup import open_job  # on first use

    settings.put("shared/address", address)  # opened at start from now on, as Connect does
    ctx.tasks.start(open_job(address, password=password), on_success=ctx.set_database,
                    on_error=lambda exc: show_error(parent, exc,
                                                    title="Cannot open the shared database"))
