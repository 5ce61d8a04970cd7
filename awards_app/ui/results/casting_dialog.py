"""The lead judge's casting decision: their order, best first, for nominations the agreed
tie-break rules left tied."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QWidget

from awards_app.services.judging import ResultRow, results
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.forms import combo_box, text_box
from awards_app.ui.common.ordered_list import OrderedList
from awards_app.ui.common.table_model import Column
from awards_app.ui.common.widgets import hint

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
        self.said = f"Saved the casting decision for {isolate(category)}."
        self.groups = [list(g) for g in groups]
        self.setWindowTitle(f"Casting decision — {isolate(category)}")
        self.group = combo_box("Tie to decide", [
            (i, f"Tied at rank {g[0].rank}: {', '.join(r.ref for r in g)}")
            for i, g in enumerate(self.groups)])
        self.order: OrderedList[ResultRow] = OrderedList(CASTING_COLUMNS, "Tied nominations")
        self.reason = text_box("Reason", 2)
        self.reason.setMaximumHeight(self.reason.fontMetrics().lineSpacing() * 5 + 12)
        self.reason.setPlaceholderText("Optional: what the lead judge weighed up")
        form = QFormLayout(self)
        form.addRow(hint(
            f"The agreed tie-break rules could not separate these nominations. Put them in "
            f"{lead_judge}'s order, best first (select one, then Move up / Move down).",
            muted=True))
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
        category_id, reason = self.category_id, self.reason.toPlainText()
        order = [r.nomination_id for r in self.order.rows()]
        if self.save(lambda s: results.record_casting_decision(
                s, category_id=category_id, order=order, reason=reason), saved=self.said):
            super().accept()
