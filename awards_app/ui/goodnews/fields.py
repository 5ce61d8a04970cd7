"""The fields a story is entered with, shared by the quick-entry line and the story dialog:
the young person and the worker picked by typing (suggestions ignore case and accents), the
date, and whether the young person knows it is being shared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

from awards_app.core.enums import Answer
from awards_app.core.search import matches, search_keys, search_words
from awards_app.services.nominations import Choice
from awards_app.ui.common.completer import FoldingCompleter


def picker(name: str, placeholder: str, parent: QWidget | None = None) -> QComboBox:
    """An editable combo box whose suggestions hold what was typed, accents ignored."""
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setCompleter(FoldingCompleter(combo.model(), combo))
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
    return combo


def fill_choices(combo: QComboBox, choices: Sequence[Choice]) -> None:
    """Replace the choices, keeping what was typed; the same choices are left alone, so a
    reload for someone else's change never disturbs the typing (cursor, suggestions)."""
    if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == [
            (choice.label, choice.id) for choice in choices]:
        return
    typed = combo.currentText()
    edit = combo.lineEdit()
    cursor = edit.cursorPosition() if edit is not None else 0
    combo.blockSignals(True)
    combo.clear()
    for choice in choices:
        combo.addItem(choice.label, choice.id)
    combo.setCurrentIndex(-1)
    combo.setEditText(typed)
    if edit is not None:
        edit.setCursorPosition(cursor)
    combo.blockSignals(False)


def picked_id(combo: QComboBox) -> int | None:
    """The id of the choice the typing names: the item whose text it is, or else the only
    item holding every word typed (case and accents ignored); None when it names none or
    several (the service then asks for the field)."""
    typed = combo.currentText().strip()
    if not typed:
        return None
    exact = combo.findText(typed, Qt.MatchFlag.MatchFixedString)
    if exact >= 0:
        return int(combo.itemData(exact))
    words = search_words(typed)
    texts = [combo.itemText(i) for i in range(combo.count())]
    found = [i for i, key in enumerate(search_keys(texts)) if matches(key, words)]
    return int(combo.itemData(found[0])) if len(found) == 1 else None


def select_id(combo: QComboBox, item_id: int | None) -> None:
    index = combo.findData(item_id) if item_id is not None else -1
    combo.setCurrentIndex(index)
    if index < 0:
        combo.setEditText("")


def date_edit(name: str, day: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setAccessibleName(name)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(QDate.currentDate())
    day = day or date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


KNOWS_CHOICES = ((Answer.NOT_ASKED, "Not asked yet"), (Answer.YES, "Yes, they know"),
                 (Answer.NO, "No, they do not know"))


def knows_combo(name: str = "Does the young person know it is being shared?") -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for answer, text in KNOWS_CHOICES:
        combo.addItem(text, answer.value)
    return combo


def knows_of(combo: QComboBox) -> Answer:
    return Answer(combo.currentData() or Answer.NOT_ASKED.value)


def set_knows(combo: QComboBox, answer: Answer) -> None:
    combo.setCurrentIndex(max(0, combo.findData(Answer(answer).value)))
