"""Opening a saved file or its folder (issue 13, item 6): when the computer has no program for
it, the window says where it is, offers the folder and copies the path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from awards_app.ui.common.open_file import FileLocationDialog, open_file, show_folder
from awards_app.ui.judging.paper.packs import PacksPanel


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    folder = tmp_path / "Judging packs"
    folder.mkdir()
    path = folder / "everyone.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    return path


def desktop(monkeypatch: pytest.MonkeyPatch, answers: dict[str, bool]) -> list[Path]:
    """``openUrl`` answers per path (True: a program opened it); returns the paths asked."""
    asked: list[Path] = []

    def open_url(url: QUrl) -> bool:
        asked.append(Path(url.toLocalFile()))
        return answers[url.toLocalFile()]

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return asked


def test_a_file_that_opens_shows_nothing(parent: QWidget, pdf: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    asked = desktop(monkeypatch, {str(pdf): True})
    assert open_file(parent, pdf) is None
    assert asked == [pdf]
    assert not parent.findChildren(FileLocationDialog)


def test_no_program_says_where_the_file_is_and_shows_its_folder(
        parent: QWidget, pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = desktop(monkeypatch, {str(pdf): False, str(pdf.parent): True})
    dialog = open_file(parent, pdf)
    assert dialog is not None and dialog.isVisible()
    assert dialog.path_label.text() == str(pdf)
    assert dialog.path_label.textInteractionFlags()  # selectable, to copy by hand
    assert "No program" in dialog.intro.text()
    assert dialog.folder_button.isVisibleTo(dialog)
    dialog.folder_button.click()
    assert asked == [pdf, pdf.parent]
    assert not dialog.isVisible()  # the folder opened: nothing more to say


def test_when_the_folder_cannot_be_shown_either_it_says_where_it_is(
        parent: QWidget, pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = desktop(monkeypatch, {str(pdf): False, str(pdf.parent): False})
    dialog = open_file(parent, pdf)
    assert dialog is not None
    assert dialog.folder_label.isHidden()
    dialog.folder_button.click()
    assert asked == [pdf, pdf.parent]
    assert dialog.isVisible()
    assert dialog.folder_label.isVisibleTo(dialog)
    assert dialog.folder_label.text() == str(pdf.parent)
    assert not dialog.folder_button.isEnabled()


def test_copy_the_path(parent: QWidget, pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desktop(monkeypatch, {str(pdf): False})
    QGuiApplication.clipboard().setText("something else")
    dialog = open_file(parent, pdf)
    assert dialog is not None
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(pdf)


def test_show_folder_of_a_file(parent: QWidget, pdf: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    asked = desktop(monkeypatch, {str(pdf.parent): True})
    assert show_folder(parent, pdf) is None
    assert asked == [pdf.parent]


def test_show_folder_that_cannot_be_shown_says_where_it_is(
        parent: QWidget, pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desktop(monkeypatch, {str(pdf.parent): False})
    dialog = show_folder(parent, pdf)
    assert dialog is not None and dialog.isVisible()
    assert dialog.path_label.text() == str(pdf.parent)
    assert not dialog.folder_button.isVisibleTo(dialog)  # it is the folder already


def test_the_judging_packs_buttons_use_it(qtbot: Any, ctx: Any, pdf: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    asked = desktop(monkeypatch, {str(pdf): False, str(pdf.parent): False})
    panel = PacksPanel(ctx)
    qtbot.addWidget(panel)
    panel.last_file = pdf
    panel.open_button.click()
    panel.folder_button.click()
    assert asked == [pdf, pdf.parent]
    shown = panel.findChildren(FileLocationDialog)
    assert sorted(d.path_label.text() for d in shown) == sorted([str(pdf), str(pdf.parent)])
