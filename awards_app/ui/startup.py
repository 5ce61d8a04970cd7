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


def open_job(db: str | None, *, demo: bool = False) -> Job:
    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        from awards_app.db.engine import open_database  # in the job: SQLAlchemy loads off the UI thread, after the first paint

        database = open_database(db)
        if demo:
            from awards_app.services import demo as demo_service  # in the job, as above
            from awards_app.services import events  # in the job, as above

            with database.session() as session:
                if not events.list_events(session):
                    demo_service.create_demo_event(session)
        return database

    return job
