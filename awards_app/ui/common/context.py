"""The application's state shared by every page: the open database, the current event, and
one app-wide ``data_changed`` signal emitted after every successful change (Anki's
CollectionOp pattern). Pages never open sessions themselves; they call ``read``/``write``.

``data_changed`` is also emitted when another window, PC or command has committed a change
(db/changes.py: PostgreSQL's NOTIFY, SQLite's data_version): at most once per
``COALESCE_MS``, never during one of this window's own saves or while a drop-down list is
open, so every page shows the change within two seconds and keeps what the person typed,
chose and scrolled to. ``for_others`` is True while that reload is told.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from awards_app.core.errors import (
    DatabaseBusyError,
    DatabaseGoneError,
    DatabaseRestoredError,
    DatabaseUpgradedError,
    NotFoundError,
)
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import isolate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from awards_app.db.changes import ChangeWatcher
    from awards_app.db.engine import Database
    from awards_app.db.models import Event
    from awards_app.ui.common.tasks import TaskRunner

T = TypeVar("T")
#: what a save says once it committed: words, or words made from the unit of work's result
Saved = str | Callable[[T], str]
SAVING = "Saving…"
#: said after a save that names nothing more particular
SAVED = "Saved."


#: the status bar's words while a window cannot read the database (AppContext.read_later)
BUSY_READING = ("The database is busy with a change to its tables (another PC upgrading it?): "
                "what is shown is read again in a few seconds.")


def event_title(name: str, year: int) -> str:
    """"Spring Awards 2027", shown in titles among other words: the name bidi-isolated."""
    return f"{isolate(name)} {year}"


class AppContext(QObject):
    data_changed = Signal()
    #: a database was opened or the current event changed: pages reload everything
    database_changed = Signal()
    #: "Saving…" while a save runs, then what was saved ("Saved nomination N-0012.") once it
    #: committed, or "" when it failed (the caller says why); shown, never logged
    save_note = Signal(str)
    #: the database file went (moved, deleted, replaced) or was restored or upgraded by
    #: another program while open: the DatabaseGoneError, DatabaseRestoredError or
    #: DatabaseUpgradedError saying so
    database_lost = Signal(object)
    #: a page could not be read just now (the database busy with a change to its tables):
    #: words for the status bar; the page reads again after READ_RETRY_MS
    busy_note = Signal(str)
    READ_RETRY_MS = 3000
    #: how often an open database is checked for that (a file status and one small read)
    WATCH_MS = 5000
    #: how often it is asked whether others changed it (SQLite's data_version; PostgreSQL's
    #: listener also wakes the window as soon as a change is announced)
    CHANGES_MS = 1000
    #: others' changes reload the pages at most once per this long (a burst: one reload)
    COALESCE_MS = 500
    #: ... and wait at most this long for an open drop-down list to close
    DROP_DOWN_WAIT_S = 5.0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.event_id: int | None = None
        self.event_title = ""
        self._tasks: TaskRunner | None = None
        # One timer watches the open database: others' changes every CHANGES_MS, the file
        # and the generation (a restore) every WATCH_MS and as soon as others changed it.
        self._watch = QTimer(self)
        self._watch.setInterval(self.CHANGES_MS)
        self._watch.timeout.connect(self.on_watch_timeout)
        self._ticks = 0
        self._lost_reported = False
        self._changes: ChangeWatcher | None = None
        self._notifier: QSocketNotifier | None = None
        self._others_timer = QTimer(self)
        self._others_timer.setSingleShot(True)
        self._others_timer.timeout.connect(self.reload_for_others)
        self._others_told_at = -float("inf")
        self._others_waiting_since: float | None = None
        self._writing = 0
        #: True while ``data_changed`` is told for a change someone else made
        self.for_others = False
        #: counts the changes told so far (data_changed, database_changed): a line read from
        #: the database at one count is stale at another (connected first: counted before any
        #: page hears of the change)
        self.generation = 0
        self.data_changed.connect(self._count_change)
        self.database_changed.connect(self._count_change)

    def _count_change(self) -> None:
        self.generation += 1
        # Every page reads from now on: what anyone committed until now will be shown, so
        # the changes seen so far need no reload of their own.
        self._others_timer.stop()
        self._others_waiting_since = None
        if self._changes is not None:
            self._changes.poll()
            self._follow_socket()

    @property
    def tasks(self) -> TaskRunner:
        """Background jobs (created on first use: keeps thread machinery off the start-up path)."""
        if self._tasks is None:
            from awards_app.ui.common.tasks import TaskRunner  # on first use: keeps thread machinery off the start-up path

            self._tasks = TaskRunner(self)
        return self._tasks

    # --- database and event --------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.database is not None

    @property
    def db_label(self) -> str:
        return self.database.display_name if self.database else ""

    def set_database(self, database: Database | None) -> None:
        """Adopt an opened database (closing the previous one) and its current event."""
        self.stop_watching()
        if self.database is not None and self.database is not database:
            self.database.close()
        self.database = database
        self._lost_reported = False
        self._load_current_event()
        if database is not None:
            self._start_watching(database)
            self._check_fully_in_background(database)
        self.database_changed.emit()

    def close_database(self) -> None:
        """The window closes: stop watching and let the database go."""
        self.stop_watching()
        if self.database is not None:
            self.database.close()

    # --- others' changes -----------------------------------------------------------------

    def _start_watching(self, database: Database) -> None:
        from awards_app.db import changes  # on first use: keeps SQLAlchemy off the start-up path

        try:
            self._changes = changes.open_watcher(database.engine, database.path)
        except Exception:  # cannot watch: the pages still refresh after this window's saves and on F5
            self._changes = None
        self._follow_socket()
        self._ticks = 0
        self._watch.start()

    def stop_watching(self) -> None:
        """Stop asking whether others changed the database (its listener is closed)."""
        self._watch.stop()
        self._others_timer.stop()
        watcher, self._changes = self._changes, None
        self._follow_socket()
        if watcher is not None:
            watcher.close()

    def _follow_socket(self) -> None:
        """Wake on the listener's socket (PostgreSQL), which changes when it reconnects."""
        fd = self._changes.socket() if self._changes is not None else None
        if self._notifier is not None and (fd is None or self._notifier.socket() != fd):
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if fd is not None and self._notifier is None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self.poll_changes)

    def on_watch_timeout(self) -> None:
        self._ticks += 1
        if self._ticks % max(1, self.WATCH_MS // self.CHANGES_MS) == 0 and not self.check_database():
            return
        self.poll_changes()
        self._reconnect_if_due()

    def poll_changes(self, *_args: object) -> None:
        """Ask (without waiting) whether someone else changed the database; if so, reload
        the pages soon."""
        watcher = self._changes
        if watcher is None:
            return
        seen = watcher.poll()
        self._follow_socket()
        if seen.others and self.check_database():
            wait = self._others_told_at + self.COALESCE_MS / 1000 - time.monotonic()
            if not self._others_timer.isActive():
                self._others_timer.start(int(max(0.0, wait) * 1000))

    def _reconnect_if_due(self) -> None:
        """PostgreSQL's listener lost its connection: open it again in the background,
        quietly (F5 still works meanwhile)."""
        from awards_app.db.changes import PostgresWatcher  # on first use: keeps SQLAlchemy off the start-up path

        watcher = self._changes
        if isinstance(watcher, PostgresWatcher) and watcher.reconnect_due():
            self.tasks.start_quietly(lambda _progress, _cancelled: watcher.reconnect(),
                                     on_success=lambda _ok: self._follow_socket())

    def reload_for_others(self) -> None:
        """Tell every page the data changed (someone else changed it) — unless this window
        is saving (its own reload follows) or a drop-down list is open (it would change
        under the person): then a moment later (for a drop-down, at most
        DROP_DOWN_WAIT_S)."""
        if self.database is None or self._changes is None:
            return
        now = time.monotonic()
        if self._others_waiting_since is None:
            self._others_waiting_since = now
        if self._writing or (_drop_down_open()
                             and now - self._others_waiting_since < self.DROP_DOWN_WAIT_S):
            self._others_timer.start(self.COALESCE_MS)
            return
        self._others_told_at, self._others_waiting_since = now, None
        self._reload_event_title()
        self.for_others = True
        try:
            self.data_changed.emit()
        finally:
            self.for_others = False

    def _reload_event_title(self) -> None:
        """The event shown stays the one this window chose; its name may have changed."""
        from awards_app.services import events  # imported on first use: keeps SQLAlchemy off the start-up path

        if self.event_id is None:
            return
        event_id = self.event_id
        try:
            self.event_title = self.read(lambda s: _title_of(events.get_event(s, event_id)))
        except NotFoundError:
            pass  # deleted elsewhere: the pages say what they find
        except Exception:  # a passing read failure: the title stays as it was
            pass

    def _check_fully_in_background(self, database: Database) -> None:
        """A large database had only SQLite's quick check when it was opened: the full one
        runs in the background, and damage it finds makes the database read-only."""
        from awards_app.db import backup, engine  # on first use: keeps sqlite3 off the start-up path

        path = database.path
        if (path is None or database.damage or not path.exists()
                or path.stat().st_size <= engine.FULL_CHECK_MAX_BYTES):
            return

        def found(problems: list[str]) -> None:
            if problems and self.database is database:
                backup.mark_damaged(path, problems)
                database.damage = problems
                self.database_changed.emit()

        self.tasks.start(lambda _progress, _cancelled: backup.integrity_errors(path),
                         on_success=found, on_error=lambda _exc: None)

    def check_database(self) -> bool:
        """Is the open database still the file and the data opened? If not, say so once
        (``database_lost``) and stop watching it; pages keep what they show."""
        if self.database is None:
            return True
        try:
            self.database.check_still_ours(brief=True)
        except (DatabaseGoneError, DatabaseRestoredError, DatabaseUpgradedError) as exc:
            self._lost(exc)
            return False
        except Exception:  # a passing read failure: the next save will say what is wrong
            return True
        return True

    def _lost(self, error: BaseException) -> None:
        self.stop_watching()  # a restored or vanished database's changes are not shown
        if not self._lost_reported:
            self._lost_reported = True
            self.database_lost.emit(error)

    def _load_current_event(self) -> None:
        self.event_id, self.event_title = None, ""
        if self.database is None:
            return
        from awards_app.services import events  # imported on first use: keeps SQLAlchemy off the start-up path

        with self.database.read_session() as session:
            event = events.current_event(session)
            if event is not None:
                self.event_id, self.event_title = event.id, _title_of(event)

    def set_event(self, event_id: int) -> None:
        from awards_app.services import events  # imported on first use: keeps SQLAlchemy off the start-up path

        self.write(lambda s: events.set_current_event(s, event_id), notify=False, saved=None)
        self._load_current_event()
        self.database_changed.emit()

    def require_event(self) -> int:
        if self.event_id is None:
            raise NotFoundError("Start or choose an event first (File ▸ New event).")
        return self.event_id

    # --- units of work -------------------------------------------------------------------

    def read(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in a read-only session. Return plain data, not ORM objects.

        On the UI thread, so it waits at most READ_ATTEMPT_MS for a lock (another PC
        upgrading a shared database), then raises DatabaseBusyError (``reading``): a page
        says so and reads again a moment later (Page.reload)."""
        assert self.database is not None, "no database open"
        with self.database.read_session(brief=True) as session:
            return fn(session)

    def read_later(self, retry: QTimer) -> None:
        """What a window does when it could not read the database just now (``read`` raised
        DatabaseBusyError): it keeps what it shows, the status bar says why, and ``retry``
        (a single-shot timer reading again) fires after READ_RETRY_MS, once however often
        it was asked meanwhile."""
        self.busy_note.emit(BUSY_READING)
        if not retry.isActive():
            retry.start(self.READ_RETRY_MS)

    def refresh_on_change(self, owner: QObject, refresh: Callable[[], object]) -> None:
        """Call ``refresh`` (which reads with ``read``) whenever the data changes, while
        ``owner`` lives; when the database cannot be read just now it is called again a
        moment later (see read_later) instead of an error box."""
        self.data_changed.connect(_Refresher(self, owner, refresh).run)

    def write(self, fn: Callable[[Session], T], *, notify: bool = True,
              saved: Saved[T] | None = SAVED, scores_only: bool = False) -> T:
        """Run ``fn`` as one transaction; on success tell every page the data changed.

        ``saved`` is what the person is told once the transaction has committed (the main
        window's status bar): words, or a function making them from ``fn``'s result
        ("Saved nomination N-0012."). Name the record by its reference or its title, never
        by a person's name; it is shown, never logged. None says nothing at all (a choice
        that is not a save, such as the current event).

        The transaction runs on a worker thread, never the UI thread: the window stays
        painted and keeps the person's input queued until it has ended. While another task
        (an import, a print run, another window) holds the database, the save is retried and
        a note says so, with a way to stop waiting; what the person typed stays on screen.
        ``fn`` gets only the session: read every widget before calling ``write``.
        ``scores_only``: ``fn`` only saves a judge's scores (Database.session).
        """
        database = self.database
        assert database is not None, "no database open"

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> T:
            return database.write_patiently(
                fn, waiting=lambda waited: progress(int(waited), 0), cancelled=cancelled,
                scores_only=scores_only)

        if saved is not None:
            self.save_note.emit(SAVING)
        self._writing += 1
        try:
            result: T = self.tasks.run_and_wait(
                job, waiting_title="Another task is saving", waiting_text=_waiting_text)
        except BaseException as exc:
            if saved is not None:
                self.save_note.emit("")
            if isinstance(exc, (DatabaseGoneError, DatabaseRestoredError)):
                self._lost(exc)
            raise
        finally:
            self._writing -= 1
        if saved is not None:  # only now: the transaction has committed
            self.save_note.emit(_saved_words(saved, result))
        if notify:
            self.data_changed.emit()
            if self.event_id is not None:
                self._load_current_event()  # the event's own name may have changed
        return result

    def act(self, parent: QWidget | None, fn: Callable[[Session], T], *, title: str = "",
            saved: Saved[T] | None = SAVED) -> T | None:
        """``write`` for a button: problems are shown to the user; returns None if it failed.
        ``saved``: what is said once it committed (see ``write``)."""
        try:
            return self.write(fn, saved=saved)
        except Exception as exc:  # every failure is shown; unexpected ones are also logged
            show_error(parent, exc, title=title)
            return None


def _drop_down_open() -> bool:
    """A combo box's list is open (its items would be replaced under the person's choice)."""
    popup = QApplication.activePopupWidget()
    return popup is not None and isinstance(popup.parentWidget(), QComboBox)


def _title_of(event: Event) -> str:
    return event_title(event.name, event.year)


def _saved_words(saved: Saved[T], result: T) -> str:
    """What a committed save says; if its words cannot be made, that it was saved."""
    if not callable(saved):
        return saved
    try:
        return saved(result)
    except Exception:  # the change is stored: say so, even without the particulars
        return SAVED


def _waiting_text(seconds: int) -> str:
    return ("Another task (an import, a print run or another window) is saving to the "
            "database. Your change will be saved as soon as it has finished"
            + (f" — waiting {seconds} s." if seconds else ".")
            + "\n\nWhat you typed stays on screen if you stop waiting.")


class _Refresher(QObject):
    """``AppContext.refresh_on_change``'s slot: a child of its owner, so the connection ends
    with it."""

    def __init__(self, ctx: AppContext, owner: QObject, refresh: Callable[[], object]) -> None:
        super().__init__(owner)
        self._ctx, self._refresh = ctx, refresh
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.run)

    def run(self) -> None:
        try:
            self._refresh()
        except DatabaseBusyError as exc:
            if not exc.reading:
                raise
            self._ctx.read_later(self._retry)
