"""Signing in to a shared PostgreSQL database from the command line: the password comes from
PGPASSWORD, a .pgpass file or a prompt, as with PostgreSQL's own tools; it never appears in
what is printed or logged, and every refusal is said in plain words.

The test server (scripts/test-postgres.sh) trusts every login on its socket except members
of ``awards_password_login``, who must give their password."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from awards_app.cli import commands
from awards_app.cli.main import main
from tests import pg

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test server "
                                "(AWARDS_TEST_PG)")

PASSWORD = "Correct horse 7 battery"
LEAKS = ("Traceback", "psycopg", "FATAL", "OperationalError", "sqlalchemy", PASSWORD)


@pytest.fixture
def login() -> Iterator[str]:
    with pg.password_login(PASSWORD) as name:
        yield name


@pytest.fixture
def shared_url(login: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL a coordinator would type: their login, no password."""
    for variable in ("PGPASSWORD", "PGPASSFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")  # never the machine's own file
    with pg.fresh_database() as url:
        yield make_url(url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
        ) -> Callable[..., tuple[int, str]]:
    def awards(url: str, *args: str) -> tuple[int, str]:
        capsys.readouterr()
        with caplog.at_level(logging.DEBUG):
            code = main(["--db", url, *args])
        captured = capsys.readouterr()
        said = captured.out + captured.err + caplog.text
        for leak in LEAKS:  # (an address to type, "postgresql+psycopg://…", is no leak)
            assert leak not in said.replace("postgresql+psycopg://", ""), \
                f"{leak!r} was shown or logged"
        return code, said

    return awards


class _Keyboard(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_password_and_no_keyboard_it_says_where_to_put_one(
        run: Callable[..., tuple[int, str]], shared_url: str, login: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a pipe: nobody to ask
    code, said = run(shared_url, "status")
    assert code != 0
    assert f"needs the password of {login}" in said
    assert "PGPASSWORD" in said and ".pgpass" in said


def test_pgpassword_signs_in(run: Callable[..., tuple[int, str]], shared_url: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    code, said = run(shared_url, "init", "--event", "Town Awards", "--year", "2027")
    assert code == 0, said
    code, said = run(shared_url, "event", "list")
    assert code == 0 and "Town Awards" in said


def test_a_wrong_pgpassword_is_not_accepted(run: Callable[..., tuple[int, str]],
                                            shared_url: str, login: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "not it")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, said = run(shared_url, "status")
    assert code != 0
    assert f"The password for {login} was not accepted" in said


def test_a_pgpass_file_signs_in(run: Callable[..., tuple[int, str]], shared_url: str,
                                login: str, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:{login}:{PASSWORD}\n")
    pgpass.chmod(0o600)  # libpq ignores a file others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    code, said = run(shared_url, "init", "--event", "Town Awards", "--year", "2027")
    assert code == 0, said


def test_the_password_is_asked_for_at_a_terminal_until_right(
        run: Callable[..., tuple[int, str]], shared_url: str, login: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Keyboard())
    typed = iter(["wrong one", PASSWORD])
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(commands.getpass, "getpass", getpass)
    code, said = run(shared_url, "init", "--event", "Town Awards", "--year", "2027")
    assert code == 0, said
    assert len(prompts) == 2 and all(login in p for p in prompts)
    assert f"The password for {login} was not accepted" in said  # the first try


def test_three_wrong_passwords_give_up(run: Callable[..., tuple[int, str]], shared_url: str,
                                       login: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Keyboard())
    asked: list[str] = []
    monkeypatch.setattr(commands.getpass, "getpass",
                        lambda prompt: asked.append(prompt) or "wrong")
    code, said = run(shared_url, "status")
    assert code != 0 and len(asked) == 3
    assert "was not accepted" in said


def test_a_missing_login_database_or_server_is_said_plainly(
        run: Callable[..., tuple[int, str]], shared_url: str) -> None:
    url = make_url(shared_url)
    code, said = run(url.set(username="nobody_here").render_as_string(hide_password=False),
                     "status")
    assert code != 0 and "There is no login nobody_here" in said
    code, said = run(url.set(username="awards_admin", database="no_such_db")
                     .render_as_string(hide_password=False), "status")
    assert code != 0 and "There is no database no_such_db" in said
    code, said = run("postgresql+psycopg://awards_admin@127.0.0.1:1/awards", "status")
    assert code != 0 and "Could not reach the database awards on 127.0.0.1:1" in said


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "init", "--demo"]) == 0
    return path


def test_move_to_signs_in_as_the_other_commands_do(
        run: Callable[..., tuple[int, str]], shared_url: str, login: str, demo_file: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """move-to signs in to the server as every command does: no keyboard and no password
    says where to put one and copies nothing; a wrong password typed at the terminal is
    asked again; PGPASSWORD signs in. The password is never shown or logged (``run``)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, said = run(str(demo_file), "move-to", shared_url)
    assert code != 0
    assert f"needs the password of {login}" in said and "PGPASSWORD" in said

    monkeypatch.setattr("sys.stdin", _Keyboard())
    typed = iter(["wrong one", PASSWORD])
    prompts: list[str] = []
    monkeypatch.setattr(commands.getpass, "getpass",
                        lambda prompt: prompts.append(prompt) or next(typed))
    code, said = run(str(demo_file), "move-to", shared_url)
    assert code == 0, said
    assert len(prompts) == 2 and all(login in p for p in prompts)
    assert f"The password for {login} was not accepted" in said
    assert "every count and checksum matched" in said

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    code, said = run(shared_url, "status")
    assert code == 0 and "Northbridge Care Leavers Awards 2027" in said  # read with PGPASSWORD
