"""Dialogs of the Judging and Results pages: a judge's PIN, a reason for unlocking or removing
something, a conflict of interest, a category's lead judge, the narratives judges read, and
the lead judge's casting decision; plus the small up/down list they share with the tie-break
settings.

Each saves through the services when accepted; a refused save outlines the fields the
ValidationError names and keeps the dialog open with everything typed still there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.enums import ConflictKind
from awards_app.core.errors import ValidationError
from awards_app.ui.context import AppContext
from awards_app.ui.dialogs.category_dialog import SavingDialog, hint_label, text_box
from awards_app.ui.errors import show_error
from awards_app.ui.models.table import Column, Index, RowTableModel
from awards_app.ui.widgets.forms import clear_invalid, mark_invalid
from awards_app.ui.widgets.tables import make_table_view

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from awards_app.services.judging.results import ResultRow

R = TypeVar("R")


# --- an ordered list with Move up / Move down ----------------------------------------------


class OrderModel(RowTableModel[R], Generic[R]):
    """Rows in the user's order; with ``checkable`` the first column carries a tick box."""

    def __init__(self, columns: Sequence[Column[R]], *, checkable: bool = False) -> None:
        super().__init__(columns)
        self.checkable = checkable
        self.checked: set[R] = set()

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.checkable and index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (self.checkable and index.isValid() and index.column() == 0
                and role == Qt.ItemDataRole.CheckStateRole):
            used = self.row(index.row()) in self.checked
            return Qt.CheckState.Checked if used else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and index.isValid() and role == Qt.ItemDataRole.CheckStateRole):
            return False
        row = self.row(index.row())
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(row)
        else:
            self.checked.discard(row)
        self.dataChanged.emit(index, index, [role])
        return True


class OrderedList(QWidget, Generic[R]):
    """A short list put in order with Move up / Move down (also Alt+Up / Alt+Down)."""

    changed = Signal()

    def __init__(self, columns: Sequence[Column[R]], accessible_name: str, *,
                 checkable: bool = False, up_text: str = "Move &up",
                 down_text: str = "Move do&wn", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: OrderModel[R] = OrderModel(columns, checkable=checkable)
        self.view = make_table_view(self.model, accessible_name,
                                    stretch_column=len(columns) - 1)
        self.view.setSortingEnabled(False)
        self.up = QPushButton(up_text)
        self.down = QPushButton(down_text)
        self.up.setAccessibleName(f"Move up in {accessible_name.lower()}")
        self.down.setAccessibleName(f"Move down in {accessible_name.lower()}")
        self.up.clicked.connect(lambda: self.move_row(-1))
        self.down.clicked.connect(lambda: self.move_row(1))
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_row(step))
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        buttons = QVBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def set_rows(self, rows: Sequence[R], checked: Sequence[R] = ()) -> None:
        self.model.checked = set(checked)
        self.model.set_rows(rows)
        for column in range(self.model.columnCount() - 1):
            self.view.resizeColumnToContents(column)
        # A short list: exactly as tall as its rows (measured from the font, so it scales).
        height = (self.view.horizontalHeader().sizeHint().height() + 2 * self.view.frameWidth()
                  + self.view.verticalHeader().defaultSectionSize() * max(len(rows), 2) + 2)
        self.view.setMinimumHeight(height)
        self.view.setMaximumHeight(height)
        self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_buttons()

    def rows(self) -> list[R]:
        return list(self.model.visible_rows)

    def checked_rows(self) -> list[R]:
        return [r for r in self.model.visible_rows if r in self.model.checked]

    def move_row(self, step: int) -> None:
        current = self.view.currentIndex()
        rows = self.rows()
        here = current.row() if current.isValid() else -1
        there = here + step
        if here < 0 or not 0 <= there < len(rows):
            return
        rows[here], rows[there] = rows[there], rows[here]
        self.model.set_rows(rows)
        self.view.setCurrentIndex(self.model.index(there, current.column()))
        self._update_buttons()
        self.changed.emit()

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 (Qt name)
        super().setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.view.currentIndex().row()
        self.up.setEnabled(self.isEnabled() and row > 0)
        self.down.setEnabled(self.isEnabled() and 0 <= row < self.model.rowCount() - 1)


# --- PIN and reasons ------------------------------------------------------------------------


