"""File ▸ Connect to a shared database…: a team's PostgreSQL database, each person signing in
as themselves.

The dialog asks for the server, the database's name, the person's login and password. The
connection is made off the UI thread (a server may take seconds to answer); a refused
password keeps the dialog open with a plain message. The password is handed to the driver
and, only if the person ticks "Remember my password", to the system's password store
(awards_app/credentials.py); never to the settings file or the log. The address (without
the password) is remembered per user, so the window opens the shared database next time.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from awards_app import credentials
from awards_app.ui import settings
from awards_app.ui.common.plain import plain_label

if TYPE_CHECKING:
    from awards_app.db.engine import Database
    from awards_app.ui.common.context import AppContext

DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"


def is_server_address(db: str | None) -> bool:
    """Does ``db`` name a shared (PostgreSQL) database rather than a file?"""
    return bool(db) and str(db).split("://", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def make_address(server: str, port: int, database: str, login: str) -> str:
    """The URL of a shared database, without a password (a socket folder for the server
    goes in the query, as libpq takes it)."""
    from sqlalchemy.engine import URL  # on first use: SQLAlchemy stays off the start-up path

    server = server.strip()
    socket = server.startswith("/")
    url = URL.create(DRIVER, username=login.strip() or None,
                     host=None if socket or not server else server,
                     port=None if socket or port == DEFAULT_PORT else port,
                     database=database.strip() or None,
                     query={"host": server} if socket else {})
    return url.render_as_string(hide_password=False)


def parts_of(address: str) -> tuple[str, int, str, str]:
    """(server, port, database, login) of a shared database's URL; its password is ignored."""
    from sqlalchemy.engine import make_url  # on first use, as above

    url = make_url(address)
    server = url.host or str(url.query.get("host") or "")
    return server, url.port or DEFAULT_PORT, url.database or "", url.username or ""


def _without_password(address: str) -> str:
    from sqlalchemy.engine import make_url  # on first use, as above

    # (URL.set ignores a None: it would keep the password)
    return make_url(address)._replace(password=None).render_as_string(hide_password=False)


class ServerFields:
    """Where a shared database is and who signs in: server, port, database, login and
    password fields in a form (the Connect and Move dialogs share them), what they make
    (:meth:`url`) and what is wrong with them (:meth:`problems`)."""

    def __init__(self) -> None:
        self.server = QLineEdit()
        self.server.setPlaceholderText("for example db.council.local (empty: this computer)")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database_name = QLineEdit()
        self.database_name.setPlaceholderText("for example awards")
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                                          | Qt.InputMethodHint.ImhSensitiveData
                                          | Qt.InputMethodHint.ImhNoPredictiveText)
        self.form = QFormLayout()
        for label, widget, name in (("&Server:", self.server, "Server"),
                                    ("&Port:", self.port, "Port"),
                                    ("&Database:", self.database_name, "Database"),
                                    ("&Login:", self.login, "Login"),
                                    ("Pass&word:", self.password, "Password")):
            widget.setAccessibleName(name)
            self.form.addRow(label, widget)

    def fill(self, address: str) -> None:
        server, port, name, login = parts_of(address)
        self.server.setText(server)
        self.port.setValue(port)
        self.database_name.setText(name)
        self.login.setText(login)

    def url(self) -> str:
        """The shared database's URL, without the password."""
        return make_address(self.server.text(), self.port.value(), self.database_name.text(),
                            self.login.text())

    def problems(self) -> list[tuple[QLineEdit, str]]:
        """Fields that cannot be used as they are, each with what is wrong."""
        found: list[tuple[QLineEdit, str]] = []
        if not self.database_name.text().strip():
            found.append((self.database_name, "Database: give the database's name."))
        login = self.login.text().strip()
        if not login:
            found.append((self.login, "Login: give your login for the database."))
        elif any(c.isspace() for c in login):
            found.append((self.login, "Login: a login has no spaces."))
        if any(c.isspace() for c in self.server.text().strip()):
            found.append((self.server, "Server: a server's name has no spaces."))
        return found


