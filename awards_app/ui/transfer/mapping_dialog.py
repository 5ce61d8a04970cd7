"""The mapping step of an import: a file in someone else's columns (a form's export) is
mapped onto the program's fields before it is checked. Each of the file's columns has a
list of fields (or Ignore) and an example value; the answers of category and yes/no columns
each have a list of the values the program takes; the mapping can be saved under a name, to
be proposed again for a file with the same headers. Continue checks the file through it.

:func:`match_columns` runs the step for a checked file, for every place that imports one (the
Import / export page, the Paper judging window's Import scores tab)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from awards_app.services.transfer import saved_mappings
from awards_app.services.transfer.mapping import (
    ColumnMapping,
    closest_category,
    closest_judge,
    yes_no,
)
from awards_app.services.transfer.mapping_fields import (
    CATEGORY,
    JUDGE,
    KINDS,
    YES_NO,
    YES_NO_VALUES,
    label,
)
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.plain import plain_label
from awards_app.ui.transfer.jobs import CheckOutcome, MappingProposal

IGNORE = "Ignore this column"
SAMPLE_CHARS = 60
AS_WRITTEN = "(leave as written)"
YES_NO_LABELS = {"yes": "Yes", "no": "No", "": "Not asked"}


def _compact(box: QComboBox) -> None:
    """A list as wide as a usual field's name, not its longest one."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(44)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SAMPLE_CHARS else text[:SAMPLE_CHARS - 1] + "…"


