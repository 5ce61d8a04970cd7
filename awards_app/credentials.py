"""A shared database's password, remembered only when the person asks, in the system's own
password store (Windows Credential Manager, macOS Keychain, the Secret Service on Linux)
through the ``keyring`` package. Never in a settings file, a log or a URL.

Each password is filed under the service "Awards App" and the key
``login@server:port/database``. Where the system has no usable store (a Linux machine with
no desktop keyring, say), :func:`can_remember` is False and nothing is kept; every failure of
the store is a plain False or None, so a broken store never stops anyone signing in.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.engine import make_url

SERVICE = "Awards App"

log = logging.getLogger(__name__)


def _keyring() -> Any:
    import keyring  # on first use: its backends are looked up when it is imported

    return keyring


def key_for(url: str) -> str:
    """``login@server:port/database`` for a server URL (a socket folder for the server when
    there is no host name); the password in the URL, if any, is not part of it."""
    parsed = make_url(url)
    host = parsed.host or str(parsed.query.get("host") or "")
    return f"{parsed.username or ''}@{host}:{parsed.port or 5432}/{parsed.database or ''}"


def can_remember() -> bool:
    """Whether this computer has a password store the program can use."""
    try:
        backend = _keyring().get_keyring()
        priority = float(getattr(backend, "priority", 0))
    except Exception:  # a store that cannot even be asked is no store
        log.warning("The system's password store could not be used.")
        return False
    return priority > 0 and not type(backend).__module__.startswith(
        ("keyring.backends.fail", "keyring.backends.null"))


def remembered(url: str) -> str | None:
    """The password remembered for the login and database of ``url``, if any."""
    if not can_remember():
        return None
    try:
        value = _keyring().get_password(SERVICE, key_for(url))
    except Exception:
        log.warning("The system's password store could not be read.")
        return None
    return str(value) if value else None


def remember(url: str, password: str) -> bool:
    """Keep ``password`` for the login and database of ``url``; False if it could not be."""
    if not can_remember():
        return False
    try:
        _keyring().set_password(SERVICE, key_for(url), password)
    except Exception:
        log.warning("The system's password store refused to keep a password.")
        return False
    return True


def forget(url: str) -> None:
    """Remove any password remembered for ``url``'s login and database."""
    if not can_remember():
        return
    try:
        _keyring().delete_password(SERVICE, key_for(url))
    except Exception:  # nothing was remembered, or the store is unavailable: nothing to do
        return
