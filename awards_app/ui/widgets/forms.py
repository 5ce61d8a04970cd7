"""Form helpers: highlight the fields a ValidationError names, and clear them again."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from awards_app.core.errors import ValidationError

INVALID_STYLE = "border: 2px solid #c62828; border-radius: 3px;"


def mark_invalid(fields: Mapping[str, QWidget], error: ValidationError) -> list[QWidget]:
    """Outline every widget whose field is named in ``error``; focus the first one.

    Returns the widgets marked, in form order. A field is matched by its exact name or by
    its last dotted part (``nominee.date_of_birth`` → ``date_of_birth``).
    """
    named = {e.field for e in error.errors} | {e.field.rsplit(".", 1)[-1] for e in error.errors}
    marked = []
    for name, widget in fields.items():
        bad = name in named
        widget.setProperty("invalid", bad)
        widget.setStyleSheet(INVALID_STYLE if bad else "")
        messages = [e.message for e in error.errors if e.field in (name,) or
                    e.field.endswith("." + name)]
        widget.setToolTip("\n".join(messages) if bad else "")
        if bad:
            marked.append(widget)
    if marked:
        marked[0].setFocus()
    return marked


def clear_invalid(fields: Mapping[str, QWidget]) -> None:
    for widget in fields.values():
        widget.setProperty("invalid", False)
        widget.setStyleSheet("")
        widget.setToolTip("")