class MappingDialog(QDialog):
    """Map a file's columns (and their answers) onto the import's fields."""

    def __init__(self, file_name: str, proposal: MappingProposal,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Match the file's columns")
        self.proposal = proposal
        self.kind = KINDS[proposal.mapping.kind]
        self.field_boxes: dict[str, QComboBox] = {}
        self.value_boxes: dict[tuple[str, str], QComboBox] = {}  # (field, answer) -> box

        saved = (f" These are the choices saved as “{proposal.saved_name}” for files with the "
                 "same columns." if proposal.saved_name else "")
        split = (", and a young person's full name is split into first and last names"
                 if self.kind.extra else "")
        intro = plain_label(
            f"{isolate(file_name)} has columns of its own. Choose what each one holds, or Ignore it; "
            f"two columns set to the same field are joined with a space{split}.{saved} Nothing "
            "is stored until you have checked every row and pressed Import.", word_wrap=True)

        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        for column, title in enumerate(("Column in the file", "Holds", "Example")):
            heading = plain_label(title)
            heading.setStyleSheet("font-weight: bold;")
            grid.addWidget(heading, 0, column)
        for row, header in enumerate(proposal.headers, start=1):
            name = plain_label(isolate(header), word_wrap=True)
            box = QComboBox()
            box.setAccessibleName(f"What the column {header} holds")
            _compact(box)
            box.addItem(IGNORE, None)
            for target in self.kind.fields:
                box.addItem(f"{label(target)} ({target})", target)
            chosen = proposal.mapping.columns.get(header)
            box.setCurrentIndex(max(0, box.findData(chosen)) if chosen else 0)
            box.currentIndexChanged.connect(self._rebuild_values)
            name.setBuddy(box)
            sample = plain_label(isolate(_short(proposal.samples.get(header, ""))))
            sample.setStyleSheet("color: palette(placeholder-text);")
            grid.addWidget(name, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(sample, row, 2)
            self.field_boxes[header] = box
        grid.setRowStretch(len(proposal.headers) + 1, 1)  # a few columns stay together at the top
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        columns_area = QScrollArea()
        columns_area.setWidgetResizable(True)
        columns_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        columns_area.setWidget(grid_widget)

        self.values_holder = QWidget()
        self.values_layout = QVBoxLayout(self.values_holder)
        self.values_layout.setContentsMargins(0, 0, 0, 0)
        values_area = QScrollArea()
        values_area.setWidgetResizable(True)
        values_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        values_area.setWidget(self.values_holder)
        values_box = QGroupBox("Answers")
        values_layout = QVBoxLayout(values_box)
        values_layout.addWidget(plain_label(
            "The answers in category, judge and yes/no columns, and the value each one "
            "stands for.",
            word_wrap=True))
        values_layout.addWidget(values_area)

        self.name_edit = QLineEdit(proposal.saved_name)
        self.name_edit.setPlaceholderText("e.g. Council nomination form (leave empty not to "
                                          "save)")
        self.name_edit.setAccessibleName("Save these choices as")
        name_form = QFormLayout()
        name_label = QLabel("&Save these choices as:")
        name_label.setBuddy(self.name_edit)
        name_form.addRow(name_label, self.name_edit)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button = buttons.addButton("&Continue: check every row",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        # Return continues wherever the focus is (an autoDefault Cancel would take over
        # as the default whenever it had the focus)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        # The file's columns over their answers, 3:2 and resizable: on a small screen (150 %)
        # the answers' own size no longer squeezes the columns to one row.
        self.parts = QSplitter(Qt.Orientation.Vertical)
        self.parts.setChildrenCollapsible(False)
        self.parts.addWidget(columns_area)
        self.parts.addWidget(values_box)
        self.parts.setStretchFactor(0, 3)
        self.parts.setStretchFactor(1, 2)
        self.parts.setSizes([3000, 2000])  # proportions: the splitter scales them to fit
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.parts, 1)
        layout.addLayout(name_form)
        layout.addWidget(buttons)
        self._fit(1000, 820)
        self._rebuild_values()
        if self.field_boxes:
            next(iter(self.field_boxes.values())).setFocus()

    def _fit(self, width: int, height: int) -> None:
        """``width``×``height`` points, or the screen's free area when smaller (a laptop at
        150%: 911×512 points)."""
        parent = self.parentWidget()
        free = (parent or self).screen().availableGeometry()
        self.resize(min(width, free.width()), min(height, free.height() - 40))  # title bar

    # --- the answers ---------------------------------------------------------------------

    def _choice_columns(self) -> dict[str, list[str]]:
        """Each category or yes/no field mapped: the headers mapped to it."""
        found: dict[str, list[str]] = {}
        for header, box in self.field_boxes.items():
            target = box.currentData()
            if target in self.kind.choices:
                found.setdefault(target, []).append(header)
        return found

    def _rebuild_values(self, *_args: object) -> None:
        current = {key: box.currentData() for key, box in self.value_boxes.items()}
        while self.values_layout.count():
            item = self.values_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.value_boxes = {}
        choices = self._choice_columns()
        if not choices:
            self.values_layout.addWidget(plain_label("No column holds a category, a judge or "
                                                     "a yes/no answer."))
        for target, headers in choices.items():
            group = QGroupBox(label(target))
            form = QFormLayout(group)
            answers = list(dict.fromkeys(a for h in headers
                                         for a in self.proposal.answers.get(h, [])))
            for answer in answers:
                box = QComboBox()
                box.setAccessibleName(f"{label(target)}: what “{answer}” stands for")
                _compact(box)
                self._fill(box, target)
                wanted = current.get((target, answer), self._proposed(target, answer))
                box.setCurrentIndex(max(0, box.findData(wanted)))
                answer_label = plain_label(isolate(_short(answer)))
                answer_label.setBuddy(box)
                form.addRow(answer_label, box)
                self.value_boxes[(target, answer)] = box
            if not answers:
                form.addRow(plain_label("(no answers in the file)"))
            self.values_layout.addWidget(group)
        self.values_layout.addStretch(1)

    def _fill(self, box: QComboBox, target: str) -> None:
        if self.kind.choices[target] in (CATEGORY, JUDGE):
            box.addItem(AS_WRITTEN, "")
            names = (self.proposal.categories if self.kind.choices[target] == CATEGORY
                     else self.proposal.judges)
            for name in names:
                box.addItem(name, name)
        else:
            for value in YES_NO_VALUES:
                box.addItem(YES_NO_LABELS[value], value)

    def _proposed(self, target: str, answer: str) -> str:
        earlier = self.proposal.mapping.values.get(target, {})
        if answer in earlier:
            return earlier[answer]
        if self.kind.choices[target] == CATEGORY:
            return closest_category(answer, self.proposal.categories)
        if self.kind.choices[target] == JUDGE:
            return "" if "@" in answer else closest_judge(answer, self.proposal.judges)
        return yes_no(answer)

    # --- the result ----------------------------------------------------------------------

    def mapping(self) -> ColumnMapping:
        """The columns and answers as chosen (an answer left as written is not mapped)."""
        columns = {h: box.currentData() for h, box in self.field_boxes.items()}
        values: dict[str, dict[str, str]] = {}
        for (target, answer), box in self.value_boxes.items():
            value = box.currentData()
            if value or self.kind.choices[target] == YES_NO:
                values.setdefault(target, {})[answer] = value
        return ColumnMapping(self.proposal.mapping.kind, columns, values,
                             name=self.save_name())

    def save_name(self) -> str:
        return self.name_edit.text().strip()

    def set_field(self, header: str, target: str | None) -> None:
        """Choose what ``header`` holds (tests and keyboard users alike use the combo)."""
        box = self.field_boxes[header]
        box.setCurrentIndex(box.findData(target) if target else 0)


def match_columns(parent: QWidget, ctx: AppContext, outcome: CheckOutcome,
                  proposal: MappingProposal, *, on_closed: Callable[[bool], None],
                  on_mapped: Callable[[ColumnMapping], None]) -> MappingDialog:
    """Open the mapping dialog for a checked file's own columns (starting from the choices it
    was checked with, if any). When it closes, ``on_closed(accepted)`` is told first; then
    Continue saves the choices when they are named (a refused save is shown and ends there)
    and hands the mapping to ``on_mapped``, which checks every row through it. The dialog is
    returned open."""
    if outcome.mapping is not None:  # matched before: start from those choices
        proposal = dataclasses.replace(proposal, mapping=outcome.mapping,
                                       saved_name=outcome.mapping.name or proposal.saved_name)
    dialog = MappingDialog(outcome.path.name, proposal, parent)
    headers = proposal.headers

    def done(result: int) -> None:
        mapping, name = dialog.mapping(), dialog.save_name()
        accepted = result == MappingDialog.DialogCode.Accepted
        on_closed(accepted)
        dialog.deleteLater()
        if not accepted:
            return

        def save(session: Session) -> bool:
            saved_mappings.save_mapping(session, name, mapping, headers=headers)
            return True

        if name and not ctx.act(parent, save, title="Cannot save the mapping",
                                saved=f"Saved the column matching {isolate(name)}."):
            return
        on_mapped(mapping)

    dialog.finished.connect(done)
    dialog.open()
    return dialog
