"""``awards users add|list|remove`` end to end on the PostgreSQL test server: a login added
with the command opens the database with the program, imports, saves scores and is named in
the audit; it may not change the database's structure or create logins; once removed it
cannot connect, and the audit still names it. On a SQLite file, the plain explanation."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from awards_app.core.errors import DatabaseError
from awards_app.db.engine import open_database
from tests import dbtools
from tests.cli.test_judging_cli import assignments, write_scores
from tests.conftest import CliResult
from tests.factories import write_nominations_csv
from tests.pgroles import DENIED, as_login, made_names, run_sql, unique

PASSWORD = "a long enough secret"
Cli = Callable[..., CliResult]


@pytest.fixture
def made() -> Iterator[list[str]]:
    yield from made_names()


@pytest.fixture
def shared(backend: str, db_url: str) -> str:
    if backend != "postgresql":
        pytest.skip("logins are a shared PostgreSQL database's")
    return db_url


class Keyboard(io.StringIO):
    def isatty(self) -> bool:
        return True


def _add(cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str, **kw: str) -> CliResult:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return cli("users", "add", name, "--password-stdin", **kw)


def test_on_a_file_the_commands_explain_logins(cli: Cli, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("about a database file")
    cli("init")
    for args in (("list",), ("add", "ann", "--password-stdin"), ("remove", "ann")):
        result = cli("users", *args)
        assert result.code == 2, args
        assert "shared PostgreSQL database" in result.err and "Windows user" in result.err


def test_a_password_is_never_an_argument(cli: Cli) -> None:
    with pytest.raises(SystemExit) as exited:
        cli("users", "add", "ann", "--password", PASSWORD)
    assert exited.value.code == 2


def test_an_added_login_does_the_work_and_nothing_more(
        cli: Cli, shared: str, made: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("init", "--demo").code == 0
    name = unique(made)
    added = _add(cli, monkeypatch, name)
    assert added.code == 0 and f"Added {name}" in added.out and PASSWORD not in added.out
    mine = as_login(shared, name)

    # the program opens for them, and everything they do is theirs in the audit trail
    nominations = write_nominations_csv(tmp_path / "nominations.csv", 3)
    imported = cli("import", "nominations", str(nominations), db=mine)
    assert imported.code == 0, imported.err
    work = assignments(mine)
    scores = write_scores(tmp_path / "scores.csv", [
        [judge, ref, criterion, "7", ""] for judge, ref, _c, criteria in work[:2]
        for criterion in criteria])
    saved = cli("import", "scores", str(scores), db=mine)
    assert saved.code == 0, saved.err
    assert dbtools.tuples(shared, "SELECT count(*) FROM score WHERE value = 7")[0][0] > 0
    actors = {row[0] for row in dbtools.tuples(
        shared, "SELECT actor FROM audit_entry WHERE entity <> 'login'")}
    assert name in actors
    listed = json.loads(cli("users", "list", "--json").out)
    me = next(row for row in listed if row["name"] == name)
    assert me["can_sign_in"] and not me["coordinator"] and me["last_change"]

    # ... and nothing beyond the program's work: no structure, no emptying, no logins
    for statement in ("CREATE TABLE mine (id int)", "DROP TABLE nominee",
                      "TRUNCATE nominee CASCADE", "ALTER TABLE nominee ADD COLUMN x int",
                      f'CREATE ROLE "{name}_friend" LOGIN',
                      f'GRANT "{name}" TO awards_admin'):
        assert run_sql(mine, statement) == DENIED, statement
    refused = cli("users", "add", "someone.else", "--password-stdin", db=mine)
    assert refused.code == 2 and "ask awards_admin, who created this database, to do it." in refused.err

    # removed: they cannot connect, and the audit still names them for what they did
    removed = cli("users", "remove", name)
    assert removed.code == 0 and "can no longer sign in" in removed.out
    assert "still names" in removed.out
    assert run_sql(mine, "SELECT 1") is not None
    with pytest.raises(DatabaseError) as cannot:
        open_database(mine)
    said = str(cannot.value)
    assert name in said and "Traceback" not in said and "FATAL" not in said
    assert name in {row[0] for row in dbtools.tuples(
        shared, "SELECT actor FROM audit_entry WHERE entity <> 'login'")}
    assert ("remove", name) in dbtools.tuples(
        shared, "SELECT action, summary FROM audit_entry WHERE entity = 'login'")
    assert name not in cli("users", "list").out


def test_add_asks_for_the_password_twice(cli: Cli, shared: str, made: list[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cli("init")
    name = unique(made)
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("sys.stdin", Keyboard())
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    differ = cli("users", "add", name)
    assert differ.code == 2 and "the two passwords differ" in differ.err
    assert dbtools.tuples(shared, "SELECT 1 FROM pg_roles WHERE rolname = :n", n=name) == []
    typed = iter([PASSWORD, PASSWORD])
    assert cli("users", "add", name).code == 0
    table = cli("users", "list")
    assert table.code == 0 and "awards_admin" in table.out and "coordinator" in table.out
    assert name in table.out and "2 people; you are awards_admin." in table.out


def test_without_a_keyboard_add_says_how_to_give_the_password(
        cli: Cli, shared: str, made: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cli("init")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    result = cli("users", "add", unique(made))
    assert result.code == 1 and "--password-stdin" in result.err


def test_remove_refuses_yourself_and_says_who_is_on_the_team(cli: Cli, shared: str) -> None:
    cli("init")
    assert "cannot remove yourself" in cli("users", "remove", "awards_admin").err
    gone = cli("users", "remove", "nobody.here")
    assert gone.code == 2 and "not on this database's team" in gone.err
