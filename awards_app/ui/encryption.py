"""Encryption at rest in the window: the passphrase asked before an encrypted database opens,
the choice offered when the program creates its first database, and File ▸ Encryption
(encrypt, change the passphrase, decrypt). The work itself is db.backup.change_encryption,
run off the UI thread; the passphrase lives in db.encryption's memory only."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtWidgets import QCheckBox, QMenu, QMessageBox, QWidget

from awards_app.core.errors import DatabaseError
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.passphrase_dialog import LOST, NewPassphraseDialog, PassphraseDialog



class MainWindow(Protocol):
    """What File ▸ Encryption needs of the main window (a QWidget: dialogs' parent)."""

    ctx: AppContext

    def open_database(self, db: str | None) -> None: ...


def database_file(db: str | None) -> Path | None:
    """The SQLite file ``db`` names, as engine.resolve_url and sqlite_path would tell, without
    importing SQLAlchemy on the UI thread (a test keeps the two in step); None for a server
    database or an address this cannot read."""
    from awards_app.paths import default_database_path  # small; paths imports platformdirs only

    value = db if db is not None else os.environ.get("AWARDS_DB") or ""
    if not value:
        return default_database_path()
    if "://" not in value:
        return Path(value).expanduser().resolve()
    prefix = "sqlite:///"
    if not value.startswith(prefix):
        return None
    rest = value[len(prefix):].split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


def unlock(parent: QWidget | None, path: Path) -> bool:
    """If ``path`` is encrypted and no passphrase given so far opens it, ask for it (retrying
    a wrong one with a plain message). False when the person cancelled."""
    from awards_app.db import encryption  # light (sqlite3, hashlib); sqlcipher3 loads on use

    if not encryption.is_encrypted(path):
        return True
    try:
        encryption.passphrase_of(path)
        return True  # one given this session opens it
    except (encryption.PassphraseNeededError, encryption.WrongPassphraseError):
        pass
    except (OSError, DatabaseError) + encryption.errors("Error"):
        return True  # unreadable: opening it says why, in words
    dialog = PassphraseDialog(path, lambda typed: encryption.passphrase_opens(path, typed),
                              parent=parent)
    if not dialog.exec():
        return False
    encryption.remember_passphrase(path, dialog.passphrase)
    return True


def offer_first_run_encryption(parent: QWidget | None, path: Path) -> bool:
    """The first database: offer to encrypt it (recommended). False when cancelled."""
    from awards_app.db import encryption  # as above

    if path.exists() and path.stat().st_size > 0:
        return True
    if encryption.known_passphrase(path) is not None:
        return True
    dialog = NewPassphraseDialog(
        problem=encryption.new_passphrase_problem, title="A new database",
        intro=(f"Awards App will keep this event's data in a new database:\n{path}\n\nIt "
               "holds young people's names, dates of birth and stories. Encrypting it with "
               "a passphrase means nobody can read the file, or its backups, without the "
               "passphrase — on a lost laptop, say. You are asked for the passphrase each "
               "time the program opens it."),
        first_run=True, parent=parent)
    if not dialog.exec():
        return False
    if dialog.passphrase is not None:
        encryption.remember_passphrase(path, dialog.passphrase)
    return True


# --- File ▸ Encryption -----------------------------------------------------------------------


#: shown (greyed) in File ▸ Encryption on a shared database, whose data is on the server
SHARED_NOTE = ("Not for a shared database: its server keeps the data, "
               "and the council's IT secures it")


def add_encryption_menu(window: MainWindow, file_menu: QMenu) -> QMenu:
    """File ▸ Encryption: its actions enabled as the open database allows."""
    menu = file_menu.addMenu("Encr&yption")
    encrypt = menu.addAction("&Encrypt with a passphrase…")
    rekey = menu.addAction("&Change the passphrase…")
    decrypt = menu.addAction("&Decrypt…")
    # why the three cannot be used on a shared database: said in the menu, where it is seen
    apart = menu.addSeparator()
    on_server = menu.addAction(SHARED_NOTE)
    on_server.setEnabled(False)
    encrypt.triggered.connect(lambda _c=False: encrypt_database(window))
    rekey.triggered.connect(lambda _c=False: rekey_database(window))
    decrypt.triggered.connect(lambda _c=False: decrypt_database(window))

    def update() -> None:
        path = _open_file(window)
        encrypted = path is not None and _is_encrypted(path)
        encrypt.setEnabled(path is not None and not encrypted)
        rekey.setEnabled(encrypted)
        decrypt.setEnabled(encrypted)
        database = window.ctx.database
        shared = database is not None and database.engine.dialect.name == "postgresql"
        on_server.setVisible(shared)
        apart.setVisible(shared)

    menu.aboutToShow.connect(update)
    return menu


def _widget(window: MainWindow) -> QWidget:
    return cast(QWidget, window)


def _is_encrypted(path: Path) -> bool:
    from awards_app.db import encryption  # as above

    return encryption.is_encrypted(path)


def _open_file(window: MainWindow) -> Path | None:
    database = window.ctx.database
    if database is None or database.path is None or database.damage:
        return None
    return database.path


def _backup_count(path: Path) -> int:
    from awards_app.db import backup  # on first use: keeps sqlite3 off the start-up path

    return len(backup.list_backups(path))


def encrypt_database(window: MainWindow) -> None:
    from awards_app.db import encryption  # as above

    path = _open_file(window)
    if path is None:
        QMessageBox.information(_widget(window), "Encrypt", "Open a sound database file first.")
        return
    dialog = NewPassphraseDialog(
        problem=encryption.new_passphrase_problem, title="Encrypt the database",
        intro=(f"Encrypt {path} with a passphrase. From now on it opens only with the "
               "passphrase, and its new backups are encrypted with it too. Close the "
               "database in any other window or command first."),
        backups=_backup_count(path), parent=_widget(window))
    if dialog.exec() and dialog.passphrase:
        _change(window, path, dialog.passphrase, dialog.convert_backups, "Encrypting…")


def rekey_database(window: MainWindow) -> None:
    from awards_app.db import encryption  # as above

    path = _open_file(window)
    if path is None or not _confirm_current(window, path, "change its passphrase"):
        return
    dialog = NewPassphraseDialog(
        problem=encryption.new_passphrase_problem, title="Change the passphrase",
        intro=f"The new passphrase for {path}. The old one will no longer open it.",
        backups=_backup_count(path), ok_text="&Change", parent=_widget(window))
    if dialog.exec() and dialog.passphrase:
        _change(window, path, dialog.passphrase, dialog.convert_backups,
                "Changing the passphrase…")


def decrypt_database(window: MainWindow) -> None:
    path = _open_file(window)
    if path is None or not _confirm_current(window, path, "decrypt it"):
        return
    box = QMessageBox(QMessageBox.Icon.Warning, "Decrypt the database",
                      f"Store {path} without encryption? Anyone who can read the file will "
                      "be able to read the young people's data in it.", parent=_widget(window))
    count = _backup_count(path)
    tick = QCheckBox(f"Also decrypt the {count} backup(s) in the backups folder "
                     "(otherwise they stay encrypted and need this passphrase)")
    tick.setChecked(True)
    if count:
        box.setCheckBox(tick)
    go = box.addButton("&Decrypt", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is go:
        _change(window, path, None, tick.isChecked(), "Decrypting…")


def _confirm_current(window: MainWindow, path: Path, why: str) -> bool:
    """The current passphrase again, so nobody at an unlocked computer can change it."""
    from awards_app.db import encryption  # as above

    dialog = PassphraseDialog(
        path, lambda typed: encryption.passphrase_opens(path, typed), parent=_widget(window),
        purpose=f"Type the current passphrase of {path} to {why}.")
    return bool(dialog.exec())


def _change(window: MainWindow, path: Path, passphrase: str | None, convert_backups: bool,
            title: str) -> None:
    """Close the database, change its encryption off the UI thread, open it again."""
    window.ctx.set_database(None)  # the change needs the file to itself

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        from awards_app.db import backup  # on first use, as above
        from awards_app.db.engine import open_database  # on first use: keeps SQLAlchemy off the start-up path

        change = backup.change_encryption(path, passphrase, convert_backups=convert_backups)
        return change, open_database(path)

    def done(result: Any) -> None:
        change, database = result
        window.ctx.set_database(database)
        QMessageBox.information(_widget(window), "Encryption", _summary(change))

    def failed(error: BaseException) -> None:
        show_error(_widget(window), error, title="The encryption was not changed")
        window.open_database(str(path))

    window.ctx.tasks.start_with_dialog(_widget(window), title, job, on_success=done, on_error=failed)


def _summary(change: Any) -> str:
    from awards_app.db import backup  # on first use, as above

    folder = backup.backups_dir(change.path)
    lines = [f"{change.path} is now "
             + ("encrypted. " + LOST if change.encrypted else "stored without encryption.")]
    if change.converted:
        lines.append(f"{len(change.converted)} backup(s) in {folder} were changed to match.")
    if change.left:
        lines.append(f"{len(change.left)} backup(s) in {folder} were left as they were: "
                     + ", ".join(p.name for p in change.left[:5])
                     + (" …" if len(change.left) > 5 else "") + ".")
    lines.append("Backups you saved elsewhere stay as they were.")
    return "\n\n".join(lines)
