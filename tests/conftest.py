"""Shared fixtures: a fresh SQLite database per test, isolated user folders, CLI runner."""

from __future__ import annotations

import os
import tempfile

# Qt must never look for a display in tests (docs/platform.md: SIGABRT otherwise).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep logs, settings and the default database away from the real user folders.
_HOME = tempfile.mkdtemp(prefix="awards-tests-")
for _var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())
os.environ.pop("AWARDS_DB", None)

from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from awards_app.db.engine import Database, open_database  # noqa: E402
from tests import pg  # noqa: E402


def words(count: int, word: str = "steady") -> str:
    """A narrative of exactly ``count`` words."""
    return " ".join([word] * count)


NARRATIVE = words(30)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "awards.sqlite3"


#: the suites that run against both backends when a test server is given (AWARDS_TEST_PG)
BOTH_BACKENDS = ("tests/db/", "tests/services/", "tests/cli/")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the SQLite file itself (backups of the file, its "
        "damage, encryption, locks); not run against PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that use ``db_url`` (so ``db`` and ``cli``) in the db, services and CLI suites
    run once on a SQLite file and, when AWARDS_TEST_PG names a test server, once on a fresh
    PostgreSQL database (tests/pg.py)."""
    if "backend" not in metafunc.fixturenames:
        return
    backends = ["sqlite"]
    where = Path(str(metafunc.definition.path)).as_posix()
    if (pg.server_url() and any(f"/{suite}" in where for suite in BOTH_BACKENDS)
            and metafunc.definition.get_closest_marker("sqlite_only") is None):
        backends.append("postgresql")
    metafunc.parametrize("backend", backends, scope="function")


@pytest.fixture
def db_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Where the test's database is: the SQLite file ``db_path``, or a fresh PostgreSQL
    database made for this test and dropped after it."""
    if backend == "sqlite":
        yield str(db_path)
        return
    with pg.fresh_database() as url:
        yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def event_id(db: Database) -> int:
    """A current event with the nine default categories; ceremony 19/03/2027, ages 16–25."""
    from awards_app.services import catalogue

    with db.session() as session:
        event = catalogue.create_event(
            session, name="Test Awards", year=2027, ceremony_date="2027-03-19"
        )
        return event.id


@pytest.fixture
def as_user(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Who the program takes the person at the keyboard to be (the audit trail's actor, which
    a refusal of a stale save names): ``as_user("ann")`` before A's save, ``as_user("ben")``
    before B's. Starts as "ann"."""
    from awards_app.services import common

    current = ["ann"]
    monkeypatch.setattr(common, "actor_name", lambda _session: current[0])
    return lambda name: current.__setitem__(0, name)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_url: str) -> Callable[..., CliResult]:
    """Run ``awards`` in-process against the test database: ``cli("status", "--json")``."""
    from awards_app.cli.main import main

    def run(*args: str, db: Path | str | None = None) -> CliResult:
        capsys.readouterr()
        code = main(["--db", str(db or db_url), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """The system's password store, replaced by one in memory for the test (what it holds,
    by (service, key)); the real store is never touched."""
    import keyring
    from keyring.backend import KeyringBackend

    held: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return held.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            held[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            held.pop((service, username), None)

    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        yield held
    finally:
        keyring.set_keyring(before)
