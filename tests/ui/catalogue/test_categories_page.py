"""The Categories page, driven through its real widgets and dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QSplitter, QWidget

from awards_app.db.engine import Database
from awards_app.services.catalogue import categories
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue import sponsors
from awards_app.ui.common.context import AppContext
from awards_app.ui.catalogue.category_dialogs import CategoryDialog, CriterionDialog
from awards_app.ui.catalogue.categories_page import CategoriesPage
from tests.conftest import NARRATIVE


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[Any, ...]]]:
    """Message boxes never block: warnings are recorded, questions answered from ``answer``."""
    seen: dict[str, list[tuple[Any, ...]]] = {"warning": [], "question": [], "critical": []}
    answer = [QMessageBox.StandardButton.Yes]

    def record(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def box(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
            seen[kind].append(args)
            return answer[0] if kind == "question" else QMessageBox.StandardButton.Ok
        return box

    for kind in seen:
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    seen["answer"] = answer  # type: ignore[assignment]
    return seen


@pytest.fixture
def ctx(db: Database, event_id: int) -> AppContext:
    context = AppContext()
    context.set_database(db)
    assert context.event_id == event_id
    return context


@pytest.fixture
def page(qtbot: Any, ctx: AppContext, boxes: dict[str, Any]) -> Iterator[CategoriesPage]:
    widget = CategoriesPage(ctx, None)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.reload()
    yield widget


def button(widget: QWidget, text: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, f"expected one button {text!r}, found {len(found)}"
    return found[0]


def names_in_db(db: Database, event_id: int) -> list[str]:
    with db.read_session() as s:
        return [c.name for c in categories.list_categories(s, event_id)]


def shown_names(page: CategoriesPage) -> list[str]:
    return [r.name for r in page.model.visible_rows]


def select(page: CategoriesPage, name: str) -> None:
    page.view.setCurrentIndex(page.model.index(shown_names(page).index(name), 0))
    assert page.selected_row() is not None and page.selected_row().name == name


# --- adding --------------------------------------------------------------------------------


def test_add_category_with_two_criteria_through_the_dialogs(
    qtbot: Any, page: CategoriesPage, db: Database, event_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fill_category(dialog: CategoryDialog) -> int:
        qtbot.keyClicks(dialog.name, "Music Maker")
        qtbot.keyClicks(dialog.description, "For making music with others.")
        dialog.winners.setValue(2)
        dialog.highly_commended.setValue(3)
        assert dialog.standard_criteria is not None
        dialog.standard_criteria.setChecked(False)  # we add our own two
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CategoryDialog, "exec", fill_category)
    qtbot.mouseClick(button(page, "&Add category…"), Qt.MouseButton.LeftButton)

    assert shown_names(page)[-1] == "Music Maker"
    row = page.selected_row()
    assert row is not None and row.name == "Music Maker"  # the new one is selected
    assert (row.winners_count, row.highly_commended_count, row.criteria_count) == (2, 3, 0)
    assert "No criteria yet" in page.heading.text()

    criteria = iter([("Performance", "How they did on the night", 2.0, 1, 10),
                     ("Growth", "", 1.5, 0, 5)])

    def fill_criterion(dialog: CriterionDialog) -> int:
        name, guidance, weight, low, high = next(criteria)
        qtbot.keyClicks(dialog.name, name)
        qtbot.keyClicks(dialog.guidance, guidance)
        dialog.weight.setValue(weight)
        dialog.scale_min.setValue(low)
        dialog.scale_max.setValue(high)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CriterionDialog, "exec", fill_criterion)
    add_criterion = button(page, "Add &criterion…")
    qtbot.mouseClick(add_criterion, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(add_criterion, Qt.MouseButton.LeftButton)

    shown = [(r.name, r.weight_label, r.scale_label) for r in page.criteria_model.visible_rows]
    assert shown == [("Performance", "×2", "1–10"), ("Growth", "×1.5", "0–5")]
    assert page.selected_row().criteria_count == 2
    assert page.model.data(page.model.index(len(shown_names(page)) - 1, 5)) == "2"
    with db.read_session() as s:
        music = categories.find_category(s, event_id, "Music Maker")
        assert music is not None
        stored = [(c.name, c.weight, c.scale_min, c.scale_max) for c in music.criteria]
        assert music.description == "For making music with others."
    assert stored == [("Performance", 2.0, 1, 10), ("Growth", 1.5, 0, 5)]


def test_new_category_starts_with_the_standard_criteria(
    qtbot: Any, page: CategoriesPage, ctx: AppContext,
) -> None:
    dialog = CategoryDialog(ctx, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Kindness Award")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.select_id(dialog.saved_id)
    assert [r.name for r in page.criteria_model.visible_rows] == [
        "Achievement", "Obstacles overcome", "Inspiration to others"]


def test_refused_save_highlights_the_name_and_stores_nothing(
    qtbot: Any, page: CategoriesPage, ctx: AppContext, db: Database, event_id: int,
    boxes: dict[str, Any],
) -> None:
    before = names_in_db(db, event_id)
    dialog = CategoryDialog(ctx, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.description, "A description but no name")
    dialog.accept()

    assert dialog.isVisible()  # stays open with what was typed
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.name.property("invalid") is True
    assert "border" in dialog.name.styleSheet()
    assert "is empty" in dialog.name.toolTip()
    assert dialog.description.property("invalid") is False
    assert dialog.description.toPlainText() == "A description but no name"
    assert len(boxes["warning"]) == 1 and "Name: is empty" in boxes["warning"][0][2]
    assert names_in_db(db, event_id) == before
    assert shown_names(page) == before

    qtbot.keyClicks(dialog.name, "Education Star")  # a duplicate is refused too
    dialog.accept()
    assert dialog.isVisible() and "already exists" in dialog.name.toolTip()
    dialog.name.setText("Fresh Start Award")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.name.property("invalid") is False  # cleared on the successful save
    assert names_in_db(db, event_id) == [*before, "Fresh Start Award"]


def test_criterion_scale_must_rise(qtbot: Any, page: CategoriesPage, ctx: AppContext,
                                   db: Database, event_id: int) -> None:
    select(page, "Sports Hero")
    dialog = CriterionDialog(ctx, page, category_id=page.selected_row().id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Teamwork")
    dialog.scale_min.setValue(5)
    dialog.scale_max.setValue(5)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.scale_max.property("invalid") is True
    assert dialog.name.property("invalid") is False
    with db.read_session() as s:
        assert len(categories.criterion_rows(s, page.selected_row().id)) == 3


def test_the_page_shows_which_criterion_breaks_ties_and_the_dialog_moves_it(
    qtbot: Any, page: CategoriesPage, ctx: AppContext, db: Database,
) -> None:
    select(page, "Sports Hero")
    column = [page.criteria_model.headerData(i, Qt.Orientation.Horizontal)
              for i in range(page.criteria_model.columnCount())].index("Breaks ties")

    def shown() -> list[tuple[str, str]]:
        model = page.criteria_model
        return [(r.name, model.data(model.index(i, column))) for i, r in
                enumerate(model.visible_rows)]

    assert shown() == [("Achievement", ""), ("Obstacles overcome", "Yes"),
                       ("Inspiration to others", "")]
    inspiration = page.criteria_model.visible_rows[2]
    dialog = CriterionDialog(ctx, page, category_id=page.selected_row().id,
                             criterion=inspiration)
    qtbot.addWidget(dialog)
    assert not dialog.breaks_ties.isChecked()
    dialog.breaks_ties.setChecked(True)
    dialog.name.setText("Inspiring others")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.reload()
    select(page, "Sports Hero")
    assert shown() == [("Achievement", ""), ("Obstacles overcome", ""),
                       ("Inspiring others", "Yes")]
    with db.read_session() as s:
        roles = {r.name: r.role for r in categories.criterion_rows(s, page.selected_row().id)}
    assert roles["Inspiring others"] == "obstacles"


def test_edit_category_from_the_keyboard(qtbot: Any, page: CategoriesPage, db: Database,
                                         event_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(dialog: CategoryDialog) -> int:
        assert dialog.name.text() == "Life Changer" and dialog.standard_criteria is None
        dialog.name.setText("Life Changer Award")
        dialog.runners_up.setValue(2)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CategoryDialog, "exec", rename)
    select(page, "Life Changer")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert "Life Changer Award" in names_in_db(db, event_id)
    assert page.selected_row().name == "Life Changer Award"
    assert page.selected_row().runners_up_count == 2


# --- order, retiring ------------------------------------------------------------------------


def test_move_category_up_and_down(qtbot: Any, page: CategoriesPage, db: Database,
                                   event_id: int) -> None:
    original = names_in_db(db, event_id)
    assert original[:3] == ["Education Star", "Sports Hero", "Independence Star"]
    select(page, "Sports Hero")
    qtbot.mouseClick(button(page, "Move &up"), Qt.MouseButton.LeftButton)
    assert names_in_db(db, event_id)[:2] == ["Sports Hero", "Education Star"]
    assert shown_names(page)[:2] == ["Sports Hero", "Education Star"]
    assert page.selected_row().name == "Sports Hero"
    assert not button(page, "Move &up").isEnabled()  # first in the list now

    move_down = button(page, "Move &down")
    qtbot.mouseClick(move_down, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(move_down, Qt.MouseButton.LeftButton)
    assert names_in_db(db, event_id)[:3] == ["Education Star", "Independence Star",
                                             "Sports Hero"]
    assert [r.position for r in page.model.visible_rows] == list(range(1, 10))

    select(page, "Care Leaver of the Year")
    assert not move_down.isEnabled()
    page.move_down()  # at the end: nothing changes
    assert names_in_db(db, event_id)[-1] == "Care Leaver of the Year"


def test_move_with_keyboard_shortcuts(qtbot: Any, page: CategoriesPage, db: Database,
                                      event_id: int) -> None:
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow(), timeout=2000)
    select(page, "Education Star")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert names_in_db(db, event_id)[:2] == ["Sports Hero", "Education Star"]
    qtbot.keyClick(page.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert names_in_db(db, event_id)[:2] == ["Education Star", "Sports Hero"]
    assert page.selected_row().name == "Education Star"


def test_retire_and_reinstate(qtbot: Any, page: CategoriesPage, db: Database,
                              event_id: int) -> None:
    select(page, "Culture Champion")
    retire = button(page, "&Retire")
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert categories.find_category(s, event_id, "Culture Champion").active is False
    assert page.selected_row().status_label == "Retired"
    assert retire.text() == "&Reinstate"
    assert "(retired)" in page.heading.text()
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert categories.find_category(s, event_id, "Culture Champion").active is True
    assert retire.text() == "&Retire" and page.selected_row().status_label == "Active"


def test_retiring_a_category_with_nominations_asks_first(
    qtbot: Any, page: CategoriesPage, db: Database, event_id: int, boxes: dict[str, Any],
) -> None:
    with db.session() as s:
        category = categories.find_category(s, event_id, "Sports Hero")
        nominee = people.create_nominee(s, first_name="Kwame", last_name="Osei",
                                        date_of_birth="2006-04-05")
        nominations.create_nomination(s, event_id=event_id, category_id=category.id,
                                      nominee_id=nominee.id, success=NARRATIVE,
                                      obstacles=NARRATIVE)
    page.reload()
    select(page, "Sports Hero")
    assert page.selected_row().live_nominations == 1
    boxes["answer"][0] = QMessageBox.StandardButton.No
    page.toggle_retired()
    assert len(boxes["question"]) == 1 and "1 nomination in progress" in boxes["question"][0][2]
    assert page.selected_row().active
    boxes["answer"][0] = QMessageBox.StandardButton.Yes
    page.toggle_retired()
    assert not page.selected_row().active


# --- criteria and sponsors of the selected category ----------------------------------------


def test_remove_criterion_asks_and_keeps_the_last_one(
    qtbot: Any, page: CategoriesPage, db: Database, event_id: int, boxes: dict[str, Any],
) -> None:
    select(page, "Education Star")
    page.criteria_view.setCurrentIndex(page.criteria_model.index(1, 0))
    remove = button(page, "Re&move criterion")
    boxes["answer"][0] = QMessageBox.StandardButton.No
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert page.criteria_model.total_count == 3
    boxes["answer"][0] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert [r.name for r in page.criteria_model.visible_rows] == ["Achievement",
                                                                  "Inspiration to others"]
    page.criteria_view.setCurrentIndex(page.criteria_model.index(0, 0))
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    page.criteria_view.setCurrentIndex(page.criteria_model.index(0, 0))
    assert page.criteria_model.total_count == 1
    assert not remove.isEnabled() and "at least one" in remove.toolTip()
    with db.read_session() as s:
        education = categories.find_category(s, event_id, "Education Star")
        assert [c.name for c in education.criteria] == ["Inspiration to others"]


def test_link_and_unlink_a_sponsor(qtbot: Any, page: CategoriesPage, db: Database,
                                   event_id: int) -> None:
    with db.session() as s:
        sponsor_id = sponsors.create_sponsor(s, event_id=event_id, name="Riverline Buses").id
        gone = sponsors.create_sponsor(s, event_id=event_id, name="Gone Ltd")
        sponsors.withdraw_sponsor(s, gone.id)
    page.reload()
    select(page, "Community Champion")
    combo_items = [page.sponsor_combo.itemText(i) for i in range(page.sponsor_combo.count())]
    assert combo_items == ["Riverline Buses"]  # withdrawn sponsors are not offered
    qtbot.mouseClick(button(page, "&Link"), Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        category_id = categories.find_category(s, event_id, "Community Champion").id
        assert [sp.id for sp in sponsors.sponsors_of_category(s, category_id)] == [sponsor_id]
    assert [r.name for r in page.sponsors_model.visible_rows] == ["Riverline Buses"]
    assert page.selected_row().sponsors == ("Riverline Buses",)
    assert page.sponsor_combo.count() == 0 and not button(page, "&Link").isEnabled()

    unlink = button(page, "Unlin&k")
    assert not unlink.isEnabled()
    page.sponsors_view.setCurrentIndex(page.sponsors_model.index(0, 0))
    qtbot.mouseClick(unlink, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert sponsors.sponsors_of_category(s, category_id) == []
    assert page.sponsors_model.total_count == 0


def test_empty_event_and_splitters(qtbot: Any, db: Database, boxes: dict[str, Any]) -> None:
    from awards_app.services import catalogue

    with db.session() as s:
        event = catalogue.create_event(s, name="Blank Awards", year=2028,
                                    ceremony_date="2028-03-01")
        for category in categories.list_categories(s, event.id):
            s.delete(category)
    context = AppContext()
    context.set_database(db)
    widget = CategoriesPage(context, None)
    qtbot.addWidget(widget)
    widget.show()
    widget.reload()
    assert widget.empty_label.isVisible() and "No categories yet" in widget.empty_label.text()
    assert not widget.splitter.isVisible()
    assert not button(widget, "Ed&it…").isEnabled()
    names = {s.objectName() for s in widget.findChildren(QSplitter)}
    assert {"CategoriesSplitter", "CategoryDetailSplitter"} <= names
