"""The main window: left navigation, one page at a time, office-style menus and shortcuts."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from awards_app import __version__
from awards_app.ui import settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.page import Page
from awards_app.ui.encryption import add_encryption_menu, database_file, unlock
from awards_app.ui.overview.welcome import WelcomePage
from awards_app.ui.startup import demo_database_path, open_job

if TYPE_CHECKING:
    from awards_app.ui.nominations.page import NominationsPage

#: (page, module, class) in navigation order; a page's module is imported the first time the
#: page is shown, so the window paints before any page (or SQLAlchemy) is loaded
PAGES: list[tuple[PageId, str, str]] = [
    (PageId.OVERVIEW, "awards_app.ui.overview.page", "OverviewPage"),
    (PageId.NOMINATIONS, "awards_app.ui.nominations.page", "NominationsPage"),
    (PageId.CATEGORIES, "awards_app.ui.catalogue.categories_page", "CategoriesPage"),
    (PageId.SPONSORS, "awards_app.ui.catalogue.sponsors_page", "SponsorsPage"),
    (PageId.NOMINEES, "awards_app.ui.people.nominees_page", "NomineesPage"),
    (PageId.WORKERS, "awards_app.ui.people.workers_page", "WorkersPage"),
    (PageId.TRANSFER, "awards_app.ui.transfer.page", "TransferPage"),
    (PageId.JUDGING, "awards_app.ui.judging.page", "JudgingPage"),
    (PageId.RESULTS, "awards_app.ui.results.page", "ResultsPage"),
    (PageId.CERTIFICATES, "awards_app.ui.certificates.page", "CertificatesPage"),
    (PageId.CEREMONY, "awards_app.ui.ceremony.page", "CeremonyPage"),
    (PageId.PARITY, "awards_app.ui.parity.page", "ParityPage"),
    (PageId.GOOD_NEWS, "awards_app.ui.goodnews.page", "GoodNewsPage"),
    (PageId.USERS, "awards_app.ui.users.page", "UsersPage"),
]
ROWS: dict[PageId, int] = {page_id: row for row, (page_id, _m, _c) in enumerate(PAGES)}


class MainWindow(QMainWindow):
    #: emitted once after the first paint (the start-up benchmark listens for it)
    first_painted = Signal()
    #: opening a database failed (the message); the smoke test exits on it
    open_failed = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("MainWindow")
        self.resize(1280, 820)
        self._pages: dict[int, Page] = {}
        self._painted = False
        self._lost_while_hidden: BaseException | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("Navigation")
        self.nav.setAccessibleName("Sections")
        self.nav.setMinimumWidth(self.fontMetrics().horizontalAdvance("Sponsors & judges") + 40)
        self.nav.setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet("QListWidget#Navigation::item { padding: 6px 10px; }")
        nav_font = self.nav.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.1)
        self.nav.setFont(nav_font)
        for page_id, _module, _cls in PAGES:
            QListWidgetItem(page_id.label, self.nav)
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(ctx, self)
        self.welcome.new_event_requested.connect(self.new_event)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.open_requested.connect(self.open_database_dialog)
        self.stack.addWidget(self.welcome)
        self._placeholders: dict[int, QWidget] = {}
        for index in range(len(PAGES)):
            holder = QWidget()  # swapped for the real page on first visit
            self._placeholders[index] = holder
            self.stack.addWidget(holder)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.nav.minimumWidth() + 20, 1000])
        self.splitter.setChildrenCollapsible(False)
        # A plain banner above every page while the database cannot be saved to (damaged,
        # gone); hidden otherwise.
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # it quotes paths
        self.banner.setObjectName("DatabaseBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#DatabaseBanner { background: #fdecea; color: #7f1d1d; "
                                  "border: 1px solid #b71c1c; padding: 8px; font-weight: bold; }")
        self.banner.setAccessibleName("Database warning")
        self.banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel("Opening the database…")
        self.statusBar().addWidget(self.status_label, 1)

        self._build_menus()
        self.nav.currentRowChanged.connect(self.on_nav_current_row_changed)
        ctx.database_changed.connect(self.on_ctx_database_changed)
        ctx.data_changed.connect(self._update_title)
        ctx.save_note.connect(self.on_ctx_save_note)
        ctx.busy_note.connect(self.on_ctx_save_note)
        ctx.database_lost.connect(self.on_ctx_database_lost)
        self._restore_state()
        self._set_navigation_enabled(False)
        self.stack.setCurrentWidget(self.welcome)
        self._update_title()

    #: how long what was saved stays in the status bar
    SAVED_MS = 8000

    def on_ctx_save_note(self, text: str) -> None:
        """"Saving…" while a save runs, then what was saved ("Saved nomination N-0012.") for
        a few seconds; a failed save clears it (its own message says why). A page that
        could not be read just now says so here too (``busy_note``)."""
        if text:
            self.statusBar().showMessage(text, 0 if text.endswith("…") else self.SAVED_MS)
        else:
            self.statusBar().clearMessage()

    # --- menus ---------------------------------------------------------------------------

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New event…", self.new_event)
        self.settings_action = self._action(file_menu, "Event se&ttings…", self.event_settings)
        self.switch_menu = file_menu.addMenu("&Switch event")
        self.switch_menu.aboutToShow.connect(self._fill_switch_menu)
        file_menu.addSeparator()
        self._action(file_menu, "&Connect to a shared database…", self.connect_dialog)
        self._action(file_menu, "&Move to a shared database…", self.move_to_shared)
        self._action(file_menu, "&Open database…", self.open_database_dialog,
                     QKeySequence.StandardKey.Open)
        self._action(file_menu, "&Back up now", self.back_up_now)
        self._action(file_menu, "&Restore…", self.restore_dialog)
        add_encryption_menu(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "&Import…", lambda: self.show_page(PageId.TRANSFER), "Ctrl+I")
        self._action(file_menu, "&Export…", lambda: self.show_page(PageId.TRANSFER), "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        self._action(edit_menu, "&Find", self.focus_search, QKeySequence.StandardKey.Find)
        self._action(edit_menu, "&New nomination", self.new_nomination,
                     QKeySequence.StandardKey.New)

        view_menu = bar.addMenu("&View")
        for number, (page_id, _m, _c) in enumerate(PAGES, start=1):  # Ctrl+1 … Ctrl+9, Ctrl+0
            self._action(view_menu, page_id.label.replace("&", "&&"),  # '&' is shown, not a mnemonic
                         partial(self.show_page, page_id),
                         f"Ctrl+{number % 10}" if number <= 10 else None)
        view_menu.addSeparator()
        self._action(view_menu, "&Refresh", self.refresh_all, QKeySequence.StandardKey.Refresh)

        tools_menu = bar.addMenu("&Tools")
        self.verify_action = self._action(tools_menu, "&Verify a certificate…",
                                          self.verify_certificate, "Ctrl+Shift+V")

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&User guide", self.show_user_guide, "F1")
        self._action(help_menu, "&About Awards App", self.about)
        self.navigation_actions = ([a for a in edit_menu.actions()] + view_menu.actions()
                                   + tools_menu.actions() + [self.settings_action])

    def _fill_switch_menu(self) -> None:
        self.switch_menu.clear()
        if not self.ctx.is_open:
            return
        from awards_app.services import events  # on first use: keeps SQLAlchemy off the start-up path

        choices = self.ctx.read(
            lambda s: [(e.id, f"{e.name} {e.year}") for e in events.list_events(s)]
        )
        for event_id, label in choices:
            action = self.switch_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(event_id == self.ctx.event_id)
            action.triggered.connect(lambda _c=False, eid=event_id: self.ctx.set_event(eid))

    # --- pages ---------------------------------------------------------------------------

    def page(self, page_id: PageId) -> Page:
        """The page (loaded now if it has not been shown yet)."""
        return self._ensure_page(ROWS[page_id])

    def _ensure_page(self, index: int) -> Page:
        if index not in self._pages:
            _page_id, module_name, class_name = PAGES[index]
            page_class = getattr(importlib.import_module(module_name), class_name)
            page: Page = page_class(self.ctx, self)
            page.navigate_requested.connect(self.show_page)
            holder = self._placeholders.pop(index)
            position = self.stack.indexOf(holder)
            self.stack.insertWidget(position, page)
            self.stack.removeWidget(holder)
            holder.deleteLater()
            self._pages[index] = page
        return self._pages[index]

    def show_page(self, page_id: PageId) -> Page | None:
        """Go to a page (none without an event); returns it once it could be loaded."""
        if self.ctx.event_id is None:
            return None
        index = ROWS[page_id]
        self.nav.setCurrentRow(index)
        return self._pages.get(index)

    def on_nav_current_row_changed(self, row: int) -> None:
        if row < 0 or self.ctx.event_id is None:
            return
        try:
            page = self._ensure_page(row)
        except Exception as exc:  # a page that cannot load must not take the window down
            show_error(self, exc)
            return
        self.stack.setCurrentWidget(page)
        settings.put("window/page", row)

    def _set_navigation_enabled(self, enabled: bool) -> None:
        self.nav.setEnabled(enabled)
        for action in self.navigation_actions:
            action.setEnabled(enabled)

    def on_ctx_database_changed(self) -> None:
        has_event = self.ctx.event_id is not None
        self._set_navigation_enabled(has_event)
        self.status_label.setText(f"Database: {self.ctx.db_label}" if self.ctx.is_open else "")
        self._update_title()
        database = self.ctx.database
        self.banner.hide()
        if database is not None and database.damage and database.path is not None:
            self.status_label.setText(f"Read-only — the database is damaged: "
                                      f"{self.ctx.db_label}")
            self.status_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
            self.banner.setText("Read-only: this database is damaged, so nothing can be saved. "
                                "You can look and export. Restore the newest sound backup "
                                "with File ▸ Restore.")
            self.banner.show()
            QTimer.singleShot(0, lambda: self._offer_recovery(
                str(database.path),
                f"{database.display_name} is damaged ({'; '.join(database.damage[:2])}). "
                "It is open read-only: you can look and export, but nothing can be saved "
                "until a sound backup is restored.", title="The database is damaged"))
        else:
            self.status_label.setStyleSheet("")
        if not has_event:
            self.welcome.refresh_choices()
            self.stack.setCurrentWidget(self.welcome)
            return
        row = self.nav.currentRow()
        if row < 0:
            row = int(settings.get("window/page") or 0)
            row = row if 0 <= row < len(PAGES) else 0
        self.nav.setCurrentRow(row)
        self.on_nav_current_row_changed(row)
        QTimer.singleShot(0, self._warm_nominations)

    def _warm_nominations(self) -> None:
        """Load the (possibly large) nominations list in the background straight away, so
        the page opens with its rows already there."""
        if self.ctx.event_id is None:
            return
        page = self.page(PageId.NOMINATIONS)
        if not page.isVisible():
            page.reload()

    def _update_title(self) -> None:
        parts = ["Awards App"]
        if self.ctx.event_title:
            parts.append(self.ctx.event_title)
        if self.ctx.is_open:
            parts.append(self.ctx.db_label)
        self.setWindowTitle(" — ".join(parts))

    def refresh_all(self) -> None:
        if self.ctx.is_open:
            self.ctx.data_changed.emit()

    def focus_search(self) -> None:
        """Edit ▸ Find: the current page's search box."""
        page = self.stack.currentWidget()
        if isinstance(page, Page):
            page.focus_search()

    def new_nomination(self) -> None:
        page = self.show_page(PageId.NOMINATIONS)
        if page is not None:
            cast("NominationsPage", page).new_nomination()

    # --- file actions --------------------------------------------------------------------

    def new_event(self) -> None:
        if not self.ctx.is_open:
            return
        from awards_app.ui.catalogue.event_dialog import EventDialog  # on first use: it imports the services (SQLAlchemy)

        dialog = EventDialog(self.ctx, self)
        if dialog.exec():
            self.ctx.set_event(dialog.saved_id)

    def event_settings(self) -> None:
        if self.ctx.event_id is None:
            return
        from awards_app.ui.catalogue.event_dialog import edit_event_settings  # on first use: it imports the services (SQLAlchemy)

        edit_event_settings(self.ctx, self)

    def open_database_dialog(self) -> None:
        folder = str(settings.get("files/last_folder") or Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Open database", folder, "Awards App databases (*.sqlite3 *.db);;All files (*)"
        )
        if path:
            settings.put("files/last_folder", str(Path(path).parent))
            settings.put("shared/address", "")  # a file chosen: it, not the server, from now on
            self.open_database(path)

    def open_database(self, db: str | None, *, demo: bool | str = False, new_database: bool = False,
                      restore_from: Path | None = None) -> None:
        """Open (and, for the demo, fill) a database off the UI thread; an encrypted one
        once its passphrase has been given; a shared one once its login is signed in."""
        from awards_app.ui.connect_dialog import is_server_address  # small: no SQLAlchemy

        if not demo and is_server_address(db or os.environ.get("AWARDS_DB")):
            self.connect_shared(str(db or os.environ.get("AWARDS_DB")))
            return
        settings.use_demo_settings(bool(demo))  # the demo keeps its own last page
        path = None if demo else database_file(db)
        if path is not None and not unlock(self, path):
            self.status_label.setText("No database open: its passphrase was not given.")
            self.welcome.refresh_choices()
            return
        self.status_label.setText("Opening the database…")
        self.ctx.tasks.start(
            open_job(db, demo=demo, new_database=new_database, restore_from=restore_from),
            on_success=self.ctx.set_database,
            on_error=partial(self._open_failed, db=db),
        )

    def connect_dialog(self, address: str = "", note: str = "") -> None:
        """File ▸ Connect to a shared database…: sign in, then work on the shared database."""
        from awards_app.ui.connect_dialog import ConnectDialog  # on first use

        dialog = ConnectDialog(self.ctx, self, address=address, note=note)
        if dialog.exec() and dialog.database is not None:
            settings.use_demo_settings(False)
            self.ctx.set_database(dialog.database)
        elif not self.ctx.is_open:
            self.status_label.setText("No database open.")
            self.welcome.refresh_choices()

    def connect_shared(self, address: str) -> None:
        """Open the shared database at ``address`` with the password remembered for it (or
        PostgreSQL's own PGPASSWORD/.pgpass); if it is refused or the server cannot be
        reached, the Connect dialog opens filled in, saying why."""
        from awards_app import credentials  # on first use

        self.status_label.setText("Connecting to the shared database…")

        def failed(error: BaseException) -> None:
            from awards_app.core.errors import AwardsError  # errors only

            self.status_label.setText("No database open.")
            self.connect_dialog(address, str(error) if isinstance(error, AwardsError) else
                                "Could not connect to the shared database.")

        settings.use_demo_settings(False)
        self.ctx.tasks.start(open_job(address, password=credentials.remembered(address)),
                             on_success=self.ctx.set_database, on_error=failed)

    def move_to_shared(self) -> None:
        """File ▸ Move to a shared database…: the open database copied, whole, to a server."""
        from awards_app.ui.transfer.move_dialog import move_to_shared  # on first use

        move_to_shared(self.ctx, self)

    def open_demo(self, stage: str = "nominations") -> None:
        """A fictional event in a fresh temporary database: exploring never touches real data."""
        self.open_database(str(demo_database_path()), demo=stage)

    def _open_failed(self, error: BaseException, db: str | None = None) -> None:
        self.status_label.setText("No database open.")
        self.open_failed.emit(str(error))
        from awards_app.core.errors import EmptyDatabaseError  # errors only

        if isinstance(error, EmptyDatabaseError) and db is not None:
            self._offer_recovery(db, str(error), title="The database is empty",
                                 offer_new=True)
        else:
            show_error(self, error, title="Cannot open the database")
        self.welcome.refresh_choices()

    def on_ctx_database_lost(self, error: BaseException) -> None:
        """The open database was moved, deleted or replaced, or another window restored it
        or upgraded it to a newer version.
        Open editors keep what was typed; the pages keep showing what they showed. While
        this window is hidden (a judging session has the screen) it is said on return."""
        from awards_app.core.errors import (  # errors only
            DatabaseError,
            DatabaseRestoredError,
            DatabaseUpgradedError,
        )

        if self._judging_on_screen():
            self._lost_while_hidden = error
            return

        database = self.ctx.database
        path = str(database.path) if database is not None and database.path else None
        if isinstance(error, DatabaseUpgradedError):  # this version may not write to it
            self.status_label.setText("A newer version of Awards App upgraded the database: "
                                      "nothing more can be saved here.")
            self.banner.setText(f"Nothing can be saved: {error} ")
            self.banner.show()
            QMessageBox.warning(self, "The database was upgraded", str(error))
            return
        if isinstance(error, DatabaseRestoredError) and database is not None:
            QMessageBox.information(
                self, "The database was restored",
                f"{error}\n\nThe window now shows the restored data. An editor left open "
                "still shows what you typed: check it against the restored record before "
                "saving again.")
            if path is not None:
                self.open_database(path)
            else:  # a shared database: the same connection, now holding the restored data
                try:
                    database.watch(brief=True)
                except DatabaseError as exc:  # busy or gone: opening it again will say
                    show_error(self, exc)
                    return
                self.ctx.set_database(database)
            return
        self.status_label.setText("The database file has gone: nothing more can be saved.")
        self.banner.setText(f"Nothing can be saved: {error} ")
        self.banner.show()
        if path is not None:
            self._offer_recovery(path, str(error), title="The database file has gone")
        else:
            show_error(self, error)

    def _offer_recovery(self, path: str, text: str, *, title: str,
                        offer_new: bool = False) -> None:
        """Say what happened; offer to find the database, restore its newest backup or
        (for an empty file) start a new database there."""
        from awards_app.db import backup  # on first use: keeps sqlite3 off the start-up path

        sound = backup.newest_sound_backup(Path(path))
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # it quotes paths
        locate = box.addButton("Open database…", QMessageBox.ButtonRole.ActionRole)
        newest = None
        if sound is not None:
            newest = box.addButton(f"Restore the newest backup ({sound.name})",
                                   QMessageBox.ButtonRole.ActionRole)
        fresh = (box.addButton("Start a new database in this file",
                               QMessageBox.ButtonRole.DestructiveRole) if offer_new else None)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        chosen = box.clickedButton()
        if chosen is locate:
            self.open_database_dialog()
        elif newest is not None and chosen is newest:
            self.open_database(path, restore_from=sound)
        elif fresh is not None and chosen is fresh:
            self.open_database(path, new_database=True)

    def back_up_now(self) -> None:
        database = self.ctx.database
        if database is None:
            return
        if database.path is None:  # a shared database: a checked copy in a file of its own
            from awards_app.ui.transfer.server_backup import back_up_server  # on first use

            back_up_server(self.ctx, self, said=self.status_label.setText)
            return
        from awards_app.db import backup  # on first use: keeps sqlite3 off the start-up path

        path = database.path
        self.ctx.tasks.start_with_dialog(
            self, "Backing up…",
            lambda progress, cancelled: backup.backup_database(path),
            on_success=lambda target: self.status_label.setText(f"Backed up to {target}"),
            on_error=lambda exc: show_error(self, exc, title="Back-up failed"),
        )

    def restore_dialog(self) -> None:
        database = self.ctx.database
        if database is None:
            return
        if database.path is None:  # a shared database: restored under its write lock
            from awards_app.ui.transfer.server_backup import restore_server_dialog  # on first use

            restore_server_dialog(self.ctx, self)
            return
        from awards_app.db import backup  # on first use: keeps sqlite3 off the start-up path

        folder = str(backup.backups_dir(database.path))
        source, _ = QFileDialog.getOpenFileName(
            self, "Restore from a backup", folder, "Backups (*.sqlite3 *.db);;All files (*)"
        )
        if not source or not unlock(self, Path(source)):  # an encrypted backup: its passphrase
            return
        answer = QMessageBox.question(
            self, "Restore",
            f"Replace everything in\n{database.path}\nwith the backup\n{source}?\n\n"
            "The database as it is now is kept as a backup first.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        target = database.path
        self.ctx.set_database(None)
        from awards_app.db.engine import open_database  # on first use: keeps SQLAlchemy off the start-up path

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from awards_app.db import restore  # on first use: keeps SQLAlchemy off the start-up path

            restore.restore_database(target, Path(source))
            return open_database(target)

        self.ctx.tasks.start_with_dialog(
            self, "Restoring…", job, on_success=self.ctx.set_database,
            on_error=lambda exc: self._restore_failed(exc, str(target)),
        )

    def _restore_failed(self, error: BaseException, target: str) -> None:
        show_error(self, error, title="Restore failed")
        self.open_database(target)

    def verify_certificate(self) -> None:
        """Check a certificate's code: typed, or scanned with a USB scanner."""
        from awards_app.ui.certificates.dialogs import VerifyDialog  # on first use: it imports the services (SQLAlchemy)

        VerifyDialog(self.ctx, self).exec()

    def show_user_guide(self) -> None:
        """Help ▸ User guide (F1): one guide window, kept and raised again, never modal."""
        from awards_app.ui.guide import UserGuideWindow  # on first use: off the start-up path

        if getattr(self, "user_guide", None) is None:
            self.user_guide = UserGuideWindow(self)
        self.user_guide.show()
        self.user_guide.raise_()
        self.user_guide.activateWindow()

    def about(self) -> None:
        from awards_app.logs import setup_logging  # on first use: keeps logging.handlers off the start-up path

        database = self.ctx.db_label or "none open"
        backups = ""
        if self.ctx.database is not None and self.ctx.database.path is not None:
            from awards_app.db.backup import backups_dir  # on first use: keeps sqlite3 off the start-up path

            backups = f"<br>Backups: {escape(str(backups_dir(self.ctx.database.path)))}"
        QMessageBox.about(
            self, "About Awards App",
            f"<b>Awards App {__version__}</b><br>Care leavers awards, from the first "
            f"nomination to the last certificate.<br><br>Database: {escape(database)}{backups}"
            f"<br>Log file: {escape(str(setup_logging()))}",
        )

    # --- window state --------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = settings.get("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.get("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        saved = settings.settings().value(settings.splitter_key(self.splitter.objectName()))
        if isinstance(saved, QByteArray):
            self.splitter.restoreState(saved)

    @staticmethod
    def _judging_on_screen() -> bool:
        """A judging session has the screen (and this window is hidden behind it)."""
        return any(w.objectName() == "JudgingSessionWindow" and w.isVisible()
                   for w in QApplication.topLevelWidgets())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        error, self._lost_while_hidden = self._lost_while_hidden, None
        if error is not None:  # after the show: the message belongs to a window on screen
            QTimer.singleShot(0, lambda: self.on_ctx_database_lost(error))

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self._pages.values():
            if not page.can_close():  # a page with unsaved work may refuse
                event.ignore()
                return
        settings.put("window/geometry", self.saveGeometry())
        settings.put("window/state", self.saveState())
        settings.put(settings.splitter_key(self.splitter.objectName()), self.splitter.saveState())
        super().closeEvent(event)
        self.ctx.close_database()  # stops watching for others' changes, too

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)
