"""benchmarks/backends.py and the benchmarks' --pg path: the side-by-side table, the write-lock
timer on both backends, and (with a test server, AWARDS_TEST_PG) a tiny import benchmark run
end to end on SQLite and PostgreSQL, leaving nothing behind on the server."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from awards_app.db.engine import open_database
from benchmarks import backends
from benchmarks.write_lock import WriteLockTimer
from tests import pg

ROOT = Path(__file__).resolve().parent.parent
needs_server = pytest.mark.skipif(not pg.server_url(), reason="no test server (AWARDS_TEST_PG)")


def _bench_leftovers() -> tuple[list[str], list[str]]:
    """Databases and roles on the test server that a benchmark made and did not drop."""
    engine = create_engine(pg.server_url())
    try:
        with engine.connect() as conn:
            names = conn.execute(text(
                "SELECT datname FROM pg_database WHERE datname LIKE 'awards\\_bench\\_%'"
            )).scalars().all()
            roles = conn.execute(text(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'awards\\_awards\\_bench\\_%'"
            )).scalars().all()
    finally:
        engine.dispose()
    return list(names), list(roles)


def test_side_by_side_lines_up_both_figures_and_the_ratio() -> None:
    figures = [
        backends.Figure("import_nominations", "import (s)", 0.5, 1.5),
        backends.Figure("import_nominations", "longest write-lock hold (s)", 0.0, 0.25),
        backends.Figure("ui_bench", "cold start (ms)", 550.0, 1234.0),
    ]
    lines = backends.side_by_side(figures)
    assert lines[0].split() == ["figure", "SQLite", "PostgreSQL", "PostgreSQL/SQLite"]
    assert lines[1].split()[-3:] == ["0.500", "1.500", "3.00×"]
    assert lines[2].split()[-3:] == ["0.000", "0.250", "–"]  # no ratio to a zero
    assert lines[3].split()[-3:] == ["550", "1,234", "2.24×"]
    assert len({len(line) for line in lines}) == 1  # right-aligned figures, one width
    with_names = backends.side_by_side(figures, with_benchmark=True)
    assert with_names[0].split()[:2] == ["benchmark", "figure"]
    assert with_names[3].startswith("ui_bench ")
    assert [line.split()[-1] for line in with_names] == [line.split()[-1] for line in lines]


def test_report_prints_the_table_and_writes_what_the_runner_reads(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = [backends.Figure("results_bench", "rank (s)", 0.4, 0.6)]
    out = tmp_path / "figures.json"
    backends.report(figures, out)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "--- side by side (same run) ---"
    assert printed[1:] == backends.side_by_side(figures)
    assert backends.read_figures(out) == figures
    assert json.loads(out.read_text(encoding="utf-8"))[0]["postgresql"] == 0.6


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_server)])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database on each backend (PostgreSQL only with a test server)."""
    if request.param == "sqlite":
        yield str(tmp_path / "lock.sqlite3")
        return
    with pg.fresh_database() as url:
        yield url


def test_write_lock_timer_times_each_write_and_no_read(any_url: str) -> None:
    database = open_database(any_url)
    timer = WriteLockTimer(database)
    try:
        with database.read_session() as session:
            session.execute(text("SELECT 1"))
        assert timer.holds == []  # a read takes no write lock
        with database.session() as session:
            session.execute(text("SELECT 1"))
            time.sleep(0.05)
        assert len(timer.holds) == 1
        assert 0.05 <= timer.longest < 5
    finally:
        timer.close()
        database.close()


def _import_bench(*options: str, figures: Path | None = None) -> list[str]:
    command = [sys.executable, str(ROOT / "benchmarks" / "import_nominations.py"),
               "--rows", "12", "--repeat", "1", *options]
    if figures is not None:
        command += ["--figures", str(figures)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


@pytest.mark.slow
def test_without_pg_the_import_benchmark_prints_what_it_always_did() -> None:
    lines = _import_bench()
    assert lines[0] == "rows: 12 (prepare (read) + store (write))"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "import time", "rows/s", "longest write-lock hold", "target ≤ 2.000 s",
        "target write lock ≤ 0.300 s"]


@pytest.mark.slow
@needs_server
def test_import_benchmark_runs_on_both_backends_and_drops_its_databases(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    lines = _import_bench("--pg", pg.server_url(), figures=out)
    assert lines.index("--- SQLite ---") < lines.index("--- PostgreSQL ---") < lines.index(
        "--- side by side (same run) ---")
    assert sum(line.startswith("rows: 12 (") for line in lines) == 2
    figures = {f.name: f for f in backends.read_figures(out)}
    assert set(figures) == {"import 12 nominations (s)", "longest write-lock hold (s)"}
    for figure in figures.values():
        assert figure.benchmark == "import_nominations"
        assert figure.sqlite > 0 and figure.postgresql > 0  # the lock is timed on both
        assert f"{figure.ratio:.2f}×" in " ".join(lines)
    assert _bench_leftovers() == ([], [])


@needs_server
def test_every_database_made_is_dropped_after_an_interruption() -> None:
    database = None
    with pytest.raises(KeyboardInterrupt), backends.PgServer(pg.server_url()) as server:
        first = server.migrated("interrupted")
        server.clone(first, "interrupted")
        database = open_database(first)  # still connected when the run is stopped
        with database.read_session() as session:
            session.execute(text("SELECT 1"))
        assert len(_bench_leftovers()[0]) == 3  # the template and two copies
        raise KeyboardInterrupt
    assert _bench_leftovers() == ([], [])
    assert database is not None
    database.close()
