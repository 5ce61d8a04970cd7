"""The benchmarks on PostgreSQL beside SQLite: fresh databases per backend, and the figures
side by side with the ratio PostgreSQL/SQLite.

``import_nominations.py``, ``score_import_bench.py``, ``results_bench.py`` and ``ui_bench.py``
take ``--pg URL``: a PostgreSQL login that may create databases (for example the URL
``scripts/test-postgres.sh start DIR`` prints). With it, each runs its work on SQLite and then
on new PostgreSQL databases in the same run, and ends with a table of both figures and their
ratio. The databases it makes on the server (``awards_bench_…``) are dropped at the end, also
after Ctrl+C. Prepared databases (the 50,000-nomination ones, a scored event) are made on
SQLite as before and copied to the server with the program's own copy (``awards move-to``,
db/moving.py) once per run, then analysed, so both backends measure the same rows.

This file is also the runner that does all four and prints one table:

    python benchmarks/backends.py --pg postgresql+psycopg://me@/postgres?host=/tmp/pg
    python benchmarks/backends.py --pg URL --quick   # small sizes, a minute or two
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

SQLITE = "SQLite"
POSTGRESQL = "PostgreSQL"
T = TypeVar("T")


# --- databases ------------------------------------------------------------------------------

def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class PgServer:
    """The databases one benchmark run makes on a PostgreSQL server, all dropped by
    :meth:`close` (a ``with`` block: also after Ctrl+C, or a SIGTERM while in it)."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._admin: Engine = create_engine(admin_url, isolation_level="AUTOCOMMIT",
                                            pool_size=1)
        self._made: list[str] = []  # names not yet dropped, oldest first
        self._roles: list[str] = []  # team roles opening them made (roles are server-wide)
        self._template: str | None = None
        self._usual_sigterm: Any = None

    def __enter__(self) -> PgServer:
        try:
            self._usual_sigterm = signal.signal(signal.SIGTERM, _interrupt)
        except ValueError:  # not the main thread: Ctrl+C still reaches the main thread
            self._usual_sigterm = None
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
        if self._usual_sigterm is not None:
            signal.signal(signal.SIGTERM, self._usual_sigterm)

    def url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(
            hide_password=False)

    def create(self, label: str, *, template: str | None = None) -> str:
        """The URL of a new database (empty, or a copy of ``template``, a database name)."""
        from awards_app.db.logins import team_role

        name = f"awards_bench_{label}_{uuid.uuid4().hex[:10]}"
        self._made.append(name)  # before creating: an interrupted CREATE is still dropped
        self._roles.append(team_role(name))
        copy = f' TEMPLATE "{template}"' if template else ""
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        return self.url(name)

    def migrated(self, label: str) -> str:
        """The URL of a new database at the newest schema (copied from one migrated once)."""
        from awards_app.db.engine import open_database

        if self._template is None:
            url = self.create("template")
            open_database(url).close()
            self._template = str(make_url(url).database)
        return self.create(label, template=self._template)

    def copy_of(self, source: str | os.PathLike[str], label: str) -> str:
        """The URL of a new database holding everything in the database ``source`` (a
        SQLite file), copied and checked by the program's own ``move-to``, then analysed.

        A copy made in one transaction has no planner statistics until autovacuum analyses
        it (within about a minute on a server left alone); until then PostgreSQL guesses one
        row per table and picks nested loops, which once doubled a results query on 20,000
        nominations. ANALYZE here measures the database as a team would be using it."""
        from awards_app.db import moving

        url = self.create(label)
        moving.move_database(str(source), url)
        engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
        try:
            with engine.connect() as conn:
                conn.execute(text("ANALYZE"))
        finally:
            engine.dispose()
        return url

    def clone(self, url: str, label: str) -> str:
        """The URL of a new database copied from the one at ``url`` (which nobody may be
        connected to), as fast as the server copies files."""
        return self.create(label, template=str(make_url(url).database))

    def drop(self, url: str) -> None:
        name = str(make_url(url).database)
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self._made:
            self._made.remove(name)

    def close(self) -> None:
        """Drop every database made here, then their team roles."""
        try:
            with self._admin.connect() as conn:
                for name in reversed(self._made):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                self._made.clear()
                for role in self._roles:
                    conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
                self._roles.clear()
        finally:
            self._admin.dispose()


@contextmanager
def pg_server(admin_url: str | None) -> Iterator[PgServer | None]:
    """A :class:`PgServer` for ``admin_url``, or None when no ``--pg`` was given."""
    if not admin_url:
        yield None
        return
    with PgServer(admin_url) as server:
        yield server


def copy_to_server(server: PgServer, source: Path, label: str) -> str:
    """:meth:`PgServer.copy_of`, saying so (seconds to minutes, with the database's size)."""
    print("copying it to the PostgreSQL server (awards move-to)…", flush=True)
    started = time.perf_counter()
    url = server.copy_of(source, label)
    print(f"copied in {time.perf_counter() - started:.1f} s", flush=True)
    return url