def done(work: Callable[[Session], object]) -> Callable[[Session], int]:
    """``work`` as SavingDialog.save wants it: a unit of work returning a saved id (none)."""

    def run(session: Session) -> int:
        work(session)
        return 0

    return run


def _line(accessible_name: str, placeholder: str = "") -> QLineEdit:
    line = QLineEdit()
    line.setAccessibleName(accessible_name)
    line.setPlaceholderText(placeholder)
    return line


class PinDialog(SavingDialog):
    """A judge's 4–8 digit PIN, typed twice and never shown; stored only as a hash."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, judge_id: int,
                 judge_name: str, has_pin: bool = False) -> None:
        super().__init__(ctx, parent)
        self.judge_id = judge_id
        self.setWindowTitle(f"{'Change' if has_pin else 'Set'} the PIN for {judge_name}")
        digits = QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), self)
        self.pin = _line("New PIN", "4 to 8 digits")
        self.pin_again = _line("New PIN again")
        for box in (self.pin, self.pin_again):
            box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setValidator(digits)
            box.setMaxLength(8)
            box.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                    | Qt.InputMethodHint.ImhSensitiveData)
        form = QFormLayout(self)
        form.addRow("New &PIN", self.pin)
        form.addRow("PIN &again", self.pin_again)
        form.addRow("", hint_label(
            f"{judge_name} types this PIN to start scoring. Tell them in person or by phone; "
            "the program keeps only a scrambled (hashed) copy, so it cannot show it again."
            + (" The old PIN stops working." if has_pin else "")))
        form.addRow(self.buttons)
        self.fields = {"pin": self.pin, "pin_again": self.pin_again}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def accept(self) -> None:
        from awards_app.services import judging

        pin, again, judge_id = self.pin.text(), self.pin_again.text(), self.judge_id
        if pin != again:
            problem = ValidationError.single(
                "pin_again", "is not the same as the first PIN — type the same digits twice")
            clear_invalid(self.fields)
            mark_invalid(self.fields, problem)
            show_error(self, problem)
            return
        if self.save(done(lambda s: judging.set_pin(s, judge_id, pin))):
            super().accept()


class ReasonDialog(SavingDialog):
    """Asks why (kept in the audit log), then runs ``work(reason)`` as one unit of work."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, title: str,
                 intro: str, ok_text: str,
                 work: Callable[[str], Callable[[Session], Any]]) -> None:
        super().__init__(ctx, parent)
        self.work = work
        self.setWindowTitle(title)
        self.reason = text_box("Reason", 3)
        self.reason.setPlaceholderText("e.g. The judge asked to correct a score they mistyped")
        form = QFormLayout(self)
        form.addRow(hint_label(intro))
        form.addRow("&Reason", self.reason)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
        form.addRow(self.buttons)
        self.fields = {"reason": self.reason}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def accept(self) -> None:
        if self.save(done(self.work(self.reason.toPlainText()))):
            super().accept()


# --- conflicts and lead judges --------------------------------------------------------------


def _combo(accessible_name: str, choices: Sequence[tuple[Any, str]], placeholder: str = "",
           current: Any = None) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    for value, label in choices:
        combo.addItem(label, value)
    if placeholder:
        combo.setPlaceholderText(placeholder)
    combo.setCurrentIndex(combo.findData(current) if current is not None else
                          (-1 if placeholder else 0))
    return combo


