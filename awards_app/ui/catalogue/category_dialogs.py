"""Add or edit a category, and add or edit one of its judging criteria.

Each dialog saves through the services when accepted; a refused save outlines the fields
named in the ValidationError and keeps the dialog open, with everything typed still there.
Editing, they hand back the version and values they were filled from, so a save from a stale
copy is refused and offers Reload (``SavingDialog``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from awards_app.core.editing import Loaded
from awards_app.core.enums import CriterionRole
from awards_app.services.catalogue import categories
from awards_app.services.catalogue.categories import CategoryRow, CriterionRow
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.forms import spin_box, text_box
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class CategoryDialog(SavingDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 category: CategoryRow | None = None) -> None:
        super().__init__(ctx, parent)
        self.category = category
        self.setWindowTitle("Edit category" if category else "Add a category")
        self.name = QLineEdit()
        self.name.setAccessibleName("Category name")
        self.description = text_box("Description", 4)
        self.winners = spin_box("Number of winners", 1, 20)
        self.runners_up = spin_box("Number of runners-up", 0, 20)
        self.highly_commended = spin_box("Number of highly commended", 0, 50)
        self.presenter = QLineEdit()
        self.presenter.setAccessibleName("Presenter at the ceremony")
        self.presenter.setPlaceholderText("Who presents its awards (the ceremony script)")
        self.presenter.setMaxLength(200)
        self.standard_criteria: QCheckBox | None = None

        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Description", self.description)
        form.addRow("&Winners", self.winners)
        form.addRow("&Runners-up", self.runners_up)
        form.addRow("&Highly commended", self.highly_commended)
        form.addRow("&Presenter", self.presenter)
        if category is None:
            names = ", ".join(
                c["name"] + (f" (×{c['weight']:g})" if float(c.get("weight", 1)) != 1 else "")
                for c in categories.default_criteria()
            )
            self.standard_criteria = QCheckBox("Start with the standard &criteria")
            self.standard_criteria.setChecked(True)
            self.standard_criteria.setAccessibleDescription(names)
            form.addRow("", self.standard_criteria)
            form.addRow("", hint(f"The standard criteria are {names}. Untick to add your own "
                                 "after saving.", muted=True))
            self.winners.setValue(1)
            self.runners_up.setValue(1)
        else:
            self.loaded = Loaded(category.version, category.editable)
            self.fill(category.editable)
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "description": self.description,
                       "winners_count": self.winners, "runners_up_count": self.runners_up,
                       "highly_commended_count": self.highly_commended,
                       "presenter": self.presenter}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "description": self.description.toPlainText(),
            "winners_count": self.winners.value(),
            "runners_up_count": self.runners_up.value(),
            "highly_commended_count": self.highly_commended.value(),
            "presenter": self.presenter.text(),
        }

    def form_values(self) -> dict[str, Any]:
        return self.values()

    def fill(self, values: Mapping[str, Any]) -> None:
        self.name.setText(values["name"])
        self.description.setPlainText(values["description"] or "")
        self.winners.setValue(values["winners_count"])
        self.runners_up.setValue(values["runners_up_count"])
        self.highly_commended.setValue(values["highly_commended_count"])
        self.presenter.setText(values.get("presenter") or "")

    def load_current(self, session: Session) -> Loaded:
        assert self.category is not None
        return categories.category_for_edit(session, self.category.id)

    def accept(self) -> None:
        data, loaded = self.values(), self.loaded
        said = f"Saved category {isolate(str(data['name']).strip())}."
        if self.category is not None and loaded is not None:
            category_id = self.category.id
            saved = self.save(lambda s: categories.update_category(
                s, category_id, expected_version=loaded.version, original=loaded.original,
                **data).id, saved=said)
        else:
            event_id = self.ctx.require_event()
            standard = self.standard_criteria is not None and self.standard_criteria.isChecked()
            criteria: list[dict[str, Any]] | None = None if standard else []
            saved = self.save(lambda s: categories.create_category(
                s, event_id=event_id, criteria=criteria, **data).id, saved=said)
        if saved:
            super().accept()


class CriterionDialog(SavingDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, category_id: int,
                 criterion: CriterionRow | None = None, category_name: str = "") -> None:
        super().__init__(ctx, parent)
        self.category_id = category_id
        self.criterion = criterion
        self.category_name = category_name
        where = f" — {category_name}" if category_name else ""
        self.setWindowTitle(("Edit criterion" if criterion else "Add a criterion") + where)
        self.name = QLineEdit()
        self.name.setAccessibleName("Criterion name")
        self.guidance = text_box("Guidance for judges", 3)
        self.weight = QDoubleSpinBox()
        self.weight.setRange(0.1, 100)
        self.weight.setDecimals(1)
        self.weight.setSingleStep(0.5)
        self.weight.setPrefix("×")
        self.weight.setValue(1)
        self.weight.setAccessibleName("Weight")
        self.scale_min = spin_box("Lowest score", 0, 100)
        self.scale_min.setValue(1)
        self.scale_max = spin_box("Highest score", 1, 100)
        self.scale_max.setValue(10)
        self.breaks_ties = QCheckBox("Its points break ties (the “Obstacles overcome” rule)")
        self.breaks_ties.setAccessibleName("Breaks ties")
        if criterion is not None:
            self.loaded = Loaded(criterion.version, criterion.editable)
            self.fill(criterion.editable)

        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Guidance", self.guidance)
        form.addRow("", hint("What judges should look for when they score this.", muted=True))
        form.addRow("&Weight", self.weight)
        form.addRow("", hint("×2 makes this criterion count double in the total.", muted=True))
        form.addRow("&Lowest score", self.scale_min)
        form.addRow("&Highest score", self.scale_max)
        form.addRow("", self.breaks_ties)
        form.addRow("", hint("One criterion per category: ticking it here takes it from the "
                             "others. Found by this tick, not by the name, so renaming keeps "
                             "it.", muted=True))
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "guidance": self.guidance, "weight": self.weight,
                       "scale_min": self.scale_min, "scale_max": self.scale_max,
                       "role": self.breaks_ties}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "guidance": self.guidance.toPlainText(),
            "weight": self.weight.value(),
            "scale_min": self.scale_min.value(),
            "scale_max": self.scale_max.value(),
            "role": CriterionRole.OBSTACLES.value if self.breaks_ties.isChecked() else None,
        }

    def form_values(self) -> dict[str, Any]:
        return self.values()

    def fill(self, values: Mapping[str, Any]) -> None:
        self.name.setText(values["name"])
        self.guidance.setPlainText(values["guidance"] or "")
        self.weight.setValue(values["weight"])
        self.scale_min.setValue(values["scale_min"])
        self.scale_max.setValue(values["scale_max"])
        self.breaks_ties.setChecked(values["role"] == CriterionRole.OBSTACLES)

    def load_current(self, session: Session) -> Loaded:
        assert self.criterion is not None
        return categories.criterion_for_edit(session, self.criterion.id)

    def accept(self) -> None:
        data, loaded = self.values(), self.loaded
        of = f" of {isolate(self.category_name)}" if self.category_name else ""
        said = f"Saved criterion {isolate(str(data['name']).strip())}{of}."
        if self.criterion is not None and loaded is not None:
            criterion_id = self.criterion.id
            saved = self.save(lambda s: categories.update_criterion(
                s, criterion_id, expected_version=loaded.version, original=loaded.original,
                **data).id, saved=said)
        else:
            category_id = self.category_id
            saved = self.save(lambda s: categories.add_criterion(
                s, category_id=category_id, **data).id, saved=said)
        if saved:
            super().accept()
