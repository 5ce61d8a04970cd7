"""Dialogs that save: OK runs one unit of work through the services; a refused save outlines
the fields the ValidationError names, says what to fix and keeps the dialog open with
everything typed still there. A save from a stale copy (someone changed the record since the
dialog loaded it) shows ``StaleBanner`` with Reload: the form then shows the record as stored
now, with the person's own changes put back on top and outlined, ready to save again.
``ReasonDialog`` is the one that asks why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.editing import Loaded, person_edits, same
from awards_app.core.errors import StaleEditError
from awards_app.ui.common.context import SAVED, AppContext, Saved
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.forms import clear_invalid, mark_reapplied, text_box, write_form
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

RELOADED = ("Reloaded: the form shows what is stored now. Your own changes are put back on "
            "top, outlined in blue — check them, then save.")
RELOADED_NOTHING = "Reloaded: the form shows what is stored now. You had changed nothing here."


def changed_elsewhere_text(at: datetime) -> str:
    return (f"Changed elsewhere at {at:%H:%M} since you opened it (another window, PC or "
            "command). What you typed stays here; saving will show what changed and offer "
            "Reload.")


class StaleBanner(QFrame):
    """Says that a save was refused because someone changed the record meanwhile (who, when,
    what) and offers Reload; after reloading, says what the form now shows."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaleBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#StaleBanner { background: #fff4e5; border: 1px solid #e0a040; "
                           "border-radius: 4px; } #StaleBanner QLabel { color: #5a3200; }")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names come from people
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Changed by someone else")
        self.reload_button = QPushButton("&Reload")
        self.reload_button.setAccessibleDescription(
            "Show what is stored now, keeping your own changes to save again")
        self.reload_button.clicked.connect(self.reload_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.reload_button)
        self.hide()

    def show_refusal(self, error: StaleEditError) -> None:
        self.message.setText(str(error))
        self.reload_button.show()
        self.show()
        self.reload_button.setFocus()

    def show_note(self, text: str) -> None:
        """A quiet note (no Reload offered, the focus left where it is)."""
        self.message.setText(text)
        self.reload_button.hide()
        self.show()

    def show_reloaded(self, kept_changes: bool) -> None:
        self.message.setText(RELOADED if kept_changes else RELOADED_NOTHING)
        self.reload_button.hide()
        self.show()

    @property
    def offering_reload(self) -> bool:
        return not self.isHidden() and not self.reload_button.isHidden()


def place_banner(dialog: QWidget, banner: QWidget) -> None:
    """Put ``banner`` at the top of ``dialog``'s layout (a form or a box layout)."""
    layout = dialog.layout()
    if isinstance(layout, QFormLayout):
        layout.insertRow(0, banner)
    elif isinstance(layout, QBoxLayout):
        layout.insertWidget(0, banner)


class SavingDialog(QDialog):
    """Save / Cancel buttons (``self.buttons``, Save renamed by ``ok_text``); ``save(work)``
    runs ``work`` as one unit of work and keeps its result in ``outcome``.

    A dialog editing a stored record sets ``loaded`` (the version and the values its form
    was filled with; its save passes ``expected_version=loaded.version,
    original=loaded.original``) and implements ``form_values`` (the form now, keyed like
    ``loaded.values`` and ``fields``), ``fill`` (show such values) and ``load_current`` (the
    record as stored now). A save refused as stale then offers Reload (``reload``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 ok_text: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome: Any = None
        #: the form's fields by the names a ValidationError uses
        self.fields: dict[str, QWidget] = {}
        #: what the form was filled from, for a dialog editing a stored record
        self.loaded: Loaded | None = None
        self.stale = StaleBanner(self)
        self.stale.reload_requested.connect(self.reload)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        if ok_text:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ctx.data_changed.connect(self.on_ctx_data_changed)

    @property
    def saved_id(self) -> int:
        """The id the last save returned (dialogs that add or edit one record), else 0."""
        return int(self.outcome or 0)

    def save(self, work: Callable[[Session], Any], *, saved: Saved[Any] = SAVED) -> bool:
        """Run ``work`` as one unit of work; True if it was stored, and then ``saved`` is
        said in the window ("Saved category Sports Hero."). A refusal is shown and the
        dialog stays as it is."""
        stored, outcome = write_form(self, self.ctx, self.fields, work,
                                     on_stale=self.on_stale, saved=saved)
        if stored:
            self.outcome = outcome
            self.stale.hide()
        return stored

    # --- a stale copy: reload, keeping the person's own changes ---------------------------

    def form_values(self) -> dict[str, Any]:
        """The form as it is now, keyed like ``loaded.values``."""
        raise NotImplementedError

    def fill(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` (as ``loaded.values`` or ``form_values`` hold them) in the form."""
        raise NotImplementedError

    def load_current(self, session: Session) -> Loaded:
        """The record as stored now (read-only), as the form loads it."""
        raise NotImplementedError

    def on_stale(self, error: StaleEditError) -> None:
        self._place_stale()
        self.stale.show_refusal(error)

    def _place_stale(self) -> None:
        layout = self.layout()
        if layout is not None and layout.indexOf(self.stale) < 0:
            place_banner(self, self.stale)

    def on_ctx_data_changed(self) -> None:
        """Someone else changed the database while this editor is open: if what it shows of
        its record changed, say so quietly. The form stays as typed; a save is refused and
        offers Reload, as ever."""
        loaded = self.loaded
        if (not self.ctx.for_others or loaded is None or not self.isVisible()
                or self.stale.offering_reload):
            return
        try:
            fresh = self.ctx.read(self.load_current)
        except Exception:  # removed meanwhile, or cannot tell: the save will say
            return
        if fresh.version != loaded.version and any(
                not same(value, fresh.values.get(name)) for name, value in loaded.values.items()):
            self._place_stale()
            self.stale.show_note(changed_elsewhere_text(datetime.now()))

    def reload(self) -> None:
        """Show the record as stored now, with the person's own changes (what differs from
        what the form was filled with) put back on top and outlined."""
        assert self.loaded is not None, "reload needs the record the form was filled from"
        edits = person_edits(self.form_values(), self.loaded.values)
        try:
            fresh = self.ctx.read(self.load_current)
        except Exception as exc:  # e.g. the record was removed meanwhile
            show_error(self, exc)
            return
        self.loaded = fresh
        self.fill({**fresh.values, **edits})
        clear_invalid(self.fields)
        mark_reapplied(self.fields, edits)
        self.stale.show_reloaded(bool(edits))


class ReasonDialog(SavingDialog):
    """Asks why (the reason is kept: in the audit log, or in a certificate's history), then
    runs ``work(session, reason)`` as one unit of work; its result is kept in ``outcome``.
    A missing or refused reason keeps the dialog open."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, title: str,
                 intro: str, ok_text: str, work: Callable[[Session, str], Any],
                 reason_label: str = "&Reason:", placeholder: str = "",
                 saved: Saved[Any] = SAVED) -> None:
        super().__init__(ctx, parent, ok_text=ok_text)
        self.work = work
        self.saved_words = saved
        self.setWindowTitle(title)
        self.reason = text_box("Reason", 4)
        self.reason.setPlaceholderText(placeholder)
        label = QLabel(reason_label)
        label.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(intro))
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.fields = {"reason": self.reason}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def accept(self) -> None:
        reason = self.reason.toPlainText()
        if self.save(lambda s: self.work(s, reason), saved=self.saved_words):
            super().accept()
