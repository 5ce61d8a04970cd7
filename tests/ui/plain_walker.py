"""Walks every widget under a window and reports each place where text from people or files
could be taken for markup or reorder its neighbours (issue 12, item 7).

The data carries known hostile values (``HOSTILE``); the walker knows nothing about pages or
dialogs, so a new page or dialog is covered as soon as a test shows it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import Qt, QTextDocument  # QtGui's Qt has mightBeRichText
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

#: a visible token inside each markup marker: shown without its tags = read as markup
MARKUP = {
    "Hq1": "<h1>Hq1</h1>",
    "Iq2": "Iq2<img src=x>",
    "Aq3": '<a href="x">Aq3</a>',
    "Bq4": "<b>Bq4</b>",
}
#: what is seen next to each token when the marker is shown as written (a masked or
#: shortened name may keep only part of the marker: "Iq2<img S.")
SEEN_WITH = {"Hq1": "<h1>Hq1", "Iq2": "Iq2<", "Aq3": ">Aq3<", "Bq4": "<b>Bq4"}
RLO_SURNAME = "Sm\u202eith"  # shown reversed after the override: "Smhti…"
LRE_TEAM = "\u202aLre team"
ARABIC = "مريم"
FSI, LRI, RLI, PDI = "\u2068", "\u2066", "\u2067", "\u2069"
_REORDERING = frozenset(("R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF"))
MODEL_ROWS = 400  # rows of each table looked at


def rendered(text: str, rich: bool) -> str:
    """What a person sees of ``text``: itself, or the document Qt makes of it."""
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def lost_markup(text: str) -> list[str]:
    """Markers shown without their tags: the text was read as markup."""
    return [MARKUP[token] for token, seen in SEEN_WITH.items()
            if text.count(token) > text.count(seen)]


def _depths(text: str) -> list[int]:
    depth, depths = 0, []
    for ch in text:
        if ch in (FSI, LRI, RLI):
            depth += 1
        depths.append(depth)
        if ch == PDI and depth:
            depth -= 1
    return depths


def unisolated(text: str, values: Iterable[str]) -> list[str]:
    """Data values with right-to-left letters or bidi controls that sit among other text
    without an isolate around them (a value that is the whole text needs none)."""
    if text.isascii():
        return []
    stripped = text.strip(f" {FSI}{PDI}")
    if stripped in values:  # the whole text is one value: nothing else to reorder
        return []
    found: list[str] = []
    depths = _depths(text)
    for value in values:  # longest first: a value inside a longer one is reported once
        if any(value in longer for longer in found):
            continue
        start = text.find(value)
        while start >= 0:
            if depths[start] == 0:
                found.append(value)
                break
            start = text.find(value, start + 1)
    # and any bidi control or right-to-left letter outside every isolate, whatever it is
    if not found and any(d == 0 and unicodedata.bidirectional(ch) in _REORDERING
                         for ch, d in zip(text, depths, strict=True)):
        found.append("(a right-to-left letter or bidi control)")
    return found


def _where(widget: QWidget) -> str:
    names = []
    current: QWidget | None = widget
    while current is not None and len(names) < 4:
        names.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return " < ".join(names)


class Walker:
    """Collects problems over many windows; ``report()`` lists them all at once."""

    def __init__(self, bidi_values: Iterable[str]) -> None:
        self.bidi_values = sorted(set(bidi_values), key=len, reverse=True)
        self.problems: dict[tuple[str, str], str] = {}  # (where, kind) → first example
        self.labels_seen = 0
        self.cells_seen = 0

    def _add(self, where: str, kind: str, example: str) -> None:
        self.problems.setdefault((where.split(": ", 1)[-1], kind), f"{example} (in {where})")

    def _text(self, where: str, what: str, text: str, *, rich: bool, bidi: bool = True) -> None:
        if not text:
            return
        shown = rendered(text, rich)
        for marker in lost_markup(shown):
            self._add(where, f"{what} shows data as markup", f"{marker!r} in {text[:100]!r}")
        for value in unisolated(text, self.bidi_values) if bidi else ():
            self._add(where, f"{what} has data not bidi-isolated",
                      f"{value!r} in {text[:100]!r}")

    def _label(self, where: str, label: QLabel) -> None:
        text = label.text()
        self.labels_seen += 1
        fmt = label.textFormat()
        rich = fmt == Qt.TextFormat.RichText or (
            fmt == Qt.TextFormat.AutoText and Qt.mightBeRichText(text))
        if fmt != Qt.TextFormat.PlainText and any(m in text for m in MARKUP.values()):
            self._add(where, f"QLabel is {fmt.name} and holds data unescaped (use "
                             f"plain_label/set_plain, or rich() for each value)", repr(text[:100]))
        self._text(where, "QLabel", text, rich=rich)

    def _model(self, where: str, view: QAbstractItemView | QComboBox) -> None:
        model = view.model()
        if model is None:
            return
        try:
            columns = model.columnCount(QModelIndex()) if not isinstance(view, QComboBox) else 1
        except TypeError:  # a list model (QListWidget's) keeps columnCount private
            columns = 1
        for row in range(min(model.rowCount(QModelIndex()), MODEL_ROWS)):
            for column in range(max(columns, 1)):
                index = model.index(row, column if not isinstance(view, QComboBox)
                                    else view.modelColumn())
                self.cells_seen += 1
                shown = model.data(index, Qt.ItemDataRole.DisplayRole)
                if isinstance(shown, str):
                    for value in unisolated(shown, self.bidi_values):
                        self._add(where, f"{type(model).__name__} item has data not "
                                         "bidi-isolated", f"{value!r} in {shown[:100]!r}")
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    self._text(where, f"{type(model).__name__} tooltip", tip,
                               rich=Qt.mightBeRichText(tip))

    def walk(self, root: QWidget, context: str) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            where = f"{context}: {_where(widget)}"
            if widget.isWindow():
                title = widget.windowTitle()
                if any(unicodedata.category(ch) == "Cc" for ch in title):
                    self._add(where, "window title has control characters", repr(title))
                self._text(where, "window title", title, rich=False)
            tip = widget.toolTip()
            self._text(where, "tooltip", tip, rich=Qt.mightBeRichText(tip))
            if isinstance(widget, QLabel):
                self._label(where, widget)
            elif isinstance(widget, QAbstractButton | QGroupBox):
                text = widget.text() if isinstance(widget, QAbstractButton) else widget.title()
                self._text(where, type(widget).__name__, text, rich=False)
            elif isinstance(widget, QTextEdit | QPlainTextEdit):
                # the text is the data itself, a paragraph of its own: markup only
                self._text(where, type(widget).__name__, widget.toPlainText(), rich=False,
                           bidi=False)
            elif isinstance(widget, QTabBar):
                for i in range(widget.count()):
                    self._text(where, "tab", widget.tabText(i), rich=False)
            if isinstance(widget, QAbstractItemView | QComboBox):
                self._model(where, widget)

    def report(self) -> str:
        return "\n".join(f"- {where}: {kind}\n    e.g. {example}"
                         for (where, kind), example in sorted(self.problems.items()))
