"""Opening a database off the UI thread (this is where SQLAlchemy first gets imported)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from awards_app.ui.common.tasks import Job


def demo_database_path() -> Path:
    """A fresh demo database in a temporary folder: exploring never touches real data."""
    return Path(tempfile.mkdtemp(prefix="awards-demo-")) / "demo.sqlite3"


def open_job(db: str | None, *, demo: bool | str = False, new_database: bool = False,
             restore_from: Path | None = None, password: str | None = None) -> Job:
    """Open ``db`` (``new_database``: start afresh in an empty file; ``restore_from``: first
    restore that backup into it; ``password``: a shared database's login's)."""
    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        from awards_app.db.engine import open_database, resolve_url, sqlite_path  # in the job: SQLAlchemy loads off the UI thread, after the first paint

        if restore_from is not None:
            from awards_app.db import restore  # in the job, as above

            path = sqlite_path(resolve_url(db))
            assert path is not None
            restore.restore_database(path, restore_from)
        database = open_database(db, new_database=new_database, password=password)
        from awards_app.services.certificates import staging  # in the job, as above

        try:  # what killed print runs left: moved into place if recorded, else removed
            staging.settle_leftovers(database)
        except OSError:
            pass  # the next print run tries again, and says so if it cannot
        if demo:
            from awards_app.services import demo as demo_service  # in the job, as above
            from awards_app.services import events  # in the job, as above

            with database.session() as session:
                if not events.list_events(session):
                    demo_service.create_demo_event(
                        session, stage=demo if isinstance(demo, str) else "nominations")
        return database

    return job