class ConflictDialog(SavingDialog):
    """A judge's conflict of interest with one nomination, recorded by the coordinator."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 judges: Sequence[tuple[int, str]], nominations: Sequence[tuple[int, str]],
                 judge_id: int | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Add a conflict of interest")
        self.judge = _combo("Judge", judges, "Choose the judge…", judge_id)
        self.nomination = _combo("Nomination", nominations, "Choose the nomination…")
        self.kind = _combo("Kind of conflict", [(k, k.label) for k in ConflictKind])
        self.note = text_box("Note", 3)
        form = QFormLayout(self)
        form.addRow("&Judge", self.judge)
        form.addRow("&Nomination", self.nomination)
        form.addRow("&Kind", self.kind)
        form.addRow("N&ote", self.note)
        form.addRow("", hint_label(
            "The judge will no longer see or score this nomination, and any scores they "
            "gave it stop counting."))
        form.addRow(self.buttons)
        self.fields = {"judge": self.judge, "nomination": self.nomination, "kind": self.kind,
                       "note": self.note}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def accept(self) -> None:
        from awards_app.services import judging

        judge_id, nomination_id = self.judge.currentData(), self.nomination.currentData()
        missing = [(name, what) for name, what, value in (
            ("judge", "choose the judge who has the conflict", judge_id),
            ("nomination", "choose the nomination it concerns", nomination_id)) if value is None]
        if missing:
            problem = ValidationError.single(*missing[0])
            if len(missing) == 2:
                problem = ValidationError([*problem.errors,
                                           *ValidationError.single(*missing[1]).errors])
            clear_invalid(self.fields)
            mark_invalid(self.fields, problem)
            show_error(self, problem)
            return
        kind, note = self.kind.currentData(), self.note.toPlainText()
        if self.save(lambda s: judging.declare_conflict(
                s, judge_id=judge_id, nomination_id=nomination_id, kind=kind, note=note,
                declared_by="coordinator")):
            super().accept()


class LeadJudgeDialog(SavingDialog):
    """Who decides a tie the rules cannot break: one of the category's own judges."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, category_id: int,
                 category: str, lead_judge_id: int | None) -> None:
        super().__init__(ctx, parent)
        from awards_app.services import judging

        self.category_id = category_id
        self.setWindowTitle(f"Lead judge for {category}")
        judges = ctx.read(lambda s: judging.judges_of_category(s, category_id))
        self.judge = _combo("Lead judge", [(None, "No lead judge yet"), *judges],
                            current=lead_judge_id)
        if self.judge.currentIndex() < 0:
            self.judge.setCurrentIndex(0)
        form = QFormLayout(self)
        form.addRow("Lead &judge", self.judge)
        form.addRow("", hint_label(
            f"If the agreed rules cannot separate nominations tied across a placement in "
            f"{category}, the lead judge decides their order (a casting decision)."
            if judges else f"{category} has no judges yet: ask a sponsor of it for one."))
        form.addRow(self.buttons)
        self.fields = {"judge": self.judge}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def accept(self) -> None:
        from awards_app.services import judging

        category_id, judge_id = self.category_id, self.judge.currentData()
        if self.save(done(lambda s: judging.set_lead_judge(s, category_id=category_id,
                                                           judge_id=judge_id))):
            super().accept()


# --- what judges read ---------------------------------------------------------------------


@dataclass(frozen=True)
class JudgeCopy:
    nomination_id: int
    ref: str
    heading: str  # "N-0004 Ada — Education Star" (the coordinator may see the name)
    current: tuple[str, str, str]  # success, obstacles, voice as judges see them now
    automatic: tuple[str, str, str]  # the originals masked automatically
    edited: tuple[bool, bool, bool]


def load_judge_copy(session: Session, event_id: int, ref: str) -> JudgeCopy:
    from awards_app.services import judging
    from awards_app.services import nominations

    n = nominations.get_by_ref(session, event_id, ref)
    return JudgeCopy(n.id, n.ref, f"{n.ref} {n.nominee.preferred_name} — {n.category.name}",
                     judging.judge_copy(n), judging.automatic_copy(n),
                     (bool(n.judge_success), bool(n.judge_obstacles), bool(n.judge_voice)))


NARRATIVES = (("success", "&Success"), ("obstacles", "O&bstacles overcome"),
              ("voice", "Their own &voice"))


