"""Form helpers: highlight the fields a ValidationError names, and clear them again."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from awards_app.core.errors import ValidationError

T = TypeVar("T")

INVALID_COLOUR = "#c62828"


def _invalid_style(widget: QWidget) -> str:
    """An outline scoped to the widget's own class, so sub-controls (spin box arrows,
    combo box drop-downs) keep their native look."""
    return f"{type(widget).__name__} {{ border: 2px solid {INVALID_COLOUR}; }}"


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
        outline(widget, bad)
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
        widget.setToolTip("")
        outline(widget, False)


def outline(widget: QWidget, bad: bool) -> None:
    """Outline ``widget`` in red (or clear it); a compound widget's focus proxy gets it."""
    target = widget.focusProxy() or widget  # e.g. the text area inside NarrativeEdit
    target.setStyleSheet(_invalid_style(target) if bad else "")


def write_form(parent: QWidget, ctx: Any, fields: Mapping[str, QWidget],
               fn: Callable[[Any], T]) -> tuple[bool, T | None]:
    """Run ``fn`` as one transaction for a form's Save/OK: on a ValidationError the named
    fields are outlined and the problems shown, on any other error the error is shown; the
    dialog stays open either way. Returns (saved, fn's result)."""
    from awards_app.ui.errors import show_error

    clear_invalid(fields)
    try:
        return True, ctx.write(fn)
    except ValidationError as exc:
        mark_invalid(fields, exc)
        show_error(parent, exc)
    except Exception as exc:  # shown, and logged when unexpected
        show_error(parent, exc)
    return False, None
