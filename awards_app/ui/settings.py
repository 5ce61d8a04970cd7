"""UI state kept between runs (QSettings). Every key is declared here once with its default."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

ORGANISATION = "Awards App"
APPLICATION = "Awards App"

DEFAULTS: dict[str, Any] = {
    "window/geometry": None,
    "window/state": None,
    "window/page": 0,
    "files/last_folder": "",
    #: the shared database the window opens at start (its URL without a password; "" for
    #: the file on this computer): set by File ▸ Connect to a shared database…
    "shared/address": "",
}

#: Kept apart while the demo is open, so exploring it never changes where the real database
#: opens next time: stored under ``demo/<key>``.
DEMO_KEYS = frozenset({"window/page"})
_demo = False


def use_demo_settings(on: bool) -> None:
    """From now on, read and write the demo's own copy of the DEMO_KEYS (``on``) or the real
    database's (off). Called whenever a database is opened."""
    global _demo
    _demo = on


def _stored_key(key: str) -> str:
    return f"demo/{key}" if _demo and key in DEMO_KEYS else key


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def get(key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(f"undeclared setting {key}")
    return settings().value(_stored_key(key), DEFAULTS[key])


def put(key: str, value: Any) -> None:
    if key not in DEFAULTS and not key.startswith("splitters/"):
        raise KeyError(f"undeclared setting {key}")
    settings().setValue(_stored_key(key), value)


def splitter_key(name: str) -> str:
    """Splitter positions are saved per splitter: ``splitters/<objectName>``."""
    return f"splitters/{name}"