class ConnectDialog(QDialog):
    """Sign in to a shared database; ``database`` is the opened Database once accepted."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 address: str = "", note: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("ConnectDialog")
        self.setWindowTitle("Connect to a shared database")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)  # the address fits
        self.ctx = ctx
        self.database: Database | None = None
        self._connecting = False
        self._abandoned = False

        intro = plain_label(
            "A shared database lets a team work on one event from several computers. Your "
            "council's IT or your coordinator gives you the server's name, the database's "
            "name and your login.", word_wrap=True)
        self.fields = ServerFields()
        self.server, self.port = self.fields.server, self.fields.port
        self.database_name, self.login = self.fields.database_name, self.fields.login
        self.password = self.fields.password
        self.remember = QCheckBox("Re&member my password on this computer")
        self._can_remember = credentials.can_remember()  # asks the system's store once
        if self._can_remember:
            self.remember.setToolTip("Kept in this computer's own password store (on Windows, "
                                     "the Credential Manager), never in a file.")
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip("This computer has no password store the program can "
                                     "use, so the password is asked each time.")
        self.reopen = QCheckBox("&Open this database when Awards App starts")
        self.reopen.setChecked(True)

        self.message = plain_label(word_wrap=True)
        self.message.setObjectName("ConnectMessage")
        self.message.setStyleSheet("QLabel#ConnectMessage { color: #b71c1c; }")
        self.address = plain_label(word_wrap=True, selectable=True)
        self.address.setObjectName("ConnectAddress")

        self.buttons = QDialogButtonBox()
        self.connect_button = QPushButton("&Connect")
        self.connect_button.setDefault(True)
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.fields.form)
        layout.addWidget(self.remember)
        layout.addWidget(self.reopen)
        layout.addWidget(self.message)
        layout.addWidget(self.address)
        layout.addWidget(self.buttons)

        remembered = address or str(settings.get("shared/address") or "")
        if remembered:
            self.fields.fill(remembered)
            self.remember.setChecked(credentials.remembered(remembered) is not None)
        if not self.login.text():
            try:
                self.login.setText(getpass.getuser())
            except Exception:  # no user name to offer: the person types theirs
                pass
        for field_ in (self.server, self.database_name, self.login):
            field_.textChanged.connect(self._show_address)
        self.port.valueChanged.connect(self._show_address)
        self._show_address()
        self.message.setText(note)
        self.message.setVisible(bool(note))
        first_empty = next((f for f in (self.database_name, self.login, self.password)
                            if not f.text()), self.password)
        first_empty.setFocus()

    # --- the address -----------------------------------------------------------------------

    def url(self) -> str:
        return self.fields.url()

    def _show_address(self) -> None:
        if self.database_name.text().strip() and self.login.text().strip():
            self.address.setText(f"For the awards command: --db {self.url()}")
        else:
            self.address.setText("")

    def problems(self) -> list[tuple[QLineEdit, str]]:
        return self.fields.problems()

    # --- connecting ------------------------------------------------------------------------

    def try_connect(self) -> None:
        if self._connecting:
            return
        found = self.problems()
        if found:
            self._say(" ".join(words for _field, words in found))
            found[0][0].setFocus()
            return
        from awards_app.ui.startup import open_job  # on first use: it loads SQLAlchemy in the job

        self._connecting = True
        self._set_busy(True)
        self._say("Connecting…", error=False)
        password = self.password.text() or credentials.remembered(self.url()) or None
        self.ctx.tasks.start(open_job(self.url(), password=password),
                             on_success=lambda database: self._connected(database, password),
                             on_error=self._failed)

    def _connected(self, database: Any, password: str | None) -> None:
        self._connecting = False
        if self._abandoned:
            database.close()  # the person cancelled while it connected
            return
        address = _without_password(self.url())
        if self.remember.isChecked() and password:
            if not credentials.remember(address, password):
                self._say("Connected, but this computer's password store did not keep the "
                          "password; it will be asked next time.", error=False)
        elif not self.remember.isChecked():
            credentials.forget(address)
        settings.put("shared/address", address if self.reopen.isChecked() else "")
        self.database = database
        self.accept()

    def _failed(self, error: BaseException) -> None:
        from awards_app.core.errors import AwardsError, SignInError  # errors only

        self._connecting = False
        if self._abandoned:
            return
        self._set_busy(False)
        if isinstance(error, SignInError):
            self._say(str(error) + (" Check it (and Caps Lock) and try again." if error.refused
                                    else " Type it above."))
            self.password.selectAll()
            self.password.setFocus()
            return
        self._say(str(error) if isinstance(error, AwardsError) else
                  "Could not connect to the shared database. Check the address and try again.")

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.server, self.port, self.database_name, self.login, self.password,
                       self.remember, self.reopen, self.connect_button):
            widget.setEnabled(not busy and (widget is not self.remember
                                            or self._can_remember))

    def _say(self, words: str, *, error: bool = True) -> None:
        self.message.setStyleSheet("QLabel#ConnectMessage { color: %s; }"
                                   % ("#b71c1c" if error else "palette(text)"))
        self.message.setText(words)
        self.message.setVisible(bool(words))

    def reject(self) -> None:
        self._abandoned = self._connecting
        super().reject()
