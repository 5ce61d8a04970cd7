"""``awards-app``: start the desktop program. Only Qt is imported before the window is
painted; the database (and SQLAlchemy with it) opens right after, off the UI thread."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from awards_app.ui.main_window import MainWindow

    from awards_app.ui.common.context import AppContext

STARTED = time.perf_counter()
#: services.demo.DEMO_STAGES, written out here: importing it would load SQLAlchemy before the
#: first paint (a test keeps the two the same)
DEMO_STAGES = ("nominations", "judging", "results")
#: the start of a demo folder's name (ui.startup.demo_database_path)
DEMO_FOLDER_PREFIX = "awards-demo-"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="awards-app", description="Care leavers awards.")
    parser.add_argument("--db", help="database file or SQLAlchemy URL (default: AWARDS_DB or "
                                     "the user data folder)")
    parser.add_argument("--demo", nargs="?", const=True, choices=DEMO_STAGES,
                        help="open a demo event in a temporary database, as it is while "
                             "nominations come in (the default; with --judging: judging "
                             "morning), on judging morning or after the results")
    parser.add_argument("--smoke", action="store_true",
                        help="open the demo, show every page, then exit 0 (for packaging tests)")
    parser.add_argument("--judging", action="store_true",
                        help="open the full-screen judging session (judges sign in with their "
                             "PIN and score) on the current event, instead of the main window")
    parser.add_argument("--startup-benchmark", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.demo is True:  # --demo without a stage: the moment that suits the window opened
        args.demo = "judging" if args.judging else "nominations"
    return args


def _no_screen() -> bool:
    """On Linux without X11/Wayland, Qt would abort with a cryptic message."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    from awards_app.paths import keep_files_private

    keep_files_private()  # every file written holds, or may hold, personal data
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if _no_screen():
        print("awards-app: no screen was found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
              "Run it in a desktop session, or on a server under a virtual screen:\n"
              "  xvfb-run awards-app --demo\n"
              "Everything can also be done with the 'awards' command (awards --help).",
              file=sys.stderr)
        return 1
    try:
        from PySide6.QtWidgets import QApplication  # here: Qt's libraries may be missing
    except ImportError as exc:
        print(f"awards-app: Qt could not start ({exc}).\nOn Debian or Ubuntu, install its "
              "libraries with: bash scripts/setup-debian.sh", file=sys.stderr)
        return 1

    from awards_app.ui import settings  # after the Qt check above (these import PySide6)
    from awards_app.ui.common.context import AppContext  # after the Qt check above
    from awards_app.ui.common.errors import install_excepthook  # after the Qt check above

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # a widgets program: never a bare QCoreApplication
    app.setApplicationName(settings.APPLICATION)
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationDisplayName("Awards App")
    install_excepthook()
    ctx = AppContext()
    demo_folders = track_demo_folders(ctx)
    demo: str | None = args.demo or ("nominations" if args.smoke else None)
    db = args.db
    if demo:
        from awards_app.ui.startup import demo_database_path  # after the Qt check above

        db = str(demo_database_path())
        demo_folders.add(Path(db).parent)
    if args.judging:
        if not demo and db is None and not os.environ.get("AWARDS_DB"):
            db = str(settings.get("shared/address") or "") or None  # the team's, if chosen
        if not demo and not _unlock_at_start(db):
            return 1  # an encrypted database and no passphrase given: nothing opened
        return _run_judging(app, ctx, db, demo=demo, benchmark=args.startup_benchmark,
                            demo_folders=demo_folders)

    from awards_app.ui.main_window import MainWindow  # not loaded for --judging (start-up)

    window = MainWindow(ctx)

    if args.startup_benchmark:
        window.first_painted.connect(lambda: (print(f"first-paint {time.perf_counter() - STARTED:.4f}",
                                                    flush=True), app.quit()))
    else:
        window.first_painted.connect(lambda: _open_at_start(window, db, demo=demo))
    if args.smoke:
        from awards_app.ui.smoke import run_smoke  # loaded only for --smoke

        run_smoke(app, window)
    window.show()
    code = app.exec()
    remove_demo_folders(ctx, demo_folders)
    return int(code)


def is_demo_folder(folder: Path) -> bool:
    """A demo database's temporary folder (ui.startup.demo_database_path makes them)."""
    return (folder.name.startswith(DEMO_FOLDER_PREFIX)
            and folder.parent.resolve() == Path(tempfile.gettempdir()).resolve())


def track_demo_folders(ctx: AppContext) -> set[Path]:
    """The demo folders this run opens (from --demo or the welcome page), filled as
    databases are opened; :func:`remove_demo_folders` deletes them on quit."""
    folders: set[Path] = set()

    def note() -> None:
        database = ctx.database
        if database is not None and database.path is not None:
            folder = Path(database.path).parent
            if is_demo_folder(folder):
                folders.add(folder)

    ctx.database_changed.connect(note)
    return folders


def remove_demo_folders(ctx: AppContext, folders: set[Path]) -> None:
    """Close a demo database still open and delete every demo folder of this run: the demo
    leaves nothing behind (a folder another program still holds is left to the system)."""
    database = ctx.database
    if database is not None and database.path is not None and \
            Path(database.path).parent in folders:
        database.close()
    for folder in folders:
        if is_demo_folder(folder):  # never anything else, whatever was added
            shutil.rmtree(folder, ignore_errors=True)


def _open_at_start(window: MainWindow, db: str | None, *, demo: str | None) -> None:
    """The database the program starts on; a new one is first offered encryption
    (recommended), and an encrypted one asks for its passphrase (MainWindow.open_database)."""
    if not demo and db is None and not os.environ.get("AWARDS_DB"):
        from awards_app.ui import settings  # after the first paint

        shared = str(settings.get("shared/address") or "")
        if shared:  # this person last connected to a team's shared database: it again
            window.connect_shared(shared)
            return
    if not demo:
        from awards_app.ui.encryption import database_file, offer_first_run_encryption  # after the first paint

        path = database_file(db)
        if path is not None and not offer_first_run_encryption(window, path):
            window.status_label.setText("No database open.")
            window.welcome.refresh_choices()
            return
    window.open_database(db, demo=demo or False)


def _unlock_at_start(db: str | None) -> bool:
    """The judging session's database: its passphrase, if it is encrypted, before the
    full-screen window shows (False: not given)."""
    from awards_app.ui.encryption import database_file, unlock  # after the Qt check

    path = database_file(db)
    return path is None or unlock(None, path)


def _run_judging(app: QApplication, ctx: AppContext, db: str | None, *, demo: str | None,
                 benchmark: bool, demo_folders: set[Path]) -> int:
    """The judging session window, full screen; the database opens after the first paint."""
    from awards_app.ui.judging.session import JudgingSessionWindow  # not loaded for the main window (start-up)

    window = JudgingSessionWindow(ctx)
    if benchmark:
        window.first_painted.connect(lambda: (print(f"first-paint {time.perf_counter() - STARTED:.4f}",
                                                    flush=True), app.exit(0)))  # exit: quit() would ask the session to close
    else:
        window.first_painted.connect(lambda: window.open_database(db, demo=demo or False))
    window.show_full_screen()
    code = app.exec()
    ctx.close_database()  # its watch stopped, then the database let go
    remove_demo_folders(ctx, demo_folders)
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
