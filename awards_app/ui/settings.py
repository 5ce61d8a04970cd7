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
}


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def get(key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(f"undeclared setting {key}")
    return settings().value(key, DEFAULTS[key])


def put(key: str, value: Any) -> None:
    if key not in DEFAULTS and not key.startswith("splitters/"):
        raise KeyError(f"undeclared setting {key}")
    settings().setValue(key, value)


def splitter_key(name: str) -> str:
    """Splitter positions are saved per splitter: ``splitters/<objectName>``."""
    return f"splitters/{name}"