class JudgeCopyDialog(SavingDialog):
    """The narratives as judges read them (masked automatically unless edited here)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, ref: str) -> None:
        super().__init__(ctx, parent)
        self.event_id = ctx.require_event()
        self.copy = ctx.read(lambda s: load_judge_copy(s, self.event_id, ref))
        self.setWindowTitle(f"What judges read — {self.copy.ref}")
        self.heading = QLabel(f"<b>{escape(self.copy.heading)}</b>")
        self.status = hint_label("")
        self.boxes: dict[str, QPlainTextEdit] = {}
        form = QFormLayout(self)
        form.addRow(self.heading)
        form.addRow(hint_label(
            "Judges never see surnames, addresses, phone numbers or emails: these are masked "
            "automatically. Edit the text if something else could identify the young person; "
            "the nomination itself is not changed."))
        for (name, label) in NARRATIVES:
            box = text_box(label.replace("&", ""), 5)
            self.boxes[name] = box
            form.addRow(label, box)
        form.addRow(self.status)
        self.reset = self.buttons.addButton("&Reset to automatic masking",
                                            QDialogButtonBox.ButtonRole.ResetRole)
        self.reset.clicked.connect(self.reset_to_automatic)
        form.addRow(self.buttons)
        self.fields = dict(self.boxes)
        self._show(self.copy.current, self.copy.edited)
        width = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(width * 80)
        self.resize(width * 110, self.minimumSizeHint().height() + 4 * width)

    def _show(self, texts: Sequence[str], edited: Sequence[bool]) -> None:
        for box, text in zip(self.boxes.values(), texts, strict=True):
            box.setPlainText(text)
        self.status.setText("Some of this text was edited by hand." if any(edited) else
                            "This is the automatic masking.")

    def texts(self) -> tuple[str, str, str]:
        return tuple(b.toPlainText() for b in self.boxes.values())  # type: ignore[return-value]

    def accept(self) -> None:
        from awards_app.services import judging

        # Text left as the automatic masking is stored blank, so it keeps following the
        # nomination if the nomination is corrected later.
        success, obstacles, voice = (
            "" if text.strip() == auto.strip() else text
            for text, auto in zip(self.texts(), self.copy.automatic, strict=True))
        nomination_id = self.copy.nomination_id
        if self.save(done(lambda s: judging.set_judge_copy(
                s, nomination_id, success=success, obstacles=obstacles, voice=voice))):
            super().accept()

    def reset_to_automatic(self) -> None:
        from awards_app.services import judging

        nomination_id = self.copy.nomination_id
        if self.save(done(lambda s: judging.set_judge_copy(
                s, nomination_id, success="", obstacles="", voice=""))):
            self._show(self.copy.automatic, (False, False, False))


# --- casting decision -----------------------------------------------------------------------


CASTING_COLUMNS: list[Column[ResultRow]] = [
    Column("Ref", lambda r: r.ref),
    Column("Nominee", lambda r: r.nominee),
    Column("Score", lambda r: "" if r.score is None else f"{r.score:.4f}", align_right=True),
    Column("Median", lambda r: "" if r.median is None else f"{r.median:.4f}", align_right=True),
]


class CastingDialog(SavingDialog):
    """The lead judge's order, best first, for nominations the agreed rules left tied."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, category_id: int,
                 category: str, lead_judge: str, groups: Sequence[Sequence[ResultRow]]) -> None:
        super().__init__(ctx, parent)
        self.category_id = category_id
        self.groups = [list(g) for g in groups]
        self.setWindowTitle(f"Casting decision — {category}")
        self.group = _combo("Tie to decide", [
            (i, f"Tied at rank {g[0].rank}: {', '.join(r.ref for r in g)}")
            for i, g in enumerate(self.groups)])
        self.order: OrderedList[ResultRow] = OrderedList(CASTING_COLUMNS, "Tied nominations")
        self.reason = text_box("Reason", 2)
        self.reason.setMaximumHeight(self.reason.fontMetrics().lineSpacing() * 5 + 12)
        self.reason.setPlaceholderText("Optional: what the lead judge weighed up")
        form = QFormLayout(self)
        form.addRow(hint_label(
            f"The agreed tie-break rules could not separate these nominations. Put them in "
            f"{lead_judge}'s order, best first (select one, then Move up / Move down)."))
        if len(self.groups) > 1:
            form.addRow("&Tie", self.group)
        form.addRow("&Order", self.order)
        form.addRow("&Reason", self.reason)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Record decision")
        form.addRow(self.buttons)
        self.group.currentIndexChanged.connect(self._load_group)
        self._load_group(0)
        self.fields = {"order": self.order.view, "reason": self.reason}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

    def _load_group(self, index: int) -> None:
        self.order.set_rows(self.groups[max(index, 0)])

    def accept(self) -> None:
        from awards_app.services.judging import results

        category_id, reason = self.category_id, self.reason.toPlainText()
        order = [r.nomination_id for r in self.order.rows()]
        if self.save(done(lambda s: results.record_casting_decision(
                s, category_id=category_id, order=order, reason=reason))):
            super().accept()