def on_both(server: PgServer | None, path: Path, label: str,
            measure: Callable[[str], T]) -> tuple[T, T] | None:
    """``measure`` on the prepared SQLite database at ``path`` and, with a server, on its
    copy there, each under its backend's heading: (SQLite's, PostgreSQL's) figures. Without
    a server only SQLite's are printed, as always, and there is nothing to compare (None)."""
    if server is None:
        measure(str(path))
        return None
    url = copy_to_server(server, path, label)
    heading(SQLITE)
    lite = measure(str(path))
    heading(POSTGRESQL)
    return lite, measure(url)


def each_run(repeat: int, new_database: Callable[[int], str], done: Callable[[str], None],
             run: Callable[[str], Any]) -> list[Any]:
    """``run(db)`` on a new database ``new_database(i)`` each time, ``done(db)`` after each
    (also when it fails): the runs' results."""
    results = []
    for i in range(repeat):
        db = new_database(i)
        try:
            results.append(run(db))
        finally:
            done(db)
    return results


def add_pg_option(parser: argparse.ArgumentParser) -> None:
    """``--pg URL`` and ``--figures FILE`` (for the runner), the same in every benchmark."""
    parser.add_argument("--pg", metavar="URL", default="",
                        help="also run on new databases on this PostgreSQL server (a login "
                             "that may create databases) and print both, with the ratio")
    parser.add_argument("--figures", metavar="FILE", type=Path, default=None,
                        help=argparse.SUPPRESS)  # JSON for benchmarks/backends.py


def heading(backend: str) -> None:
    """The line before a backend's own figures (printed only when both are run)."""
    print(f"--- {backend} ---", flush=True)


# --- figures side by side ------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One figure measured on both backends (the same unit)."""

    benchmark: str
    name: str
    sqlite: float
    postgresql: float

    @property
    def ratio(self) -> float | None:
        """PostgreSQL / SQLite, or None when SQLite's figure is zero."""
        return self.postgresql / self.sqlite if self.sqlite else None


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3f}"


def side_by_side(figures: Sequence[Figure], *, with_benchmark: bool = False) -> list[str]:
    """The figures as a table: [benchmark,] figure, SQLite, PostgreSQL, ratio PG/SQLite."""
    head = (["benchmark"] if with_benchmark else []) + ["figure", SQLITE, POSTGRESQL,
                                                         "PostgreSQL/SQLite"]
    rows = [head]
    for f in figures:
        ratio = "–" if f.ratio is None else f"{f.ratio:.2f}×"
        rows.append(([f.benchmark] if with_benchmark else [])
                    + [f.name, _number(f.sqlite), _number(f.postgresql), ratio])
    text_columns = 2 if with_benchmark else 1
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i < text_columns else cell.rjust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def report(figures: Sequence[Figure], path: Path | None) -> None:
    """Print the side-by-side table; write the figures to ``path`` for the runner."""
    print("--- side by side (same run) ---")
    for line in side_by_side(figures):
        print(line)
    if path is not None:
        path.write_text(json.dumps([asdict(f) for f in figures], indent=1), encoding="utf-8")


def read_figures(path: Path) -> list[Figure]:
    return [Figure(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


# --- the runner ----------------------------------------------------------------------------

#: (script, its options for --quick); each is run with its own defaults otherwise
BENCHMARKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("import_nominations.py", ("--rows", "1000", "--repeat", "3")),
    ("score_import_bench.py", ("--rows", "1200", "--repeat", "3")),
    ("results_bench.py", ("--nominations", "5000", "--repeat", "3")),
    ("ui_bench.py", ("--nominations", "5000", "--runs", "3")),
)


def run_all(pg: str, *, quick: bool, only: Sequence[str] = ()) -> list[Figure]:
    """Run each benchmark in a process of its own with ``--pg``; their figures."""
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        for script, quick_options in BENCHMARKS:
            if only and not any(word in script for word in only):
                continue
            out = Path(tmp) / f"{script}.json"
            command = [sys.executable, str(ROOT / "benchmarks" / script), "--pg", pg,
                       "--figures", str(out), *(quick_options if quick else ())]
            print(f"=== {script} {' '.join(quick_options) if quick else ''}".rstrip(), flush=True)
            subprocess.run(command, check=True, cwd=ROOT)
            figures.extend(read_figures(out))
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", metavar="URL", required=True,
                        help="a PostgreSQL login that may create databases")
    parser.add_argument("--quick", action="store_true", help="small sizes (a quick check)")
    parser.add_argument("--only", nargs="*", default=(), metavar="NAME",
                        help="only the benchmarks whose file name contains NAME")
    args = parser.parse_args(argv)
    figures = run_all(args.pg, quick=args.quick, only=args.only)
    print("=== every benchmark, SQLite and PostgreSQL in the same run")
    for line in side_by_side(figures, with_benchmark=True):
        print(line)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # each benchmark has dropped its databases
        sys.exit(130)
