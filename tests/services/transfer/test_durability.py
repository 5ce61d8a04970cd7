"""A process killed in the middle of an import leaves a sound database with all or none."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from awards_app.db import backup
from awards_app.db.engine import open_database
from awards_app.services import catalogue
from tests.factories import write_nominations_csv

ROWS = 10_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_nominations_csv(tmp_path_factory.mktemp("big") / "nominations.csv", ROWS)


def _fresh_db(path: Path) -> None:
    database = open_database(path)
    with database.session() as session:
        catalogue.create_event(session, name="Kill Test", year=2027, ceremony_date="2027-03-19")
    database.close()


def _count(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM nomination").fetchone()[0],
                conn.execute("SELECT count(*) FROM nominee").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_progress_lines", [0, 1, 3])
def test_sigkill_mid_import_leaves_all_or_none(
    tmp_path: Path, big_csv: Path, kill_after_progress_lines: int
) -> None:
    db_path = tmp_path / "awards.sqlite3"
    _fresh_db(db_path)
    child = subprocess.Popen(
        [sys.executable, "-m", "awards_app.cli.main", "--db", str(db_path),
         "import", "nominations", str(big_csv), "--progress"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stderr is not None
    if kill_after_progress_lines == 0:
        time.sleep(0.4)  # during reading and checking, before any row is written
    else:
        seen = 0
        while seen < kill_after_progress_lines:
            line = child.stderr.readline()
            assert line, "the import ended before it could be interrupted"
            if line.startswith("progress"):
                seen += 1
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert backup.integrity_errors(db_path) == []
    nominations, nominees = _count(db_path)
    assert (nominations, nominees) in ((0, 0), (ROWS, ROWS))
    if kill_after_progress_lines:
        assert nominations == 0  # killed inside the transaction: nothing of it survives
    # The database still opens and works after the crash.
    reopened = open_database(db_path)
    reopened.close()


@pytest.mark.slow
def test_uninterrupted_import_stores_everything(tmp_path: Path, big_csv: Path) -> None:
    db_path = tmp_path / "awards.sqlite3"
    _fresh_db(db_path)
    done = subprocess.run(
        [sys.executable, "-m", "awards_app.cli.main", "--db", str(db_path),
         "import", "nominations", str(big_csv)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert _count(db_path) == (ROWS, ROWS)
