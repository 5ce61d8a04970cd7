"""Small widgets the pages and dialogs share: hint labels, remembered splitters, tab order,
and boxes of widgets laid out top to bottom."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from awards_app.ui import settings

#: a note that stands out a little (an explanation), and a warning (something to deal with)
NOTE_STYLE = "background: #eef4fb; border: 1px solid #9db8d9; border-radius: 4px; padding: 6px;"
WARNING_STYLE = ("background: #fff4e5; color: #6b3a00; border: 1px solid #e0a040; "
                 "border-radius: 4px; padding: 6px;")


def hint(text: str, *, muted: bool = False) -> QLabel:
    """A word-wrapped line of help; ``muted`` greys it (the quiet notes under form fields).
    Plain text: hints name records ("Ada types this PIN…"), which are shown as written."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if muted:
        label.setEnabled(False)
    return label


def keep_splitter(splitter: QSplitter) -> None:
    """Restore the splitter's saved position and save it whenever the user moves it."""
    key = settings.splitter_key(splitter.objectName())
    saved = settings.settings().value(key)
    if isinstance(saved, QByteArray):
        splitter.restoreState(saved)
    splitter.splitterMoved.connect(lambda *_: settings.put(key, splitter.saveState()))


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab goes through a page as it reads: search, filters, buttons, then the tables."""
    for before, after in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(before, after)


def _fill(layout: QVBoxLayout, items: tuple[QWidget | QHBoxLayout | None, ...]) -> None:
    """Tables and lists take the spare height; labels and button rows keep theirs; None
    (or nothing that can grow) leaves the spare height empty at the bottom."""
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QHBoxLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item, 0 if isinstance(item, QLabel) else 1)
    if all(isinstance(i, (QLabel, QHBoxLayout)) for i in items):
        layout.addStretch(1)  # e.g. a tab of a hint and one row of controls


def group_box(title: str, *items: QWidget | QHBoxLayout | None) -> QGroupBox:
    """A titled box of ``items`` top to bottom (see ``_fill``)."""
    box = QGroupBox(title)
    _fill(QVBoxLayout(box), items)
    return box


def tab_page(*items: QWidget | QHBoxLayout | None) -> QWidget:
    """A tab of ``items`` top to bottom (see ``_fill``)."""
    tab = QWidget()
    _fill(QVBoxLayout(tab), items)
    return tab


def button_row(*items: QWidget) -> QHBoxLayout:
    """``items`` side by side on the left."""
    row = QHBoxLayout()
    for item in items:
        row.addWidget(item)
    row.addStretch(1)
    return row
