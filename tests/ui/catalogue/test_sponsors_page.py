"""The Sponsors & judges page and the logo picker, driven through their real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from awards_app.db.engine import Database
from awards_app.services.catalogue import categories
from awards_app.services import demo
from awards_app.services.catalogue import sponsors
from awards_app.ui.common.context import AppContext
from awards_app.ui.catalogue.sponsor_dialogs import JudgeDialog, SponsorDialog
from awards_app.ui.catalogue.sponsors_page import EMPTY_TEXT, SponsorsPage
from awards_app.ui.catalogue.logo_picker import LogoPicker
from tests.ui.catalogue.test_categories_page import boxes, button  # noqa: F401  (fixture and helper)


def write_png(path: Path, width: int = 120, height: int = 40) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    assert image.save(str(path), "PNG")
    return path


@pytest.fixture
def ctx(db: Database, event_id: int) -> AppContext:
    context = AppContext()
    context.set_database(db)
    return context


def open_page(qtbot: Any, context: AppContext) -> SponsorsPage:
    widget = SponsorsPage(context, None)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.reload()
    return widget


@pytest.fixture
def page(qtbot: Any, ctx: AppContext, boxes: dict[str, Any]) -> Iterator[SponsorsPage]:  # noqa: F811
    yield open_page(qtbot, ctx)


@pytest.fixture
def demo_page(qtbot: Any, db: Database, boxes: dict[str, Any]) -> SponsorsPage:  # noqa: F811
    with db.session() as s:
        demo.create_demo_event(s)  # becomes the current event
    context = AppContext()
    context.set_database(db)
    return open_page(qtbot, context)


def shown_names(page: SponsorsPage) -> list[str]:
    return [r.name for r in page.model.visible_rows]


# --- adding a sponsor with a logo, and a judge --------------------------------------------------


def test_add_sponsor_with_logo_and_judge(qtbot: Any, page: SponsorsPage, db: Database,
                                         event_id: int, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert page.message.isVisible() and page.message.text() == EMPTY_TEXT
    logo_file = write_png(tmp_path / "riverline.png")
    asked: list[str] = []

    def choose(parent: Any, caption: str, folder: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return str(logo_file), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)

    def fill(dialog: SponsorDialog) -> int:
        qtbot.keyClicks(dialog.name, "Riverline Buses")
        qtbot.keyClicks(dialog.contact_name, "Sandra Kowalczyk")
        qtbot.keyClicks(dialog.contact_email, "sandra@riverline.example")
        qtbot.keyClicks(dialog.contact_phone, "01632 960533")
        qtbot.keyClicks(dialog.notes, "Free shuttle bus on the night.")
        assert not dialog.logo.remove_button.isEnabled()
        qtbot.mouseClick(dialog.logo.choose_button, Qt.MouseButton.LeftButton)
        assert dialog.logo.preview.has_image and dialog.logo.remove_button.isEnabled()
        assert dialog.logo.message_text == ""
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SponsorDialog, "exec", fill)
    qtbot.mouseClick(button(page, "&Add sponsor…"), Qt.MouseButton.LeftButton)

    assert asked and "*.png" in asked[0] and "*.jpg" in asked[0]
    assert shown_names(page) == ["Riverline Buses"]
    row = page.selected_row()
    assert row is not None and row.has_logo and row.judges_count == 0
    assert page.model.data(page.model.index(0, 6)) == "Yes"
    assert not page.message.isVisible()
    assert page.logo.has_image  # the detail panel shows the stored logo
    assert "sandra@" in page.contact.text() and "Free shuttle bus" in page.contact.text()
    with db.read_session() as s:
        stored = sponsors.find_sponsor(s, event_id, "Riverline Buses")
        assert stored is not None
        assert stored.logo == logo_file.read_bytes() and stored.logo_mime == "image/png"
        assert stored.contact_phone == "01632 960533"

    def add_judge(dialog: JudgeDialog) -> int:
        qtbot.keyClicks(dialog.name, "Tom Price")
        qtbot.keyClicks(dialog.email, "tom@riverline.example")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(JudgeDialog, "exec", add_judge)
    qtbot.mouseClick(button(page, "Add &judge…"), Qt.MouseButton.LeftButton)
    assert [(j.name, j.email, j.status_label) for j in page.judges_model.visible_rows] == [
        ("Tom Price", "tom@riverline.example", "Active")]
    assert page.selected_row().judges_count == 1
    assert page.selected_judge() is not None  # the new judge is selected
    with db.read_session() as s:
        assert [j.name for j in sponsors.list_judges(s, event_id)] == ["Tom Price"]


def test_refused_sponsor_save_marks_fields(qtbot: Any, page: SponsorsPage, ctx: AppContext,
                                          db: Database, event_id: int,
                                          boxes: dict[str, Any]) -> None:  # noqa: F811
    dialog = SponsorDialog(ctx, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.contact_email, "not-an-email")
    qtbot.keyClicks(dialog.contact_phone, "call me")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    marked = {name for name, w in dialog.fields.items() if w.property("invalid")}
    assert marked == {"name", "contact_email", "contact_phone"}
    assert len(boxes["warning"]) == 1
    with db.read_session() as s:
        assert sponsors.list_sponsors(s, event_id) == []


def test_edit_sponsor_and_remove_its_logo(qtbot: Any, page: SponsorsPage, db: Database,
                                          event_id: int, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_png(tmp_path / "logo.png").read_bytes()
    with db.session() as s:
        sponsors.create_sponsor(s, event_id=event_id, name="Lantern Theatre", logo=data)
    page.reload()

    def remove_logo(dialog: SponsorDialog) -> int:
        assert dialog.name.text() == "Lantern Theatre"
        assert dialog.logo.logo_bytes() == data and dialog.logo.preview.has_image
        qtbot.mouseClick(dialog.logo.remove_button, Qt.MouseButton.LeftButton)
        assert dialog.logo.logo_bytes() is None and not dialog.logo.preview.has_image
        dialog.name.setText("The Lantern Theatre")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SponsorDialog, "exec", remove_logo)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert shown_names(page) == ["The Lantern Theatre"]
    assert not page.selected_row().has_logo and not page.logo.has_image
    with db.read_session() as s:
        assert sponsors.find_sponsor(s, event_id, "The Lantern Theatre").logo is None


# --- the logo picker on its own ----------------------------------------------------------------


def test_logo_picker_explains_files_it_cannot_use(qtbot: Any, tmp_path: Path) -> None:
    picker = LogoPicker()
    qtbot.addWidget(picker)
    picker.show()
    good = write_png(tmp_path / "good.png", 300, 100)
    assert picker.load_file(good)
    assert picker.logo_bytes() == good.read_bytes()
    shown = picker.preview.shown_size()
    assert shown.width() <= picker.preview.width() and shown.height() <= picker.preview.height()
    assert abs(shown.width() / shown.height() - 3.0) < 0.1  # keeps its aspect ratio

    text_file = tmp_path / "logo.txt"
    text_file.write_text("not a picture", encoding="utf-8")
    assert not picker.load_file(text_file)
    assert "“logo.txt” is not a PNG or JPEG image" in picker.message_text
    assert picker.logo_bytes() == good.read_bytes()  # the earlier logo is kept

    assert not picker.load_file(tmp_path / "missing.png")
    assert "Could not read “missing.png”" in picker.message_text

    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    assert not picker.load_file(damaged)
    assert "cannot be opened" in picker.message_text

    qtbot.mouseClick(picker.remove_button, Qt.MouseButton.LeftButton)
    assert picker.logo_bytes() is None and picker.message_text == ""
    assert not picker.remove_button.isEnabled()
    assert picker.preview.accessibleDescription().startswith("No logo")


def test_logo_picker_cancelled_choice_changes_nothing(qtbot: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    picker = LogoPicker()
    qtbot.addWidget(picker)
    picker.set_logo(write_png(tmp_path / "a.png").read_bytes())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
    assert picker.logo_bytes() is not None and picker.message_text == ""


# --- categories, judges, withdrawing -------------------------------------------------------


def test_tick_a_category_to_sponsor_it(qtbot: Any, demo_page: SponsorsPage,
                                       db: Database) -> None:
    page = demo_page
    page.select_id(page.model.visible_rows[shown_names(page).index("Riverline Buses")].id)
    sponsor = page.selected_row()
    ticked = [r.name for r in page.choices.visible_rows if r.sponsored]
    assert ticked == ["Community Champion"]
    row = [r.name for r in page.choices.visible_rows].index("Sports Hero")
    index = page.choices.index(row, 0)
    assert page.choices.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    page.choices_view.setFocus()
    page.choices_view.setCurrentIndex(index)
    qtbot.keyClick(page.choices_view, Qt.Key.Key_Space)  # keyboard users tick with Space

    def sponsors_of(name: str) -> list[str]:
        with db.read_session() as s:
            category = categories.find_category(s, page.ctx.event_id, name)
            return [sp.name for sp in sponsors.sponsors_of_category(s, category.id)]

    qtbot.waitUntil(lambda: "Riverline Buses" in sponsors_of("Sports Hero"), timeout=3000)
    assert page.selected_row().categories == ("Sports Hero", "Community Champion")
    index = page.choices.index(row, 0)
    assert page.choices.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    page.choices.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: "Riverline Buses" not in sponsors_of("Sports Hero"), timeout=3000)
    assert page.selected_row().id == sponsor.id


def test_withdraw_and_reinstate_sponsor_and_judge(qtbot: Any, demo_page: SponsorsPage,
                                                  db: Database,
                                                  boxes: dict[str, Any]) -> None:  # noqa: F811
    page = demo_page
    page.select_id(page.model.visible_rows[shown_names(page).index("Millbrook Motors")].id)
    withdraw = button(page, "&Withdraw sponsor")
    boxes["answer"][0] = QMessageBox.StandardButton.No
    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    assert page.selected_row().active and len(boxes["question"]) == 1
    boxes["answer"][0] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    assert not page.selected_row().active and page.selected_row().status_label == "Withdrawn"
    assert withdraw.text() == "&Reinstate sponsor"
    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)  # reinstating does not ask
    assert page.selected_row().active and len(boxes["question"]) == 2

    page.judges_view.setCurrentIndex(page.judges_model.index(0, 0))
    judge = page.selected_judge()
    withdraw_judge = button(page, "Withdraw j&udge")
    qtbot.mouseClick(withdraw_judge, Qt.MouseButton.LeftButton)
    assert page.selected_judge().id == judge.id and not page.selected_judge().active
    assert withdraw_judge.text() == "Reinstate j&udge"
    assert page.selected_row().judges_count == 0
    with db.read_session() as s:
        assert [j.active for j in sponsors.judge_rows(s, page.selected_row().id)] == [False]


# --- search and empty states ------------------------------------------------------------------


def test_search_filters_the_sponsors_table(qtbot: Any, demo_page: SponsorsPage) -> None:
    page = demo_page
    total = page.model.total_count
    assert total >= 10 and len(shown_names(page)) == total
    assert shown_names(page) == sorted(shown_names(page), key=str.casefold)

    page.focus_search()
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "bakery")
    assert shown_names(page) == ["Hollins & Daughters Bakery"]
    assert page.selected_row().name == "Hollins & Daughters Bakery"  # details follow the search

    page.search.clear()
    qtbot.keyClicks(page.search, "sports hero")  # categories are searched too
    assert set(shown_names(page)) == {"Northbridge Town FC Community Foundation",
                                      "Ironside Boxing & Fitness"}

    page.search.clear()
    qtbot.keyClicks(page.search, "zzzz")
    assert shown_names(page) == [] and page.selected_row() is None
    assert page.message.isVisible() and "No sponsors match “zzzz”" in page.message.text()
    assert page.detail.currentWidget() is page.nothing_chosen

    page.search.clear()
    assert len(shown_names(page)) == total and not page.message.isVisible()


def test_every_control_has_a_name_and_tab_order_follows_the_page(demo_page: SponsorsPage) -> None:
    from PySide6.QtWidgets import QAbstractButton, QWidget

    page, names = demo_page, []
    widget: QWidget = page
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget is page:
            break
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            label = widget.text() if isinstance(widget, QAbstractButton) else ""
            assert widget.accessibleName() or "&" in label, f"{widget!r} has no name"
            names.append(widget.accessibleName() or label)
    assert names[:5] == ["Search sponsors", "&Add sponsor…", "Ed&it…", "&Withdraw sponsor",
                         "Sponsors"]
    assert names.index("Categories sponsored") < names.index("Judges") < names.index(
        "Add &judge…")
