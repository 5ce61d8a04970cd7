"""The Users page: on a database file, one line saying logins are for a shared database; on
the PostgreSQL test server, the team listed, a person added through the dialog (off the UI
thread), refused when the passwords differ, removed after a confirmation that says what
removing does, and the buttons off, with the reason as their tooltip, for a team member."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from awards_app.db.engine import open_database
from awards_app.services import catalogue, users
from awards_app.ui.common.context import AppContext
from awards_app.ui.users.page import AddUserDialog, UsersPage
from tests import dbtools, pg
from tests.pgroles import as_login, made_names, unique

PASSWORD = "a long enough secret"


@pytest.fixture
def made() -> Iterator[list[str]]:
    yield from made_names()


@pytest.fixture
def shared_url() -> Iterator[str]:
    if not pg.server_url():
        pytest.skip("needs AWARDS_TEST_PG")
    with pg.fresh_database() as url:
        database = open_database(url)
        with database.session() as session:
            catalogue.create_event(session, name="Team Awards", year=2027)
        database.close()
        yield url


def _context(qtbot: Any, url: str) -> AppContext:
    context = AppContext()
    context.set_database(open_database(url))
    return context


def _page(qtbot: Any, context: AppContext) -> UsersPage:
    page = UsersPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page._stale, timeout=10_000)
    return page


def _names(page: UsersPage) -> list[str]:
    return [page.model.index(r, 0).data(Qt.ItemDataRole.DisplayRole)
            for r in range(page.model.rowCount())]


def _select(page: UsersPage, name: str) -> None:
    assert page.select_id(next(r.id for r in page.model.visible_rows if r.member.name == name))


def _close(qtbot: Any, context: AppContext) -> None:
    qtbot.waitUntil(lambda: not context.tasks.busy, timeout=20_000)
    context.close_database()


def test_on_a_file_the_page_explains_logins(qtbot: Any, event_ctx: AppContext) -> None:
    page = _page(qtbot, event_ctx)
    assert page.about.text() == users.NOT_SHARED
    assert page.list_part.isHidden() and not page.add_button.isEnabled()


def test_a_coordinator_adds_and_removes_people(
        qtbot: Any, shared_url: str, made: list[str], messages: Any,
        questions: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    context = _context(qtbot, shared_url)
    try:
        page = _page(qtbot, context)
        assert _names(page) == ["awards_admin"] and page.list_part.isVisible()
        assert page.add_button.isEnabled() and "Alt+A" in page.add_button.toolTip()
        name = unique(made)
        shown: list[AddUserDialog] = []

        def fill(dialog: AddUserDialog) -> bool:
            shown.append(dialog)
            dialog.name.setText(name)
            dialog.password.setText(PASSWORD)
            dialog.again.setText(PASSWORD + "!")
            dialog.accept()  # refused: the passwords differ
            assert dialog.result() == 0 and dialog.password.property("invalid")
            dialog.again.setText(PASSWORD)
            dialog.accept()
            return bool(dialog.result())

        monkeypatch.setattr(page, "run_dialog", fill)
        page.add_button.click()
        assert shown and messages and "differ" in messages[0][2]
        qtbot.waitUntil(lambda: name in _names(page), timeout=10_000)
        assert dbtools.tuples(shared_url, "SELECT summary FROM audit_entry "
                                          "WHERE entity = 'login'") == [(name,)]
        # the creator (and yourself) cannot be removed: the button says why
        _select(page, "awards_admin")
        assert not page.remove_button.isEnabled()
        assert "Nobody removes themselves" in page.remove_button.toolTip()
        _select(page, name)
        assert page.remove_button.isEnabled()
        page.remove_button.click()
        assert questions and "no longer be able to sign in" in questions[-1][1]
        assert "audit trail still names" in questions[-1][1]
        qtbot.waitUntil(lambda: name not in _names(page), timeout=10_000)
        assert dbtools.tuples(shared_url, "SELECT rolcanlogin FROM pg_roles "
                                          "WHERE rolname = :n", n=name) == [(False,)]
    finally:
        _close(qtbot, context)


def test_a_team_member_sees_the_team_but_may_not_change_it(
        qtbot: Any, shared_url: str, made: list[str], messages: Any) -> None:
    member = unique(made, "bea")
    database = open_database(shared_url)
    with database.session() as session:
        users.add_user(session, member, PASSWORD)
    database.close()
    context = _context(qtbot, as_login(shared_url, member))
    try:
        page = _page(qtbot, context)
        assert sorted(_names(page)) == sorted(["awards_admin", member])
        assert not page.add_button.isEnabled() and not page.remove_button.isEnabled()
        assert "ask awards_admin, who created this database" in page.add_button.toolTip()
        assert page.rights_note.isVisible() and member in page.rights_note.text()
        page.add_user()  # the menu's or a shortcut's way in: nothing happens
        assert not messages
    finally:
        _close(qtbot, context)
