"""The nomination editor warns, without refusing, when a preferred name holds the surname
(issue 12, item 8): the consent rule keeps it off certificates, the coordinator should know."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from awards_app.ui.common.context import AppContext
from awards_app.ui.nominations.editor import SURNAME_IN_PREFERRED, NominationEditor


@pytest.fixture
def editor(qtbot: Any, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> NominationEditor:
    # nothing is saved: "unsaved changes?" is answered Discard as the test ends
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args, **_kw: QMessageBox.StandardButton.Discard)
    shown = NominationEditor(demo_ctx, None)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.mark.parametrize("preferred", ["Pref5 Zqxzeta", "Pref5 ZQXZETA", "Pref5 Zqxzéta",
                                       "Pref5 Zqx\u200bzeta", "Pref5Zqxzeta"])
def test_a_surname_in_the_preferred_name_is_warned_about(
        qtbot: Any, editor: NominationEditor, preferred: str) -> None:
    qtbot.keyClicks(editor.last_name, "Zqxzeta")
    qtbot.keyClicks(editor.preferred_name, "Pref5")
    assert editor.preferred_warning.isHidden()
    editor.preferred_name.setText(preferred)
    assert editor.preferred_warning.isVisible()
    assert editor.preferred_warning.text() == SURNAME_IN_PREFERRED
    # under the preferred name, and nothing is refused: the field keeps what was typed
    assert editor.preferred_warning.geometry().top() > editor.preferred_name.geometry().top()
    assert editor.preferred_name.text() == preferred
    editor.preferred_name.setText("Pref5")
    assert editor.preferred_warning.isHidden()


def test_changing_the_surname_rechecks(qtbot: Any, editor: NominationEditor) -> None:
    editor.preferred_name.setText("Mei Chen")
    assert editor.preferred_warning.isHidden()  # no surname yet
    qtbot.keyClicks(editor.last_name, "Chen")
    assert editor.preferred_warning.isVisible()
    editor.last_name.setText("Wong")
    assert editor.preferred_warning.isHidden()


def test_the_nominee_dialog_warns_too(qtbot: Any, demo_ctx: AppContext) -> None:
    from awards_app.ui.people.dialogs import NomineeDialog

    dialog = NomineeDialog(demo_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.preferred_warning.isHidden()
    qtbot.keyClicks(dialog.last_name, "Zqxzeta")
    qtbot.keyClicks(dialog.preferred_name, "Pref5 ZQXZÉTA")
    assert dialog.preferred_warning.isVisible()
    assert dialog.preferred_warning.text() == SURNAME_IN_PREFERRED
    dialog.preferred_name.clear()
    assert dialog.preferred_warning.isHidden()
