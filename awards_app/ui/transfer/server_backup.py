"""File ▸ Back up now and File ▸ Restore… when the open database is a shared PostgreSQL one
(db/server_backup.py): a checked SQLite copy in this person's private backups folder, and a
restore under the write lock after a safety backup, which every other open window is told
of. Both run off the UI thread with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from awards_app.ui.common.errors import show_error
from awards_app.ui.encryption import unlock

if TYPE_CHECKING:
    from awards_app.ui.common.context import AppContext


def back_up_server(ctx: AppContext, parent: QWidget, *, said: Callable[[str], None]) -> None:
    """Back up the open shared database; ``said`` is told where, once it is checked."""
    database = ctx.database
    if database is None:
        return

    def job(progress: Any, cancelled: Any) -> Any:
        from awards_app.db.server_backup import backup_server  # in the job: SQLAlchemy work off the UI thread

        return backup_server(database, progress=progress, cancelled=cancelled)

    ctx.tasks.start_with_dialog(
        parent, "Backing up…", job,
        on_success=lambda made: said(f"Backed up to {made.path} (checked, "
                                     f"{made.report.rows:,} rows)"),
        on_error=lambda exc: show_error(parent, exc, title="Back-up failed"))


def restore_server_dialog(ctx: AppContext, parent: QWidget) -> None:
    """Choose a backup, confirm, and restore it into the open shared database."""
    database = ctx.database
    if database is None:
        return
    from awards_app.db.upgrade_backup import server_backups_dir  # on first use

    folder = server_backups_dir(database.url)
    source, _ = QFileDialog.getOpenFileName(
        parent, "Restore from a backup", str(folder if folder.is_dir() else Path.home()),
        "Backups (*.sqlite3 *.db);;All files (*)")
    if not source or not unlock(parent, Path(source)):  # an encrypted backup: its passphrase
        return
    answer = QMessageBox.question(
        parent, "Restore",
        f"Replace everything in the {database.display_name}, for everyone who uses it, with "
        f"the backup\n{source}?\n\nThe database as it is now is kept as a backup first. "
        "Everyone else who has it open is told it was restored before they save again.")
    if answer != QMessageBox.StandardButton.Yes:
        return
    ctx.stop_watching()  # this window's own restore is not someone else's

    def job(progress: Any, cancelled: Any) -> Any:
        from awards_app.db.server_backup import restore_server  # in the job, as above

        return restore_server(database, Path(source), progress=progress, cancelled=cancelled)

    def restored(result: Any) -> None:
        ctx.set_database(database)  # every page shows the restored data
        QMessageBox.information(
            parent, "Restored",
            f"The {database.display_name} now holds the backup {source}. The database as it "
            f"was, with everything saved up to {result.locked_at:%H:%M:%S}, is kept at "
            f"{result.safety}.")

    def failed(error: BaseException) -> None:
        ctx.set_database(database)  # nothing was changed: carry on as before
        show_error(parent, error, title="Restore failed")

    ctx.tasks.start_with_dialog(parent, "Restoring…", job, on_success=restored,
                                on_error=failed)
