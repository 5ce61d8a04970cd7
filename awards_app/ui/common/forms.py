"""Form helpers: the fields dialogs are built from, highlighting the fields a
ValidationError names (and clearing them again), outlining the person's own changes put back
after a reload, and saving a form as one unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from awards_app.core.errors import StaleEditError, ValidationError
from awards_app.ui.common.context import SAVED, AppContext, Saved
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.plain import plain_tooltip

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")

INVALID_COLOUR = "#c62828"
#: the outline of a field holding the person's own change, put back after a reload
REAPPLIED_COLOUR = "#1565c0"
REAPPLIED_TIP = ("Your change, put back on top of what is stored now: check it, then save.")


# --- fields --------------------------------------------------------------------------------


def line_edit(accessible_name: str, placeholder: str = "", *, text: str = "") -> QLineEdit:
    line = QLineEdit(text)
    line.setAccessibleName(accessible_name)
    line.setPlaceholderText(placeholder)
    return line


def text_box(accessible_name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(accessible_name)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def spin_box(accessible_name: str, low: int, high: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setAccessibleName(accessible_name)
    return spin


def combo_box(accessible_name: str, choices: Sequence[tuple[Any, str]], placeholder: str = "",
              current: Any = None) -> QComboBox:
    """(value, label) choices; with a ``placeholder`` nothing is chosen until the user does."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    for value, label in choices:
        combo.addItem(label, value)
    if placeholder:
        combo.setPlaceholderText(placeholder)
    combo.setCurrentIndex(combo.findData(current) if current is not None else
                          (-1 if placeholder else 0))
    return combo


# --- marking what a ValidationError names ----------------------------------------------------


def _outline_style(widget: QWidget, colour: str) -> str:
    """An outline scoped to the widget's own class, so sub-controls (spin box arrows,
    combo box drop-downs) keep their native look."""
    return f"{type(widget).__name__} {{ border: 2px solid {colour}; }}"


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
        # messages quote what was typed: shown as written, never as markup
        widget.setToolTip(plain_tooltip("\n".join(messages)) if bad else "")
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


def outline(widget: QWidget, bad: bool, colour: str = INVALID_COLOUR) -> None:
    """Outline ``widget`` in red (or ``colour``), or clear it; a compound widget's focus
    proxy gets it."""
    target = widget.focusProxy() or widget  # e.g. the text area inside NarrativeEdit
    target.setStyleSheet(_outline_style(target, colour) if bad else "")


def mark_reapplied(fields: Mapping[str, QWidget], names: Iterable[str]) -> list[QWidget]:
    """Outline (in blue, with a tooltip saying why) the fields holding the person's own
    changes, put back on top of a reloaded record. Returns them in form order."""
    wanted = set(names)
    marked = []
    for name, widget in fields.items():
        if name in wanted:
            widget.setProperty("invalid", False)
            outline(widget, True, REAPPLIED_COLOUR)
            widget.setToolTip(REAPPLIED_TIP)
            marked.append(widget)
    return marked


def refuse(parent: QWidget, fields: Mapping[str, QWidget], error: ValidationError) -> None:
    """A form's own check failed before anything was sent: outline the fields and say why."""
    clear_invalid(fields)
    mark_invalid(fields, error)
    show_error(parent, error)


# --- saving ----------------------------------------------------------------------------------


def write_form(parent: QWidget, ctx: AppContext, fields: Mapping[str, QWidget],
               fn: Callable[[Session], T], *,
               on_stale: Callable[[StaleEditError], None] | None = None,
               saved: Saved[T] = SAVED) -> tuple[bool, T | None]:
    """Run ``fn`` as one transaction for a form's Save/OK: on a ValidationError the named
    fields are outlined and the problems shown; a save from a stale copy goes to
    ``on_stale`` (which offers to reload) when given; any other error is shown. The dialog
    stays open either way. Once it committed, ``saved`` is said (``AppContext.write``).
    Returns (saved, fn's result)."""
    clear_invalid(fields)
    try:
        return True, ctx.write(fn, saved=saved)
    except ValidationError as exc:
        mark_invalid(fields, exc)
        show_error(parent, exc)
    except StaleEditError as exc:
        if on_stale is None:
            show_error(parent, exc)
        else:
            on_stale(exc)
    except Exception as exc:  # shown, and logged when unexpected
        show_error(parent, exc)
    return False, None
