"""The system's password store for shared databases: used only when it exists, keyed by
login, server and database (never by the password), and a failing store stops nobody."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from awards_app import credentials

ADDRESS = "postgresql+psycopg://ann@db.council.local:5433/awards"


def test_a_password_is_kept_fetched_and_forgotten_by_login_and_database(
        memory_keyring: dict[tuple[str, str], str]) -> None:
    assert credentials.can_remember()
    assert credentials.remembered(ADDRESS) is None
    assert credentials.remember(ADDRESS, "s3cret words")
    assert memory_keyring == {("Awards App", "ann@db.council.local:5433/awards"): "s3cret words"}
    # the same login and database, however the address is written, with or without a password
    assert credentials.remembered("postgresql+psycopg://ann:typed@db.council.local:5433/awards") \
        == "s3cret words"
    assert credentials.remembered("postgresql+psycopg://ben@db.council.local:5433/awards") is None
    assert credentials.remembered("postgresql+psycopg://ann@db.council.local/awards") is None
    credentials.forget(ADDRESS)
    assert memory_keyring == {}
    credentials.forget(ADDRESS)  # nothing to forget: no complaint


def test_without_a_store_nothing_is_kept_and_nothing_fails() -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not credentials.can_remember()
        assert not credentials.remember(ADDRESS, "x")
        assert credentials.remembered(ADDRESS) is None
        credentials.forget(ADDRESS)
    finally:
        keyring.set_keyring(before)


def test_a_store_that_fails_is_a_plain_no(memory_keyring: dict[tuple[str, str], str],
                                          monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("the store is locked: s3cret words")

    backend = keyring.get_keyring()
    monkeypatch.setattr(backend, "set_password", broken)
    monkeypatch.setattr(backend, "get_password", broken)
    assert not credentials.remember(ADDRESS, "s3cret words")
    assert credentials.remembered(ADDRESS) is None
    assert "s3cret" not in caplog.text and memory_keyring == {}
