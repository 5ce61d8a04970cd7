"""The right-hand column of the scoring screen: each criterion with its weight, guidance and a
score control, then the judge's comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from awards_app.ui.common.plain import plain_label
from awards_app.ui.judging.session.score_control import KEY_HELP, ScoreControl
from awards_app.ui.judging.session.style import BODY, scaled_font

if TYPE_CHECKING:
    from awards_app.services.judging.judge_view import JudgeCriterion, JudgeItem


def weight_text(weight: float) -> str:
    return f"counts ×{weight:g}"


class CriterionRow(QFrame):
    def __init__(self, criterion: JudgeCriterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self.setObjectName("CriterionRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        line = self.fontMetrics().height()
        layout.setSpacing(line // 5)
        layout.setContentsMargins(line // 2, line // 3, line // 2, line // 3)
        top = QHBoxLayout()
        self.name_label = plain_label(criterion.name)
        self.name_label.setFont(scaled_font(1.15, bold=True, base=self.font()))
        self.name_label.setWordWrap(True)
        self.weight_label = QLabel(weight_text(criterion.weight))
        self.weight_label.setAccessibleName(f"{criterion.name} {weight_text(criterion.weight)}")
        if criterion.weight != 1:
            self.weight_label.setFont(scaled_font(1.0, bold=True, base=self.font()))
        top.addWidget(self.name_label, 1)
        top.addWidget(self.weight_label, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.guidance_label = plain_label(criterion.guidance)
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setVisible(bool(criterion.guidance))
        layout.addWidget(self.guidance_label)
        self.control = ScoreControl(criterion.scale_min, criterion.scale_max, criterion.name, self)
        self.control.setAccessibleDescription(
            f"{criterion.guidance} {weight_text(criterion.weight)}. "
            + self.control.accessibleDescription())
        self.name_label.setBuddy(self.control)
        layout.addWidget(self.control)


class CriteriaPanel(QWidget):
    """Shows one nomination's criteria and comment; ``edited`` fires on any change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CriteriaPanel")
        self.rows: list[CriterionRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.fontMetrics().height() // 3)
        self.help_label = QLabel(f"Choose a score for each. {KEY_HELP}")
        self.help_label.setWordWrap(True)
        self.help_label.setFont(scaled_font(BODY * 0.9))  # a little smaller than the rest
        layout.addWidget(self.help_label)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(self.fontMetrics().height() // 3)
        layout.addLayout(self.rows_layout)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setAccessibleName("Your comment (optional)")
        self.comment_edit.setPlaceholderText("Anything that helped you decide (optional)")
        lines = self.fontMetrics().lineSpacing()
        self.comment_edit.setMinimumHeight(lines * 3)
        self.comment_edit.setMaximumHeight(lines * 5)
        self.comment_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.comment_label = QLabel("Your &comment (optional):")
        self.comment_label.setBuddy(self.comment_edit)
        layout.addWidget(self.comment_label)
        layout.addWidget(self.comment_edit)
        layout.addStretch(1)
        self.comment_edit.textChanged.connect(self._on_comment_changed)
        self._loading = False

    def load(self, item: JudgeItem | None) -> None:
        """Show ``item``'s criteria with this judge's saved scores (read-only if submitted)."""
        self._loading = True
        for row in self.rows:
            row.control.set_value(None)  # nothing of the last nomination lingers until deletion
            self.rows_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        if item is not None:
            for criterion in item.criteria:
                row = CriterionRow(criterion, self)
                row.control.set_value(item.scores.get(criterion.id))
                row.control.set_read_only(item.submitted)
                row.control.value_changed.connect(lambda _v: self.edited.emit())
                self.rows_layout.addWidget(row)
                self.rows.append(row)
                row.show()  # now, not queued: its minimum width sizes the column at once
        self.comment_edit.setPlainText(item.comment if item is not None else "")
        self.comment_edit.setReadOnly(item is None or item.submitted)
        self.help_label.setVisible(item is not None and not item.submitted)
        self._loading = False

    def clear(self) -> None:
        self.load(None)
        self.comment_edit.clear()

    def _on_comment_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    # --- what the judge entered ------------------------------------------------------------

    def values(self) -> dict[int, int | None]:
        return {row.criterion.id: row.control.value() for row in self.rows}

    def comment(self) -> str:
        return self.comment_edit.toPlainText().strip()

    def complete(self) -> bool:
        return bool(self.rows) and all(row.control.value() is not None for row in self.rows)

    def first_control(self) -> ScoreControl | None:
        return self.rows[0].control if self.rows else None

    def controls(self) -> list[ScoreControl]:
        return [row.control for row in self.rows]
